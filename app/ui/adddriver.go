package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// The add dialog asks how the new driver joins its parent (a factor of a
// product or a term of a sum) and shows, before anything is saved, the
// parent's formula and the unit it would compute, with the checker's
// warnings: adding accounts to a rate says so here, not after the numbers
// went wrong.

// addDriverForm is the add dialog's widgets.
type addDriverForm struct {
	name, unit *widget.Entry
	join       *widget.RadioGroup
	preview    *widget.Label
}

// joinOps are the join choices, in the radio group's order.
var joinOps = []string{"*", "+"}

func joinLabel(op string) string {
	if op == "+" {
		return lang.L("dialog.add_join_sum")
	}
	return lang.L("dialog.add_join_product")
}

func (f *addDriverForm) joinOp() string {
	for _, op := range joinOps {
		if f.join.Selected == joinLabel(op) {
			return op
		}
	}
	return "*"
}

// addNode asks for a name, a unit and (under a parent) how the new input
// joins the parent's formula, then adds it as one undoable action.
func (s *Shell) addNode(parent string) {
	if s.ws == nil {
		s.showError(uikit.ErrNoWorkspace)
		return
	}
	ws := s.ws
	f := &addDriverForm{name: widget.NewEntry(), unit: widget.NewEntry(), preview: widget.NewLabel("")}
	f.preview.Wrapping = fyne.TextWrapWord
	labels := make([]string, len(joinOps))
	for i, op := range joinOps {
		labels[i] = joinLabel(op)
	}
	node := func() kpitree.Node {
		name := strings.TrimSpace(f.name.Text)
		return kpitree.Node{ID: ws.NewNodeID(name, parent), Name: name,
			Unit: strings.TrimSpace(f.unit.Text), Kind: kpitree.KindInput}
	}
	update := func() {
		if parent == "" || strings.TrimSpace(f.name.Text) == "" {
			f.preview.SetText("")
			return
		}
		f.preview.SetText(s.driverPreviewText(ws, parent, node(), f.joinOp()))
	}
	f.join = widget.NewRadioGroup(labels, func(string) { update() })
	f.join.Horizontal = true
	f.join.Required = true
	f.join.SetSelected(labels[0])
	f.name.OnChanged = func(string) { update() }
	f.unit.OnChanged = func(string) { update() }
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("inspector.name"), f.name),
		widget.NewFormItem(lang.L("inspector.unit"), f.unit),
	}
	if parent != "" {
		items = append(items, widget.NewFormItem(lang.L("dialog.add_join"), f.join),
			widget.NewFormItem("", f.preview))
	}
	d := dialog.NewForm(lang.L("dialog.add_title"), lang.L("dialog.add"), lang.L("dialog.cancel"), items, func(ok bool) {
		if !ok || strings.TrimSpace(f.name.Text) == "" {
			return
		}
		n := node()
		join := f.joinOp()
		s.edit(func(ws Workspace) error { return ws.AddDriver(parent, n, join) }, func() { s.canvas.Select(n.ID) })
	}, s.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// driverPreviewText says what adding n under parent would compute:
// "Add-on revenue = "Unit price" * "Active customers" * "Seats" → JPY/month",
// then any new checker finding, translated.
func (s *Shell) driverPreviewText(ws Workspace, parent string, n kpitree.Node, join string) string {
	pv, err := ws.PreviewDriver(parent, n, join)
	if err != nil {
		return uikit.UserMessage(err)
	}
	name := parent
	for _, x := range s.snap.Tree.Nodes {
		if x.ID == parent && x.Name != "" {
			name = x.Name
		}
	}
	unit := lang.L("dialog.add_unit_unknown")
	if pv.Unit != "" {
		unit = uikit.UnitText(pv.Unit)
	}
	// Shown with names, the new driver's included, as the inspector shows
	// formulas.
	withNew := s.snap.Tree
	withNew.Nodes = append(slices.Clone(withNew.Nodes), n)
	formula := kpitree.FormulaForDisplay(withNew, pv.Formula)
	lines := []string{lang.L("dialog.add_preview", map[string]any{"Parent": name, "Formula": formula, "Unit": unit})}
	for _, d := range pv.Diagnostics {
		lines = append(lines, "⚠ "+uikit.DiagnosticText(d))
	}
	return strings.Join(lines, "\n")
}
