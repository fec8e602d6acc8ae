package ui

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// ChartKind names one of the figures the charts pane and the export dialog
// offer; the values match chart.Figure.Kind.
type ChartKind string

// The chart kinds, in tab order.
const (
	ChartFan       ChartKind = "fan"
	ChartCompare   ChartKind = "compare"
	ChartWaterfall ChartKind = "waterfall"
	ChartTornado   ChartKind = "tornado"
	ChartTree      ChartKind = "tree"
)

// ChartKinds lists every kind in tab order.
func ChartKinds() []ChartKind {
	return []ChartKind{ChartFan, ChartCompare, ChartWaterfall, ChartTornado, ChartTree}
}

// ChartRequest says which figures to build.
type ChartRequest struct {
	// Node is the node the fan, waterfall and tornado are about; "" = root.
	Node string
	// Scenario is drawn beside the base (fan line, waterfall vs base,
	// tornado around it); "" compares with the first scenario if any.
	Scenario string
	// Kinds are the figures wanted, in order.
	Kinds []ChartKind
	// Theme is the colour scheme (Light for exports).
	Theme chart.Theme
}

// basis is what every analysis needs to know about a workspace: the tree,
// its calendar, the history length and the fiscal year being planned.
type basis struct {
	tree kpitree.Tree
	cal  kpitree.Calendar
	hist int
	// fy is the fiscal year that contains the first forecast period.
	fy    int
	nodes map[string]kpitree.Node
}

func newBasis(ws *workspace.Workspace) (*basis, error) {
	e, err := ws.Evaluate("")
	if err != nil {
		return nil, err
	}
	b := &basis{tree: ws.Tree(), cal: e.Calendar, hist: e.Calendar.Periods, nodes: map[string]kpitree.Node{}}
	b.fy = b.cal.FiscalYear(b.hist)
	for _, n := range b.tree.Nodes {
		b.nodes[n.ID] = n
	}
	return b, nil
}

// node returns the node id ("" = root), with its id as name if unnamed.
func (b *basis) node(id string) kpitree.Node {
	if id == "" {
		id = b.tree.Root
	}
	n, ok := b.nodes[id]
	if !ok {
		return kpitree.Node{ID: id, Name: id}
	}
	if n.Name == "" {
		n.Name = n.ID
	}
	return n
}

func (b *basis) name(id string) string { return b.node(id).Name }

// fyWindow is the planned fiscal year as an analysis window.
func (b *basis) fyWindow() kpitree.Window { return kpitree.Window{FiscalYear: b.fy} }

// fyLabel names the planned fiscal year in the user's language.
func (b *basis) fyLabel() string { return fiscalLabel(b.fy) }

// fiscalLabel is "FY2025" or "2025年度".
func fiscalLabel(fy int) string {
	return lang.L("chart.fy", map[string]any{"Year": fy})
}

// chartUnit maps a node's unit to a chart unit labelled with the unit,
// numbered the way the UI language writes numbers.
func chartUnit(n kpitree.Node) chart.Unit {
	label := unitText(n.Unit) // the axis title; the cases below test the stored unit
	var u chart.Unit
	switch {
	case n.Unit == "%":
		u = chart.Percent(label)
	case strings.HasPrefix(n.Unit, "JPY"):
		u = chart.Yen(label)
	case n.Unit == "people" || n.Unit == "customers" || n.Unit == "accounts":
		u = chart.Count(label)
	default:
		u = chart.Number(label)
	}
	u.Numbering = chartNumbering()
	return u
}

// chartNumbering is 万/億 when the UI language writes numbers that way,
// the same switch compact uses, so a chart pasted into a Japanese deck
// reads like the boxes on screen.
func chartNumbering() chart.Numbering {
	if lang.L("format.number_style") == "man-oku" {
		return chart.NumberingJapanese
	}
	return chart.NumberingWestern
}

// chartPeriod maps a calendar to the charts' x axis.
func chartPeriod(cal kpitree.Calendar) chart.Period {
	p := chart.Period{Start: cal.Start, FiscalYearStart: cal.FiscalYearStart, FiscalLabel: lang.L("chart.fy_pattern")}
	switch cal.Freq {
	case kpitree.Quarter:
		p.Freq = chart.Quarterly
	case kpitree.Week:
		p.Freq = chart.Weekly
	case kpitree.Day:
		p.Freq = chart.Daily
	case kpitree.Year:
		p.Freq = chart.Yearly
	}
	return p
}

// fanLabels are the translated legend texts.
func fanLabels() chart.FanLabels {
	return chart.FanLabels{Actual: lang.L("chart.actual"), Forecast: lang.L("chart.forecast"),
		Band80: lang.L("chart.band80"), Band95: lang.L("chart.band95"), Target: lang.L("chart.target")}
}

// fanQuantiles are the Monte Carlo quantiles a fan chart needs, in the
// order bandFrom reads them.
func fanQuantiles() []float64 { return []float64{0.025, 0.1, 0.5, 0.9, 0.975} }

// bandFrom turns Monte Carlo quantiles (fanQuantiles order) into a band.
func bandFrom(bands [][]float64, start int) chart.Band {
	b := chart.Band{Start: start}
	for _, q := range bands {
		if len(q) < 5 {
			return chart.Band{}
		}
		b.Lo95, b.Lo80, b.Median, b.Hi80, b.Hi95 = append(b.Lo95, q[0]), append(b.Lo80, q[1]),
			append(b.Median, q[2]), append(b.Hi80, q[3]), append(b.Hi95, q[4])
	}
	return b
}

// targetSeries is the node's per-period targets over n periods; or nil.
func targetSeries(n kpitree.Node, periods int) []float64 {
	var out []float64
	for i := range periods {
		if v, ok := n.TargetFor(i); ok {
			if out == nil {
				out = make([]float64, periods)
				for j := range out {
					out[j] = math.NaN()
				}
			}
			out[i] = v
		}
	}
	return out
}

// scenarioLabel is the display name of a scenario ("" = base).
func scenarioLabel(name string) string {
	if name == "" {
		return lang.L("scenario.base")
	}
	return name
}

// BuildCharts builds the requested figures from the workspace: the fan chart
// with Monte Carlo bands, the scenario comparison, the attribution waterfall
// (scenario vs base for the planned fiscal year, or this period vs a year
// earlier without scenarios), the sensitivity tornado and the tree picture.
// Kinds that have nothing to draw (a comparison without scenarios) are left
// out, so the result may be shorter than req.Kinds.
func BuildCharts(ctx context.Context, ws *workspace.Workspace, req ChartRequest) ([]chart.Job, error) {
	b, err := newBasis(ws)
	if err != nil {
		return nil, err
	}
	n := b.node(req.Node)
	scen := req.Scenario
	all, err := ws.Scenarios()
	if err != nil {
		return nil, err
	}
	if scen == "" && len(all) > 0 {
		scen = all[0].Name
	}
	var jobs []chart.Job
	var sim *workspace.Simulation
	simulate := func() error {
		if sim != nil {
			return nil
		}
		var err error
		sim, err = ws.Simulate(ctx, workspace.SimulateOptions{Scenarios: nil, Nodes: []string{n.ID}, Quantiles: fanQuantiles()})
		if err != nil {
			return fmt.Errorf("charts: %w", err)
		}
		return nil
	}
	for _, k := range req.Kinds {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		switch k {
		case ChartFan:
			if err := simulate(); err != nil {
				return nil, err
			}
			jobs = append(jobs, chart.Job{Node: n.ID, Figure: fanFigure(b, n, sim, req.Scenario, req.Theme)})
		case ChartCompare:
			if len(all) == 0 {
				continue
			}
			if err := simulate(); err != nil {
				return nil, err
			}
			jobs = append(jobs, chart.Job{Node: n.ID, Figure: compareFigure(b, n, sim, req.Theme)})
		case ChartWaterfall:
			wf, err := waterfallFigure(ctx, ws, b, n, scen, req.Theme)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, chart.Job{Node: n.ID, Scenario: scen, Figure: wf})
		case ChartTornado:
			tn, err := tornadoFigure(ctx, ws, b, n, req.Scenario, req.Theme)
			if err != nil {
				return nil, err
			}
			if tn != nil {
				jobs = append(jobs, chart.Job{Node: n.ID, Scenario: req.Scenario, Figure: tn})
			}
		case ChartTree:
			jobs = append(jobs, chart.Job{Figure: treeFigure(ws, b, req.Theme)})
		default:
			return nil, fmt.Errorf("charts: kind %q: %w", k, ErrNotSupported)
		}
	}
	return jobs, nil
}

func fanFigure(b *basis, n kpitree.Node, sim *workspace.Simulation, scenario string, th chart.Theme) *chart.FanChart {
	base := sim.Runs[0]
	series := base.Series[n.ID]
	hist := min(sim.Calendar.Periods, len(series))
	f := &chart.FanChart{Title: n.Name, Subtitle: lang.L("chart.fan_subtitle", map[string]any{"Paths": sim.Paths}),
		Theme: th, Period: chartPeriod(b.cal), Unit: chartUnit(n), Actual: series[:hist],
		Target: targetSeries(n, len(series)), Labels: fanLabels()}
	if bands := base.Bands[n.ID]; len(bands) > 0 {
		f.Forecast = bandFrom(bands, hist)
	} else if len(series) > hist {
		f.Forecast = chart.Band{Start: hist, Median: series[hist:]}
	}
	for _, r := range sim.Runs[1:] {
		if scenario != "" && r.Scenario != scenario {
			continue
		}
		f.Scenarios = append(f.Scenarios, chart.Line{Name: r.Scenario, Start: hist, Values: r.Series[n.ID][hist:]})
	}
	return f
}

func compareFigure(b *basis, n kpitree.Node, sim *workspace.Simulation, th chart.Theme) *chart.ScenarioCompare {
	base := sim.Runs[0].Series[n.ID]
	hist := min(sim.Calendar.Periods, len(base))
	c := &chart.ScenarioCompare{Title: n.Name, Subtitle: lang.L("chart.compare_subtitle"), Theme: th,
		Period: chartPeriod(b.cal), Unit: chartUnit(n), Actual: base[:hist], ActualLabel: lang.L("chart.actual"),
		Base: chart.Line{Name: lang.L("scenario.base"), Start: hist, Values: base[hist:]}}
	for _, r := range sim.Runs[1:] {
		c.Scenarios = append(c.Scenarios, chart.Line{Name: r.Scenario, Start: hist, Values: r.Series[n.ID][hist:]})
	}
	return c
}

// waterfallFigure explains the node's change: scenario vs base over the
// planned fiscal year, or (without a scenario) the last actual period
// against the same period a year earlier.
func waterfallFigure(ctx context.Context, ws *workspace.Workspace, b *basis, n kpitree.Node, scenario string, th chart.Theme) (*chart.Waterfall, error) {
	if scenario == "" {
		to := b.hist - 1
		return periodWaterfall(ctx, ws, b, n, max(0, to-seasonOf(b.cal.Freq)), to, th)
	}
	a, err := ws.Attribute(ctx, scenario, b.fyWindow(), kpitree.AttributionOptions{Node: n.ID})
	if err != nil {
		return nil, err
	}
	wf := &chart.Waterfall{Title: n.Name, Theme: th, Unit: chartUnit(n),
		Subtitle:   lang.L("chart.waterfall_scenario", map[string]any{"Scenario": scenario, "FY": b.fyLabel()}),
		StartLabel: lang.L("scenario.base"), EndLabel: scenario, Start: a.Base, End: a.Next,
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

// seasonOf is a year in periods of freq (for "same period last year").
func seasonOf(f kpitree.Freq) int {
	switch f {
	case kpitree.Day:
		return 364
	case kpitree.Week:
		return 52
	case kpitree.Quarter:
		return 4
	case kpitree.Year:
		return 1
	}
	return 12
}

// sensitivityDelta is the tornado's swing: every driver ±10 %.
const sensitivityDelta = 0.1

func tornadoFigure(ctx context.Context, ws *workspace.Workspace, b *basis, n kpitree.Node, scenario string, th chart.Theme) (*chart.Tornado, error) {
	rows, err := ws.Sensitivity(ctx, scenario, kpitree.SensitivityOptions{Node: n.ID, Window: b.fyWindow(),
		Delta: sensitivityDelta, From: b.hist, All: true})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	if scenario != "" {
		if rows, err = swingOverridden(ctx, ws, b, n, scenario, rows); err != nil {
			return nil, err
		}
	}
	tn := &chart.Tornado{Title: n.Name, Subtitle: lang.L("chart.tornado_subtitle", map[string]any{"FY": b.fyLabel()}),
		Theme: th, Unit: chartUnit(n), Base: rows[0].Base, BaseLabel: lang.L("scenario.base"),
		LowLabel: lang.L("chart.driver_down"), HighLabel: lang.L("chart.driver_up")}
	for _, r := range rows {
		name := r.Name
		if name == "" {
			name = b.name(r.Driver)
		}
		tn.Bars = append(tn.Bars, chart.Sensitivity{Label: name, Low: r.Low, High: r.High})
	}
	return tn, nil
}

// swingOverridden recomputes the rows of the drivers that scenario
// overrides.
//
// kpitree.Sensitivity swings each driver's input series, and a scenario's
// set override then replaces the swung value with its own, so the driver
// the scenario is about showed an empty bar (and an add override diluted
// the swing). Here the driver's value as the scenario leaves it is swung
// instead: the scenario is evaluated with one more override that scales
// the driver by 1 ± δ from the first forecast period (overrides apply in
// order, so it acts on the overridden value). Rates are not clamped to
// 100 % here, unlike Sensitivity's. The rows are re-ranked by swing.
func swingOverridden(ctx context.Context, ws *workspace.Workspace, b *basis, n kpitree.Node, scenario string, rows []kpitree.SensitivityRow) ([]kpitree.SensitivityRow, error) {
	sc, err := ws.Scenario(scenario)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{} // overridden drivers
	for _, o := range sc.Overrides {
		set[o.Node] = true
	}
	if !slices.ContainsFunc(rows, func(r kpitree.SensitivityRow) bool { return set[r.Driver] }) {
		return rows, nil
	}
	st, err := ws.Projection(ctx, "")
	if err != nil {
		return nil, err
	}
	st = st.Clone() // the projection may be cached and shared: never change it
	measure := func(extra ...kpitree.Override) (float64, error) {
		s := kpitree.Scenario{Name: sc.Name, Overrides: append(slices.Clone(sc.Overrides), extra...)}
		if err := st.SetScenario(&s); err != nil {
			return math.NaN(), fmt.Errorf("tornado for %s: %w", scenario, err)
		}
		st.Run()
		v, _ := kpitree.FiscalValue(b.cal, st.Values(n.ID), b.fy, n.Aggregation)
		return v, nil
	}
	base, err := measure()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(rows)
	for i, r := range out {
		if !set[r.Driver] {
			continue
		}
		swing := func(sign float64) (float64, error) {
			v, err := measure(kpitree.Override{Node: r.Driver, Op: kpitree.OpScale, Value: sign * sensitivityDelta * 100, From: b.hist, To: -1})
			// Shift onto Sensitivity's base so the bar meets the base line
			// even where the two aggregate the window differently.
			return r.Base + (v - base), err
		}
		if out[i].Low, err = swing(-1); err != nil {
			return nil, err
		}
		if out[i].High, err = swing(1); err != nil {
			return nil, err
		}
		out[i].Swing = math.Abs(out[i].High - out[i].Low)
	}
	slices.SortStableFunc(out, func(a, b kpitree.SensitivityRow) int { return cmp.Compare(b.Swing, a.Swing) })
	return out, nil
}

// treeFigure draws the tree with each node's last actual value and its
// change over the last period.
func treeFigure(ws *workspace.Workspace, b *basis, th chart.Theme) *chart.TreePicture {
	e, _ := ws.Evaluate("")
	st := DeriveStructure(b.tree)
	tp := &chart.TreePicture{Title: b.tree.Name, Subtitle: lang.L("chart.tree_subtitle"), Theme: th,
		Legend: []string{lang.L("chart.on_track"), lang.L("chart.at_risk"), lang.L("chart.off_track")}}
	for _, id := range st.Order {
		n := b.node(id)
		tn := chart.TreeNode{ID: id, Parent: st.Parent[id], Name: n.Name, Unit: chartUnit(n),
			Value: math.NaN(), Delta: math.NaN(), DeltaRel: math.NaN(), DeltaLabel: lang.L("chart.vs_prev"), Op: st.Op[id]}
		if e != nil {
			vals := e.Values(id)
			if v, i := lastValue(vals); i >= 0 {
				tn.Value = v
				if i > 0 && !math.IsNaN(vals[i-1]) {
					tn.Delta = v - vals[i-1]
					if vals[i-1] != 0 {
						tn.DeltaRel = tn.Delta / math.Abs(vals[i-1])
					}
				}
				if tgt, ok := latestTarget(n.Targets, i); ok && n.RAG != nil {
					tn.Status = chartStatus(RateRAG(v, tgt, *n.RAG))
				}
			}
		}
		tn.LowerIsBetter = n.RAG != nil && !n.RAG.HigherIsBetter
		tp.Nodes = append(tp.Nodes, tn)
	}
	return tp
}

func chartStatus(r RAG) chart.Status {
	switch r {
	case RAGGreen:
		return chart.StatusGreen
	case RAGAmber:
		return chart.StatusAmber
	case RAGRed:
		return chart.StatusRed
	}
	return chart.StatusNone
}

// controllableDrivers lists the input nodes a scenario can move, the
// controllable ones first, each group in tree order.
func controllableDrivers(t kpitree.Tree) []kpitree.Node {
	var out []kpitree.Node
	for _, n := range t.Nodes {
		if n.Kind == kpitree.KindInput || n.Kind == kpitree.KindConstant {
			out = append(out, n)
		}
	}
	slices.SortStableFunc(out, func(a, b kpitree.Node) int {
		switch {
		case a.Controllable == b.Controllable:
			return 0
		case a.Controllable:
			return -1
		}
		return 1
	})
	return out
}
