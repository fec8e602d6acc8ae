// Package reviewpane is the Review tab: the monthly review of actuals
// against what was expected. It shows the variance bridge of a node over a
// window (a month, a fiscal quarter, the fiscal year to date or a fiscal
// year) against a frozen plan version, the forecast made then, the prior
// period or the prior year, as a table and a waterfall, one driver level
// at a time; what reaching each KPI's target is worth; the alerts of the
// latest evaluation; and the plan versions (freeze, rename, delete,
// compare). Every figure is app/workspace's result laid out by app/report,
// the same tables `kpitreectl review`, `worth`, `plan` and `monitor` print.
package reviewpane

import (
	"context"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// Workspace is what the Review pane needs from the open workspace:
// *workspace.Workspace has it, and the shell's adapter adds
// SubscribeEvents (the pane's subscriptions end with its scope).
type Workspace interface {
	report.BasisSource
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
	Bridge(ctx context.Context, opt workspace.BridgeOptions) (*workspace.Bridge, error)
	Worth(ctx context.Context) (*workspace.Worth, error)
	Alerts(ctx context.Context) ([]workspace.Alert, error)
	HasAlertRules() bool
	Plans() ([]workspace.PlanInfo, error)
	FreezePlan(ctx context.Context, name string) (workspace.PlanInfo, error)
	RenamePlan(name, newName string) error
	DeletePlan(name string) error
	ComparePlans(ctx context.Context, a, b string) (*workspace.PlanComparison, error)
}

// chartW and chartH are the pixel size a waterfall is drawn at before its
// view is laid out.
const chartW, chartH = 900, 340

// Pane is the Review tab over one workspace.
type Pane struct {
	win  fyne.Window
	ws   Workspace
	jobs uikit.Jobs

	kind   *widget.Select // month, quarter, FY to date, FY
	window *widget.Select // the kind's windows, newest first
	vs     *widget.Select // each plan, the forecast made then, prior period, prior year
	up     *widget.Button
	crumbs *widget.Label // the drill path, root first
	status *widget.Label
	note   *widget.Label // the bridge's sentence (report.BridgeTitle)
	hint   *widget.Label // how to drill

	tabs      *container.AppTabs
	bridge    *widget.Table
	waterfall *uikit.ChartView
	worth     *widget.Table
	worthNote *widget.Label
	alerts    *widget.Table
	alertNote *widget.Label

	plans *planBar

	// groups are the windows offered (workspace.BridgeWindows); refs the
	// vs select's values in its order, as the CLI's --vs takes them.
	groups []workspace.WindowGroup
	refs   []string
	// path is the drill path: the nodes explained, root first; names
	// their display names.
	path, names []string
	// shown is the bridge on screen and its table (report.BridgeTable).
	shown      *workspace.Bridge
	bridgeRows report.Table
	worthRows  report.Table
	alertRows  report.Table
	alertCount int
	loading    bool
	render     *uikit.Coalescer[bridgeRequest]
	lists      *uikit.Coalescer[struct{}]

	// OnAlerts, when set, is told the number of alerts of each evaluation
	// on the UI goroutine (the shell's tab badge).
	onAlerts func(n int)
}

// bridgeRequest is one bridge to draw.
type bridgeRequest struct {
	period, vs, node string
	theme            chart.Theme
	size             image.Point
}

// New builds the Review tab over ws; scope ends its background work and
// subscriptions (nil: a pane built alone, in a test). onAlerts, when not
// nil, is told how many alerts each evaluation found (the shell's badge).
func New(w fyne.Window, ws Workspace, scope *uikit.PaneScope, onAlerts func(n int)) *Pane {
	v := &Pane{win: w, ws: ws, onAlerts: onAlerts}
	v.jobs.Scope = scope
	v.render = uikit.NewCoalescer(&v.jobs, v.draw)
	v.lists = uikit.NewCoalescer(&v.jobs, func(struct{}) { v.loadLists() })
	wrapped := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	v.status, v.note, v.worthNote, v.alertNote = wrapped(), wrapped(), wrapped(), wrapped()
	v.status.Hide() // until there is something to say
	v.crumbs = widget.NewLabel("")
	v.crumbs.Truncation = fyne.TextTruncateEllipsis
	v.hint = widget.NewLabel(lang.L("reviewpane.hint"))
	v.hint.TextStyle = fyne.TextStyle{Italic: true}
	v.kind = widget.NewSelect(nil, func(string) { v.kindPicked() })
	v.window = widget.NewSelect(nil, func(string) { v.redraw() })
	v.vs = widget.NewSelect(nil, func(string) { v.redraw() })
	v.up = widget.NewButton(lang.L("reviewpane.up"), v.Up)
	v.up.Disable()
	v.waterfall = uikit.NewChartView(&v.jobs, 0)
	v.bridge = newTable(&v.bridgeRows, []float32{44, 260, 120, 300, 80, 140})
	v.bridge.OnSelected = func(id widget.TableCellID) {
		v.bridge.UnselectAll()
		if id.Row > 0 {
			v.Drill(id.Row - 1)
		}
	}
	v.worth = newTable(&v.worthRows, []float32{44, 160, 100, 130, 130, 260, 190})
	v.alerts = newTable(&v.alertRows, []float32{70, 140, 75, 220, 520})
	v.alerts.CreateCell = func() fyne.CanvasObject {
		// The message is a sentence: it wraps onto a second line
		// (showAlerts makes the rows tall enough) rather than end in "…".
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	v.plans = newPlanBar(v)
	v.jobs.Subscribed(ws.SubscribeEvents(func(e workspace.Event) {
		switch e.Kind {
		case workspace.HistoryChanged:
		case workspace.AlertsEvaluated:
			alerts := e.Alerts
			v.jobs.Later(func() { v.showAlerts(alerts, nil, true) })
		case workspace.PlansChanged:
			v.jobs.Later(v.refreshChoices)
		default:
			v.jobs.Later(func() {
				v.refreshChoices()
				v.lists.Submit(struct{}{})
			})
		}
	}))
	v.refreshChoices()
	v.lists.Submit(struct{}{})
	return v
}

// sized gives o at least width w points.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

// setStatus shows msg under the bars; the line takes no room when empty.
func (v *Pane) setStatus(msg string) {
	v.status.SetText(msg)
	if msg == "" {
		v.status.Hide()
	} else {
		v.status.Show()
	}
}

// newTable is a read-only table showing t (header first) with column
// widths in points.
func newTable(t *report.Table, widths []float32) *widget.Table {
	tb := widget.NewTable(func() (int, int) { return len(t.Rows) + 1, len(widths) },
		func() fyne.CanvasObject { return uikit.CellLabel() },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(cellOf(*t, id.Row, id.Col))
		})
	for c, wd := range widths {
		tb.SetColumnWidth(c, wd)
	}
	return tb
}

// cellOf is cell (row, col) of t; row 0 is the header.
func cellOf(t report.Table, row, col int) string {
	cells := t.Header
	if row > 0 {
		if row-1 >= len(t.Rows) {
			return ""
		}
		cells = t.Rows[row-1]
	}
	if col < len(cells) {
		return cells[col]
	}
	return ""
}

// Content lays the pane out: the pickers and the plan bar, then the
// bridge, its waterfall, the worth table and the alerts on tabs.
func (v *Pane) Content() fyne.CanvasObject {
	// A Select is as wide as its placeholder, not its options: give the
	// kind and the comparison the width of their longest option
	// ("Forecast made then"). The window takes the width left between
	// them, so the row fits the pane beside the chart at 1280×800 instead
	// of running past its edge ("FY2025 to date (2025-04 – 2026-03)" ends
	// in an ellipsis there, whole when the pane is enlarged).
	bar := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(lang.L("reviewpane.period")), sized(v.kind, 150)),
		container.NewHBox(widget.NewLabel(lang.L("reviewpane.vs")), sized(v.vs, 230)),
		v.window)
	// Up and the drill path head the bridge they steer; the path takes
	// what width is left and ends in an ellipsis, so a deep path never
	// widens the pane.
	path := container.NewBorder(nil, nil, v.up, nil, v.crumbs)
	bridge := container.NewBorder(container.NewVBox(path, v.note, v.hint), nil, nil, nil, v.bridge)
	v.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("reviewpane.tab_bridge"), bridge),
		container.NewTabItem(lang.L("reviewpane.tab_waterfall"), v.waterfall),
		container.NewTabItem(lang.L("reviewpane.tab_worth"), container.NewBorder(v.worthNote, nil, nil, nil, v.worth)),
		container.NewTabItem(v.alertsTitle(), container.NewBorder(v.alertNote, nil, nil, nil, v.alerts)),
	)
	return container.NewBorder(container.NewVBox(bar, v.plans.content(), v.status), nil, nil, nil, v.tabs)
}

// kindKeys are the period kinds' translation keys.
var kindKeys = map[workspace.PeriodKind]string{
	workspace.PeriodMonth: "reviewpane.kind_month", workspace.PeriodQuarter: "reviewpane.kind_quarter",
	workspace.PeriodFYTD: "reviewpane.kind_fytd", workspace.PeriodFY: "reviewpane.kind_fy",
}

// refreshChoices fills the period and vs pickers from the workspace,
// keeping what is picked where it still exists, and redraws.
func (v *Pane) refreshChoices() {
	b, err := report.NewBasis(v.ws)
	if err != nil {
		v.setStatus(uikit.UserMessage(err))
		return
	}
	plans, err := v.ws.Plans()
	if err != nil {
		v.setStatus(uikit.UserMessage(err))
	}
	v.loading = true
	defer func() { v.loading = false; v.redraw() }()
	v.plans.setPlans(plans)
	v.groups = workspace.BridgeWindows(b.Cal)
	kinds := make([]string, len(v.groups))
	for i, g := range v.groups {
		kinds[i] = lang.L(kindKeys[g.Kind])
	}
	keepKind := v.kind.SelectedIndex()
	v.kind.SetOptions(kinds)
	switch {
	case len(kinds) == 0:
		v.kind.ClearSelected()
	case keepKind >= 0 && keepKind < len(kinds):
		v.kind.SetSelectedIndex(keepKind)
	default:
		v.kind.SetSelectedIndex(0)
	}
	v.fillWindows()
	// The vs choices: the plans, newest first, then the forecast made
	// then, the prior period and year. The forecast made then is picked at
	// first: a plan frozen with the window's actuals in it (the usual case
	// right after freezing) would explain a gap of zero.
	keep := v.Ref()
	v.refs = v.refs[:0]
	var labels []string
	for i := len(plans) - 1; i >= 0; i-- {
		v.refs = append(v.refs, string(workspace.RefPlan)+":"+plans[i].Name)
		labels = append(labels, lang.L("reviewpane.vs_plan", map[string]any{"Name": plans[i].Name}))
	}
	for _, r := range []struct {
		ref   workspace.BridgeRef
		label string
	}{
		{workspace.RefForecast, lang.L("reviewpane.vs_forecast")},
		{workspace.RefPrior, lang.L("reviewpane.vs_prior")},
		{workspace.RefYoY, lang.L("reviewpane.vs_yoy")},
	} {
		v.refs = append(v.refs, string(r.ref))
		labels = append(labels, r.label)
	}
	v.vs.SetOptions(labels)
	at := len(plans) // the forecast made then
	for i, r := range v.refs {
		if r == keep {
			at = i
		}
	}
	v.vs.SetSelectedIndex(at)
}

// kindPicked shows the picked kind's windows.
func (v *Pane) kindPicked() {
	if v.loading {
		return
	}
	v.loading = true
	v.fillWindows()
	v.loading = false
	v.redraw()
}

// fillWindows lists the picked kind's windows by their names in the UI
// language (report.WindowLabel), keeping the picked label if it is there.
func (v *Pane) fillWindows() {
	keep := v.Period()
	k := v.kind.SelectedIndex()
	if k < 0 || k >= len(v.groups) {
		v.window.SetOptions(nil)
		v.window.ClearSelected()
		return
	}
	tr := uikit.Translator()
	ws := v.groups[k].Windows
	labels := make([]string, len(ws))
	at := 0
	for i, p := range ws {
		labels[i] = tr.WindowLabel(p)
		if p.Label == keep {
			at = i
		}
	}
	v.window.SetOptions(labels)
	v.window.SetSelectedIndex(at)
}

// Period is the picked window as the CLI's --period takes it; or "".
func (v *Pane) Period() string {
	k, i := v.kind.SelectedIndex(), v.window.SelectedIndex()
	if k < 0 || k >= len(v.groups) || i < 0 || i >= len(v.groups[k].Windows) {
		return ""
	}
	return v.groups[k].Windows[i].Label
}

// Ref is the picked reference as the CLI's --vs takes it; or "".
func (v *Pane) Ref() string {
	if i := v.vs.SelectedIndex(); i >= 0 && i < len(v.refs) {
		return v.refs[i]
	}
	return ""
}

// node is the node explained now; "" for the root.
func (v *Pane) node() string {
	if len(v.path) == 0 {
		return ""
	}
	return v.path[len(v.path)-1]
}

// redraw asks for the bridge of what is picked.
func (v *Pane) redraw() {
	if v.loading {
		return
	}
	period, vs := v.Period(), v.Ref()
	if period == "" {
		v.note.SetText(lang.L("reviewpane.no_data"))
		return
	}
	v.render.Submit(bridgeRequest{period: period, vs: vs, node: v.node(), theme: uikit.ChartTheme(),
		size: v.waterfall.SizeOr(chartW, chartH)})
}

// draw runs on the coalescer's goroutine: the bridge, its table and its
// waterfall, all from one workspace.Bridge result.
func (v *Pane) draw(req bridgeRequest) {
	var b *workspace.Bridge
	var wf *chart.Waterfall
	var img image.Image
	tr := uikit.Translator()
	err := func() error {
		ref, plan, err := workspace.ParseBridgeRef(req.vs)
		if err != nil {
			return err
		}
		if b, err = v.ws.Bridge(v.jobs.Ctx(), workspace.BridgeOptions{Ref: ref, Plan: plan, Period: req.period, Node: req.node}); err != nil {
			return err
		}
		wf = tr.BridgeWaterfall(b, req.theme)
		img, err = chart.RenderImage(wf, req.size.X, req.size.Y)
		return err
	}()
	v.jobs.OnUI(func() {
		if err != nil {
			// The bridge's own line says why there is none, so the plan
			// bar's messages on the status line stay.
			v.shown, v.bridgeRows = nil, report.Table{}
			v.note.SetText(uikit.UserMessage(err))
			v.bridge.Refresh()
			v.waterfall.SetChart(nil, nil)
			return
		}
		v.shown, v.bridgeRows = b, tr.BridgeTable(b)
		v.note.SetText(v.bridgeRows.Note)
		// The drill column names the CLI's flag; here a click drills.
		for _, row := range v.bridgeRows.Rows {
			if last := len(row) - 1; last >= 0 && row[last] != "" {
				row[last] = lang.L("reviewpane.drill")
			}
		}
		v.bridge.Refresh()
		v.waterfall.SetChart(wf, img)
		if len(v.path) == 0 || v.path[len(v.path)-1] != b.Node {
			// The root, named once known.
			v.path, v.names = []string{b.Node}, []string{b.Name}
		}
		v.showPath()
	})
}

// Drill explains driver row k (0 = the first) of the bridge shown, one
// level down; a driver without drivers of its own says so.
func (v *Pane) Drill(k int) {
	b := v.shown
	if b == nil || k < 0 || k >= len(b.Parts) {
		return
	}
	p := b.Parts[k]
	if !p.Drill {
		v.setStatus(lang.L("reviewpane.no_drill", map[string]any{"Name": nameOr(p.Name, p.Node)}))
		return
	}
	v.path = append(v.path, p.Node)
	v.names = append(v.names, nameOr(p.Name, p.Node))
	v.showPath()
	v.redraw()
}

// Up goes one drill level back up.
func (v *Pane) Up() {
	if len(v.path) < 2 {
		return
	}
	v.path, v.names = v.path[:len(v.path)-1], v.names[:len(v.names)-1]
	v.showPath()
	v.redraw()
}

// showPath shows the drill path and enables Up below the root.
func (v *Pane) showPath() {
	if len(v.names) > 1 {
		v.up.Enable()
	} else {
		v.up.Disable()
	}
	s := ""
	for i, n := range v.names {
		if i > 0 {
			s += " ▸ "
		}
		s += n
	}
	v.crumbs.SetText(s)
}

func nameOr(name, id string) string {
	if name == "" {
		return id
	}
	return name
}
