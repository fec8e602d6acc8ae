package whatifpane

import (
	"context"
	"image"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/goalseek"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// whatIfChartW and whatIfChartH are the size in pixels the what-if chart is
// drawn at before its view is laid out (then it is drawn at the view's).
const whatIfChartW, whatIfChartH = 760, 300

// Workspace is what the what-if pane needs from the open workspace: the
// figures app/report builds (the comparison, the fiscal-year totals, the
// chance of reaching the target), the goal seek dialog's use cases, the
// what-if engine, the scenarios it edits and the root's target. The
// shell's adapter has it all: *workspace.Workspace plus SubscribeEvents
// and SetPreview.
type Workspace interface {
	report.Source
	goalseek.Workspace
	// WhatIf prepares the engine that evaluates drafts (app/workspace):
	// the pane never computes a projection itself.
	WhatIf(ctx context.Context) (*workspace.WhatIf, error)
	Scenario(name string) (kpitree.Scenario, error)
	UpdateScenario(sc kpitree.Scenario) error
	DuplicateScenario(name, newName string) error
	RenameScenario(name, newName string) error
	DeleteScenario(name string) error
	Node(id string) (kpitree.Node, bool)
	Apply(op kpitree.Op) error
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
	// SetPreview shows p on the tree while the sliders move; nil shows
	// the workspace again.
	SetPreview(p *Preview)
}

// Preview is a what-if overlay: while it is set, the tree shows these
// series instead of the evaluated history, so the tree follows the sliders
// without writing anything to the file.
type Preview struct {
	// Label names the overlay for the status bar, e.g. the scenario name.
	Label string
	// Actual maps node ids to the scenario's series (history + horizon).
	Actual map[string][]float64
	// Base maps node ids to the base series the Δ is computed against.
	Base map[string][]float64
}

// Pane is the what-if tab: scenarios, one slider per driver in the
// driver's own unit, the window and ramp, and the root's path against base
// with P(root ≥ target) for the planned fiscal year.
type Pane struct {
	win  fyne.Window
	ws   Workspace
	ctx  context.Context
	jobs uikit.Jobs
	// writes stores scenarios and targets off the UI goroutine, in the
	// order the user made the changes.
	writes *uikit.Writer

	// UI-goroutine state.
	engine  *workspace.WhatIf
	drivers []kpitree.Node // the drivers shown (filtered, capped)
	all     []kpitree.Node // every driver a scenario can set
	filter  *widget.Entry
	cur     workspace.Draft
	loading bool // set while widgets are filled from a scenario
	rows    map[string]*driverRow

	scenarioSel         *widget.Select
	fromSel, toSel      *widget.Select
	rampSel             *widget.Select
	driverBox           *fyne.Container
	img                 *uikit.ChartView
	fyText, probText    *widget.Label
	status              *widget.Label
	target              *widget.Entry
	live                *uikit.Coalescer[liveRequest]
	prob                *uikit.Coalescer[probRequest]
	lastImage           image.Image
	dupBtn, renBtn, del *widget.Button
	// banner says that the tree shows an unsaved draft on the base and
	// offers to save or discard it; hidden otherwise.
	banner *fyne.Container
	// controls is the left column holding the banner: it is laid out
	// again when the banner appears or goes.
	controls *fyne.Container
}

// liveRequest is one slider position to evaluate.
type liveRequest struct {
	engine *workspace.WhatIf
	sc     kpitree.Scenario
	// preview says whether the tree should show the result (false for the
	// untouched base, which shows the actuals).
	preview bool
	// label names the preview for the canvas: the scenario being edited,
	// or "Preview (not saved)" for a draft on the base.
	label string
	// end is the last period of the draft's window: the rows show
	// each driver's value there.
	end   int
	theme chart.Theme
	// size is the chart view's size in pixels, read on the UI goroutine.
	size image.Point
}

// probRequest asks for P(root ≥ target) of a saved scenario.
type probRequest struct {
	scenario string
	fy       int
	target   float64
}

// New builds the what-if tab over ws; scope ends its background work,
// its subscriptions and its preview on the tree (nil: a pane built alone,
// in a test).
func New(w fyne.Window, ws Workspace, scope *uikit.PaneScope) *Pane {
	p := &Pane{win: w, ws: ws, ctx: scope.Context(), rows: map[string]*driverRow{},
		cur: workspace.Draft{To: -1}}
	p.jobs.Scope = scope
	p.writes = uikit.NewWriter(&p.jobs)
	p.live = uikit.NewCoalescer(&p.jobs, p.evaluate)
	p.prob = uikit.NewCoalescer(&p.jobs, p.probability)
	p.build()
	p.jobs.Subscribed(ws.SubscribeEvents(func(e workspace.Event) { p.jobs.Later(func() { p.onEvent(e) }) }))
	// The preview belongs to this pane: once the pane is gone nothing
	// explains it or offers to discard it, so the tree shows the
	// workspace again.
	p.jobs.Subscribed(func() { ws.SetPreview(nil) })
	p.reload()
	return p
}

func (p *Pane) build() {
	p.scenarioSel = widget.NewSelect(nil, func(name string) { p.scenarioPicked(name) })
	p.fromSel = widget.NewSelect(nil, func(string) { p.windowChanged() })
	p.toSel = widget.NewSelect(nil, func(string) { p.windowChanged() })
	ramps := make([]string, 13)
	for i := range ramps {
		ramps[i] = strconv.Itoa(i)
	}
	p.rampSel = widget.NewSelect(ramps, func(string) { p.windowChanged() })
	p.driverBox = container.NewVBox()
	p.filter = widget.NewEntry()
	p.filter.SetPlaceHolder(lang.L("whatif.filter"))
	p.filter.OnChanged = func(string) {
		if p.engine != nil {
			p.buildRows()
			p.loadDraft()
		}
	}
	p.img = uikit.NewChartView(&p.jobs, whatIfChartW/2.5)
	p.fyText = widget.NewLabel("")
	p.fyText.Wrapping = fyne.TextWrapWord
	p.probText = widget.NewLabel("")
	p.probText.Wrapping = fyne.TextWrapWord
	p.status = widget.NewLabel(lang.L("whatif.preparing"))
	p.status.Wrapping = fyne.TextWrapWord
	p.target = widget.NewEntry()
	p.target.SetPlaceHolder(lang.L("whatif.target_placeholder"))
	p.target.OnSubmitted = func(string) { p.saveTarget() }
	p.dupBtn = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), p.duplicate)
	p.renBtn = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), p.rename)
	p.del = widget.NewButtonWithIcon("", theme.DeleteIcon(), p.deleteScenario)
	p.banner = p.buildBanner()
}

// Content lays the pane out: the scenario, its window and the sliders on
// the left, the chart, the fiscal-year figures and the target on the right.
func (p *Pane) Content() fyne.CanvasObject {
	// The controls stack in short rows and the column scrolls only
	// vertically: in a laptop's bottom pane a wide row would push the
	// scenario buttons out of sight behind a horizontal scroll.
	// The sliders come right after the scenario and its window, and the
	// explanation last, so the first drivers show without scrolling.
	p.scenarioSel.PlaceHolder = lang.L("whatif.scenario")
	bar := container.NewBorder(nil, nil, nil,
		container.NewHBox(widget.NewButtonWithIcon(lang.L("whatif.new"), theme.ContentAddIcon(), p.newScenario), p.dupBtn, p.renBtn, p.del),
		p.scenarioSel)
	window := container.NewVBox(
		container.NewHBox(widget.NewLabel(lang.L("whatif.from")), p.fromSel, widget.NewLabel(lang.L("whatif.to")), p.toSel),
		container.NewHBox(widget.NewLabel(lang.L("whatif.ramp")), p.rampSel))
	p.controls = container.NewVBox(bar, p.banner, window, p.filter, p.driverBox, p.status)
	left := container.NewVScroll(p.controls)
	targetRow := container.NewBorder(nil, nil, widget.NewLabel(lang.L("whatif.target")),
		widget.NewButton(lang.L("whatif.set_target"), p.saveTarget), p.target)
	actions := container.NewHBox(widget.NewButton(lang.L("whatif.compare"), p.compare),
		widget.NewButton(lang.L("goalseek.open"), func() { goalseek.Show(p.win, p.ws) }))
	right := container.NewBorder(actions, container.NewVBox(p.fyText, targetRow, p.probText), nil, nil, p.img)
	split := container.NewHSplit(left, container.NewScroll(right))
	split.SetOffset(0.58)
	return split
}

// onEvent refreshes after a workspace change: a new projection when the
// tree, data or forecasts changed, the scenario list otherwise.
func (p *Pane) onEvent(e workspace.Event) {
	switch e.Kind {
	case workspace.TreeChanged, workspace.DataChanged, workspace.ForecastsChanged, workspace.SettingsChanged:
		p.reload()
	case workspace.ScenariosChanged:
		p.refreshScenarios()
	}
}

// reload recomputes the base projection off the UI goroutine.
func (p *Pane) reload() {
	uikit.RunJob(&p.jobs, p.ctx, p.ws.WhatIf, func(e *workspace.WhatIf, err error) {
		if err != nil {
			p.status.SetText(uikit.UserMessage(err))
			return
		}
		first := p.engine == nil
		p.engine = e
		if first {
			p.cur.From = e.History()
		}
		p.status.SetText(lang.L("whatif.hint_draft", map[string]any{"FY": uikit.Translator().FiscalLabel(e.FiscalYear())}))
		p.buildDrivers()
		p.refreshScenarios()
	})
}

// periodOptions are the window selects' labels: every projected period.
func (p *Pane) periodOptions() []string {
	out := make([]string, p.engine.Periods())
	cal := p.engine.Calendar()
	for i := range out {
		out[i] = cal.Label(i)
	}
	return out
}

func (p *Pane) buildDrivers() {
	p.loading = true
	defer func() { p.loading = false }()
	opts := p.periodOptions()
	p.fromSel.Options = opts
	p.toSel.Options = append([]string{lang.L("whatif.to_end")}, opts...)
	p.all = workspace.ControllableDrivers(p.ws.Tree())
	p.buildRows()
}

// maxDriverRows caps the slider rows: a 1,000-node tree has hundreds of
// inputs, and the filter finds the one wanted faster than scrolling.
const maxDriverRows = 30

// shownDrivers are the drivers matching the filter (by name or id,
// ignoring case), controllable first, at most maxDriverRows; n is how many
// matched.
func shownDrivers(all []kpitree.Node, filter string) (shown []kpitree.Node, n int) {
	f := strings.ToLower(strings.TrimSpace(filter))
	for _, d := range all {
		if f != "" && !strings.Contains(strings.ToLower(d.Name), f) && !strings.Contains(strings.ToLower(d.ID), f) {
			continue
		}
		n++
		if len(shown) < maxDriverRows {
			shown = append(shown, d)
		}
	}
	return shown, n
}

// buildRows makes one row per shown driver.
func (p *Pane) buildRows() {
	p.loading = true
	defer func() { p.loading = false }()
	var matched int
	p.drivers, matched = shownDrivers(p.all, p.filter.Text)
	p.driverBox.RemoveAll()
	clear(p.rows)
	rows := container.NewVBox()
	for _, n := range p.drivers {
		r := p.newDriverRow(n)
		p.rows[n.ID] = r
		rows.Add(r.box)
	}
	p.driverBox.Add(rows)
	if matched > len(p.drivers) {
		p.driverBox.Add(widget.NewLabel(lang.L("whatif.more_drivers", map[string]any{"Shown": len(p.drivers), "Count": matched})))
	}
	p.driverBox.Refresh()
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// submit evaluates the current draft (latest wins) and shows or hides the
// unsaved-draft banner.
func (p *Pane) submit() {
	if p.engine == nil {
		return
	}
	sc := p.cur.Scenario(p.engine.BaseValue)
	label := sc.Name
	if sc.Name == "" && len(sc.Overrides) > 0 {
		sc.Name = lang.L("whatif.draft")
		label = lang.L("whatif.preview_label")
	}
	p.refreshBanner()
	p.live.Submit(liveRequest{engine: p.engine, sc: sc, end: p.engine.WindowEnd(p.cur), theme: uikit.ChartTheme(),
		preview: p.cur.Name != "" || len(sc.Overrides) > 0, label: label, size: p.img.SizeOr(whatIfChartW, whatIfChartH)})
}

// evaluate runs on the coalescer's goroutine: one slider step.
func (p *Pane) evaluate(r liveRequest) {
	sc := &r.sc
	if len(sc.Overrides) == 0 {
		sc = nil // nothing moved: draw the base alone
	}
	w, h := r.size.X, r.size.Y
	if w < 16 || h < 16 {
		w, h = whatIfChartW, whatIfChartH
	}
	res, err := r.engine.Eval(sc)
	var fig chart.Figure
	var img image.Image
	if err == nil {
		fig = whatIfFigure(r.engine, res, r.sc.Name, r.theme)
		img, err = chart.RenderImage(fig, w, h)
	}
	p.jobs.OnUI(func() {
		if err != nil {
			p.status.SetText(uikit.UserMessage(err))
			return
		}
		p.showResult(res, r.end, fig, img, r.label, r.preview)
	})
}

func (p *Pane) showResult(res *workspace.WhatIfResult, end int, fig chart.Figure, img image.Image, name string, preview bool) {
	p.lastImage = img
	p.img.SetChart(fig, img)
	root := p.engine.Root()
	text, _ := uikit.FormatDelta(res.FY, res.BaseFY, root.Unit, true)
	p.fyText.SetText(lang.L("whatif.fy_value", map[string]any{"FY": uikit.Translator().FiscalLabel(p.engine.FiscalYear()), "Node": rootName(root),
		"Value": compactValue(res.FY, root.Unit), "Base": compactValue(res.BaseFY, root.Unit), "Delta": text}))
	p.showRowResults(res, end)
	// Untouched base: the tree shows the actuals, not a projection.
	if !preview {
		p.ws.SetPreview(nil)
		return
	}
	p.ws.SetPreview(&Preview{Label: name, Actual: res.Series, Base: res.Base})
}

// whatIfFigure is the root's base path against the draft, with the history.
func whatIfFigure(e *workspace.WhatIf, r *workspace.WhatIfResult, name string, th chart.Theme) *chart.ScenarioCompare {
	n, hist := e.Root(), e.History()
	n.Name = rootName(n)
	c := &chart.ScenarioCompare{Title: n.Name, Theme: th, Period: chartPeriod(e.Calendar()), Unit: chartUnit(n),
		Actual: r.BaseRoot[:hist], ActualLabel: lang.L("chart.actual"),
		Base: chart.Line{Name: lang.L("scenario.base"), Start: hist, Values: r.BaseRoot[hist:]}}
	if name != "" {
		c.Scenarios = []chart.Line{{Name: name, Start: hist, Values: r.Root[hist:]}}
	}
	return c
}

// rootName is a node's name, or its id when it has none.
func rootName(n kpitree.Node) string {
	if n.Name == "" {
		return n.ID
	}
	return n.Name
}

// windowChanged re-evaluates and saves after a change of from, to or ramp.
func (p *Pane) windowChanged() {
	if p.loading || p.engine == nil {
		return
	}
	p.cur.From = max(0, p.fromSel.SelectedIndex())
	p.cur.To = p.toSel.SelectedIndex() - 1 // index 0 is "to the end" → −1
	p.cur.Ramp = max(0, p.rampSel.SelectedIndex())
	p.refreshBaseTexts()
	p.submit()
	if p.cur.Name != "" {
		p.commit()
	}
}

// refreshBaseTexts shows each driver's base value at the window start.
func (p *Pane) refreshBaseTexts() {
	for _, n := range p.drivers {
		v := p.engine.BaseValue(n.ID, p.cur.From)
		p.rows[n.ID].base.SetText(lang.L("whatif.base_value", map[string]any{"Value": compactValue(v, n.Unit)}))
	}
}

// loadDraft fills the widgets from p.cur without evaluating or saving.
func (p *Pane) loadDraft() {
	p.loading = true
	defer func() { p.loading = false }()
	from := max(0, min(p.cur.From, len(p.fromSel.Options)-1))
	p.fromSel.SetSelectedIndex(from)
	p.toSel.SetSelectedIndex(max(0, min(p.cur.To+1, len(p.toSel.Options)-1)))
	p.rampSel.SetSelectedIndex(max(0, min(p.cur.Ramp, len(p.rampSel.Options)-1)))
	for _, n := range p.drivers {
		c, ok := p.cur.Changes[n.ID]
		if !ok {
			c = workspace.DriverChange{Op: workspace.DefaultDriverOp(n.Unit)}
		}
		p.rows[n.ID].show(c, p.engine.BaseValue(n.ID, from))
	}
	p.refreshBaseTexts()
	p.target.SetText(p.targetText())
	hasScenario := p.cur.Name != ""
	for _, b := range []*widget.Button{p.dupBtn, p.renBtn, p.del} {
		if hasScenario {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// compactValue is a value without a per-unit suffix after the yen sign
// (report.Translator.FormatAmount): the unit is shown beside the field.
func compactValue(v float64, unit string) string { return uikit.Translator().FormatAmount(v, unit) }

// chartUnit is how a chart writes a node's per-period values in the UI
// language (report.Translator.ChartUnit).
func chartUnit(n kpitree.Node) chart.Unit {
	tr := uikit.Translator()
	return tr.ChartUnit(n.Unit, tr.PeriodUnitLabel(n.Unit))
}

// chartPeriod maps a calendar to the charts' x axis.
func chartPeriod(cal kpitree.Calendar) chart.Period { return uikit.Translator().Period(cal) }

// Wait blocks until the pane's background work (evaluations, the chance
// of reaching the target, store writes) has finished and been applied.
// Tests use it.
func (p *Pane) Wait() {
	// Work may start more work (a write's event reloads the scenarios,
	// which evaluates again): a few rounds reach the quiet state.
	for range 4 {
		p.jobs.Wait()
		p.live.Wait()
		p.prob.Wait()
		p.writes.Wait()
	}
}

// Status is the line under the sliders: a hint, or what went wrong.
func (p *Pane) Status() string { return p.status.Text }

// Engine is the what-if engine the sliders evaluate with; nil until the
// base projection is ready.
func (p *Pane) Engine() *workspace.WhatIf { return p.engine }

// DriverOp is the operation driver id's row applies (set, add, scale);
// false when the driver has no row.
func (p *Pane) DriverOp(id string) (kpitree.OverrideOp, bool) {
	r, ok := p.rows[id]
	if !ok {
		return "", false
	}
	return r.cur.Op, true
}

// MoveDriver moves driver id's slider by delta (in the units its field
// shows) and releases it, as a hand would; false when the driver has no
// row.
func (p *Pane) MoveDriver(id string, delta float64) bool {
	r, ok := p.rows[id]
	if !ok {
		return false
	}
	r.slider.SetValue(r.slider.Value + delta)
	return true
}

// SetWindow chooses the first period the draft changes (by its label, as
// the select shows it) and the ramp in periods.
func (p *Pane) SetWindow(from string, ramp int) {
	p.fromSel.SetSelected(from)
	p.rampSel.SetSelectedIndex(ramp)
}

// SaveDraftAs stores the draft on the base as scenario name, as the
// banner's Save does after the name is typed; the write finishes in the
// background (Wait).
func (p *Pane) SaveDraftAs(name string) { p.saveDraftAs(name, nil) }
