package ui

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/ui/goalseek"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// whatIfChartW and whatIfChartH are the size in pixels the what-if chart is
// drawn at before its view is laid out (then it is drawn at the view's).
const whatIfChartW, whatIfChartH = 760, 300

// whatIf is the what-if pane: scenarios, one slider per driver in the
// driver's own unit, the window and ramp, and the root's path against base
// with P(root ≥ target) for the planned fiscal year.
type whatIf struct {
	win  fyne.Window
	src  analysisSource
	prev previewer // or nil: the tree then does not follow the sliders
	ctx  context.Context
	jobs uikit.Jobs

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

// WhatIfPane is the what-if tab: it needs a file-backed workspace.
func WhatIfPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	p, err := newWhatIf(w, ws, scope)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return p.content()
}

func newWhatIf(w fyne.Window, ws Workspace, scope *uikit.PaneScope) (*whatIf, error) {
	src, err := sourceOf(ws)
	if err != nil {
		return nil, err
	}
	p := &whatIf{win: w, src: src, ctx: scope.Context(), rows: map[string]*driverRow{},
		cur: workspace.Draft{To: -1}}
	p.prev, _ = ws.(previewer)
	p.jobs.Scope = scope
	p.live = uikit.NewCoalescer(&p.jobs, p.evaluate)
	p.prob = uikit.NewCoalescer(&p.jobs, p.probability)
	p.build()
	p.jobs.Subscribed(src.SubscribeEvents(func(e workspace.Event) { p.jobs.Later(func() { p.onEvent(e) }) }))
	if p.prev != nil {
		// The preview belongs to this pane: once the pane is gone nothing
		// explains it or offers to discard it, so the tree shows the
		// workspace again.
		p.jobs.Subscribed(func() { p.prev.SetPreview(nil) })
	}
	p.reload()
	return p, nil
}

func (p *whatIf) build() {
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

func (p *whatIf) content() fyne.CanvasObject {
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
		widget.NewButton(lang.L("goalseek.open"), func() { goalseek.Show(p.win, p.src.Unwrap()) }))
	right := container.NewBorder(actions, container.NewVBox(p.fyText, targetRow, p.probText), nil, nil, p.img)
	split := container.NewHSplit(left, container.NewScroll(right))
	split.SetOffset(0.58)
	return split
}

// onEvent refreshes after a workspace change: a new projection when the
// tree, data or forecasts changed, the scenario list otherwise.
func (p *whatIf) onEvent(e workspace.Event) {
	switch e.Kind {
	case workspace.TreeChanged, workspace.DataChanged, workspace.ForecastsChanged, workspace.SettingsChanged:
		p.reload()
	case workspace.ScenariosChanged:
		p.refreshScenarios()
	}
}

// reload recomputes the base projection off the UI goroutine.
func (p *whatIf) reload() {
	ws := p.src.Unwrap()
	uikit.RunJob(&p.jobs, p.ctx, ws.WhatIf, func(e *workspace.WhatIf, err error) {
		if err != nil {
			p.status.SetText(uikit.UserMessage(err))
			return
		}
		first := p.engine == nil
		p.engine = e
		if first {
			p.cur.From = e.History()
		}
		p.status.SetText(lang.L("whatif.hint_draft", map[string]any{"FY": fiscalLabel(e.FiscalYear())}))
		p.buildDrivers()
		p.refreshScenarios()
	})
}

// periodOptions are the window selects' labels: every projected period.
func (p *whatIf) periodOptions() []string {
	out := make([]string, p.engine.Periods())
	cal := p.engine.Calendar()
	for i := range out {
		out[i] = cal.Label(i)
	}
	return out
}

func (p *whatIf) buildDrivers() {
	p.loading = true
	defer func() { p.loading = false }()
	opts := p.periodOptions()
	p.fromSel.Options = opts
	p.toSel.Options = append([]string{lang.L("whatif.to_end")}, opts...)
	p.all = workspace.ControllableDrivers(p.src.Unwrap().Tree())
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
func (p *whatIf) buildRows() {
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
func (p *whatIf) submit() {
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
func (p *whatIf) evaluate(r liveRequest) {
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

func (p *whatIf) showResult(res *workspace.WhatIfResult, end int, fig chart.Figure, img image.Image, name string, preview bool) {
	p.lastImage = img
	p.img.SetChart(fig, img)
	root := p.engine.Root()
	text, _ := uikit.FormatDelta(res.FY, res.BaseFY, root.Unit, true)
	p.fyText.SetText(lang.L("whatif.fy_value", map[string]any{"FY": fiscalLabel(p.engine.FiscalYear()), "Node": rootName(root),
		"Value": compactValue(res.FY, root.Unit), "Base": compactValue(res.BaseFY, root.Unit), "Delta": text}))
	p.showRowResults(res, end)
	if p.prev != nil {
		// Untouched base: the tree shows the actuals, not a projection.
		if !preview {
			p.prev.SetPreview(nil)
			return
		}
		p.prev.SetPreview(&Preview{Label: name, Actual: res.Series, Base: res.Base})
	}
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
func (p *whatIf) windowChanged() {
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
func (p *whatIf) refreshBaseTexts() {
	for _, n := range p.drivers {
		v := p.engine.BaseValue(n.ID, p.cur.From)
		p.rows[n.ID].base.SetText(lang.L("whatif.base_value", map[string]any{"Value": compactValue(v, n.Unit)}))
	}
}

// loadDraft fills the widgets from p.cur without evaluating or saving.
func (p *whatIf) loadDraft() {
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

// refreshScenarios lists the scenarios and reloads the selected one.
func (p *whatIf) refreshScenarios() {
	if p.engine == nil {
		return
	}
	ws := p.src.Unwrap()
	names := []string{lang.L("whatif.base_option")}
	scs, err := ws.Scenarios()
	if err != nil {
		p.status.SetText(uikit.UserMessage(err))
		return
	}
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	p.scenarioSel.Options = names
	sel := p.cur.Name
	if sel == "" || !slices.Contains(names[1:], sel) {
		sel = names[0]
	}
	p.showSelected(sel)
	if sel == names[0] && p.unsaved() {
		// A refresh (undo, another scenario renamed, a new forecast) must
		// not throw the user's draft away: keep it on the new base.
		p.keepKnownDrivers()
		p.loadDraft()
		p.submit()
		p.showProbability()
		return
	}
	p.selectScenario(sel)
}

// selectScenario loads a scenario (or the base) into the sliders.
func (p *whatIf) selectScenario(name string) {
	if p.loading || p.engine == nil {
		return
	}
	drivers := map[string]bool{}
	for _, n := range p.all {
		drivers[n.ID] = true
	}
	if isBase(name) {
		p.cur = p.emptyDraft("")
		p.loadDraft()
		p.submit()
		p.showProbability()
		return
	}
	sc, err := p.src.Unwrap().Scenario(name)
	if err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	p.cur = workspace.DraftFrom(sc, drivers, p.cur.From, p.cur.To)
	if len(p.cur.Changes) == 0 {
		// A scenario that moves no driver yet keeps the window and ramp
		// the user chose: they stick until a saved scenario says otherwise.
		p.cur = p.emptyDraft(sc.Name)
		p.cur.Keep = workspace.DraftFrom(sc, drivers, 0, -1).Keep
	}
	p.loadDraft()
	p.submit()
	p.showProbability()
}

// commit saves the edited scenario (one undoable action). On the base it
// saves nothing: the draft stays a preview, under the banner, until the
// user saves it as a scenario or discards it, so trying a slider never
// adds scenarios nobody asked for.
func (p *whatIf) commit() {
	if p.engine == nil || p.cur.Name == "" {
		return
	}
	ws, sc := p.src.Unwrap(), p.cur.Scenario(p.engine.BaseValue)
	// A store write never runs on the UI goroutine: the slider stays
	// responsive however slow the disk.
	uikit.RunJob(&p.jobs, p.ctx, func(context.Context) (struct{}, error) {
		return struct{}{}, ws.UpdateScenario(sc)
	}, func(_ struct{}, err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		p.showProbability()
	})
}

// freeName returns base followed by the first number not taken.
func (p *whatIf) freeName(base string) string {
	taken := map[string]bool{}
	scs, _ := p.src.Unwrap().Scenarios() // on a read error the name is checked again when saved
	for _, sc := range scs {
		taken[sc.Name] = true
	}
	for i := 1; ; i++ {
		n := fmt.Sprintf("%s %d", base, i)
		if !taken[n] {
			return n
		}
	}
}

// fyTarget is the root's target for the planned fiscal year.
func (p *whatIf) fyTarget() (float64, bool) {
	return p.engine.Root().FiscalTarget(p.engine.FiscalYear())
}

func (p *whatIf) targetText() string {
	if v, ok := p.fyTarget(); ok {
		return uikit.FormatField(uikit.ToDisplay(p.engine.Root().Unit, v))
	}
	return ""
}

// saveTarget stores the typed fiscal-year target on the root (undoable).
func (p *whatIf) saveTarget() {
	if p.engine == nil {
		return
	}
	v, ok, err := uikit.ParseField(p.target.Text)
	if err == nil && !ok {
		err = fmt.Errorf("read %q: %w", p.target.Text, uikit.ErrBadNumber)
	}
	if err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	ws, fy := p.src.Unwrap(), p.engine.FiscalYear()
	root, ok := ws.Node(p.engine.Root().ID)
	if !ok {
		return
	}
	v = uikit.FromDisplay(root.Unit, v)
	root.Targets = slices.DeleteFunc(slices.Clone(root.Targets), func(t kpitree.Target) bool { return t.FiscalYear == fy })
	root.Targets = append(root.Targets, kpitree.Target{FiscalYear: fy, Value: v})
	uikit.RunJob(&p.jobs, p.ctx, func(context.Context) (struct{}, error) {
		return struct{}{}, ws.Apply(kpitree.UpdateNode{Node: root})
	}, func(_ struct{}, err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
		}
	})
}

// showProbability starts the Monte Carlo for P(root ≥ target).
func (p *whatIf) showProbability() {
	tgt, ok := p.fyTarget()
	if !ok {
		p.probText.SetText(lang.L("whatif.no_target", map[string]any{"FY": fiscalLabel(p.engine.FiscalYear())}))
		return
	}
	p.probText.SetText(lang.L("whatif.prob_running"))
	p.prob.Submit(probRequest{scenario: p.cur.Name, fy: p.engine.FiscalYear(), target: tgt})
}

// probability runs on the coalescer's goroutine.
func (p *whatIf) probability(r probRequest) {
	ws := p.src.Unwrap()
	var names []string
	if r.scenario != "" {
		names = []string{r.scenario}
	} else {
		names = []string{}
	}
	sim, err := ws.Simulate(p.ctx, workspace.SimulateOptions{Scenarios: names,
		Goal: &workspace.Goal{Window: kpitree.Window{FiscalYear: r.fy}, Value: r.target}})
	p.jobs.OnUI(func() {
		if err != nil {
			p.probText.SetText(uikit.UserMessage(err))
			return
		}
		args := map[string]any{"FY": fiscalLabel(r.fy), "Target": compactValue(r.target, p.engine.Root().Unit),
			"Base": formatProb(sim.Runs[0].ProbGoal), "Paths": sim.Paths}
		if len(sim.Runs) > 1 {
			args["Scenario"] = formatProb(sim.Runs[1].ProbGoal)
			args["Name"] = r.scenario
			p.probText.SetText(lang.L("whatif.prob_scenario", args))
			return
		}
		p.probText.SetText(lang.L("whatif.prob_base", args))
	})
}

// formatProb writes a probability as a whole percentage ("–" if unknown).
func formatProb(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}

// askName asks for a scenario name and calls then with it, or cancelled
// (if not nil) when the user cancels.
func (p *whatIf) askName(title, initial string, then func(name string), cancelled func()) {
	e := widget.NewEntry()
	e.SetText(initial)
	dialog.ShowForm(title, lang.L("dialog.ok"), lang.L("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("whatif.name"), e)}, func(ok bool) {
			switch {
			case ok:
				then(strings.TrimSpace(e.Text))
			case cancelled != nil:
				cancelled()
			}
		}, p.win)
}

// newScenario adds a scenario; with an unsaved draft on the base, the new
// scenario keeps the draft's values rather than dropping them.
func (p *whatIf) newScenario() {
	if p.unsaved() {
		p.saveDraft()
		return
	}
	p.askName(lang.L("whatif.new_title"), p.freeName(lang.L("whatif.auto_name")), func(name string) {
		p.createScenario(name)
	}, nil)
}

// createScenario adds an empty scenario and selects it.
func (p *whatIf) createScenario(name string) {
	if err := p.src.Unwrap().AddScenario(kpitree.Scenario{Name: name, Overrides: []kpitree.Override{}}); err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	p.cur = p.emptyDraft(name)
	p.refreshScenarios()
}

func (p *whatIf) duplicate() {
	if p.cur.Name == "" {
		return
	}
	from := p.cur.Name
	p.askName(lang.L("whatif.duplicate_title"), p.freeName(from), func(name string) {
		if err := p.src.Unwrap().DuplicateScenario(from, name); err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		p.cur.Name = name
		p.refreshScenarios()
	}, nil)
}

func (p *whatIf) rename() {
	if p.cur.Name == "" {
		return
	}
	from := p.cur.Name
	p.askName(lang.L("whatif.rename_title"), from, func(name string) {
		if err := p.src.Unwrap().RenameScenario(from, name); err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		p.cur.Name = name
		p.refreshScenarios()
	}, nil)
}

func (p *whatIf) deleteScenario() {
	if p.cur.Name == "" {
		return
	}
	name := p.cur.Name
	dialog.ShowConfirm(lang.L("whatif.delete_title"), lang.L("whatif.delete_message", map[string]any{"Name": name}),
		func(ok bool) {
			if !ok {
				return
			}
			if err := p.src.Unwrap().DeleteScenario(name); err != nil {
				uikit.ShowError(err, p.win)
				return
			}
			p.cur = p.emptyDraft("")
			p.refreshScenarios()
		}, p.win)
}

// compare shows every scenario against the base for the root, with the
// planned fiscal year's totals.
func (p *whatIf) compare() {
	ws := p.src.Unwrap()
	if scs, err := ws.Scenarios(); err != nil || len(scs) == 0 {
		dialog.ShowInformation(lang.L("whatif.compare"), lang.L("whatif.compare_none_draft"), p.win)
		return
	}
	type result struct {
		img  image.Image
		rows []string
	}
	th := uikit.ChartTheme()
	uikit.RunJob(&p.jobs, p.ctx, func(ctx context.Context) (result, error) {
		figs, err := BuildCharts(ctx, ws, ChartRequest{Kinds: []ChartKind{ChartCompare}, Theme: th})
		if err != nil || len(figs) == 0 {
			return result{}, err
		}
		img, err := chart.RenderImage(figs[0].Figure, 900, 420)
		if err != nil {
			return result{}, err
		}
		return result{img: img, rows: fiscalTotals(ctx, ws)}, nil
	}, func(r result, err error) {
		if err != nil {
			uikit.ShowError(err, p.win)
			return
		}
		im := canvas.NewImageFromImage(r.img)
		im.FillMode = canvas.ImageFillContain
		im.SetMinSize(fyne.NewSize(700, 330))
		body := container.NewBorder(nil, widget.NewLabel(strings.Join(r.rows, "\n")), nil, nil, im)
		d := dialog.NewCustom(lang.L("whatif.compare_title"), lang.L("dialog.close"), body, p.win)
		d.Resize(fyne.NewSize(820, 620))
		d.Show()
	})
}

// fiscalTotals lists the root's planned-fiscal-year value per scenario.
func fiscalTotals(ctx context.Context, ws *workspace.Workspace) []string {
	b, err := newBasis(ws)
	if err != nil {
		return nil
	}
	root := b.node("")
	names := []string{""}
	scs, err := ws.Scenarios()
	if err != nil {
		return nil
	}
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	var out []string
	for _, name := range names {
		st, err := ws.Projection(ctx, name)
		if err != nil {
			continue
		}
		v, ok := workspace.FiscalYearValue(st, root.ID, b.fy)
		if !ok {
			continue
		}
		out = append(out, fmt.Sprintf("%s · %s: %s", scenarioLabel(name), b.fyLabel(), uikit.FormatValue(v, root.Unit)))
	}
	return out
}

// compactValue formats a value without a per-unit suffix after the yen
// sign ("¥13,328" rather than "¥13,328/customer/month"): the unit is shown
// beside the field already.
func compactValue(v float64, unit string) string {
	if strings.HasPrefix(unit, "JPY/") {
		unit = "JPY"
	}
	return uikit.FormatValue(v, unit)
}
