package kpitree

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// DefaultQuantiles returns the probabilities MonteCarlo reports when none
// are given: the bands of a fan chart and its median.
func DefaultQuantiles() []float64 {
	return []float64{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95}
}

// MonteCarloInput is a batch of sample paths to push through a tree.
type MonteCarloInput struct {
	// Paths is the number of sample paths N, and Horizon the number of
	// simulated periods H.
	Paths   int
	Horizon int
	// Start is the calendar period index of the first simulated period (for
	// forecasts, usually Calendar.Periods); windows are calendar periods.
	Start int
	// Samples maps input ids to N×H values, path-major (path p, period t at
	// p·H + t), or to H values that every path shares. Inputs not named
	// take their typed values from period Start on; constants their value.
	Samples map[string][]float64
	// Quantiles are the probabilities to report, in (0, 1); or nil for
	// DefaultQuantiles.
	Quantiles []float64
	// Nodes are the ids whose quantiles are reported; or nil for every node.
	// Each reported node keeps N×H float64s until the end, so name the few
	// you chart when trees are large.
	Nodes []string
	// Goal, if set, asks for the probability that a node's window value
	// reaches a target; or nil.
	Goal *MonteCarloGoal
	// OnProgress, if set, is called with the number of paths done so far
	// and N; calls are serialised and done only grows.
	OnProgress func(done, total int)
}

// MonteCarloGoal is a target whose probability of being reached is wanted.
type MonteCarloGoal struct {
	Node   string  // id; or "" for the root
	Window Window  // a period or a fiscal year, in calendar periods
	Value  float64 // the target for the node's window value (Aggregator.Value)
}

// MonteCarloResult summarises the simulated paths.
type MonteCarloResult struct {
	Quantiles []float64 `json:"quantiles"`
	// Bands maps a node id to its quantiles: Bands[id][t][k] is quantile
	// Quantiles[k] at simulated period t (NaN when no path has a value).
	Bands map[string][][]float64 `json:"bands"`
	// Valid maps a node id to the number of paths with a value per period.
	Valid map[string][]int `json:"valid"`
	// ProbGoal is P(window value ≥ Goal.Value) over the paths with a value,
	// GoalPaths how many those were; both 0 without a Goal.
	ProbGoal  float64 `json:"prob_goal"`
	GoalPaths int     `json:"goal_paths"`
}

// mcBlock is the most values a worker evaluates per node at a time, and
// mcCache the bytes of node buffers a chunk aims to keep in the L2 cache.
// Blocks of a few hundred values already amortise the per-instruction
// dispatch; beyond that, staying in cache matters more.
const (
	mcBlock = 1 << 11
	mcCache = 1 << 20
	// mcMaxStore caps the memory kept for quantiles (N·H·8 bytes per
	// reported node), so a large tree with default options fails clearly
	// instead of exhausting the machine.
	mcMaxStore = 4 << 30
)

// MonteCarlo evaluates t on every sample path and summarises the results.
// Paths are evaluated in chunks across GOMAXPROCS goroutines; each path's
// results depend only on its own inputs, and every summary is computed from
// all paths at the end, so the result is the same for any core count or
// chunking. It stops with ctx's error when ctx is cancelled.
func MonteCarlo(ctx context.Context, t Tree, in MonteCarloInput) (*MonteCarloResult, error) {
	prog, _, err := Compile(t)
	if err != nil {
		return nil, fmt.Errorf("monte carlo: %w", err)
	}
	g, err := buildGraph(prog)
	if err != nil {
		return nil, fmt.Errorf("monte carlo: %w", err)
	}
	n, h := in.Paths, in.Horizon
	if n <= 0 || h <= 0 {
		return nil, fmt.Errorf("monte carlo: %d paths × %d periods: %w: ask for at least one of each", n, h, ErrBadSamples)
	}
	if in.Start < 0 {
		return nil, fmt.Errorf("monte carlo: start period %d: %w: periods count from 0", in.Start, ErrBadWindow)
	}
	for id, s := range in.Samples {
		i, ok := g.index[id]
		switch {
		case !ok:
			return nil, fmt.Errorf("monte carlo: samples for %s: %w: sample only nodes of this tree", Quote(id), ErrUnknownNode)
		case !g.leaf(i) || g.nodes[i].kind == KindHealth:
			return nil, fmt.Errorf("monte carlo: samples for %s, which is computed: %w: sample its inputs instead", Quote(id), ErrBadSamples)
		case len(s) != n*h && len(s) != h:
			return nil, fmt.Errorf("monte carlo: %s has %d samples, want %d×%d or %d: %w", Quote(id), len(s), n, h, h, ErrBadSamples)
		}
	}
	qs := in.Quantiles
	if qs == nil {
		qs = DefaultQuantiles()
	}
	for _, q := range qs {
		if !(q > 0 && q < 1) {
			return nil, fmt.Errorf("monte carlo: quantile %v: %w: use probabilities between 0 and 1", q, ErrBadSamples)
		}
	}
	var report []int
	if in.Nodes == nil {
		report = slices.Clone(g.order)
		slices.Sort(report)
	}
	for _, id := range in.Nodes {
		i, ok := g.index[id]
		if !ok {
			return nil, fmt.Errorf("monte carlo: report %s: %w", Quote(id), ErrUnknownNode)
		}
		report = append(report, i)
	}
	if need := float64(n) * float64(h) * float64(len(report)) * 8; need > mcMaxStore {
		return nil, fmt.Errorf("monte carlo: quantiles of %d nodes over %d×%d values need %.1f GB: %w: list fewer nodes in Nodes", len(report), n, h, need/1e9, ErrBadSamples)
	}
	goalNode, goalPeriods, goalW := -1, []int(nil), []float64(nil)
	if in.Goal != nil {
		goalNode = g.root
		if in.Goal.Node != "" {
			var ok bool
			if goalNode, ok = g.index[in.Goal.Node]; !ok {
				return nil, fmt.Errorf("monte carlo: goal node %s: %w", Quote(in.Goal.Node), ErrUnknownNode)
			}
		}
		cal := t.Calendar
		cal.Start = cal.Time(in.Start)
		if goalPeriods, err = in.Goal.Window.shifted(in.Start).periods(cal, h); err != nil {
			return nil, fmt.Errorf("monte carlo: goal: %w", err)
		}
	}
	var goalAgg *Aggregator
	if goalNode >= 0 {
		goalAgg = NewAggregator(prog)
		goalW, _ = linearWeights(goalAgg.Info(goalNode), len(goalPeriods))
	}

	mc := &mcRun{g: g, in: &in, n: n, h: h, report: report, goalNode: goalNode, goalPeriods: goalPeriods, goalW: goalW, goalAgg: goalAgg}
	formulas := 0
	for i := range g.nodes {
		if !g.leaf(i) {
			formulas++
		}
	}
	block := min(mcBlock, max(256, mcCache/8/max(1, formulas+g.scratch)))
	mc.chunk = max(1, block/h)
	for id, s := range in.Samples {
		if len(s) == n*h && len(s) != h {
			mc.aliased = append(mc.aliased, aliasedInput{g.index[id], s})
		}
	}
	mc.store = make([][]float64, len(report))
	for k := range report {
		mc.store[k] = make([]float64, n*h)
	}
	if goalNode >= 0 {
		mc.goal = make([]float64, n)
	}
	if err := mc.run(ctx); err != nil {
		return nil, fmt.Errorf("monte carlo: %w", err)
	}
	res := &MonteCarloResult{Quantiles: slices.Clone(qs), Bands: map[string][][]float64{}, Valid: map[string][]int{}}
	mc.summarise(res, qs)
	if goalNode >= 0 {
		for _, v := range mc.goal {
			if !math.IsNaN(v) {
				res.GoalPaths++
				if v >= in.Goal.Value {
					res.ProbGoal++
				}
			}
		}
		if res.GoalPaths > 0 {
			res.ProbGoal /= float64(res.GoalPaths)
		}
	}
	return res, nil
}

// shifted turns a calendar-period window into a simulation-period one.
func (w Window) shifted(start int) Window {
	if w.FiscalYear == 0 {
		w.Period -= start
	}
	return w
}

// aliasedInput is a per-path input whose chunk slices are used in place.
type aliasedInput struct {
	node int
	s    []float64
}

// mcRun is one Monte Carlo evaluation in progress.
type mcRun struct {
	g           *vgraph
	in          *MonteCarloInput
	n, h, chunk int
	report      []int
	store       [][]float64 // per reported node: [t·N + p]
	goalNode    int
	goalPeriods []int
	goalW       []float64   // weights of a linear window value; or nil
	goalAgg     *Aggregator // for a window value that is not linear (a ratio)
	goal        []float64   // per path window value
	aliased     []aliasedInput
	mu          sync.Mutex
	done        int
}

func (mc *mcRun) run(ctx context.Context) error {
	chunks := (mc.n + mc.chunk - 1) / mc.chunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			ev := mc.newWorker()
			for {
				c := int(next.Add(1)) - 1
				if c >= chunks {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				p0 := c * mc.chunk
				mc.evalChunk(ev, p0, min(mc.chunk, mc.n-p0))
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// newWorker allocates a worker's buffers and fills those that never change
// between chunks: constants and inputs every path shares.
func (mc *mcRun) newWorker() *vevaluator {
	ev := mc.g.newEvaluator(mc.chunk*mc.h, mc.h)
	for i := range mc.g.nodes {
		if !mc.g.leaf(i) {
			continue
		}
		vn := &mc.g.nodes[i]
		row := make([]float64, mc.h)
		s, ok := mc.in.Samples[vn.id]
		switch {
		case ok && len(s) == mc.n*mc.h && len(s) != mc.h:
			continue // aliased per chunk
		case ok:
			copy(row, s)
		case vn.kind == KindConstant:
			for t := range row {
				row[t] = vn.konst
			}
		default:
			for t := range row {
				row[t] = math.NaN()
				if k := mc.in.Start + t; k < len(vn.values) {
					row[t] = vn.values[k]
				}
			}
		}
		for p := 0; p < mc.chunk; p++ {
			copy(ev.vals[i][p*mc.h:], row)
		}
	}
	return ev
}

func (mc *mcRun) evalChunk(ev *vevaluator, p0, m int) {
	h := mc.h
	ev.n = m * h
	for _, a := range mc.aliased {
		ev.vals[a.node] = a.s[p0*h : (p0+m)*h]
	}
	ev.runAll()
	for k, i := range mc.report {
		// Transpose to period-major: writes stay sequential, and the strided
		// reads hit the chunk buffer, which is in cache.
		src, dst := ev.vals[i], mc.store[k]
		for t := range h {
			out := dst[t*mc.n+p0 : t*mc.n+p0+m]
			for p := range out {
				out[p] = src[p*h+t]
			}
		}
	}
	if mc.goalNode >= 0 {
		src := ev.vals[mc.goalNode]
		from, to := span(mc.goalPeriods)
		for p := range m {
			if mc.goalW == nil {
				col := func(j int) []float64 { return ev.vals[j][p*h : (p+1)*h] }
				mc.goal[p0+p] = mc.goalAgg.Value(mc.goalNode, col, from, to)
				continue
			}
			v := 0.0
			for k, t := range mc.goalPeriods {
				v += mc.goalW[k] * src[p*h+t]
			}
			mc.goal[p0+p] = v
		}
	}
	if mc.in.OnProgress != nil {
		mc.mu.Lock()
		mc.done += m
		mc.in.OnProgress(mc.done, mc.n)
		mc.mu.Unlock()
	}
}

// summarise sorts each reported node's values per period and reads off the
// quantiles, spreading the (node, period) series over the cores.
func (mc *mcRun) summarise(res *MonteCarloResult, qs []float64) {
	type job struct{ k, t int }
	bands := make([][][]float64, len(mc.report))
	valid := make([][]int, len(mc.report))
	for k := range mc.report {
		bands[k] = make([][]float64, mc.h)
		valid[k] = make([]int, mc.h)
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				col := mc.store[j.k][j.t*mc.n : (j.t+1)*mc.n]
				// Move NaN paths to the end: they have no value to rank.
				ok := 0
				for i, v := range col {
					if !math.IsNaN(v) {
						col[ok], col[i] = v, col[ok]
						ok++
					}
				}
				vals := col[:ok]
				out := make([]float64, len(qs))
				quantiles(vals, qs, out)
				bands[j.k][j.t] = out
				valid[j.k][j.t] = ok
			}
		})
	}
	for k := range mc.report {
		for t := range mc.h {
			jobs <- job{k, t}
		}
	}
	close(jobs)
	wg.Wait()
	for k, i := range mc.report {
		res.Bands[mc.g.nodes[i].id] = bands[k]
		res.Valid[mc.g.nodes[i].id] = valid[k]
	}
}

// quantiles writes to out the linear-interpolation quantiles qs of x
// (Hyndman & Fan type 7, the default of R and NumPy; NaN for no values).
// It reorders x. Only the order statistics the quantiles need are put in
// place, by a multi-way quickselect: a full sort of every node-period
// column was most of Monte Carlo's time.
func quantiles(x, qs, out []float64) {
	n := len(x)
	if n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return
	}
	ranks := make([]int, 0, 2*len(qs))
	for _, p := range qs {
		lo := int(p * float64(n-1))
		ranks = append(ranks, lo, min(lo+1, n-1))
	}
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	multiSelect(x, 0, ranks, 2*bitsLen(n))
	for i, p := range qs {
		pos := p * float64(n-1)
		lo := int(pos)
		if lo >= n-1 {
			out[i] = x[n-1]
			continue
		}
		out[i] = x[lo] + (pos-float64(lo))*(x[lo+1]-x[lo])
	}
}

func bitsLen(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}

// multiSelect reorders x so that x[r−off] holds the element of rank r for
// every r in ranks (sorted), as a full sort would. depth bounds the
// recursion; past it the slice is sorted, so the worst case stays n log n.
func multiSelect(x []float64, off int, ranks []int, depth int) {
	for len(ranks) > 0 && len(x) > 1 {
		if depth == 0 || len(x) <= 24 {
			slices.Sort(x)
			return
		}
		depth--
		// Hoare partition around a median-of-three pivot: it splits runs of
		// equal values evenly, so ties cannot degrade it.
		a, b, c := x[0], x[len(x)/2], x[len(x)-1]
		p := max(min(a, b), min(max(a, b), c))
		i, j := -1, len(x)
		for {
			for i++; x[i] < p; i++ {
			}
			for j--; x[j] > p; j-- {
			}
			if i >= j {
				break
			}
			x[i], x[j] = x[j], x[i]
		}
		// x[:j+1] ≤ p ≤ x[j+1:]: ranks left of the cut recurse, the rest loop.
		k := 0
		for k < len(ranks) && ranks[k]-off <= j {
			k++
		}
		multiSelect(x[:j+1], off, ranks[:k], depth)
		ranks = ranks[k:]
		x = x[j+1:]
		off += j + 1
	}
}
