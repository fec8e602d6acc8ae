package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// chartPaneW and chartPaneH are the size in pixels a chart is drawn at
// before its view is laid out (a view then draws it at its own size).
const chartPaneW, chartPaneH = 960, 400

// chartsPane shows the fan, comparison, waterfall, tornado and tree charts
// for the chosen node and scenario, drawn by app/chart exactly as they are
// exported, and offers export, copy and numbers export.
type chartsPane struct {
	win  fyne.Window
	src  analysisSource
	jobs uikit.Jobs
	clip imageClipboard // where Copy image puts the chart

	nodeSel, scenSel *widget.Select
	nodeIDs          []string
	tabs             *container.AppTabs
	views            map[ChartKind]*uikit.ChartView
	notes            map[ChartKind]*widget.Label
	noteBoxes        map[ChartKind]*fyne.Container // each chart with its note
	header           *fyne.Container               // the bar and the status line
	figs             map[ChartKind]chart.Figure
	status           *widget.Label
	render           *uikit.Coalescer[chartsDraw]
	loading          bool
	renders          int // completed renders, for tests
}

// ChartsPane is the charts tab.
func ChartsPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject {
	p, err := newChartsPane(w, ws, scope)
	if err != nil {
		return uikit.NeedWorkspace(err)
	}
	return p.content()
}

func newChartsPane(w fyne.Window, ws Workspace, scope *uikit.PaneScope) (*chartsPane, error) {
	src, err := sourceOf(ws)
	if err != nil {
		return nil, err
	}
	p := &chartsPane{win: w, src: src, views: map[ChartKind]*uikit.ChartView{}, notes: map[ChartKind]*widget.Label{},
		noteBoxes: map[ChartKind]*fyne.Container{},
		figs:      map[ChartKind]chart.Figure{}, status: widget.NewLabel("")}
	p.jobs.Scope = scope
	p.clip = systemClipboard{}
	p.render = uikit.NewCoalescer(&p.jobs, p.draw)
	p.nodeSel = widget.NewSelect(nil, func(string) { p.redraw() })
	p.scenSel = widget.NewSelect(nil, func(string) { p.redraw() })
	p.tabs = container.NewAppTabs()
	for _, k := range ChartKinds() {
		view := uikit.NewChartView(&p.jobs, 0)
		note := widget.NewLabel("")
		note.Wrapping = fyne.TextWrapWord
		note.Hide() // shown only when there is something to say
		p.views[k], p.notes[k] = view, note
		tab := container.NewBorder(nil, note, nil, nil, view)
		p.noteBoxes[k] = tab
		p.tabs.Append(container.NewTabItem(chartKindName(k), tab))
	}
	p.jobs.Subscribed(src.SubscribeEvents(func(e workspace.Event) {
		if e.Kind != workspace.HistoryChanged {
			p.jobs.Later(p.refreshChoices)
		}
	}))
	if sel, ok := ws.(selectionSource); ok {
		p.jobs.Subscribed(sel.SubscribeSelection(func(id string) { p.jobs.Later(func() { p.SelectNode(id) }) }))
	}
	p.refreshChoices()
	return p, nil
}

// chartTexts are each kind's tab title and the note shown when it has
// nothing to draw (what to do), as translation keys.
var chartTexts = map[ChartKind][2]string{
	ChartFan:       {"chart.kind.fan", "charts.nothing.fan"},
	ChartCompare:   {"chart.kind.compare", "charts.nothing.compare"},
	ChartWaterfall: {"chart.kind.waterfall", "charts.nothing.waterfall"},
	ChartTornado:   {"chart.kind.tornado", "charts.nothing.tornado"},
	ChartTree:      {"chart.kind.tree", "charts.nothing.tree"},
}

// chartKindName is a kind's translated tab title.
func chartKindName(k ChartKind) string {
	if t, ok := chartTexts[k]; ok {
		return lang.L(t[0])
	}
	return string(k)
}

// nothingToDraw says why a chart kind is empty and what to do.
func nothingToDraw(k ChartKind) string {
	if t, ok := chartTexts[k]; ok {
		return lang.L(t[1])
	}
	return lang.L("charts.nothing.fan")
}

func (p *chartsPane) content() fyne.CanvasObject {
	// The three export actions share one menu button, so the bar fits the
	// bottom pane of a laptop screen and the chart below gets its width.
	var export *widget.Button
	export = widget.NewButtonWithIcon(lang.L("charts.export_menu"), theme.DocumentSaveIcon(), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem(lang.L("charts.export"), func() { ShowExportDialog(p.win, p.src, p.selectedNode()) }),
			fyne.NewMenuItem(lang.L("charts.copy"), p.copyImage),
			fyne.NewMenuItem(lang.L("charts.export_numbers"), p.exportNumbers))
		c := fyne.CurrentApp().Driver().CanvasForObject(export)
		if c == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(export)
		widget.ShowPopUpMenuAtPosition(menu, c, pos.AddXY(0, export.Size().Height))
	})
	bar := container.NewHBox(
		widget.NewLabel(lang.L("charts.node")), p.nodeSel,
		widget.NewLabel(lang.L("charts.scenario")), p.scenSel,
		export,
	)
	p.header = container.NewVBox(bar, p.status)
	return container.NewBorder(p.header, nil, nil, nil, p.tabs)
}

// refreshChoices lists the nodes and scenarios, keeping the selection.
func (p *chartsPane) refreshChoices() {
	ws := p.src.Unwrap()
	t := ws.Tree()
	p.loading = true
	keepNode, keepScen := p.selectedNode(), p.scenSel.Selected
	p.nodeIDs = p.nodeIDs[:0]
	var names []string
	for _, id := range DeriveStructure(t).Order {
		n := t.Nodes[nodeIndex(&t, id)]
		p.nodeIDs = append(p.nodeIDs, id)
		names = append(names, n.Name)
	}
	p.nodeSel.Options = names
	idx := 0
	for i, id := range p.nodeIDs {
		if id == keepNode {
			idx = i
		}
	}
	if len(names) > 0 {
		p.nodeSel.SetSelectedIndex(idx)
	}
	scen := []string{lang.L("scenario.base")}
	scs, err := ws.Scenarios()
	if err != nil {
		p.setStatus(uikit.UserMessage(err))
	}
	for _, sc := range scs {
		scen = append(scen, sc.Name)
	}
	p.scenSel.Options = scen
	p.scenSel.SetSelectedIndex(0)
	for i, s := range scen {
		if i > 0 && s == keepScen {
			p.scenSel.SetSelectedIndex(i)
		}
	}
	p.loading = false
	p.redraw()
}

// SelectNode shows the charts of node id (the canvas selection).
func (p *chartsPane) SelectNode(id string) {
	for i, n := range p.nodeIDs {
		if n == id {
			p.nodeSel.SetSelectedIndex(i)
		}
	}
}

func (p *chartsPane) selectedNode() string {
	if i := p.nodeSel.SelectedIndex(); i >= 0 && i < len(p.nodeIDs) {
		return p.nodeIDs[i]
	}
	return ""
}

func (p *chartsPane) selectedScenario() string {
	if p.scenSel.SelectedIndex() <= 0 {
		return ""
	}
	return p.scenSel.Selected
}

// redraw renders every chart in the background (latest request wins).
func (p *chartsPane) redraw() {
	if p.loading {
		return
	}
	p.setStatus(lang.L("charts.drawing"))
	d := chartsDraw{ChartRequest: ChartRequest{Node: p.selectedNode(), Scenario: p.selectedScenario(), Kinds: ChartKinds(), Theme: uikit.ChartTheme()},
		sizes: map[ChartKind]image.Point{}}
	for k, v := range p.views {
		d.sizes[k] = v.SizeOr(chartPaneW, chartPaneH)
	}
	p.render.Submit(d)
}

// chartsDraw is one redraw: the charts to build and the pixel size to draw
// each at (its view's, read on the UI goroutine).
type chartsDraw struct {
	ChartRequest
	sizes map[ChartKind]image.Point
}

// setStatus shows text above the charts, hiding the line when it is empty
// so the charts get the room.
func (p *chartsPane) setStatus(text string) {
	showLine(p.status, text, p.header)
}

// showLine sets l's text and hides l while it is empty. Showing or hiding
// an object does not lay out its parent, so parent (or nil before the
// pane is built) is refreshed when l appears or goes.
func showLine(l *widget.Label, text string, parent *fyne.Container) {
	l.SetText(text)
	if (text != "") == l.Visible() {
		return
	}
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
	if parent != nil {
		parent.Refresh()
	}
}

// draw runs on the coalescer's goroutine.
func (p *chartsPane) draw(req chartsDraw) {
	ws := p.src.Unwrap()
	type drawn struct {
		fig chart.Figure
		img image.Image
		err error
	}
	out := map[ChartKind]drawn{}
	for _, k := range req.Kinds {
		r := req.ChartRequest
		r.Kinds = []ChartKind{k}
		jobs, err := BuildCharts(p.jobs.Ctx(), ws, r)
		d := drawn{err: err}
		if err == nil && len(jobs) > 0 {
			d.fig = jobs[0].Figure
			px := req.sizes[k]
			if px.X < 16 || px.Y < 16 {
				px = image.Pt(chartPaneW, chartPaneH)
			}
			d.img, d.err = chart.RenderImage(d.fig, px.X, px.Y)
		}
		out[k] = d
	}
	p.jobs.OnUI(func() {
		for k, d := range out {
			p.figs[k] = d.fig
			p.views[k].SetChart(d.fig, d.img)
			switch {
			case d.err != nil:
				showLine(p.notes[k], uikit.UserMessage(d.err), p.noteBoxes[k])
			case d.fig == nil:
				showLine(p.notes[k], nothingToDraw(k), p.noteBoxes[k])
			default:
				showLine(p.notes[k], "", p.noteBoxes[k])
			}
		}
		p.renders++
		p.setStatus("")
	})
}

// currentKind is the kind of the visible tab.
func (p *chartsPane) currentKind() ChartKind {
	i := p.tabs.SelectedIndex()
	if i < 0 {
		i = 0
	}
	return ChartKinds()[i]
}

// copyImage puts the visible chart on the clipboard as a PNG image, at
// slide size, ready to paste. Where the clipboard cannot take images (no
// clipboard service, a build without cgo) the chart is saved as a PNG and
// its path copied as text instead, and a dialog says so.
func (p *chartsPane) copyImage() {
	fig := p.figs[p.currentKind()]
	if fig == nil {
		uikit.ShowError(fmt.Errorf("copy chart: %w", chart.ErrNoData), p.win)
		return
	}
	var png bytes.Buffer
	if err := chart.Write(&png, fig, chart.PNG, chart.SizeSlide()); err != nil {
		uikit.ShowError(fmt.Errorf("copy chart: %w", err), p.win)
		return
	}
	if err := p.clip.WritePNG(png.Bytes()); err == nil {
		p.setStatus(lang.L("charts.copied_image"))
		return
	}
	path, err := p.saveForClipboard()
	if err != nil {
		uikit.ShowError(err, p.win)
		return
	}
	if a := fyne.CurrentApp(); a != nil {
		a.Clipboard().SetContent(path)
	}
	dialog.ShowInformation(lang.L("charts.copy"), lang.L("charts.copied", map[string]any{"Path": path}), p.win)
}

// saveForClipboard writes the visible chart to the user cache folder.
func (p *chartsPane) saveForClipboard() (string, error) {
	k := p.currentKind()
	fig := p.figs[k]
	if fig == nil {
		return "", fmt.Errorf("copy chart: %w", chart.ErrNoData)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "kpitree", "clipboard")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("copy chart: %w", err)
	}
	path := filepath.Join(dir, chart.FileName(chart.Job{Node: p.selectedNode(), Scenario: p.selectedScenario(), Figure: fig}, chart.PNG))
	err = writeFileAtomic(path, func(f *os.File) error { return chart.Write(f, fig, chart.PNG, chart.SizeSlide()) })
	return path, err
}

// exportNumbers asks for a .csv or .xlsx file and writes every node's
// projection (base and scenarios) there.
func (p *chartsPane) exportNumbers() {
	ws := p.src.Unwrap()
	// ShowSaveForm, not dialog.NewFileSave: Fyne's save dialog creates or
	// truncates the chosen file before we get it, which could empty the
	// open workspace; the form refuses that path and the export writes
	// atomically.
	ShowSaveForm(p.win, filepath.Dir(ws.Path()), "kpitree-numbers.xlsx", ws.Path(), func(path string) {
		if !isNumbersFile(path) {
			path += ".xlsx"
		}
		uikit.RunJob(&p.jobs, p.jobs.Ctx(), func(ctx context.Context) (string, error) {
			return path, writeNumbers(ctx, ws, path)
		}, func(path string, err error) {
			if err != nil {
				uikit.ShowError(err, p.win)
				return
			}
			p.setStatus(lang.L("status.exported", map[string]any{"Path": path}))
		})
	})
}

func isNumbersFile(path string) bool {
	switch filepath.Ext(path) {
	case ".csv", ".xlsx", ".CSV", ".XLSX":
		return true
	}
	return false
}

// ChartKind names one of the figures the charts pane and the export dialog
// offer (report.Kind).
type ChartKind = report.Kind

// The chart kinds, in tab order.
const (
	ChartFan       = report.Fan
	ChartCompare   = report.Compare
	ChartWaterfall = report.Waterfall
	ChartTornado   = report.Tornado
	ChartTree      = report.Tree
)

// ChartKinds lists every kind in tab order.
func ChartKinds() []ChartKind { return report.Kinds() }

// ChartRequest says which figures to build (report.Request).
type ChartRequest = report.Request

// basis is what every analysis needs to know about a workspace: the tree,
// its calendar, the history length and the fiscal year being planned
// (report.Basis, with the field names the panes use).
type basis struct {
	tree kpitree.Tree
	cal  kpitree.Calendar
	hist int
	// fy is the fiscal year that contains the first forecast period.
	fy int
	rb *report.Basis
}

func newBasis(ws *workspace.Workspace) (*basis, error) {
	rb, err := report.NewBasis(ws)
	if err != nil {
		return nil, err
	}
	return &basis{tree: rb.Tree, cal: rb.Cal, hist: rb.Hist, fy: rb.FY, rb: rb}, nil
}

// node returns the node id ("" = root), with its id as name if unnamed.
func (b *basis) node(id string) kpitree.Node { return b.rb.Node(id) }

func (b *basis) name(id string) string { return b.node(id).Name }

// fyWindow is the planned fiscal year as an analysis window.
func (b *basis) fyWindow() kpitree.Window { return b.rb.FYWindow() }

// fyLabel names the planned fiscal year in the user's language.
func (b *basis) fyLabel() string { return fiscalLabel(b.fy) }

// fiscalLabel is "FY2025" or "2025年度".
func fiscalLabel(fy int) string { return uikit.Translator().FiscalLabel(fy) }

// chartUnit is how a chart writes a node's per-period values in the UI
// language (report.Translator.ChartUnit).
func chartUnit(n kpitree.Node) chart.Unit {
	tr := uikit.Translator()
	return tr.ChartUnit(n.Unit, tr.PeriodUnitLabel(n.Unit))
}

// chartPeriod maps a calendar to the charts' x axis.
func chartPeriod(cal kpitree.Calendar) chart.Period { return uikit.Translator().Period(cal) }

// scenarioLabel is the display name of a scenario ("" = base).
func scenarioLabel(name string) string { return uikit.Translator().ScenarioLabel(name) }

// BuildCharts builds the requested figures with app/report in the UI
// language: exactly the specs `kpitreectl export` draws for the same
// request.
func BuildCharts(ctx context.Context, ws *workspace.Workspace, req ChartRequest) ([]chart.Job, error) {
	return uikit.BuildCharts(ctx, ws, req)
}
