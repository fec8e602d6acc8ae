package treecanvas

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/kpitree"
)

// Zoom limits and step of the tree canvas.
const (
	MinZoom  float32 = 0.05
	MaxZoom  float32 = 4
	zoomStep float32 = 1.25
	// textMinZoom is the zoom below which box texts are hidden: they would
	// be unreadable, and skipping them keeps huge trees fast when zoomed out.
	textMinZoom float32 = 0.3
)

// Canvas draws a KPI tree as boxes and connectors with a tidy layout,
// zoom, pan, collapse, selection, keyboard navigation and drag-to-reparent.
// Only boxes inside the viewport get canvas objects (from a pool), so a
// 10,000-node tree stays interactive; while the tree does not fit the view
// an overview map in the corner shows where the view is (minimap.go). All methods must run on the UI goroutine.
type Canvas struct {
	widget.BaseWidget

	// OnSelect is called after the selection changes with the primary
	// (keyboard focus) id and all selected ids in display order; or nil.
	OnSelect func(primary string, selected []string)
	// OnEdit is called on Enter and on the context menu's Edit: the caller
	// opens the node in the inspector; or nil.
	OnEdit func(id string)
	// OnDelete is called on Delete with the selected ids; the caller asks
	// for confirmation before deleting; or nil.
	OnDelete func(ids []string)
	// OnAddChild and OnAddSibling are called from the context menu; or nil.
	OnAddChild   func(parent string)
	OnAddSibling func(id string)
	// OnReparent is called when a box is dropped on another box. The caller
	// refuses cycles (dropping a node on its own descendant); or nil.
	OnReparent func(node, newParent string)

	boxes     []report.BoxModel
	fits      []fitted // texts fitted to the box, filled lazily when drawn
	ti        treeIndex
	collapsed []bool
	lay       treeLayout
	layDirty  bool
	layGen    uint64 // counts layouts, so the minimap redraws only after one
	orient    Orientation

	minimapOff bool // the user turned the overview off (M key, ToggleMinimap)

	zoom   float32
	offset fyne.Position // screen position of canvas-unit origin

	selected []bool
	primary  int // −1 when nothing is selected

	focused    bool
	shiftDown  bool             // Shift held, for Shift+Tab: key events carry no modifiers
	fitPending bool             // Fit once the widget has a size
	mods       fyne.KeyModifier // modifiers at the last mouse-down

	drag dragState

	// problems is each node's most severe checker finding (SetProblems).
	problems map[string]kpitree.Severity
	// annotated counts each node's notes and initiatives (SetAnnotated).
	annotated map[string]int
}

// dragState tracks a drag gesture: either a pan (node < 0) or moving a box.
type dragState struct {
	active  bool
	minimap bool // the drag started on the minimap: it pans there
	node    int
	at      fyne.Position // current pointer position
	target  int           // box under the pointer while moving a box; or −1
}

// New returns an empty canvas; give it boxes with SetBoxes.
func New() *Canvas {
	c := &Canvas{zoom: 1, primary: -1, layDirty: true, drag: dragState{node: -1, target: -1}}
	c.ExtendBaseWidget(c)
	return c
}

// SetProblems marks the boxes the checker has findings about with a badge
// of the worst finding's severity; nil clears them.
func (c *Canvas) SetProblems(worst map[string]kpitree.Severity) {
	c.problems = worst
	c.Refresh()
}

// Problem returns the severity of node id's badge and whether it has one.
func (c *Canvas) Problem(id string) (kpitree.Severity, bool) {
	s, ok := c.problems[id]
	return s, ok
}

// SetBoxes replaces the tree. Collapse state and selection are kept for ids
// that still exist, so an edit does not lose the user's place.
func (c *Canvas) SetBoxes(boxes []report.BoxModel) {
	oldCollapsed := map[string]bool{}
	oldSelected := map[string]bool{}
	primaryID := ""
	for i, b := range c.boxes {
		if c.collapsed[i] {
			oldCollapsed[b.ID] = true
		}
		if c.selected[i] {
			oldSelected[b.ID] = true
		}
	}
	if c.primary >= 0 {
		primaryID = c.boxes[c.primary].ID
	}
	c.boxes = slices.Clone(boxes)
	c.fits = make([]fitted, len(boxes))
	c.ti = indexBoxes(c.boxes)
	c.collapsed = make([]bool, len(boxes))
	c.selected = make([]bool, len(boxes))
	c.primary = -1
	for i, b := range c.boxes {
		c.collapsed[i] = oldCollapsed[b.ID]
		c.selected[i] = oldSelected[b.ID]
	}
	if i, ok := c.ti.index[primaryID]; ok {
		c.primary = i
	}
	c.layDirty = true
	c.Refresh()
}

// Boxes returns the current view-model.
func (c *Canvas) Boxes() []report.BoxModel { return slices.Clone(c.boxes) }

// SetOrientation switches between left-to-right and top-down layout.
func (c *Canvas) SetOrientation(o Orientation) {
	if o == c.orient {
		return
	}
	c.orient = o
	c.layDirty = true
	c.Refresh()
}

// Orientation reports the current layout direction.
func (c *Canvas) Orientation() Orientation { return c.orient }

// layout returns the current layout, recomputing it if the tree, collapse
// state or orientation changed.
func (c *Canvas) layout() *treeLayout {
	if c.layDirty {
		c.lay = layoutTree(c.ti, c.collapsed, c.orient)
		c.layDirty = false
		c.layGen++
	}
	return &c.lay
}

// BoxRect returns the box's position and size on screen (widget
// coordinates) and whether it is shown (not inside a collapsed subtree).
func (c *Canvas) BoxRect(id string) (fyne.Position, fyne.Size, bool) {
	i, ok := c.ti.index[id]
	if !ok {
		return fyne.Position{}, fyne.Size{}, false
	}
	l := c.layout()
	if !l.shown[i] {
		return fyne.Position{}, fyne.Size{}, false
	}
	return c.toScreen(l.pos[i]), fyne.NewSize(boxWidth*c.zoom, boxHeight*c.zoom), true
}

// ShownIDs returns the ids of boxes not hidden by a collapsed ancestor, in
// drawing (pre-)order.
func (c *Canvas) ShownIDs() []string {
	l := c.layout()
	out := make([]string, len(l.visible))
	for k, i := range l.visible {
		out[k] = c.boxes[i].ID
	}
	return out
}

func (c *Canvas) toScreen(p fyne.Position) fyne.Position {
	return fyne.NewPos(p.X*c.zoom+c.offset.X, p.Y*c.zoom+c.offset.Y)
}

func (c *Canvas) toModel(p fyne.Position) fyne.Position {
	return fyne.NewPos((p.X-c.offset.X)/c.zoom, (p.Y-c.offset.Y)/c.zoom)
}

// hit returns the shown box under screen position p, or −1, and whether p
// is on the box's collapse toggle.
func (c *Canvas) hit(p fyne.Position) (int, bool) {
	m := c.toModel(p)
	l := c.layout()
	for k := len(l.visible) - 1; k >= 0; k-- {
		i := l.visible[k]
		b := l.pos[i]
		if m.X >= b.X && m.X <= b.X+boxWidth && m.Y >= b.Y && m.Y <= b.Y+boxHeight {
			onToggle := len(c.ti.kids[i]) > 0 &&
				m.X >= b.X+boxWidth-toggleSize-4 && m.Y <= b.Y+toggleSize+4
			return i, onToggle
		}
	}
	return -1, false
}

// --- zoom and pan ---

// Zoom reports the zoom factor (1 = 100 %).
func (c *Canvas) Zoom() float32 { return c.zoom }

// SetZoom sets the zoom factor, clamped to [MinZoom, MaxZoom], keeping the
// centre of the view in place.
func (c *Canvas) SetZoom(z float32) {
	s := c.Size()
	c.zoomAt(z, fyne.NewPos(s.Width/2, s.Height/2))
}

func (c *Canvas) zoomAt(z float32, at fyne.Position) {
	z = min(max(z, MinZoom), MaxZoom)
	m := c.toModel(at)
	c.zoom = z
	c.offset = fyne.NewPos(at.X-m.X*z, at.Y-m.Y*z)
	c.Refresh()
}

// ZoomIn zooms in by one step around the view's centre.
func (c *Canvas) ZoomIn() { c.SetZoom(c.zoom * zoomStep) }

// ZoomOut zooms out by one step around the view's centre.
func (c *Canvas) ZoomOut() { c.SetZoom(c.zoom / zoomStep) }

// Offset reports the pan offset: where canvas-unit (0,0) is on screen.
func (c *Canvas) Offset() fyne.Position { return c.offset }

// Pan moves the view by (dx, dy) screen units.
func (c *Canvas) Pan(dx, dy float32) {
	c.offset = c.offset.AddXY(dx, dy)
	c.Refresh()
}

// Fit zooms and pans so the whole shown tree fits the widget (never above
// 100 %, where boxes are already at their natural size).
func (c *Canvas) Fit() {
	l := c.layout()
	s := c.Size()
	if l.size.IsZero() || s.IsZero() {
		return
	}
	const margin = 16
	z := min((s.Width-2*margin)/l.size.Width, (s.Height-2*margin)/l.size.Height, 1)
	c.zoom = min(max(z, MinZoom), MaxZoom)
	c.offset = fyne.NewPos((s.Width-l.size.Width*c.zoom)/2, (s.Height-l.size.Height*c.zoom)/2)
	c.Refresh()
}

// FitWhenShown fits the tree as soon as the widget has a size (at once if
// it already has one): a window being built has no size yet.
func (c *Canvas) FitWhenShown() {
	if !c.Size().IsZero() {
		c.Fit()
		return
	}
	c.fitPending = true
}

// reveal pans so box i is inside the view, when it is not already.
func (c *Canvas) reveal(i int) {
	l := c.layout()
	if !l.shown[i] {
		return
	}
	s := c.Size()
	p := c.toScreen(l.pos[i])
	w, h := boxWidth*c.zoom, boxHeight*c.zoom
	if p.X >= 0 && p.Y >= 0 && p.X+w <= s.Width && p.Y+h <= s.Height {
		return
	}
	c.offset = c.offset.Add(fyne.NewPos(s.Width/2-(p.X+w/2), s.Height/2-(p.Y+h/2)))
}

// --- collapse ---

// SetCollapsed collapses or expands the subtree under id.
func (c *Canvas) SetCollapsed(id string, collapsed bool) {
	i, ok := c.ti.index[id]
	if !ok || len(c.ti.kids[i]) == 0 || c.collapsed[i] == collapsed {
		return
	}
	c.collapsed[i] = collapsed
	if collapsed {
		// Selection inside a hidden subtree would be invisible; move it up.
		changed := false
		for j := range c.selected {
			if c.selected[j] && c.isBelow(j, i) {
				c.selected[j] = false
				changed = true
			}
		}
		if c.primary >= 0 && c.isBelow(c.primary, i) {
			c.primary = i
			c.selected[i] = true
			changed = true
		}
		if changed {
			c.notifySelect()
		}
	}
	c.layDirty = true
	c.Refresh()
}

// Collapsed reports whether id's subtree is collapsed.
func (c *Canvas) Collapsed(id string) bool {
	i, ok := c.ti.index[id]
	return ok && c.collapsed[i]
}

// ToggleCollapsed flips the collapse state of id.
func (c *Canvas) ToggleCollapsed(id string) { c.SetCollapsed(id, !c.Collapsed(id)) }

// isBelow reports whether j is a strict descendant of i.
func (c *Canvas) isBelow(j, i int) bool {
	for p := c.ti.parent[j]; p >= 0; p = c.ti.parent[p] {
		if p == i {
			return true
		}
	}
	return false
}

// --- selection ---

// Select makes id the only selected node (and the primary). Collapsed
// ancestors are expanded and the view pans to the box. An unknown id or ""
// clears the selection.
func (c *Canvas) Select(id string) {
	i, ok := c.ti.index[id]
	if ok && c.primary == i && c.selectedCount() == 1 {
		return
	}
	clear(c.selected)
	c.primary = -1
	if ok {
		c.expandTo(i)
		c.selected[i] = true
		c.primary = i
		c.reveal(i)
	}
	c.notifySelect()
	c.Refresh()
}

// ToggleSelect adds id to or removes it from the selection (Ctrl/Shift-tap).
func (c *Canvas) ToggleSelect(id string) {
	i, ok := c.ti.index[id]
	if !ok {
		return
	}
	c.selected[i] = !c.selected[i]
	switch {
	case c.selected[i]:
		c.primary = i
	case c.primary == i:
		c.primary = -1
		for j, s := range c.selected {
			if s {
				c.primary = j
				break
			}
		}
	}
	c.notifySelect()
	c.Refresh()
}

// Primary returns the primary selected id, or "".
func (c *Canvas) Primary() string {
	if c.primary < 0 {
		return ""
	}
	return c.boxes[c.primary].ID
}

// Selected returns the selected ids in box order.
func (c *Canvas) Selected() []string {
	var out []string
	for i, s := range c.selected {
		if s {
			out = append(out, c.boxes[i].ID)
		}
	}
	return out
}

func (c *Canvas) selectedCount() int {
	n := 0
	for _, s := range c.selected {
		if s {
			n++
		}
	}
	return n
}

func (c *Canvas) expandTo(i int) {
	for p := c.ti.parent[i]; p >= 0; p = c.ti.parent[p] {
		if c.collapsed[p] {
			c.collapsed[p] = false
			c.layDirty = true
		}
	}
}

func (c *Canvas) notifySelect() {
	if c.OnSelect != nil {
		c.OnSelect(c.Primary(), c.Selected())
	}
}

// --- keyboard ---

// FocusGained is called when the canvas takes the keyboard focus; with
// FocusLost, TypedRune and TypedKey it makes the canvas fyne.Focusable.
func (c *Canvas) FocusGained() { c.focused = true; c.Refresh() }

// FocusLost is called when another widget takes the keyboard focus.
func (c *Canvas) FocusLost() { c.focused, c.shiftDown = false, false; c.Refresh() }

// AcceptsTab keeps Tab inside the canvas, where it cycles the selection.
func (c *Canvas) AcceptsTab() bool { return true }

// TypedRune handles zoom keys (+, -, 0), M (minimap on/off) and Space
// (collapse/expand).
func (c *Canvas) TypedRune(r rune) {
	switch r {
	case '+', '=':
		c.ZoomIn()
	case '-':
		c.ZoomOut()
	case '0':
		c.Fit()
	case 'm', 'M':
		c.ToggleMinimap()
	case ' ':
		if c.primary >= 0 {
			c.ToggleCollapsed(c.boxes[c.primary].ID)
		}
	}
}

// TypedKey moves the selection with the arrow keys (towards the parent,
// the first child, or a sibling, depending on the orientation), opens the
// inspector on Enter, asks to delete on Delete and cycles on Tab.
func (c *Canvas) TypedKey(ev *fyne.KeyEvent) {
	if len(c.boxes) == 0 {
		return
	}
	if c.primary < 0 {
		switch ev.Name {
		case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyTab, fyne.KeyHome:
			c.Select(c.boxes[c.layout().visible[0]].ID)
		}
		return
	}
	toParent, toChild, prevSib, nextSib := fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown
	if c.orient == TopDown {
		toParent, toChild, prevSib, nextSib = fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight
	}
	i := c.primary
	switch ev.Name {
	case toParent:
		if p := c.ti.parent[i]; p >= 0 {
			c.Select(c.boxes[p].ID)
		}
	case toChild:
		if k := c.ti.kids[i]; len(k) > 0 {
			c.Select(c.boxes[k[0]].ID) // expands a collapsed box
		}
	case prevSib, nextSib:
		sibs := c.ti.roots
		if p := c.ti.parent[i]; p >= 0 {
			sibs = c.ti.kids[p]
		}
		pos := slices.Index(sibs, i)
		if ev.Name == prevSib && pos > 0 {
			c.Select(c.boxes[sibs[pos-1]].ID)
		} else if ev.Name == nextSib && pos >= 0 && pos < len(sibs)-1 {
			c.Select(c.boxes[sibs[pos+1]].ID)
		}
	case fyne.KeyTab:
		vis := c.layout().visible
		step := 1
		if c.shiftDown {
			step = len(vis) - 1 // Shift+Tab: one back, wrapping
		}
		pos := slices.Index(vis, i)
		c.Select(c.boxes[vis[(pos+step)%len(vis)]].ID)
	case fyne.KeyHome:
		c.Select(c.boxes[c.layout().visible[0]].ID)
	case fyne.KeyReturn, fyne.KeyEnter:
		if c.OnEdit != nil {
			c.OnEdit(c.boxes[i].ID)
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		if c.OnDelete != nil {
			c.OnDelete(c.Selected())
		}
	case fyne.KeyEscape:
		c.Select("")
	}
}

// KeyDown tracks Shift for Shift+Tab (desktop.Keyable).
func (c *Canvas) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		c.shiftDown = true
	}
}

// KeyUp tracks Shift for Shift+Tab (desktop.Keyable).
func (c *Canvas) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		c.shiftDown = false
	}
}

// --- pointer ---

// MouseDown records the modifiers so Tapped can tell Ctrl/Shift-taps.
func (c *Canvas) MouseDown(ev *desktop.MouseEvent) { c.mods = ev.Modifier }

// MouseUp is part of desktop.Mouseable; taps are handled in Tapped.
func (c *Canvas) MouseUp(*desktop.MouseEvent) {}

// Tapped selects the box under the pointer (adding to the selection with
// Ctrl or Shift), toggles collapse on a box's toggle, and clears the
// selection on the background.
func (c *Canvas) Tapped(ev *fyne.PointEvent) {
	c.requestFocus()
	mods := c.mods
	c.mods = 0
	if c.onMinimap(ev.Position) {
		c.minimapPanTo(ev.Position)
		return
	}
	i, onToggle := c.hit(ev.Position)
	switch {
	case i < 0:
		c.Select("")
	case onToggle:
		c.ToggleCollapsed(c.boxes[i].ID)
	case mods&(fyne.KeyModifierControl|fyne.KeyModifierShift|fyne.KeyModifierSuper) != 0:
		c.ToggleSelect(c.boxes[i].ID)
	default:
		c.Select(c.boxes[i].ID)
	}
}

// TappedSecondary opens the context menu of the box under the pointer, or
// the view menu (fit, overview map) on the background or the overview.
func (c *Canvas) TappedSecondary(ev *fyne.PointEvent) {
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil {
		return
	}
	i := -1
	if !c.onMinimap(ev.Position) {
		i, _ = c.hit(ev.Position)
	}
	if i < 0 {
		widget.ShowPopUpMenuAtPosition(c.ViewMenu(), cv, ev.AbsolutePosition)
		return
	}
	if !c.selected[i] {
		c.Select(c.boxes[i].ID)
	}
	widget.ShowPopUpMenuAtPosition(c.ContextMenu(c.boxes[i].ID), cv, ev.AbsolutePosition)
}

// ContextMenu returns the menu for a box: add child/sibling, edit, collapse,
// delete. Items whose callback is unset are left out.
func (c *Canvas) ContextMenu(id string) *fyne.Menu {
	var items []*fyne.MenuItem
	if c.OnAddChild != nil {
		items = append(items, fyne.NewMenuItem(lang.L("canvas.add_child"), func() { c.OnAddChild(id) }))
	}
	if c.OnAddSibling != nil {
		items = append(items, fyne.NewMenuItem(lang.L("canvas.add_sibling"), func() { c.OnAddSibling(id) }))
	}
	if c.OnEdit != nil {
		items = append(items, fyne.NewMenuItem(lang.L("canvas.edit"), func() { c.OnEdit(id) }))
	}
	if i, ok := c.ti.index[id]; ok && len(c.ti.kids[i]) > 0 {
		label := lang.L("canvas.collapse")
		if c.collapsed[i] {
			label = lang.L("canvas.expand")
		}
		items = append(items, fyne.NewMenuItem(label, func() { c.ToggleCollapsed(id) }))
	}
	if c.OnDelete != nil {
		items = append(items, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("canvas.delete"), func() { c.OnDelete(c.Selected()) }))
	}
	return fyne.NewMenu("", items...)
}

// ViewMenu returns the background's context menu: Fit, and the overview
// map on/off (also the M key), checked while enabled.
func (c *Canvas) ViewMenu() *fyne.Menu {
	mini := fyne.NewMenuItem(lang.L("canvas.minimap"), c.ToggleMinimap)
	mini.Checked = c.MinimapEnabled()
	return fyne.NewMenu("", fyne.NewMenuItem(lang.L("menu.zoom_fit"), c.Fit), mini)
}

// Scrolled pans the view, or zooms around the pointer with Ctrl held.
func (c *Canvas) Scrolled(ev *fyne.ScrollEvent) {
	if currentModifiers()&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		f := float32(1.1)
		if ev.Scrolled.DY < 0 {
			f = 1 / f
		}
		c.zoomAt(c.zoom*f, ev.Position)
		return
	}
	c.Pan(ev.Scrolled.DX, ev.Scrolled.DY)
}

// currentModifiers asks the desktop driver which modifier keys are held;
// scroll events do not carry them.
func currentModifiers() fyne.KeyModifier {
	a := fyne.CurrentApp()
	if a == nil {
		return 0
	}
	if d, ok := a.Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// Dragged pans the view when the drag started on the background, or moves a
// ghost of the box when it started on a box.
func (c *Canvas) Dragged(ev *fyne.DragEvent) {
	if !c.drag.active {
		start := ev.Position.Subtract(ev.Dragged)
		if c.onMinimap(start) {
			c.drag = dragState{active: true, minimap: true, node: -1, target: -1}
		} else {
			i, _ := c.hit(start)
			c.drag = dragState{active: true, node: i, target: -1}
		}
	}
	c.drag.at = ev.Position
	if c.drag.minimap {
		c.minimapPanTo(ev.Position)
		return
	}
	if c.drag.node < 0 {
		c.Pan(ev.Dragged.DX, ev.Dragged.DY)
		return
	}
	t, _ := c.hit(ev.Position)
	if t == c.drag.node {
		t = -1
	}
	c.drag.target = t
	c.Refresh()
}

// DragEnd drops a moved box on the box under the pointer, asking the
// caller (OnReparent) to make that box its parent.
func (c *Canvas) DragEnd() {
	d := c.drag
	c.drag = dragState{node: -1, target: -1}
	if d.node >= 0 && d.target >= 0 && c.OnReparent != nil {
		c.OnReparent(c.boxes[d.node].ID, c.boxes[d.target].ID)
	}
	c.Refresh()
}

func (c *Canvas) requestFocus() {
	a := fyne.CurrentApp()
	if a == nil {
		return
	}
	if cv := a.Driver().CanvasForObject(c); cv != nil {
		cv.Focus(c)
	}
}

// MinSize is small: the canvas fills whatever space its container gives it.
func (c *Canvas) MinSize() fyne.Size { return fyne.NewSize(200, 150) }
