package whatifpane

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// A driver row says what the draft does to one driver in the user's terms:
// set it to a level, add to it (points for a rate), or scale it by a
// percentage. Add and scale apply to the forecast path, so its seasonality
// survives; the row shows the resulting value and the change at the end of
// the window.

// driverOps are the operations a row offers, in its select's order.
var driverOps = []kpitree.OverrideOp{kpitree.OpAdd, kpitree.OpScale, kpitree.OpSet}

// driverRow is one driver's widgets.
type driverRow struct {
	node   kpitree.Node
	op     *widget.Select
	slider *widget.Slider
	entry  *widget.Entry
	unit   *widget.Label
	base   *widget.Label
	// result shows the driver's value with the draft at the window's end
	// and the change against the base there.
	result *widget.Label
	box    *fyne.Container
	// cur is the row's change as the user set it.
	cur workspace.DriverChange
}

// opLabel names an override's operation: its translation key is named
// after it (whatif.op.add, whatif.op.scale, whatif.op.set).
func opLabel(op kpitree.OverrideOp) string {
	return lang.LocalizeKey("whatif.op."+string(op), lang.L("whatif.op.set"))
}

func (p *Pane) newDriverRow(n kpitree.Node) *driverRow {
	r := &driverRow{node: n, slider: widget.NewSlider(0, 1), entry: widget.NewEntry(),
		unit: widget.NewLabel(""), base: widget.NewLabel(""), result: widget.NewLabel("")}
	labels := make([]string, len(driverOps))
	for i, op := range driverOps {
		labels[i] = opLabel(op)
	}
	r.op = widget.NewSelect(labels, func(string) {
		if p.loading {
			return
		}
		p.opChanged(r, driverOps[r.op.SelectedIndex()])
	})
	r.slider.OnChanged = func(v float64) { p.sliderMoved(r, v) }
	r.slider.OnChangeEnded = func(float64) {
		if !p.loading {
			p.commit()
		}
	}
	r.entry.OnSubmitted = func(text string) { p.entrySubmitted(r, text) }
	name := n.Name
	if !n.Controllable {
		name += " " + lang.L("whatif.not_controllable")
	}
	// Three short lines per driver (name and base; operation, slider and
	// field; the result) with fixed-width columns: the rows stay aligned
	// and narrow enough for a laptop's bottom pane.
	label := widget.NewLabel(name)
	label.Truncation = fyne.TextTruncateEllipsis
	h := r.entry.MinSize().Height
	r.base.Truncation = fyne.TextTruncateEllipsis
	r.unit.Truncation = fyne.TextTruncateEllipsis
	r.result.Truncation = fyne.TextTruncateEllipsis
	r.result.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(150, h), r.base), label)
	control := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(96, h), r.op),
		container.NewHBox(container.NewGridWrap(fyne.NewSize(84, h), r.entry), container.NewGridWrap(fyne.NewSize(56, h), r.unit)),
		r.slider)
	r.box = container.NewVBox(head, control, r.result)
	return r
}

// show puts change c on the row's widgets; base is the driver's base value
// at the window's start (the slider range of a set follows it).
func (r *driverRow) show(c workspace.DriverChange, base float64) {
	r.cur = c
	r.op.SetSelectedIndex(max(0, indexOf(driverOps, c.Op)))
	lo, hi, step := opRange(c.Op, r.node.Unit, base)
	d := opToDisplay(c.Op, r.node.Unit, c.Value)
	lo, hi = math.Min(lo, niceFloor(d)), math.Max(hi, niceCeil(d))
	r.slider.Min, r.slider.Max, r.slider.Step = lo, hi, step
	r.slider.SetValue(d)
	r.entry.SetText(uikit.FormatField(d))
	r.unit.SetText(opUnit(c.Op, r.node.Unit))
}

func indexOf[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// opRange is a row's slider range in display units: a rate's level
// 0–100 %, ±20 pt; an amount's level 0 to about twice its base, ±its base;
// a scale −50 % to +100 %.
func opRange(op kpitree.OverrideOp, unit string, base float64) (lo, hi, step float64) {
	rate := unit == "%"
	switch op {
	case kpitree.OpScale:
		return -50, 100, 0.5
	case kpitree.OpAdd:
		if rate {
			return -20, 20, 0.1
		}
		m := 100.0
		if !math.IsNaN(base) && base != 0 {
			m = niceCeil(math.Abs(base))
		}
		return -m, m, m / 200
	}
	if rate {
		return 0, 100, 0.1
	}
	if math.IsNaN(base) || base <= 0 {
		return 0, 100, 1
	}
	hi = niceCeil(base * 2)
	return 0, hi, hi / 400
}

// opToDisplay and opFromDisplay convert a change's value between base units
// and what the user reads: rates are fractions, shown as % (set) or pt
// (add); a scale is a percentage already.
func opToDisplay(op kpitree.OverrideOp, unit string, v float64) float64 {
	if op == kpitree.OpScale {
		return v
	}
	return uikit.ToDisplay(unit, v)
}

func opFromDisplay(op kpitree.OverrideOp, unit string, v float64) float64 {
	if op == kpitree.OpScale {
		return v
	}
	return uikit.FromDisplay(unit, v)
}

// opUnit is the unit beside a row's field.
func opUnit(op kpitree.OverrideOp, unit string) string {
	switch {
	case op == kpitree.OpScale:
		return "%"
	case op == kpitree.OpAdd && unit == "%":
		return lang.L("unit.pt")
	}
	return displayUnit(unit)
}

// opChanged switches a row's operation; the change starts from nothing
// (a set from the base level), so switching never moves the driver.
func (p *Pane) opChanged(r *driverRow, op kpitree.OverrideOp) {
	if p.engine == nil {
		return
	}
	c := workspace.DriverChange{Op: op}
	base := p.engine.BaseValue(r.node.ID, p.cur.From)
	if op == kpitree.OpSet {
		c.Value = base
	}
	p.loading = true
	r.show(c, base)
	p.loading = false
	p.setChange(r, c)
	if p.cur.Name != "" {
		p.commit()
	}
}

// sliderMoved records the row's new value and evaluates it in the background.
func (p *Pane) sliderMoved(r *driverRow, v float64) {
	if p.loading || p.engine == nil {
		return
	}
	r.entry.SetText(uikit.FormatField(v))
	p.setChange(r, workspace.DriverChange{Op: r.cur.Op, Value: opFromDisplay(r.cur.Op, r.node.Unit, v)})
}

func (p *Pane) setChange(r *driverRow, c workspace.DriverChange) {
	r.cur = c
	if p.cur.Changes == nil {
		p.cur.Changes = map[string]workspace.DriverChange{}
	}
	p.cur.Changes[r.node.ID] = c
	p.submit()
}

func (p *Pane) entrySubmitted(r *driverRow, text string) {
	v, ok, err := uikit.ParseField(text)
	if err == nil && !ok {
		err = fmt.Errorf("read %q: %w", text, uikit.ErrBadNumber)
	}
	if err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	s := r.slider
	s.Max, s.Min = math.Max(s.Max, niceCeil(v)), math.Min(s.Min, niceFloor(v))
	s.SetValue(v) // fires OnChanged and OnChangeEnded: evaluates and commits
}

// showRowResults writes, under each row, the driver's value with the draft
// at the window's end and the change against the base there.
func (p *Pane) showRowResults(res *workspace.WhatIfResult, end int) {
	label := p.engine.Calendar().Label(end)
	for _, n := range p.drivers {
		r := p.rows[n.ID]
		if r == nil {
			continue
		}
		v, base := res.At(n.ID, end)
		if _, moved := p.cur.Changes[n.ID]; !moved || math.IsNaN(v) {
			r.result.SetText("")
			continue
		}
		delta, _ := uikit.FormatDelta(v, base, n.Unit, true)
		r.result.SetText(lang.L("whatif.row_result", map[string]any{"Period": label,
			"Value": compactValue(v, n.Unit), "Delta": delta}))
	}
}

// emptyDraft is a draft named name that changes nothing, over the window
// and ramp currently chosen: they stick across scenarios and the base.
func (p *Pane) emptyDraft(name string) workspace.Draft {
	d := workspace.Draft{Name: name, From: p.cur.From, To: p.cur.To, Ramp: p.cur.Ramp}
	if p.engine != nil && (d.From <= 0 || d.From >= p.engine.Periods()) {
		d.From = p.engine.History()
	}
	return d
}

// displayUnit is the unit shown beside a driver's field.
func displayUnit(unit string) string {
	return uikit.UnitText(unit) // "people" reads 人 in Japanese; "%" stays
}

// niceFloor is -niceCeil(-v) for negative v, else 0.
func niceFloor(v float64) float64 {
	if v >= 0 {
		return 0
	}
	return -niceCeil(-v)
}
