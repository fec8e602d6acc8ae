package inspector

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// fyInfo is the inspector's "Fiscal year" section: the selected node's
// value over the fiscal year being planned (history plus forecast), what
// that number is ("FY total", "at FY end", "over the FY"), its FY target
// and status; how its months add up to the year (inferred or set, and
// why), with a select to set the kind and a note saying why; and, for
// rates, which rate the FY value shows. Every figure comes from
// workspace.FiscalYear and workspace.Aggregations, the functions behind
// the CLI's 'fy' and 'aggregation'; edits go through SetAggregation and
// SetFYRate (undoable), off the UI goroutine.
type fyInfo struct {
	section

	// Value is "FY2026: 1.2億円 (FY total) · target … · on track".
	Value *widget.Label
	// Kind chooses the aggregation: automatic (the inferred kind) or one
	// of the kinds; Why explains the kind in use; Note is why it was set.
	Kind *widget.Select
	Why  *widget.Label
	Note *widget.Entry
	// Rate chooses the rate convention of the FY value; its row is shown
	// only for rates.
	Rate     *widget.Select
	rateItem *widget.FormItem
	// Error shows why storing a change failed; hidden when empty.
	Error *widget.Label
	// worth is what the node on target is worth (worth.go).
	worth *worthLine

	kinds []kpitree.AggKind // Kind's options after "automatic"
	rates []kpitree.FYRate  // Rate's options
	agg   workspace.NodeAggregation
	// loading suppresses the selects' callbacks while a refresh sets them.
	loading bool
	form    *widget.Form
	box     *fyne.Container
}

func newFYInfo(write writeFunc) *fyInfo {
	f := &fyInfo{section: newSection(write),
		kinds: []kpitree.AggKind{kpitree.AggFlow, kpitree.AggStock, kpitree.AggOpening, kpitree.AggAverage, kpitree.AggRatio},
		rates: kpitree.FYRates()}
	wrapped := func() *widget.Label {
		lb := widget.NewLabel("")
		lb.Wrapping = fyne.TextWrapWord
		return lb
	}
	f.Value, f.Why, f.Error = wrapped(), wrapped(), wrapped()
	f.Error.Importance = widget.DangerImportance
	f.Error.Hide()
	f.Kind = widget.NewSelect(nil, func(string) { f.kindPicked() })
	rateLabels := make([]string, len(f.rates))
	for i, r := range f.rates {
		rateLabels[i] = uikit.Translator().FYRateText(r)
	}
	f.Rate = widget.NewSelect(rateLabels, func(string) { f.ratePicked() })
	f.Note = widget.NewEntry()
	f.Note.SetPlaceHolder(lang.L("inspector.fy_note_hint"))
	f.Note.OnSubmitted = func(string) { f.kindPicked() }
	f.rateItem = widget.NewFormItem(lang.L("inspector.fy_rate"), f.Rate)
	f.form = widget.NewForm(
		widget.NewFormItem(lang.L("inspector.fy_value"), f.Value),
		widget.NewFormItem(lang.L("inspector.fy_kind"), container.NewVBox(f.Kind, f.Error)),
		widget.NewFormItem(lang.L("inspector.fy_why"), f.Why),
		widget.NewFormItem(lang.L("inspector.fy_note"), f.Note),
	)
	title := widget.NewLabelWithStyle(lang.L("inspector.fy_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.worth = newWorthLine() // worth.go
	f.box = container.NewVBox(widget.NewSeparator(), title, f.form, f.worth.Label)
	f.box.Hide()
	return f
}

// fyFormRows is the number of rows the form always has; the rate row
// comes after them.
const fyFormRows = 4

// kindOptions are the Kind select's labels: automatic (naming the kind in
// use when nothing is set on the node) and then every kind.
func (f *fyInfo) kindOptions(a workspace.NodeAggregation) []string {
	auto := lang.L("inspector.fy_auto_plain")
	if a.Source != kpitree.SourceSet {
		auto = lang.L("inspector.fy_auto", map[string]any{"Kind": uikit.Translator().AggKindText(a.Kind)})
	}
	out := []string{auto}
	for _, k := range f.kinds {
		out = append(out, uikit.Translator().AggKindText(k))
	}
	return out
}

// fyLoaded is what a refresh loads for one node, off the UI goroutine.
type fyLoaded struct {
	agg     workspace.NodeAggregation
	row     *workspace.FiscalRow
	fy      int
	pending bool  // the forecasts are being brought up to date
	err     error // why there is no value (year not covered)
}

// loadFY reads node id's aggregation and fiscal-year figure.
func loadFY(ctx context.Context, ws Workspace, id string) fyLoaded {
	// The fiscal year being planned: the one the inspector's FY target is
	// for (slotsOf), on the calendar the data give.
	d := fyLoaded{fy: slotsOf(ws.Calendar()).fy}
	aggs, err := ws.Aggregations()
	if err != nil {
		d.err = err
		return d
	}
	i := slices.IndexFunc(aggs, func(a workspace.NodeAggregation) bool { return a.ID == id })
	if i < 0 {
		d.err = fmt.Errorf("node %s: %w", id, kpitree.ErrUnknownNode)
		return d
	}
	d.agg = aggs[i]
	if !ws.ForecastsCurrent() {
		// Reading must not start forecasting (a write, and minutes on a
		// large tree): the forecast pane does, and ForecastsChanged then
		// refreshes this section.
		d.pending = true
		return d
	}
	rows, err := ws.FiscalYear(ctx, "", d.fy)
	if err != nil {
		d.err = err
		return d
	}
	if j := slices.IndexFunc(rows, func(r workspace.FiscalRow) bool { return r.ID == id }); j >= 0 {
		d.row = &rows[j]
	}
	return d
}

// refresh shows node n's fiscal-year figures.
func (f *fyInfo) refresh(n kpitree.Node) {
	f.gen++
	if f.src == nil || n.ID == "" || f.jobs.Closed() {
		if !f.box.Hidden {
			f.box.Hide()
			f.relayout()
		}
		return
	}
	if f.node != n.ID {
		f.node = n.ID
		f.Error.Hide()
		f.Value.SetText(lang.L("inspector.loading"))
		f.Why.SetText("")
	}
	if f.box.Hidden {
		f.box.Show()
		defer f.relayout()
	}
	ws := f.src
	gen, id, j := f.gen, n.ID, f.jobs
	f.worth.refresh(f, id)
	j.Start(func() {
		d := loadFY(j.Ctx(), ws, id)
		j.OnUI(func() {
			if gen == f.gen {
				f.apply(d)
			}
		})
	})
}

// apply shows what loadFY found.
func (f *fyInfo) apply(d fyLoaded) {
	defer f.relayout()
	f.loading = true
	defer func() { f.loading = false }()
	f.agg = d.agg
	f.Kind.SetOptions(f.kindOptions(d.agg))
	sel := 0
	if d.agg.Source == kpitree.SourceSet {
		sel = 1 + slices.Index(f.kinds, d.agg.Kind)
	}
	f.Kind.SetSelectedIndex(max(0, sel))
	if d.agg.Source == kpitree.SourceSet {
		f.Note.SetText(d.agg.Note)
	} else {
		f.Note.SetText("")
	}
	f.Why.SetText(uikit.Translator().AggregationWhy(d.agg))
	shown := len(f.form.Items) > fyFormRows
	switch {
	case d.agg.RateOK && !shown:
		f.form.AppendItem(f.rateItem)
	case !d.agg.RateOK && shown:
		f.form.Items = f.form.Items[:fyFormRows]
		f.form.Refresh()
	}
	if d.agg.RateOK {
		f.Rate.SetSelectedIndex(max(0, slices.Index(f.rates, d.agg.Rate)))
	}
	f.Value.SetText(fyValueText(d))
}

// fyValueText is the node's FY value with what it is, its target and
// status: "FY2026: 1.2億円 (FY total) · target 1.5億円 · at risk".
func fyValueText(d fyLoaded) string {
	tr := uikit.Translator()
	if d.pending || d.err != nil || d.row == nil || math.IsNaN(d.row.Value) {
		why := lang.L("inspector.fy_missing")
		switch {
		case d.pending:
			why = lang.L("inspector.fy_pending")
		case d.err != nil:
			why = uikit.UserMessage(d.err)
		}
		return tr.FiscalLabel(d.fy) + ": — (" + why + ")"
	}
	return tr.FiscalValueLine(d.fy, *d.row)
}

// kindPicked stores the chosen kind (and the note) as one undoable action;
// "automatic" returns the node to the inferred kind.
func (f *fyInfo) kindPicked() {
	if f.loading || f.src == nil || f.node == "" {
		return
	}
	var kind kpitree.AggKind
	if i := f.Kind.SelectedIndex(); i > 0 {
		kind = f.kinds[i-1]
	}
	note := strings.TrimSpace(f.Note.Text)
	if kind == "" && f.agg.Source != kpitree.SourceSet {
		return // already automatic
	}
	if f.agg.Source == kpitree.SourceSet && kind == f.agg.Kind && note == f.agg.Note {
		return // unchanged
	}
	id := f.node
	f.store(func(ws Workspace) error { return ws.SetAggregation(id, kind, note) })
}

// ratePicked stores the chosen rate convention as one undoable action.
func (f *fyInfo) ratePicked() {
	if f.loading || f.src == nil || f.node == "" {
		return
	}
	i := f.Rate.SelectedIndex()
	if i < 0 || f.rates[i] == f.agg.Rate {
		return
	}
	id, rate := f.node, f.rates[i]
	f.store(func(ws Workspace) error { return ws.SetFYRate(id, rate) })
}

// store runs an edit off the UI goroutine through the inspector's
// writer; the tree-changed event then refreshes the inspector, and a
// failure is shown under the select.
func (f *fyInfo) store(edit func(ws Workspace) error) {
	ws := f.src
	f.write(func(context.Context) error { return edit(ws) }, func(err error) {
		if err != nil {
			f.Error.SetText(uikit.UserMessage(err))
			f.Error.Show()
		} else {
			f.Error.Hide()
		}
		f.relayout()
	})
}
