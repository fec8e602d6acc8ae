package chartspane

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// chartPaneW and chartPaneH are the size in pixels a chart is drawn at
// before its view is laid out (a view then draws it at its own size).
const chartPaneW, chartPaneH = 960, 400

// Source is what the chart and numbers exports read from a workspace:
// *workspace.Workspace has it.
type Source interface {
	report.Source
	ScenarioNames() ([]string, error)
}

// imageClipboard puts a PNG image on the system clipboard
// (platform.Clipboard); tests give the pane one that refuses.
type imageClipboard interface {
	WritePNG(png []byte) error
}

// Workspace is what the charts pane needs from the open workspace: the
// exports' Source, its file (the numbers export starts beside it and
// must not overwrite it), the order the tree shows its nodes in, and its
// events and the tree's selection (the pane follows the selected node).
// The shell's adapter has it.
type Workspace interface {
	Source
	Path() string
	// NodeOrder lists the node ids as the tree shows them, roots first.
	NodeOrder() []string
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
	// SubscribeSelection calls fn with the selected node now, if any, and
	// after every change.
	SubscribeSelection(fn func(id string)) (unsubscribe func())
}

// Pane is the charts tab: the fan, comparison, waterfall, tornado and
// tree charts for the chosen node and scenario, drawn by app/chart exactly
// as they are exported, with export, copy and numbers export.
type Pane struct {
	win  fyne.Window
	ws   Workspace
	jobs uikit.Jobs
	clip imageClipboard // where Copy image puts the chart

	nodeSel, scenSel *widget.Select
	nodeIDs          []string
	tabs             *container.AppTabs
	views            map[report.Kind]*uikit.ChartView
	notes            map[report.Kind]*widget.Label
	noteBoxes        map[report.Kind]*fyne.Container // each chart with its note
	header           *fyne.Container                 // the bar and the status line
	figs             map[report.Kind]chart.Figure
	status           *widget.Label
	render           *uikit.Coalescer[chartsDraw]
	loading          bool
	renders          int // completed renders, for tests
}

// New builds the charts tab over ws; scope ends its background work and
// subscriptions (nil: a pane built alone, in a test).
func New(w fyne.Window, ws Workspace, scope *uikit.PaneScope) *Pane {
	p := &Pane{win: w, ws: ws, views: map[report.Kind]*uikit.ChartView{}, notes: map[report.Kind]*widget.Label{},
		noteBoxes: map[report.Kind]*fyne.Container{},
		figs:      map[report.Kind]chart.Figure{}, status: widget.NewLabel("")}
	p.jobs.Scope = scope
	p.clip = platform.Clipboard{}
	p.render = uikit.NewCoalescer(&p.jobs, p.draw)
	p.nodeSel = widget.NewSelect(nil, func(string) { p.redraw() })
	p.scenSel = widget.NewSelect(nil, func(string) { p.redraw() })
	p.tabs = container.NewAppTabs()
	for _, k := range report.Kinds() {
		view := uikit.NewChartView(&p.jobs, 0)
		note := widget.NewLabel("")
		note.Wrapping = fyne.TextWrapWord
		note.Hide() // shown only when there is something to say
		p.views[k], p.notes[k] = view, note
		tab := container.NewBorder(nil, note, nil, nil, view)
		p.noteBoxes[k] = tab
		p.tabs.Append(container.NewTabItem(chartKindName(k), tab))
	}
	p.jobs.Subscribed(ws.SubscribeEvents(func(e workspace.Event) {
		if e.Kind != workspace.HistoryChanged {
			p.jobs.Later(p.refreshChoices)
		}
	}))
	p.jobs.Subscribed(ws.SubscribeSelection(func(id string) { p.jobs.Later(func() { p.SelectNode(id) }) }))
	p.refreshChoices()
	return p
}

// chartTexts are each kind's tab title and the note shown when it has
// nothing to draw (what to do), as translation keys.
var chartTexts = map[report.Kind][2]string{
	report.Fan:       {"chart.kind.fan", "charts.nothing.fan"},
	report.Compare:   {"chart.kind.compare", "charts.nothing.compare"},
	report.Waterfall: {"chart.kind.waterfall", "charts.nothing.waterfall"},
	report.Tornado:   {"chart.kind.tornado", "charts.nothing.tornado"},
	report.Tree:      {"chart.kind.tree", "charts.nothing.tree"},
}

// chartKindName is a kind's translated tab title.
func chartKindName(k report.Kind) string {
	if t, ok := chartTexts[k]; ok {
		return lang.L(t[0])
	}
	return string(k)
}

// nothingToDraw says why a chart kind is empty and what to do.
func nothingToDraw(k report.Kind) string {
	if t, ok := chartTexts[k]; ok {
		return lang.L(t[1])
	}
	return lang.L("charts.nothing.fan")
}

// Content lays the pane out: the node, the scenario and the export menu
// above one chart per tab.
func (p *Pane) Content() fyne.CanvasObject {
	// The three export actions share one menu button, so the bar fits the
	// bottom pane of a laptop screen and the chart below gets its width.
	var export *widget.Button
	export = widget.NewButtonWithIcon(lang.L("charts.export_menu"), theme.DocumentSaveIcon(), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem(lang.L("charts.export"), func() { ShowExportDialog(p.win, p.ws, p.selectedNode()) }),
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
func (p *Pane) refreshChoices() {
	ws := p.ws
	t := ws.Tree()
	p.loading = true
	keepNode, keepScen := p.selectedNode(), p.scenSel.Selected
	p.nodeIDs = p.nodeIDs[:0]
	var names []string
	for _, id := range ws.NodeOrder() {
		i := slices.IndexFunc(t.Nodes, func(n kpitree.Node) bool { return n.ID == id })
		if i < 0 {
			continue // the tree changed since the order was read: the next event lists it again
		}
		p.nodeIDs = append(p.nodeIDs, id)
		names = append(names, t.Nodes[i].Name)
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
func (p *Pane) SelectNode(id string) {
	for i, n := range p.nodeIDs {
		if n == id {
			p.nodeSel.SetSelectedIndex(i)
		}
	}
}

func (p *Pane) selectedNode() string {
	if i := p.nodeSel.SelectedIndex(); i >= 0 && i < len(p.nodeIDs) {
		return p.nodeIDs[i]
	}
	return ""
}

func (p *Pane) selectedScenario() string {
	if p.scenSel.SelectedIndex() <= 0 {
		return ""
	}
	return p.scenSel.Selected
}

// redraw renders every chart in the background (latest request wins).
func (p *Pane) redraw() {
	if p.loading {
		return
	}
	p.setStatus(lang.L("charts.drawing"))
	d := chartsDraw{Request: report.Request{Node: p.selectedNode(), Scenario: p.selectedScenario(), Kinds: report.Kinds(), Theme: uikit.ChartTheme()},
		sizes: map[report.Kind]image.Point{}}
	for k, v := range p.views {
		d.sizes[k] = v.SizeOr(chartPaneW, chartPaneH)
	}
	p.render.Submit(d)
}

// chartsDraw is one redraw: the charts to build and the pixel size to draw
// each at (its view's, read on the UI goroutine).
type chartsDraw struct {
	report.Request
	sizes map[report.Kind]image.Point
}

// setStatus shows text above the charts, hiding the line when it is empty
// so the charts get the room.
func (p *Pane) setStatus(text string) {
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
func (p *Pane) draw(req chartsDraw) {
	type drawn struct {
		fig chart.Figure
		img image.Image
		err error
	}
	out := map[report.Kind]drawn{}
	for _, k := range req.Kinds {
		r := req.Request
		r.Kinds = []report.Kind{k}
		jobs, err := uikit.BuildCharts(p.jobs.Ctx(), p.ws, r)
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
func (p *Pane) currentKind() report.Kind {
	i := p.tabs.SelectedIndex()
	if i < 0 {
		i = 0
	}
	return report.Kinds()[i]
}

// copyImage puts the visible chart on the clipboard as a PNG image, at
// slide size, ready to paste. Where the clipboard cannot take images (no
// clipboard service, a build without cgo) the chart is saved as a PNG and
// its path copied as text instead, and a dialog says so.
func (p *Pane) copyImage() {
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
func (p *Pane) saveForClipboard() (string, error) {
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
	err = uikit.WriteFileAtomic(path, func(f *os.File) error { return chart.Write(f, fig, chart.PNG, chart.SizeSlide()) })
	return path, err
}

// exportNumbers asks for a .csv or .xlsx file and writes every node's
// projection (base and scenarios) there.
func (p *Pane) exportNumbers() {
	ws := p.ws
	// ShowSaveForm, not dialog.NewFileSave: Fyne's save dialog creates or
	// truncates the chosen file before we get it, which could empty the
	// open workspace; the form refuses that path and the export writes
	// atomically.
	uikit.ShowSaveForm(p.win, filepath.Dir(ws.Path()), "kpitree-numbers.xlsx", ws.Path(), func(path string) {
		if !isNumbersFile(path) {
			path += ".xlsx"
		}
		uikit.RunJob(&p.jobs, p.jobs.Ctx(), func(ctx context.Context) (string, error) {
			return path, WriteNumbers(ctx, ws, path)
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

// Wait blocks until the pane's background work and redraws are done.
// Tests use it.
func (p *Pane) Wait() {
	for range 4 {
		p.jobs.Wait()
		p.render.Wait()
	}
}

// SelectScenario shows the charts of scenario name ("" the base), as if
// the user picked it; false when there is no such scenario.
func (p *Pane) SelectScenario(name string) bool {
	if name == "" {
		p.scenSel.SetSelectedIndex(0)
		return true
	}
	for i, s := range p.scenSel.Options {
		if i > 0 && s == name {
			p.scenSel.SetSelectedIndex(i)
			return true
		}
	}
	return false
}

// Figure is the figure of kind k last drawn; nil when it had nothing to
// draw.
func (p *Pane) Figure(k report.Kind) chart.Figure { return p.figs[k] }

// Note is what the pane says under kind k's chart ("" when it drew).
func (p *Pane) Note(k report.Kind) string { return p.notes[k].Text }

// View is the view that shows kind k's chart.
func (p *Pane) View(k report.Kind) *uikit.ChartView { return p.views[k] }
