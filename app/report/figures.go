package report

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Kind names a figure; the values match chart.Figure.Kind.
type Kind string

// The figure kinds, in the order the charts pane shows them.
const (
	Fan       Kind = "fan"
	Compare   Kind = "compare"
	Waterfall Kind = "waterfall"
	Tornado   Kind = "tornado"
	Tree      Kind = "tree"
	Multiples Kind = "multiples"
)

// Kinds lists the figures of one node, in tab order (the tree picture and
// the small multiples are of the whole tree).
func Kinds() []Kind { return []Kind{Fan, Compare, Waterfall, Tornado, Tree} }

// AllKinds is Kinds and the small multiples, what an export can draw.
func AllKinds() []Kind { return append(Kinds(), Multiples) }

// ParseKind reads a figure kind as the CLI's --charts flag writes it.
func ParseKind(s string) (Kind, error) {
	for _, k := range AllKinds() {
		if string(k) == strings.TrimSpace(s) {
			return k, nil
		}
	}
	return "", fmt.Errorf("figure %q: %w", s, ErrUnknownKind)
}

// Request says which figures to build.
type Request struct {
	// Node is the node the fan, compare, waterfall and tornado are about;
	// "" is the root.
	Node string
	// Scenario is drawn beside the base: the fan's only scenario line, the
	// waterfall's and the tornado's scenario, the tree picture's values.
	// "" draws every scenario on the fan and the comparison, explains the
	// first scenario in the waterfall (or, without scenarios, the last
	// period against a year earlier) and ranks drivers on the base.
	Scenario string
	// Kinds are the figures wanted, in order.
	Kinds []Kind
	// Theme is the colour scheme (Light for exports).
	Theme chart.Theme
	// TreeRoot and TreeDepth cut the tree picture: only the subtree under
	// TreeRoot ("" the whole tree), only TreeDepth levels below it (0 all;
	// trees over 10,000 boxes are cut to fit, with a note).
	TreeRoot  string
	TreeDepth int
}

// Basis is what every figure needs to know about a workspace: the tree,
// its calendar, the history length and the fiscal year being planned.
type Basis struct {
	Tree kpitree.Tree
	Cal  kpitree.Calendar
	// Hist is the number of periods with actuals; the forecast starts there.
	Hist int
	// FY is the fiscal year that holds the first forecast period.
	FY    int
	nodes map[string]kpitree.Node
}

// BasisSource is what NewBasis reads: *workspace.Workspace has it, and so
// does every UI pane's small view of the workspace.
type BasisSource interface {
	Evaluate(scenario string) (*workspace.Evaluation, error)
	Tree() kpitree.Tree
}

// Source is what a Builder reads from a workspace: *workspace.Workspace
// has it. Declaring it here lets a UI pane hand its own small interface
// to the builder instead of the concrete workspace.
type Source interface {
	BasisSource
	Scenarios() ([]kpitree.Scenario, error)
	Projection(ctx context.Context, scenario string) (*kpitree.State, error)
	Simulate(ctx context.Context, opt workspace.SimulateOptions) (*workspace.Simulation, error)
	ImpactRank(ctx context.Context, scenario string, opt workspace.ImpactOptions) (*workspace.ImpactRanking, error)
	Attribute(ctx context.Context, scenario string, win kpitree.Window, opt kpitree.AttributionOptions) (*kpitree.Attribution, error)
	AttributePeriods(ctx context.Context, scenario string, from, to int, opt kpitree.AttributionOptions) (*kpitree.Attribution, error)
}

// NewBasis reads the basis of ws.
func NewBasis(ws BasisSource) (*Basis, error) {
	e, err := ws.Evaluate("")
	if err != nil {
		return nil, err
	}
	b := &Basis{Tree: ws.Tree(), Cal: e.Calendar, Hist: e.Calendar.Periods, nodes: map[string]kpitree.Node{}}
	b.FY = b.Cal.PlannedFiscalYear()
	for _, n := range b.Tree.Nodes {
		b.nodes[n.ID] = n
	}
	return b, nil
}

// Node returns node id ("" is the root), named by its id if unnamed.
func (b *Basis) Node(id string) kpitree.Node {
	if id == "" {
		id = b.Tree.Root
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

// FYWindow is the planned fiscal year as an analysis window.
func (b *Basis) FYWindow() kpitree.Window { return kpitree.Window{FiscalYear: b.FY} }

// Builder builds the figures of one workspace in one language.
type Builder struct {
	ws Source
	tr *Translator
	b  *Basis
}

// NewBuilder reads the workspace's basis; tr chooses the language.
func NewBuilder(ws Source, tr *Translator) (*Builder, error) {
	b, err := NewBasis(ws)
	if err != nil {
		return nil, err
	}
	return &Builder{ws: ws, tr: tr, b: b}, nil
}

// Translator is the builder's language.
func (bd *Builder) Translator() *Translator { return bd.tr }

// Basis is the builder's basis.
func (bd *Builder) Basis() *Basis { return bd.b }

// Build builds the requested figures. Kinds with nothing to draw (a
// comparison without scenarios, a tornado without drivers) are left out,
// so the result may be shorter than req.Kinds.
func (bd *Builder) Build(ctx context.Context, req Request) ([]chart.Job, error) {
	n := bd.b.Node(req.Node)
	all, err := bd.ws.Scenarios()
	if err != nil {
		return nil, err
	}
	var sim *workspace.Simulation
	simulate := func() error {
		if sim != nil {
			return nil
		}
		var err error
		sim, err = bd.ws.Simulate(ctx, workspace.SimulateOptions{Nodes: []string{n.ID}, Quantiles: fanQuantiles()})
		if err != nil {
			return fmt.Errorf("charts: %w", err)
		}
		return nil
	}
	var jobs []chart.Job
	for _, k := range req.Kinds {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		var job chart.Job
		var err error
		switch k {
		case Fan:
			if err = simulate(); err == nil {
				job = chart.Job{Node: n.ID, Figure: bd.fan(n, sim, req.Scenario, req.Theme)}
			}
		case Compare:
			if len(all) == 0 {
				continue
			}
			if err = simulate(); err == nil {
				job = chart.Job{Node: n.ID, Figure: bd.compare(n, sim, req.Theme)}
			}
		case Waterfall:
			scen := req.Scenario
			if scen == "" && len(all) > 0 {
				scen = all[0].Name
			}
			var wf *chart.Waterfall
			if scen == "" {
				to := bd.b.Hist - 1
				wf, err = bd.PeriodWaterfall(ctx, n.ID, max(0, to-bd.b.Cal.Freq.YearAgo()), to, req.Theme)
			} else {
				wf, err = bd.ScenarioWaterfall(ctx, n.ID, scen, req.Theme)
			}
			if wf != nil {
				job = chart.Job{Node: n.ID, Scenario: scen, Figure: wf}
			}
		case Tornado:
			var r *workspace.ImpactRanking
			if r, err = bd.Impact(ctx, n.ID, req.Scenario, nil); err == nil {
				if tn := bd.Tornado(r, req.Theme); tn != nil {
					job = chart.Job{Node: n.ID, Scenario: req.Scenario, Figure: tn}
				}
			}
		case Tree:
			var tp *chart.TreePicture
			if tp, err = bd.TreePicture(ctx, req.Scenario, req.Theme); err == nil {
				tp.Root, tp.Depth = req.TreeRoot, req.TreeDepth
				job = chart.Job{Node: bd.b.Tree.Root, Scenario: req.Scenario, Figure: tp}
			}
		case Multiples:
			var sm *chart.SmallMultiples
			if sm, err = bd.Multiples(ctx, req.Theme); err == nil && sm != nil {
				job = chart.Job{Node: bd.b.Tree.Root, Figure: sm}
			}
		default:
			return nil, fmt.Errorf("charts: kind %q: %w", k, ErrUnknownKind)
		}
		if err != nil {
			return nil, err
		}
		if job.Figure != nil {
			jobs = append(jobs, job)
		}
	}
	return jobs, nil
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

func (bd *Builder) fanLabels() chart.FanLabels {
	tr := bd.tr
	return chart.FanLabels{Actual: tr.L("chart.actual"), Forecast: tr.L("chart.forecast"),
		Band80: tr.L("chart.band80"), Band95: tr.L("chart.band95"), Target: tr.L("chart.target")}
}

func (bd *Builder) fan(n kpitree.Node, sim *workspace.Simulation, scenario string, th chart.Theme) *chart.FanChart {
	base := sim.Runs[0]
	series := base.Series[n.ID]
	hist := min(sim.Calendar.Periods, len(series))
	f := &chart.FanChart{Title: n.Name, Subtitle: bd.tr.L("chart.fan_subtitle", map[string]any{"Paths": sim.Paths}),
		Theme: th, Period: bd.tr.Period(bd.b.Cal), Unit: bd.tr.ChartUnit(n.Unit, bd.tr.PeriodUnitLabel(n.Unit)),
		Actual: series[:hist], Target: targetSeries(n, len(series)), Labels: bd.fanLabels()}
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
	f.Markers = bd.Markers(n.ID)
	return f
}

func (bd *Builder) compare(n kpitree.Node, sim *workspace.Simulation, th chart.Theme) *chart.ScenarioCompare {
	tr := bd.tr
	base := sim.Runs[0].Series[n.ID]
	hist := min(sim.Calendar.Periods, len(base))
	c := &chart.ScenarioCompare{Title: n.Name, Subtitle: tr.L("chart.compare_subtitle"), Theme: th,
		Period: tr.Period(bd.b.Cal), Unit: tr.ChartUnit(n.Unit, tr.PeriodUnitLabel(n.Unit)),
		Actual: base[:hist], ActualLabel: tr.L("chart.actual"),
		Base: chart.Line{Name: tr.ScenarioLabel(""), Start: hist, Values: base[hist:]}}
	for _, r := range sim.Runs[1:] {
		c.Scenarios = append(c.Scenarios, chart.Line{Name: r.Scenario, Start: hist, Values: r.Series[n.ID][hist:]})
	}
	return c
}

// ScenarioWaterfall explains how scenario changes the node's value over
// the planned fiscal year against the base; its axis is the fiscal-year
// total ("JPY, FY2026").
func (bd *Builder) ScenarioWaterfall(ctx context.Context, node, scenario string, th chart.Theme) (*chart.Waterfall, error) {
	tr, n := bd.tr, bd.b.Node(node)
	a, err := bd.ws.Attribute(ctx, scenario, bd.b.FYWindow(), kpitree.AttributionOptions{Node: n.ID})
	if err != nil {
		return nil, fmt.Errorf("waterfall: %w", err)
	}
	fy := tr.FiscalLabel(bd.b.FY)
	wf := &chart.Waterfall{Title: n.Name, Theme: th, Unit: tr.ChartUnit(n.Unit, tr.FiscalUnitLabel(n.Unit, bd.b.FY)),
		Subtitle:   tr.L("chart.waterfall_scenario", map[string]any{"Scenario": scenario, "FY": fy}),
		StartLabel: tr.ScenarioLabel(""), EndLabel: scenario, Start: a.Base, End: a.Next,
		UpLabel: tr.L("chart.increase"), DownLabel: tr.L("chart.decrease"), BreakLabel: tr.L("report.waterfall_break")}
	bd.parts(wf, a)
	return wf, nil
}

// PeriodWaterfall explains the node's change from period from to period
// to of the base projection; its axis is the per-period unit.
func (bd *Builder) PeriodWaterfall(ctx context.Context, node string, from, to int, th chart.Theme) (*chart.Waterfall, error) {
	tr, n, cal := bd.tr, bd.b.Node(node), bd.b.Cal
	a, err := bd.ws.AttributePeriods(ctx, "", from, to, kpitree.AttributionOptions{Node: n.ID})
	if err != nil {
		return nil, fmt.Errorf("waterfall: %w", err)
	}
	wf := &chart.Waterfall{Title: n.Name, Theme: th, Unit: tr.ChartUnit(n.Unit, tr.PeriodUnitLabel(n.Unit)),
		Subtitle:   tr.L("chart.waterfall_periods", map[string]any{"From": cal.Label(from), "To": cal.Label(to)}),
		StartLabel: cal.Label(from), EndLabel: cal.Label(to), Start: a.Base, End: a.Next,
		UpLabel: tr.L("chart.increase"), DownLabel: tr.L("chart.decrease"), BreakLabel: tr.L("report.waterfall_break")}
	bd.parts(wf, a)
	return wf, nil
}

func (bd *Builder) parts(wf *chart.Waterfall, a *kpitree.Attribution) {
	for _, p := range a.Parts {
		name := p.Name
		if name == "" {
			name = bd.b.Node(p.Node).Name
		}
		wf.Parts = append(wf.Parts, chart.Contribution{Label: name, Value: p.Value})
	}
}

// TreePicture draws the tree with each node's planned fiscal-year value in
// scenario ("" the base) and its change against the base (or, for the
// base, against the fiscal year before). A node used by several parents
// is drawn under the first one met from the root.
func (bd *Builder) TreePicture(ctx context.Context, scenario string, th chart.Theme) (*chart.TreePicture, error) {
	tr, b := bd.tr, bd.b
	st, err := bd.ws.Projection(ctx, scenario)
	if err != nil {
		return nil, fmt.Errorf("tree picture: %w", err)
	}
	ref, refFY, refLabel := st, b.FY-1, tr.FiscalLabel(b.FY-1)
	if scenario != "" {
		if ref, err = bd.ws.Projection(ctx, ""); err != nil {
			return nil, fmt.Errorf("tree picture: %w", err)
		}
		refFY, refLabel = b.FY, tr.ScenarioLabel("")
	}
	p := st.Program()
	// The one fiscal-year function (flows summed, stocks at the end,
	// ratios over the year's inputs); a year outside the projection is NaN.
	agg := kpitree.NewAggregator(p)
	fyValue := func(s *kpitree.State, i, fy int) float64 {
		v, _ := agg.FiscalYear(i, s.Column, fy, s.Periods())
		return v
	}
	root := p.Index(b.Tree.Root)
	if root < 0 {
		return nil, fmt.Errorf("tree picture: the root %q is not a node; fix it with 'kpitreectl check'", b.Tree.Root)
	}
	tp := &chart.TreePicture{Title: b.Tree.Name, Theme: th,
		Subtitle: tr.L("report.tree_subtitle_fy", map[string]any{"FY": tr.FiscalLabel(b.FY), "Scenario": tr.ScenarioLabel(scenario), "Ref": refLabel}),
		Legend:   []string{tr.L("chart.on_track"), tr.L("chart.at_risk"), tr.L("chart.off_track")}}
	// A tree has a few units: label each once.
	units := map[string]chart.Unit{}
	unitOf := func(u string) chart.Unit {
		cu, ok := units[u]
		if !ok {
			cu = tr.ChartUnit(u, tr.FiscalUnitLabel(u, b.FY))
			units[u] = cu
		}
		return cu
	}
	vsRef := tr.L("report.vs", map[string]any{"Ref": refLabel})
	parent := map[int]int{root: -1}
	queue := []int{root}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		n := b.Node(p.ID(i))
		v, rv := fyValue(st, i, b.FY), fyValue(ref, i, refFY)
		tn := chart.TreeNode{ID: n.ID, Name: n.Name, Unit: unitOf(n.Unit),
			Value: v, Delta: v - rv, DeltaRel: math.NaN(), DeltaLabel: vsRef,
			Op: formulaOp(n.Formula), LowerIsBetter: n.RAG != nil && !n.RAG.HigherIsBetter}
		if rv != 0 && !math.IsNaN(rv) {
			tn.DeltaRel = tn.Delta / math.Abs(rv)
		}
		if tgt, ok := n.FiscalTarget(b.FY); ok && n.RAG != nil {
			tn.Status = ragStatus(v, tgt, *n.RAG)
		}
		if pi := parent[i]; pi >= 0 {
			tn.Parent = p.ID(pi)
		}
		tp.Nodes = append(tp.Nodes, tn)
		for _, c := range p.ChildIndexes(i) {
			if _, seen := parent[c]; !seen {
				parent[c] = i
				queue = append(queue, c)
			}
		}
	}
	return tp, nil
}

// ragStatus classifies value against target by kpitree's rule, the one
// the tree's boxes, the alerts and the review pack use.
func ragStatus(value, target float64, r kpitree.RAG) chart.Status {
	switch r.Status(value, target) {
	case kpitree.StatusGreen:
		return chart.StatusGreen
	case kpitree.StatusAmber:
		return chart.StatusAmber
	case kpitree.StatusRed:
		return chart.StatusRed
	}
	return chart.StatusNone
}

// formulaOp is the operator drawn where a node's children branch: "×" for
// a pure product, "+" for a pure sum, "÷" for a ratio; "" otherwise.
func formulaOp(f string) string {
	has := func(c string) bool { return strings.Contains(f, c) }
	switch {
	case f == "":
		return ""
	case has("*") && !has("+") && !has("-") && !has("/"):
		return "×"
	case has("+") && !has("*") && !has("-") && !has("/"):
		return "+"
	case has("/") && !has("*") && !has("+") && !has("-"):
		return "÷"
	}
	return ""
}

// Multiples draws the history and forecast of every input of the tree on
// one page; nil when the tree has no inputs.
func (bd *Builder) Multiples(ctx context.Context, th chart.Theme) (*chart.SmallMultiples, error) {
	tr, b := bd.tr, bd.b
	var ids []string
	for _, n := range b.Tree.Nodes {
		if n.Kind == kpitree.KindInput {
			ids = append(ids, n.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	sim, err := bd.ws.Simulate(ctx, workspace.SimulateOptions{Nodes: ids, Quantiles: fanQuantiles()})
	if err != nil {
		return nil, fmt.Errorf("small multiples: %w", err)
	}
	base := sim.Runs[0]
	sm := &chart.SmallMultiples{Title: tr.L("report.multiples_title"), Theme: th,
		Subtitle: tr.L("report.multiples_subtitle", map[string]any{"Tree": b.Tree.Name}),
		Labels:   bd.fanLabels(), NoDataLabel: tr.L("report.no_data")}
	for _, id := range ids {
		n := b.Node(id)
		series := base.Series[id]
		hist := min(sim.Calendar.Periods, len(series))
		f := chart.FanChart{Title: n.Name, Period: tr.Period(b.Cal), Unit: tr.ChartUnit(n.Unit, tr.PeriodUnitLabel(n.Unit)),
			Actual: series[:hist]}
		if bands := base.Bands[id]; len(bands) > 0 {
			f.Forecast = bandFrom(bands, hist)
		}
		f.Markers = bd.Markers(id) // the notes and initiatives the fan chart shows
		sm.Panels = append(sm.Panels, f)
	}
	return sm, nil
}
