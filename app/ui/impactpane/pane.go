package impactpane

import (
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

// impactChartW and impactChartH are the size in pixels a chart is drawn
// at before its view is laid out (a view then draws it at its own size).
const impactChartW, impactChartH = 640, 340

// impactChartMinW is the least width of each of the two charts, in points.
const impactChartMinW = 250

// Pane explains the root: a waterfall of what changed it (scenario
// vs base, or one period vs another), a tornado of how much each driver
// moves it, and the drivers ranked by impact the team can act on.
type Pane struct {
	win  fyne.Window
	ws   Workspace
	jobs uikit.Jobs

	mode      *widget.RadioGroup
	scen      *widget.Select
	from, to  *widget.Select
	periods   *fyne.Container // from and to with their labels
	waterfall *uikit.ChartView
	charts    *container.AppTabs // the waterfall and the tornado, one at a time
	tornado   *uikit.ChartView
	table     *widget.Table
	status    *widget.Label
	// rank is the ranking table as app/report formats it (header and
	// rows), from the computation the tornado draws.
	rank          report.Table
	loading       bool
	render        *uikit.Coalescer[impactRequest]
	lastWaterfall chart.Figure
}

// impactRequest is one analysis to draw.
type impactRequest struct {
	scenario string // for the scenario mode; "" = period mode
	from, to int
	theme    chart.Theme
	// wfSize and tnSize are the pixel sizes of the waterfall and tornado
	// views, read on the UI goroutine.
	wfSize, tnSize image.Point
}

// Workspace is what the impact pane needs from the open workspace:
// *workspace.Workspace has it, and the shell's adapter adds
// SubscribeEvents (the pane's subscriptions end with its scope).
type Workspace interface {
	report.Source
	SubscribeEvents(fn func(workspace.Event)) (unsubscribe func())
}

// New builds the impact tab over ws; scope ends its background work and
// subscriptions (nil: a pane built alone, in a test).
func New(w fyne.Window, ws Workspace, scope *uikit.PaneScope) *Pane {
	v := &Pane{win: w, ws: ws, status: widget.NewLabel("")}
	v.status.Wrapping = fyne.TextWrapWord // a long hint must not widen the pane
	v.jobs.Scope = scope
	v.render = uikit.NewCoalescer(&v.jobs, v.draw)
	modes := []string{lang.L("impact.mode_scenario"), lang.L("impact.mode_periods")}
	v.mode = widget.NewRadioGroup(modes, func(string) { v.redraw() })
	v.mode.Horizontal = true
	v.scen = widget.NewSelect(nil, func(string) { v.redraw() })
	v.from = widget.NewSelect(nil, func(string) { v.redraw() })
	v.to = widget.NewSelect(nil, func(string) { v.redraw() })
	// Only the mode's own choices are shown, so the bar fits a laptop's
	// bottom pane.
	v.periods = container.NewHBox(widget.NewLabel(lang.L("impact.from")), v.from,
		widget.NewLabel(lang.L("impact.to")), v.to)
	// Two charts share the width: each may be narrower than a lone chart.
	v.waterfall, v.tornado = uikit.NewChartView(&v.jobs, impactChartMinW), uikit.NewChartView(&v.jobs, impactChartMinW)
	v.table = widget.NewTable(func() (int, int) { return len(v.rank.Rows) + 1, impactColumns },
		func() fyne.CanvasObject { return uikit.CellLabel() },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.cell(id.Row, id.Col)) })
	for c, wd := range []float32{44, 170, 90, 200, 130, 130} {
		v.table.SetColumnWidth(c, wd)
	}
	v.jobs.Subscribed(ws.SubscribeEvents(func(e workspace.Event) {
		if e.Kind != workspace.HistoryChanged {
			v.jobs.Later(v.refreshChoices)
		}
	}))
	v.refreshChoices()
	return v
}

// Content lays the pane out: the mode bar, the two charts and the ranking.
func (v *Pane) Content() fyne.CanvasObject {
	bar := container.NewHBox(v.mode, v.scen, v.periods)
	// The charts take the pane's height and the ranking sits beside them:
	// stacked, the three shared a bottom pane a few hundred pixels tall and
	// the charts shrank to thumbnails. Side by side each got half the width,
	// and a chart's type scales with its narrower side (app/chart sizes
	// text for a 16:9 slide), so even the enlarged pane drew 5-pixel labels:
	// one chart at a time, on tabs, gets the whole width.
	v.charts = container.NewAppTabs(container.NewTabItem(lang.L("impact.tab_waterfall"), v.waterfall),
		container.NewTabItem(lang.L("impact.tab_tornado"), v.tornado))
	charts := v.charts
	title := widget.NewLabel(lang.L("impact.ranking_range"))
	title.Truncation = fyne.TextTruncateEllipsis // its length must not widen the column
	ranking := container.NewBorder(title, nil, nil, nil, v.table)
	split := container.NewHSplit(charts, ranking)
	split.SetOffset(0.7)
	return container.NewBorder(container.NewVBox(bar, v.status), nil, nil, nil, split)
}

// impactColumns is the number of columns of report.ImpactTable.
const impactColumns = 6

// cell is the ranking table: rank, driver, controllable, the driver's
// range, the root's swing and the swing the team can act on.
func (v *Pane) cell(row, col int) string {
	cells := v.rank.Header
	if row > 0 {
		cells = v.rank.Rows[row-1]
	}
	if col < len(cells) {
		return cells[col]
	}
	return ""
}

// refreshChoices fills the scenario and period selects.
func (v *Pane) refreshChoices() {
	ws := v.ws
	b, err := report.NewBasis(ws)
	if err != nil {
		v.status.SetText(uikit.UserMessage(err))
		return
	}
	v.loading = true
	keep := v.scen.Selected
	hadScenarios := len(v.scen.Options) > 0
	var names []string
	scs, err := ws.Scenarios()
	if err != nil {
		v.status.SetText(uikit.UserMessage(err))
	}
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	v.scen.Options = names
	if len(names) > 0 {
		v.scen.SetSelectedIndex(0)
		for i, n := range names {
			if n == keep {
				v.scen.SetSelectedIndex(i)
			}
		}
	} else {
		v.scen.ClearSelected()
	}
	labels := make([]string, b.Hist)
	for i := range labels {
		labels[i] = b.Cal.Label(i)
	}
	v.from.Options, v.to.Options = labels, labels
	if b.Hist > 0 && v.to.SelectedIndex() < 0 {
		v.to.SetSelectedIndex(b.Hist - 1)
		v.from.SetSelectedIndex(max(0, b.Hist-1-b.Cal.Freq.YearAgo()))
	}
	// The first scenario is what the user wants explained: switch to it.
	if v.mode.Selected == "" || (!hadScenarios && len(names) > 0) {
		if len(names) > 0 {
			v.mode.SetSelected(v.mode.Options[0])
		} else {
			v.mode.SetSelected(v.mode.Options[1])
		}
	}
	v.loading = false
	v.redraw()
}

func (v *Pane) redraw() {
	if v.loading {
		return
	}
	req := impactRequest{from: v.from.SelectedIndex(), to: v.to.SelectedIndex(), theme: uikit.ChartTheme()}
	if v.mode.Selected == v.mode.Options[0] {
		req.scenario = v.scen.Selected
		v.periods.Hide()
		v.scen.Show()
	} else {
		v.periods.Show()
		v.scen.Hide()
	}
	v.status.SetText(lang.L("charts.drawing"))
	req.wfSize = v.waterfall.SizeOr(impactChartW, impactChartH)
	req.tnSize = v.tornado.SizeOr(impactChartW, impactChartH)
	v.render.Submit(req)
}

// draw runs on the coalescer's goroutine. The tornado and the table show
// one ranking (report.Builder.Impact), so their numbers agree.
func (v *Pane) draw(req impactRequest) {
	ws := v.ws
	ctx := v.jobs.Ctx()
	var wfImg, tnImg image.Image
	var wf *chart.Waterfall
	var tn *chart.Tornado
	var table report.Table
	err := func() error {
		bd, err := report.NewBuilder(ws, uikit.Translator())
		if err != nil {
			return err
		}
		if req.scenario != "" {
			wf, err = bd.ScenarioWaterfall(ctx, "", req.scenario, req.theme)
		} else if req.from >= 0 && req.to >= 0 {
			wf, err = bd.PeriodWaterfall(ctx, "", req.from, req.to, req.theme)
		}
		if err != nil {
			return err
		}
		if wf != nil {
			if wfImg, err = chart.RenderImage(wf, req.wfSize.X, req.wfSize.Y); err != nil {
				return err
			}
		}
		ranking, err := bd.Impact(ctx, "", req.scenario, nil)
		if err != nil {
			return err
		}
		table = bd.ImpactTable(ranking)
		if tn = bd.Tornado(ranking, req.theme); tn != nil {
			if tnImg, err = chart.RenderImage(tn, req.tnSize.X, req.tnSize.Y); err != nil {
				return err
			}
		}
		return nil
	}()
	v.jobs.OnUI(func() {
		if err != nil {
			v.status.SetText(uikit.UserMessage(err))
			return
		}
		hint := lang.L("impact.hint_range")
		if table.Note != "" {
			hint += "\n" + table.Note
		}
		v.status.SetText(hint)
		if wf != nil {
			v.lastWaterfall = wf
		}
		// A nil *Waterfall in a Figure would not be a nil Figure.
		var wfFig, tnFig chart.Figure
		if wf != nil {
			wfFig = wf
		}
		if tn != nil {
			tnFig = tn
		}
		v.waterfall.SetChart(wfFig, wfImg)
		v.tornado.SetChart(tnFig, tnImg)
		v.rank = table
		v.table.Refresh()
	})
}

// The methods below read and drive the pane as a user would, for the
// shell's tests that compare it with the CLI and walk user journeys.

// Wait blocks until the pane's background work and redraws are done.
func (v *Pane) Wait() {
	for range 4 {
		v.jobs.Wait()
		v.render.Wait()
	}
}

// ExplainScenario shows what scenario name changes against the base.
func (v *Pane) ExplainScenario(name string) {
	v.mode.SetSelected(v.mode.Options[0])
	v.scen.SetSelected(name)
}

// ExplainPeriods shows what changed between the two selected periods.
func (v *Pane) ExplainPeriods() { v.mode.SetSelected(v.mode.Options[1]) }

// ExplainedScenario is the scenario explained now; "" in period mode.
func (v *Pane) ExplainedScenario() string {
	if v.mode.Selected != v.mode.Options[0] {
		return ""
	}
	return v.scen.Selected
}

// Ranking is the ranking table as shown.
func (v *Pane) Ranking() report.Table { return v.rank }

// CellText is the text of ranking cell (row, col); row 0 is the header.
func (v *Pane) CellText(row, col int) string { return v.cell(row, col) }

// Status is the text under the mode bar.
func (v *Pane) Status() string { return v.status.Text }

// Waterfall is the view of what changed the root.
func (v *Pane) Waterfall() *uikit.ChartView { return v.waterfall }

// Tornado is the view of how much each driver moves the root.
func (v *Pane) Tornado() *uikit.ChartView { return v.tornado }

// ShowTornado brings the tornado's tab to the front (true) or the
// waterfall's, as a click on the tab would; Content must have been called.
func (v *Pane) ShowTornado(tornado bool) {
	if v.charts == nil {
		return
	}
	i := 0
	if tornado {
		i = 1
	}
	v.charts.SelectIndex(i)
}

// LastWaterfall is the last waterfall drawn; or nil.
func (v *Pane) LastWaterfall() chart.Figure { return v.lastWaterfall }
