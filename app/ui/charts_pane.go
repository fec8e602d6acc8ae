package ui

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
)

// chartPaneW and chartPaneH are the on-screen chart size in pixels.
const chartPaneW, chartPaneH = 960, 400

// chartsPane shows the fan, comparison, waterfall, tornado and tree charts
// for the chosen node and scenario, drawn by app/chart exactly as they are
// exported, and offers export, copy and numbers export.
type chartsPane struct {
	win  fyne.Window
	src  analysisSource
	jobs jobs

	nodeSel, scenSel *widget.Select
	nodeIDs          []string
	tabs             *container.AppTabs
	imgs             map[ChartKind]*canvas.Image
	notes            map[ChartKind]*widget.Label
	figs             map[ChartKind]chart.Figure
	status           *widget.Label
	render           *coalescer[ChartRequest]
	loading          bool
	renders          int // completed renders, for tests
}

// ChartsPane is the charts tab.
func ChartsPane(w fyne.Window, ws Workspace, scope *PaneScope) fyne.CanvasObject {
	p, err := newChartsPane(w, ws, scope)
	if err != nil {
		return needWorkspace(err)
	}
	return p.content()
}

func newChartsPane(w fyne.Window, ws Workspace, scope *PaneScope) (*chartsPane, error) {
	src, err := sourceOf(ws)
	if err != nil {
		return nil, err
	}
	p := &chartsPane{win: w, src: src, imgs: map[ChartKind]*canvas.Image{}, notes: map[ChartKind]*widget.Label{},
		figs: map[ChartKind]chart.Figure{}, status: widget.NewLabel("")}
	p.jobs.scope = scope
	p.render = newCoalescer(&p.jobs, p.draw)
	p.nodeSel = widget.NewSelect(nil, func(string) { p.redraw() })
	p.scenSel = widget.NewSelect(nil, func(string) { p.redraw() })
	p.tabs = container.NewAppTabs()
	for _, k := range ChartKinds() {
		img := canvas.NewImageFromImage(nil)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(chartPaneW/3, chartPaneH/3))
		note := widget.NewLabel("")
		note.Wrapping = fyne.TextWrapWord
		p.imgs[k], p.notes[k] = img, note
		p.tabs.Append(container.NewTabItem(chartKindName(k), container.NewBorder(nil, note, nil, nil, img)))
	}
	p.jobs.subscribed(src.SubscribeEvents(func(e workspace.Event) {
		if e.Kind != workspace.HistoryChanged {
			p.jobs.later(p.refreshChoices)
		}
	}))
	if sel, ok := ws.(selectionSource); ok {
		p.jobs.subscribed(sel.SubscribeSelection(func(id string) { p.jobs.later(func() { p.SelectNode(id) }) }))
	}
	p.refreshChoices()
	return p, nil
}

// chartKindName is a kind's translated tab title.
func chartKindName(k ChartKind) string {
	switch k {
	case ChartFan:
		return lang.L("chart.kind.fan")
	case ChartCompare:
		return lang.L("chart.kind.compare")
	case ChartWaterfall:
		return lang.L("chart.kind.waterfall")
	case ChartTornado:
		return lang.L("chart.kind.tornado")
	case ChartTree:
		return lang.L("chart.kind.tree")
	}
	return string(k)
}

// nothingToDraw says why a chart kind is empty and what to do.
func nothingToDraw(k ChartKind) string {
	switch k {
	case ChartCompare:
		return lang.L("charts.nothing.compare")
	case ChartWaterfall:
		return lang.L("charts.nothing.waterfall")
	case ChartTornado:
		return lang.L("charts.nothing.tornado")
	case ChartTree:
		return lang.L("charts.nothing.tree")
	}
	return lang.L("charts.nothing.fan")
}

func (p *chartsPane) content() fyne.CanvasObject {
	bar := container.NewHBox(
		widget.NewLabel(lang.L("charts.node")), p.nodeSel,
		widget.NewLabel(lang.L("charts.scenario")), p.scenSel,
		widget.NewButtonWithIcon(lang.L("charts.export"), theme.DocumentSaveIcon(), func() {
			ShowExportDialog(p.win, p.src, p.selectedNode())
		}),
		widget.NewButtonWithIcon(lang.L("charts.copy"), theme.ContentCopyIcon(), p.copyImage),
		widget.NewButton(lang.L("charts.export_numbers"), p.exportNumbers),
	)
	return container.NewBorder(container.NewVBox(bar, p.status), nil, nil, nil, p.tabs)
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
	for _, sc := range ws.Scenarios() {
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
	p.status.SetText(lang.L("charts.drawing"))
	p.render.Submit(ChartRequest{Node: p.selectedNode(), Scenario: p.selectedScenario(), Kinds: ChartKinds(), Theme: chartTheme()})
}

// draw runs on the coalescer's goroutine.
func (p *chartsPane) draw(req ChartRequest) {
	ws := p.src.Unwrap()
	type drawn struct {
		fig chart.Figure
		img image.Image
		err error
	}
	out := map[ChartKind]drawn{}
	for _, k := range req.Kinds {
		r := req
		r.Kinds = []ChartKind{k}
		jobs, err := BuildCharts(context.Background(), ws, r)
		d := drawn{err: err}
		if err == nil && len(jobs) > 0 {
			d.fig = jobs[0].Figure
			d.img, d.err = chart.RenderImage(d.fig, chartPaneW, chartPaneH)
		}
		out[k] = d
	}
	p.jobs.onUI(func() {
		for k, d := range out {
			p.figs[k] = d.fig
			p.imgs[k].Image = d.img
			p.imgs[k].Refresh()
			switch {
			case d.err != nil:
				p.notes[k].SetText(AnalysisErrorMessage(d.err))
			case d.fig == nil:
				p.notes[k].SetText(nothingToDraw(k))
			default:
				p.notes[k].SetText("")
			}
		}
		p.renders++
		p.status.SetText("")
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

// copyImage puts the visible chart on the clipboard. Fyne's clipboard
// holds text only, so the chart is saved as a PNG and its path copied; the
// dialog says so.
func (p *chartsPane) copyImage() {
	path, err := p.saveForClipboard()
	if err != nil {
		showAnalysisError(err, p.win)
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
		runJob(&p.jobs, p.jobs.ctx(), func(ctx context.Context) (string, error) {
			return path, ExportNumbers(ctx, ws, path)
		}, func(path string, err error) {
			if err != nil {
				showAnalysisError(err, p.win)
				return
			}
			p.status.SetText(lang.L("status.exported", map[string]any{"Path": path}))
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
