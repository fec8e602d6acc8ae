package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/parallel"
	"github.com/kpitree/kpitree/kpitree"
)

// Goal asks for the probability that a node reaches a target.
type Goal struct {
	// Node is the node id; or "" for the root.
	Node string
	// Window is the period or fiscal year, in calendar periods.
	Window kpitree.Window
	// Value is the target for the node's window value (FiscalYearValues:
	// the year's total for a flow, its end for a stock, the formula over
	// the year's inputs for a ratio).
	Value float64
}

// SimulateOptions control Simulate.
type SimulateOptions struct {
	// Scenarios are simulated beside the base; nil means every scenario.
	Scenarios []string
	// Paths and Seed override the settings' Monte Carlo paths and seed; 0
	// keeps the settings (and then uses, or fills, the forecast cache).
	Paths int
	Seed  uint64
	// Quantiles are the probabilities reported; nil means
	// kpitree.DefaultQuantiles().
	Quantiles []float64
	// Nodes are the ids given Monte Carlo bands; nil means the root only.
	Nodes []string
	// Goal, if not nil, asks for P(node's window value ≥ Goal.Value).
	Goal *Goal
	// OnProgress, if not nil, is called with the paths done and the total
	// (one pass of the paths serves the base and every scenario).
	OnProgress func(done, total int)
}

// Simulation is the tree pushed through history plus forecasts, for the
// base and each scenario.
type Simulation struct {
	// Calendar is the tree's calendar; Periods is the history length.
	Calendar kpitree.Calendar
	// Horizon is the number of forecast periods after the history.
	Horizon int
	// Paths is the number of Monte Carlo paths used.
	Paths int
	// Quantiles are the probabilities of every band.
	Quantiles []float64
	// Runs holds the base (Scenario "") first, then the scenarios by name.
	Runs []SimRun
	// Notes say what was assumed, e.g. leaves held flat without a forecast.
	Notes []string
}

// SimRun is one scenario's simulation.
type SimRun struct {
	Scenario string
	// Series maps every node id to its deterministic values over history
	// plus horizon (forecast means through the tree, scenario applied).
	Series map[string][]float64
	// Bands maps each requested node to its Monte Carlo quantiles:
	// Bands[id][t][k] is quantile k at forecast period t (0 = first period
	// after the history).
	Bands map[string][][]float64
	// ProbGoal is P(goal reached) over the paths; NaN without a goal.
	ProbGoal float64
}

// leafFuture is one leaf's forecast mean and sample paths.
type leafFuture struct {
	mean  []float64
	paths [][]float64
}

// Simulate evaluates the base and scenarios over the history and the
// forecast horizon, deterministically (forecast means) and by Monte Carlo
// over the leaves' sample paths. It works on a snapshot and honours ctx.
func (w *Workspace) Simulate(ctx context.Context, opt SimulateOptions) (*Simulation, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	futures, h, err := w.futures(ctx, s, opt.Paths, opt.Seed, true)
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	names := opt.Scenarios
	if names == nil {
		names = sortedKeys(s.scenarios)
	}
	runs := []*kpitree.Scenario{nil}
	for _, n := range names {
		sc, ok := s.scenarios[n]
		if !ok {
			return nil, fmt.Errorf("simulate %s: %w", kpitree.Quote(n), ErrUnknownScenario)
		}
		runs = append(runs, &sc)
	}
	t := s.evalTree()
	p, _, err := s.program()
	if err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	hist := t.Calendar.Periods
	in := s.inputs(t.Calendar)
	qs := opt.Quantiles
	if qs == nil {
		qs = kpitree.DefaultQuantiles()
	}
	for _, q := range qs {
		if !(q > 0 && q < 1) {
			return nil, fmt.Errorf("simulate: quantile %v: use probabilities between 0 and 1: %w", q, ErrBadSettings)
		}
	}
	nodes := opt.Nodes
	if nodes == nil {
		nodes = []string{t.Root}
	}
	nodeIdx := make([]int, len(nodes))
	for k, id := range nodes {
		if nodeIdx[k] = p.Index(id); nodeIdx[k] < 0 {
			return nil, fmt.Errorf("simulate: node %s: %w", kpitree.Quote(id), kpitree.ErrUnknownNode)
		}
	}
	sim := &Simulation{Calendar: t.Calendar, Horizon: h, Quantiles: slices.Clone(qs)}
	nPaths := -1
	for _, id := range sortedKeys(futures) {
		if n := len(futures[id].paths); nPaths < 0 || n < nPaths {
			nPaths = n
		}
	}
	nPaths = max(nPaths, 0)
	sim.Paths = nPaths
	// Leaves without a forecast (unbound inputs with typed values; a bound
	// leaf whose forecast failed stops futures) keep their last value: the
	// simulation says so.
	for _, id := range p.Leaves() {
		if _, ok := futures[id]; !ok {
			sim.Notes = append(sim.Notes, fmt.Sprintf("%s has no forecast; its last value is held flat", id))
		}
	}
	var goal *goalSpec
	if opt.Goal != nil {
		if goal, err = newGoalSpec(p, t, *opt.Goal, hist+h); err != nil {
			return nil, fmt.Errorf("simulate: %w", err)
		}
	}
	var st *kpitree.State
	for _, sc := range runs {
		run, s, err := deterministicRun(p, sc, in, futures, hist, h)
		if err != nil {
			return nil, fmt.Errorf("simulate: %w", err)
		}
		st = s
		sim.Runs = append(sim.Runs, *run)
	}
	if nPaths == 0 {
		return sim, nil
	}
	var progress func(done int)
	if opt.OnProgress != nil {
		progress = func(done int) { opt.OnProgress(done, nPaths) }
	}
	if err := monteCarloRuns(ctx, p, st, runs, sim.Runs, in, futures, hist, h, nPaths, nodeIdx, qs, goal, progress); err != nil {
		return nil, fmt.Errorf("simulate: %w", err)
	}
	return sim, nil
}

// futures returns every bound leaf's forecast: from the cache when paths
// and seed are the settings' (filling it first), else computed afresh.
// Without withPaths only the means are wanted (projections): cached
// forecasts then come without their sample paths, which would have to be
// regenerated.
func (w *Workspace) futures(ctx context.Context, s *state, paths int, seed uint64, withPaths bool) (map[string]leafFuture, int, error) {
	jobs, cal := s.forecastJobs()
	h := s.horizon(cal)
	out := map[string]leafFuture{}
	if len(jobs) == 0 {
		return out, h, nil
	}
	if (paths == 0 || paths == s.settings.Paths) && (seed == 0 || seed == s.settings.Seed) {
		if _, err := w.ForecastAll(ctx, ForecastOptions{}); err != nil {
			return nil, 0, err
		}
		fc := w.Forecasts()
		var hit []forecastJob
		var lfs []*LeafForecast
		var missing []forecastJob
		for _, j := range jobs {
			if lf := fc[j.node]; lf != nil && !withPaths {
				out[j.node] = leafFuture{mean: lf.Mean}
			} else if lf != nil {
				hit, lfs = append(hit, j), append(lfs, lf)
			} else {
				missing = append(missing, j)
			}
		}
		paths, err := w.leafPaths(ctx, hit, lfs)
		if err != nil {
			return nil, 0, err
		}
		for k, j := range hit {
			if paths[k] == nil {
				missing = append(missing, j) // regenerated differently: compute afresh
				continue
			}
			out[j.node] = leafFuture{mean: lfs[k].Mean, paths: paths[k]}
		}
		jobs = missing
	}
	if len(jobs) == 0 {
		return out, h, nil
	}
	if paths < 0 || paths > maxPaths {
		return nil, 0, fmt.Errorf("paths %d: use 1–%d: %w", paths, maxPaths, ErrBadSettings)
	}
	// Leaves are forecast in parallel; each result depends only on its own
	// series and seed.
	res := make([]*forecast.Result, len(jobs))
	errs := make([]error, len(jobs))
	if err := parallel.Each(ctx, len(jobs), func(k int) {
		j := jobs[k]
		if paths > 0 {
			j.spec.Paths = paths
		}
		if seed != 0 {
			j.spec.Seed = leafSeed(seed, j.node)
		}
		res[k], errs[k] = forecast.Forecast(ctx, j.y, j.spec)
	}); err != nil {
		return nil, 0, err
	}
	failed := map[string]error{}
	for k, j := range jobs {
		if errs[k] != nil {
			failed[j.node] = errs[k]
			continue
		}
		out[j.node] = leafFuture{mean: res[k].Mean, paths: res[k].Paths}
	}
	if len(failed) > 0 {
		// A bound leaf without a forecast would be held flat and the
		// result labelled a forecast: refuse, naming the leaves.
		return nil, 0, noForecastErr(failed)
	}
	return out, h, nil
}

// goalSpec is a Goal resolved against a program.
type goalSpec struct {
	node   int
	window kpitree.Window
	value  float64
}

func newGoalSpec(p *kpitree.Program, t kpitree.Tree, g Goal, periods int) (*goalSpec, error) {
	id := g.Node
	if id == "" {
		id = t.Root
	}
	i := p.Index(id)
	if i < 0 {
		return nil, fmt.Errorf("goal node %s: %w", kpitree.Quote(id), kpitree.ErrUnknownNode)
	}
	gs := &goalSpec{node: i, window: g.Window, value: g.Value}
	if g.Window.FiscalYear != 0 {
		from, to := t.Calendar.FiscalPeriods(g.Window.FiscalYear)
		if from < 0 || to > periods || from >= to {
			return nil, fmt.Errorf("fiscal year %d is not wholly inside the %d periods simulated: extend the horizon: %w", g.Window.FiscalYear, periods, kpitree.ErrBadWindow)
		}
	} else {
		if g.Window.Period < 0 || g.Window.Period >= periods {
			return nil, fmt.Errorf("period %d is outside the %d periods simulated: %w", g.Window.Period, periods, kpitree.ErrBadWindow)
		}
	}
	return gs, nil
}

// deterministicRun evaluates scenario sc (nil: the base) over history plus
// horizon with every leaf at its forecast mean, and returns the run and the
// State (whose input columns hold the leaves' history).
func deterministicRun(p *kpitree.Program, sc *kpitree.Scenario, in kpitree.Inputs,
	futures map[string]leafFuture, hist, h int) (*SimRun, *kpitree.State, error) {
	name := ""
	if sc != nil {
		name = sc.Name
	}
	run := &SimRun{Scenario: name, Series: map[string][]float64{}, Bands: map[string][][]float64{}, ProbGoal: math.NaN()}
	st := p.NewState(hist + h)
	if err := st.SetScenario(sc); err != nil {
		return nil, nil, fmt.Errorf("scenario %s: %w", kpitree.Quote(name), err)
	}
	fill := leafFiller(p, st, in, futures, hist, h)
	fill(-1)
	st.Run()
	if err := overflowErr(p, st, name); err != nil {
		return nil, nil, err
	}
	for i := range p.Len() {
		run.Series[p.ID(i)] = slices.Clone(st.Column(i))
	}
	return run, st, nil
}

// monteCarloRuns pushes every leaf's sample paths through the tree for all
// runs (scenarios) in one pass of the vectorised kernel, which applies each
// scenario on every path and carries lag and cumsum over from the history:
// the numbers a State per path gives (the reference its tests compare
// against), while a node no scenario reaches is evaluated once for all.
func monteCarloRuns(ctx context.Context, p *kpitree.Program, st *kpitree.State, scs []*kpitree.Scenario, runs []SimRun,
	in kpitree.Inputs, futures map[string]leafFuture, hist, h, nPaths int, nodes []int, qs []float64, goal *goalSpec,
	progress func(done int)) error {
	mc := kpitree.MonteCarloInput{Paths: nPaths, Horizon: h, Start: hist, Scenario: scs[0], Quantiles: qs,
		Samples: map[string][]float64{}, History: kpitree.Inputs{}, Nodes: make([]string, len(nodes))}
	for k, i := range nodes {
		mc.Nodes[k] = p.ID(i)
	}
	for _, id := range p.Leaves() {
		i := p.Index(id)
		raw := st.Input(i)
		if raw == nil || p.Broken(i) {
			continue
		}
		hv, bound := in[id]
		if !bound {
			hv = slices.Clone(raw[:min(hist, len(raw))])
		}
		mc.History[id] = hv
		last := lastValue(hv)
		f, ok := futures[id]
		if !ok {
			flat := make([]float64, h)
			for t := range flat {
				flat[t] = last
			}
			mc.Samples[id] = flat
			continue
		}
		s := make([]float64, nPaths*h)
		for path := range nPaths {
			src, row := f.paths[path], s[path*h:(path+1)*h]
			for t := range row {
				row[t] = last
				if t < len(src) {
					row[t] = src[t]
				}
			}
		}
		mc.Samples[id] = s
	}
	if goal != nil {
		mc.Goal = &kpitree.MonteCarloGoal{Node: p.ID(goal.node), Window: goal.window, Value: goal.value}
	}
	if progress != nil {
		mc.OnProgress = func(done, _ int) { progress(done) }
	}
	res, err := kpitree.MonteCarloProgram(ctx, p, mc, scs[1:])
	if err != nil {
		return err
	}
	for r, rr := range res {
		if goal != nil && rr.GoalPaths > 0 {
			runs[r].ProbGoal = rr.ProbGoal
		}
		for _, i := range nodes {
			runs[r].Bands[p.ID(i)] = rr.Bands[p.ID(i)]
		}
	}
	return nil
}

// lastValue is the last non-missing value of xs; NaN if none.
func lastValue(xs []float64) float64 {
	for i := len(xs) - 1; i >= 0; i-- {
		if !math.IsNaN(xs[i]) {
			return xs[i]
		}
	}
	return math.NaN()
}

// leafFiller returns a function that writes every input leaf's column of
// st: the history, then forecast path p (p < 0: the forecast mean), or the
// last observed value held flat when the leaf has no forecast.
func leafFiller(p *kpitree.Program, st *kpitree.State, in kpitree.Inputs, futures map[string]leafFuture, hist, h int) func(path int) {
	type leafCol struct {
		raw  []float64
		hist []float64
		fut  *leafFuture
	}
	var cols []leafCol
	for _, id := range p.Leaves() {
		raw := st.Input(p.Index(id))
		if raw == nil {
			continue
		}
		hv, bound := in[id]
		if !bound {
			hv = slices.Clone(raw[:min(hist, len(raw))])
		}
		lc := leafCol{raw: raw, hist: hv}
		if f, ok := futures[id]; ok {
			lc.fut = &f
		}
		cols = append(cols, lc)
	}
	return func(path int) {
		for _, c := range cols {
			copy(c.raw, c.hist)
			var src []float64
			if c.fut != nil {
				src = c.fut.mean
				if path >= 0 {
					src = c.fut.paths[path]
				}
			}
			last := lastValue(c.hist)
			for t := 0; t < h; t++ {
				v := last
				if t < len(src) {
					v = src[t]
				}
				c.raw[hist+t] = v
			}
		}
	}
}

// overflowErr returns an error wrapping kpitree.ErrOverflow when a value
// of st is too large to compute (±Inf), naming the first such node and
// period, so an absurd input or scenario value (1e308) is reported as such
// instead of as missing data or a blank result; or nil.
func overflowErr(p *kpitree.Program, st *kpitree.State, scenario string) error {
	ov := st.Overflows()
	if len(ov) == 0 {
		return nil
	}
	t := p.Tree()
	n, _, _ := t.NodeByID(ov[0].Node)
	name := n.Name
	if name == "" {
		name = n.ID
	}
	where := "the base"
	if scenario != "" {
		where = "scenario " + kpitree.Quote(scenario)
	}
	return fmt.Errorf("%s: %s is too large to compute from %s: look for an absurd value such as 1e308 in the scenario's overrides or the data: %w",
		where, kpitree.Quote(name), t.Calendar.Label(ov[0].Period), kpitree.ErrOverflow)
}
