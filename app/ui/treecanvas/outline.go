package treecanvas

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/report"
)

// Outline is a tree list of the nodes that mirrors the canvas: it reads
// the same boxes with the same structure (a broken parent link makes a
// root in both). Selecting a row calls OnSelect; Select reflects a
// selection made elsewhere without calling OnSelect back, so the two
// views never ping-pong.
type Outline struct {
	*widget.Tree

	// OnSelect is called when the user selects a row; or nil.
	OnSelect func(id string)

	names    map[string]string
	children map[string][]string
	parent   map[string]string
	syncing  bool
	selected string
}

// NewOutline returns an empty outline; fill it with SetBoxes.
func NewOutline() *Outline {
	o := &Outline{names: map[string]string{}, children: map[string][]string{}, parent: map[string]string{}}
	// Build the tree as a struct and extend it with o before first use:
	// widget.NewTree registers the *widget.Tree itself as the widget, so
	// the window drew a renderer keyed by *Outline while Select and
	// OpenBranch refreshed another one keyed by *widget.Tree, and the
	// highlight lagged a step behind the canvas (reviewer issue 9, #5).
	o.Tree = &widget.Tree{
		ChildUIDs: func(id widget.TreeNodeID) []widget.TreeNodeID { return o.children[id] },
		IsBranch:  func(id widget.TreeNodeID) bool { return id == "" || len(o.children[id]) > 0 },
		CreateNode: func(bool) fyne.CanvasObject {
			// A name wider than the outline ends in "…" rather than being
			// cut mid-character; the canvas and inspector show it whole.
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		UpdateNode: func(id widget.TreeNodeID, _ bool, obj fyne.CanvasObject) {
			obj.(*widget.Label).SetText(o.names[id])
		},
	}
	o.Tree.ExtendBaseWidget(o)
	o.Tree.OnSelected = func(id widget.TreeNodeID) {
		o.selected = id
		if !o.syncing && o.OnSelect != nil {
			o.OnSelect(id)
		}
	}
	o.Tree.OnUnselected = func(id widget.TreeNodeID) {
		if o.selected == id {
			o.selected = ""
		}
	}
	return o
}

// SetBoxes rebuilds the outline from the canvas view-model and opens
// the roots' first levels so a fresh tree is readable at once.
func (o *Outline) SetBoxes(boxes []report.BoxModel) {
	ti := indexBoxes(boxes)
	o.names = make(map[string]string, len(boxes))
	o.children = make(map[string][]string, len(boxes))
	o.parent = make(map[string]string, len(boxes))
	for i, b := range boxes {
		if ti.index[b.ID] != i {
			continue
		}
		o.names[b.ID] = b.Name
		parent := ""
		if p := ti.parent[i]; p >= 0 {
			parent = boxes[p].ID
		}
		o.children[parent] = append(o.children[parent], b.ID)
		o.parent[b.ID] = parent
	}
	for _, r := range o.children[""] {
		o.Tree.OpenBranch(r)
	}
	o.Tree.Refresh()
	if _, ok := o.names[o.selected]; !ok && o.selected != "" {
		o.Select("")
	}
}

// Select reflects a selection made on the canvas, opening the branches
// above id so the row is visible; "" clears the selection.
func (o *Outline) Select(id string) {
	if id == o.selected {
		return
	}
	o.syncing = true
	defer func() { o.syncing = false }()
	if id == "" {
		o.Tree.UnselectAll()
		o.selected = ""
		return
	}
	for p := o.parent[id]; p != ""; p = o.parent[p] {
		o.Tree.OpenBranch(p)
	}
	o.Tree.Select(id)
	o.Tree.ScrollTo(id)
}

// Selected returns the selected id, or "".
func (o *Outline) Selected() string { return o.selected }

// ChildIDs returns the outline's children of id ("" for the roots).
func (o *Outline) ChildIDs(id string) []string { return o.children[id] }
