package ui

import (
	"context"
	"image"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// impactChartW and impactChartH are the size in pixels a chart is drawn
// at before its view is laid out (a view then draws it at its own size).
const impactChartW, impactChartH = 640, 340

// impactChartMinW is the least width of each of the two charts, in points.
const impactChartMinW = 250

// impactView explains the root: a waterfall of what changed it (scenario
// vs base, or one period vs another), a tornado of how much each driver
// moves it, and the drivers ranked by impact the team can act on.
type impactView struct {
	win  fyne.Window
	src  analysisSource
	jobs jobs

	mode          *widget.RadioGroup
	scen          *widget.Select
	from, to      *widget.Select
	periods       *fyne.Container // from and to with their labels
	waterfall     *chartView
	tornado       *chartView
	table         *widget.Table
	status        *widget.Label
	ranks         []kpitree.DriverRank
	rootUnit      string
	loading       bool
	render        *coalescer[impactRequest]
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

// ImpactPane is the impact tab.
func ImpactPane(w fyne.Window, ws Workspace, scope *PaneScope) fyne.CanvasObject {
	v, err := newImpactView(w, ws, scope)
	if err != nil {
		return needWorkspace(err)
	}
	return v.content()
}

func newImpactView(w fyne.Window, ws Workspace, scope *PaneScope) (*impactView, error) {
	src, err := sourceOf(ws)
	if err != nil {
		return nil, err
	}
	v := &impactView{win: w, src: src, status: widget.NewLabel("")}
	v.status.Wrapping = fyne.TextWrapWord // a long hint must not widen the pane
	v.jobs.scope = scope
	v.render = newCoalescer(&v.jobs, v.draw)
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
	v.waterfall, v.tornado = newChartView(&v.jobs, impactChartMinW), newChartView(&v.jobs, impactChartMinW)
	v.table = widget.NewTable(func() (int, int) { return len(v.ranks) + 1, 5 },
		func() fyne.CanvasObject { return cellLabel() },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.cell(id.Row, id.Col)) })
	for c, wd := range []float32{40, 180, 100, 130, 90} {
		v.table.SetColumnWidth(c, wd)
	}
	v.jobs.subscribed(src.SubscribeEvents(func(e workspace.Event) {
		if e.Kind != workspace.HistoryChanged {
			v.jobs.later(v.refreshChoices)
		}
	}))
	v.refreshChoices()
	return v, nil
}

func (v *impactView) content() fyne.CanvasObject {
	bar := container.NewHBox(v.mode, v.scen, v.periods)
	// The charts take the pane's height and the ranking sits beside them:
	// stacked, the three shared a bottom pane a few hundred pixels tall and
	// the charts shrank to thumbnails.
	charts := container.NewGridWithColumns(2, v.waterfall, v.tornado)
	title := widget.NewLabel(lang.L("impact.ranking"))
	title.Truncation = fyne.TextTruncateEllipsis // its length must not widen the column
	ranking := container.NewBorder(title, nil, nil, nil, v.table)
	split := container.NewHSplit(charts, ranking)
	split.SetOffset(0.7)
	return container.NewBorder(container.NewVBox(bar, v.status), nil, nil, nil, split)
}

// cell is the ranking table: rank, driver, controllable, impact, score.
func (v *impactView) cell(row, col int) string {
	if row == 0 {
		return lang.L([...]string{"impact.col_rank", "impact.col_driver", "impact.col_control", "impact.col_impact", "impact.col_elasticity"}[col])
	}
	r := v.ranks[row-1]
	switch col {
	case 0:
		return strconv.Itoa(r.Rank)
	case 1:
		return r.Name
	case 2:
		if r.Controllable {
			return lang.L("impact.yes")
		}
		return lang.L("impact.no")
	case 3:
		return "±" + compactValue(r.Impact/2, v.rootUnit)
	}
	return strconv.FormatFloat(r.Elasticity, 'f', 2, 64)
}

// refreshChoices fills the scenario and period selects.
func (v *impactView) refreshChoices() {
	ws := v.src.Unwrap()
	b, err := newBasis(ws)
	if err != nil {
		v.status.SetText(AnalysisErrorMessage(err))
		return
	}
	v.loading = true
	v.rootUnit = b.node("").Unit
	keep := v.scen.Selected
	hadScenarios := len(v.scen.Options) > 0
	var names []string
	scs, err := ws.Scenarios()
	if err != nil {
		v.status.SetText(AnalysisErrorMessage(err))
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
	labels := make([]string, b.hist)
	for i := range labels {
		labels[i] = b.cal.Label(i)
	}
	v.from.Options, v.to.Options = labels, labels
	if b.hist > 0 && v.to.SelectedIndex() < 0 {
		v.to.SetSelectedIndex(b.hist - 1)
		v.from.SetSelectedIndex(max(0, b.hist-1-seasonOf(b.cal.Freq)))
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

func (v *impactView) redraw() {
	if v.loading {
		return
	}
	req := impactRequest{from: v.from.SelectedIndex(), to: v.to.SelectedIndex(), theme: chartTheme()}
	if v.mode.Selected == v.mode.Options[0] {
		req.scenario = v.scen.Selected
		v.periods.Hide()
		v.scen.Show()
	} else {
		v.periods.Show()
		v.scen.Hide()
	}
	v.status.SetText(lang.L("charts.drawing"))
	req.wfSize = v.waterfall.sizeOr(impactChartW, impactChartH)
	req.tnSize = v.tornado.sizeOr(impactChartW, impactChartH)
	v.render.Submit(req)
}

// draw runs on the coalescer's goroutine.
func (v *impactView) draw(req impactRequest) {
	ws := v.src.Unwrap()
	ctx := v.jobs.ctx()
	var wfImg, tnImg image.Image
	var wf *chart.Waterfall
	var tn *chart.Tornado
	var ranks []kpitree.DriverRank
	err := func() error {
		b, err := newBasis(ws)
		if err != nil {
			return err
		}
		root := b.node("")
		if req.scenario != "" {
			wf, err = waterfallFigure(ctx, ws, b, root, req.scenario, req.theme)
		} else if req.from >= 0 && req.to >= 0 {
			wf, err = periodWaterfall(ctx, ws, b, root, req.from, req.to, req.theme)
		}
		if err != nil {
			return err
		}
		if wf != nil {
			if wfImg, err = chart.RenderImage(wf, req.wfSize.X, req.wfSize.Y); err != nil {
				return err
			}
		}
		tn, err = tornadoFigure(ctx, ws, b, root, req.scenario, req.theme)
		if err != nil {
			return err
		}
		if tn != nil {
			if tnImg, err = chart.RenderImage(tn, req.tnSize.X, req.tnSize.Y); err != nil {
				return err
			}
		}
		ranks, err = ws.RankDrivers(ctx, req.scenario, kpitree.SensitivityOptions{Window: b.fyWindow(),
			Delta: sensitivityDelta, From: b.hist, All: true})
		return err
	}()
	v.jobs.onUI(func() {
		if err != nil {
			v.status.SetText(AnalysisErrorMessage(err))
			return
		}
		v.status.SetText(lang.L("impact.hint"))
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
		v.ranks = ranks
		v.table.Refresh()
	})
}

// periodWaterfall explains the root's change from period from to period to.
func periodWaterfall(ctx context.Context, ws *workspace.Workspace, b *basis, n kpitree.Node, from, to int, th chart.Theme) (*chart.Waterfall, error) {
	a, err := ws.AttributePeriods(ctx, "", from, to, kpitree.AttributionOptions{Node: n.ID})
	if err != nil {
		return nil, err
	}
	wf := &chart.Waterfall{Title: n.Name, Theme: th, Unit: chartUnit(n),
		Subtitle:   lang.L("chart.waterfall_periods", map[string]any{"From": b.cal.Label(from), "To": b.cal.Label(to)}),
		StartLabel: b.cal.Label(from), EndLabel: b.cal.Label(to), Start: a.Base, End: a.Next,
		UpLabel: lang.L("chart.increase"), DownLabel: lang.L("chart.decrease")}
	for _, p := range a.Parts {
		name := p.Name
		if name == "" {
			name = b.name(p.Node)
		}
		wf.Parts = append(wf.Parts, chart.Contribution{Label: name, Value: p.Value})
	}
	return wf, nil
}
