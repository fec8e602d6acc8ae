package workspace

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/kpitree/kpitree/forecast"
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
	// OnProgress, if not nil, is called with the paths done and the total.
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
	futures, h, err := w.futures(ctx, s, opt.Paths, opt.Seed)
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
	total := len(runs) * nPaths
	for r, sc := range runs {
		run, err := simulateRun(ctx, p, sc, in, futures, hist, h, nPaths, nodeIdx, qs, goal, func(done int) {
			if opt.OnProgress != nil {
				opt.OnProgress(r*nPaths+done, total)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("simulate: %w", err)
		}
		sim.Runs = append(sim.Runs, *run)
	}
	return sim, nil
}

// futures returns every bound leaf's forecast: from the cache when paths
// and seed are the settings' (filling it first), else computed afresh.
func (w *Workspace) futures(ctx context.Context, s *state, paths int, seed uint64) (map[string]leafFuture, int, error) {
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
		var missing []forecastJob
		for _, j := range jobs {
			if lf := fc[j.node]; lf != nil {
				if p := w.leafPaths(lf); p != nil {
					out[j.node] = leafFuture{mean: lf.Mean, paths: p}
					continue
				}
			}
			missing = append(missing, j) // damaged cached paths: compute afresh
		}
		jobs = missing
	}
	if len(jobs) == 0 {
		return out, h, nil
	}
	if paths < 0 || paths > maxPaths {
		return nil, 0, fmt.Errorf("paths %d: use 1–%d: %w", paths, maxPaths, ErrBadSettings)
	}
	failed := map[string]error{}
	for _, j := range jobs {
		if paths > 0 {
			j.spec.Paths = paths
		}
		if seed != 0 {
			j.spec.Seed = leafSeed(seed, j.node)
		}
		r, err := forecast.Forecast(ctx, j.y, j.spec)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, err
			}
			failed[j.node] = err
			continue
		}
		out[j.node] = leafFuture{mean: r.Mean, paths: r.Paths}
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
	node     int
	from, to int // the window's periods [from, to)
	agg      *kpitree.Aggregator
	value    float64
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
	gs := &goalSpec{node: i, value: g.Value, agg: kpitree.NewAggregator(p)}
	if g.Window.FiscalYear != 0 {
		from, to := t.Calendar.FiscalPeriods(g.Window.FiscalYear)
		if from < 0 || to > periods || from >= to {
			return nil, fmt.Errorf("fiscal year %d is not wholly inside the %d periods simulated: extend the horizon: %w", g.Window.FiscalYear, periods, kpitree.ErrBadWindow)
		}
		gs.from, gs.to = from, to
	} else {
		if g.Window.Period < 0 || g.Window.Period >= periods {
			return nil, fmt.Errorf("period %d is outside the %d periods simulated: %w", g.Window.Period, periods, kpitree.ErrBadWindow)
		}
		gs.from, gs.to = g.Window.Period, g.Window.Period+1
	}
	return gs, nil
}

func simulateRun(ctx context.Context, p *kpitree.Program, sc *kpitree.Scenario, in kpitree.Inputs,
	futures map[string]leafFuture, hist, h, nPaths int, nodes []int, qs []float64, goal *goalSpec,
	progress func(done int)) (*SimRun, error) {
	name := ""
	if sc != nil {
		name = sc.Name
	}
	run := &SimRun{Scenario: name, Series: map[string][]float64{}, Bands: map[string][][]float64{}, ProbGoal: math.NaN()}
	st := p.NewState(hist + h)
	if err := st.SetScenario(sc); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", kpitree.Quote(name), err)
	}
	fill := leafFiller(p, st, in, futures, hist, h)
	fill(-1)
	st.Run()
	if err := overflowErr(p, st, name); err != nil {
		return nil, err
	}
	for i := range p.Len() {
		run.Series[p.ID(i)] = slices.Clone(st.Column(i))
	}
	if nPaths == 0 {
		return run, nil
	}
	samples := make([][]float64, len(nodes)) // node → path-major N×H
	for k := range samples {
		samples[k] = make([]float64, nPaths*h)
	}
	// Paths are split over GOMAXPROCS workers, each with its own State; a
	// path's results land at its own index, so the output does not depend
	// on the number of workers.
	workers := max(1, min(runtime.GOMAXPROCS(0), nPaths/64))
	reached := make([]int, workers)
	counted := make([]int, workers)
	errs := make([]error, workers)
	var done atomic.Int64
	var progMu sync.Mutex
	lastProgress := int64(0) // guarded by progMu; reports only grow
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws, wfill := st, fill
			if wk > 0 {
				ws = p.NewState(hist + h)
				if err := ws.SetScenario(sc); err != nil {
					errs[wk] = err
					return
				}
				wfill = leafFiller(p, ws, in, futures, hist, h)
			}
			for path := wk; path < nPaths; path += workers {
				if (path/workers)%32 == 0 {
					if err := ctx.Err(); err != nil {
						errs[wk] = err
						return
					}
				}
				wfill(path)
				ws.Run()
				for k, i := range nodes {
					copy(samples[k][path*h:], ws.Column(i)[hist:])
				}
				if goal != nil {
					if v := goal.agg.Value(goal.node, ws.Column, goal.from, goal.to); !math.IsNaN(v) {
						counted[wk]++
						if v >= goal.value {
							reached[wk]++
						}
					}
				}
				if n := done.Add(1); progress != nil && (n%64 == 0 || n == int64(nPaths)) {
					progMu.Lock()
					if n > lastProgress {
						lastProgress = n
						progress(int(n))
					}
					progMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if r, c := sum(reached), sum(counted); goal != nil && c > 0 {
		run.ProbGoal = float64(r) / float64(c)
	}
	buf := make([]float64, 0, nPaths)
	for k, i := range nodes {
		bands := make([][]float64, h)
		for t := range h {
			buf = buf[:0]
			for path := range nPaths {
				if v := samples[k][path*h+t]; !math.IsNaN(v) {
					buf = append(buf, v)
				}
			}
			sort.Float64s(buf)
			bands[t] = make([]float64, len(qs))
			for q, prob := range qs {
				bands[t][q] = quantile(buf, prob)
			}
		}
		run.Bands[p.ID(i)] = bands
	}
	return run, nil
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
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

// quantile is the type-7 (linear) quantile of sorted xs; NaN when empty.
func quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	pos := q * float64(n-1)
	lo := int(math.Floor(pos))
	if lo >= n-1 {
		return sorted[n-1]
	}
	f := pos - float64(lo)
	return sorted[lo] + f*(sorted[lo+1]-sorted[lo])
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
