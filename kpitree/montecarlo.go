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
	// Scenario, if not nil, applies its overrides on every path exactly as
	// State.SetScenario does over Start+Horizon periods: windows are
	// calendar periods. A formula node set over the whole simulation cuts
	// its subtree: nodes only it needs are not evaluated.
	Scenario *Scenario
	// History, if not nil, makes the simulation continue periods
	// 0..Start−1: it maps input ids to their series over those periods
	// (shorter ones padded with NaN, as SetInputs); inputs not named keep
	// their typed Values, constants their Value. lag and cumsum then reach
	// into the history, so every path gets the numbers Evaluate gives over
	// Start+Horizon periods, and a Goal window (calendar periods) may start
	// in the history. Nil: the simulation starts afresh at Start and lag is
	// missing before it.
	History Inputs
	// KeepPaths asks for every reported node's values per path in
	// MonteCarloResult.Paths.
	KeepPaths bool
}

// MonteCarloGoal is a target whose probability of being reached is wanted.
type MonteCarloGoal struct {
	Node   string  // id; or "" for the root
	Window Window  // a period or a fiscal year, in calendar periods
	Value  float64 // the target for the node's window value (Aggregation)
	// Aggregation, if set ("sum", "last" or "mean"), combines the window's
	// periods as Σ, the last value or Σ ÷ n, overriding the node's own
	// aggregation weights; "" keeps them.
	Aggregation string
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
	// Paths holds, with KeepPaths, each reported node's simulated values,
	// period-major: Paths[id][t·N + p] is path p at simulated period t.
	Paths map[string][]float64 `json:"-"`
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
	ovr, err := prog.compileScenario(in.Scenario)
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
			return nil, fmt.Errorf("monte carlo: samples for %q: %w: sample only nodes of this tree", id, ErrUnknownNode)
		case !g.leaf(i) || g.nodes[i].kind == KindHealth:
			return nil, fmt.Errorf("monte carlo: samples for %q, which is computed: %w: sample its inputs instead", id, ErrBadSamples)
		case len(s) != n*h && len(s) != h:
			return nil, fmt.Errorf("monte carlo: %q has %d samples, want %d×%d or %d: %w", id, len(s), n, h, h, ErrBadSamples)
		}
	}
	for id := range in.History {
		i, ok := g.index[id]
		switch {
		case !ok:
			return nil, fmt.Errorf("monte carlo: history of %q: %w: give history only for nodes of this tree", id, ErrUnknownNode)
		case !g.leaf(i) || g.nodes[i].kind == KindHealth:
			return nil, fmt.Errorf("monte carlo: history of %q, which is computed: %w: give its inputs' history instead", id, ErrBadSamples)
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
			return nil, fmt.Errorf("monte carlo: report %q: %w", id, ErrUnknownNode)
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
				return nil, fmt.Errorf("monte carlo: goal node %q: %w", in.Goal.Node, ErrUnknownNode)
			}
		}
		switch in.Goal.Aggregation {
		case "", "sum", "last", "mean":
		default:
			return nil, fmt.Errorf("monte carlo: goal aggregation %q: %w: use sum, last or mean", in.Goal.Aggregation, ErrBadWindow)
		}
		if in.History != nil {
			goalPeriods, err = in.Goal.Window.periods(t.Calendar, in.Start+h)
		} else {
			cal := t.Calendar
			cal.Start = cal.Time(in.Start)
			goalPeriods, err = in.Goal.Window.shifted(in.Start).periods(cal, h)
			for k := range goalPeriods {
				goalPeriods[k] += in.Start // kept in calendar periods
			}
		}
		if err != nil {
			return nil, fmt.Errorf("monte carlo: goal: %w", err)
		}
		gn := &g.nodes[goalNode]
		goalW = aggWeights(gn.agg, len(goalPeriods))
	}

	mc := &mcRun{g: g, in: &in, n: n, h: h, report: report, goalNode: goalNode, goalPeriods: goalPeriods, goalW: goalW}
	mc.plan(ovr)
	if in.History != nil && in.Start > 0 {
		mc.runHistory()
	}
	leaves := 0
	for i := range g.nodes {
		if g.leaf(i) {
			leaves++
		}
	}
	block := min(mcBlock, max(256, mcCache/8/max(1, mc.nslots+leaves+g.scratch)))
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
	if in.KeepPaths {
		res.Paths = make(map[string][]float64, len(report))
		for k, i := range report {
			res.Paths[g.nodes[i].id] = slices.Clone(mc.store[k])
		}
	}
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
	goalW       []float64
	goal        []float64 // per path window value
	aliased     []aliasedInput
	mu          sync.Mutex
	done        int
	// ovr holds each node's scenario overrides (nil: none); cut marks
	// formula nodes set over the whole simulation, whose formula is not
	// run; live lists, children first, the formula nodes to evaluate.
	ovr  [][]override
	cut  []bool
	live []int
	// slot maps a live formula node to its buffer (−1: none); nslots is
	// the number of buffers a worker needs.
	slot   []int32
	nslots int
	// carry is what lag and cumsum carry from the history per node, and
	// goalHist the goal node's history values; nil without History.
	carry    []*progCarry
	goalHist []float64
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
	n := mc.chunk * mc.h
	ev := &vevaluator{g: mc.g, n: n, h: mc.h, vals: make([][]float64, len(mc.g.nodes))}
	maxRegs := 0
	for i := range mc.g.nodes {
		if p := mc.g.nodes[i].prog; p != nil {
			maxRegs = max(maxRegs, p.nregs)
		} else {
			ev.vals[i] = make([]float64, n)
		}
	}
	ev.regs = make([][]float64, maxRegs)
	ev.tmp = make([][]float64, mc.g.scratch)
	for k := range ev.tmp {
		ev.tmp[k] = make([]float64, n)
	}
	bufs := make([][]float64, mc.nslots)
	for k := range bufs {
		bufs[k] = make([]float64, n)
	}
	for _, i := range mc.live {
		ev.vals[i] = bufs[mc.slot[i]]
	}
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
		for _, o := range mc.ovr[i] {
			applyOverrideAt(row, mc.in.Start, mc.in.Start+mc.h, o)
		}
		for p := 0; p < mc.chunk; p++ {
			copy(ev.vals[i][p*mc.h:], row)
		}
	}
	for _, a := range mc.aliased {
		if mc.ovr[a.node] != nil {
			if ev.own == nil {
				ev.own = make(map[int][]float64)
			}
			ev.own[a.node] = make([]float64, mc.chunk*mc.h)
		}
	}
	return ev
}

// plan resolves the scenario's overrides per node and decides which formula
// nodes a path must evaluate: those the reported and goal nodes depend on,
// not looking below a node that is set over the whole simulation.
func (mc *mcRun) plan(ovr map[int][]override) {
	g := mc.g
	mc.ovr = make([][]override, len(g.nodes))
	mc.cut = make([]bool, len(g.nodes))
	start, total := mc.in.Start, mc.in.Start+mc.h
	for i, os := range ovr {
		mc.ovr[i] = os
		for _, o := range os {
			if o.op == OpSet && o.ramp <= 1 && o.from <= start && (o.to < 0 || o.to >= total-1) && !g.leaf(i) {
				mc.cut[i] = true
			}
		}
	}
	// Post-order from the reported and goal nodes: a node's buffer is
	// needed only until its last parent has run, so evaluating subtree by
	// subtree keeps few buffers alive and the working set in cache (level
	// order, as the node list often is, keeps a whole layer alive).
	roots := slices.Clone(mc.report)
	if mc.goalNode >= 0 {
		roots = append(roots, mc.goalNode)
	}
	const (
		unseen = iota
		open
		done
	)
	st := make([]uint8, len(g.nodes))
	type frame struct{ i, next int }
	var stack []frame
	for _, r := range roots {
		if st[r] != unseen {
			continue
		}
		st[r] = open
		stack = append(stack[:0], frame{r, 0})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			kids := g.nodes[f.i].children
			if mc.cut[f.i] {
				kids = nil
			}
			if f.next < len(kids) {
				c := kids[f.next]
				f.next++
				if st[c] == unseen {
					st[c] = open
					stack = append(stack, frame{c, 0})
				}
				continue
			}
			st[f.i] = done
			if !g.leaf(f.i) {
				mc.live = append(mc.live, f.i)
			}
			stack = stack[:len(stack)-1]
		}
	}
	// Give every live formula node a buffer slot, reusing the slot of a
	// node after its last reader has run; reported and goal nodes keep
	// theirs to the end of the chunk.
	pinned := make([]bool, len(g.nodes))
	for _, r := range roots {
		pinned[r] = true
	}
	last := make([]int, len(g.nodes))
	for k, i := range mc.live {
		if mc.cut[i] {
			continue
		}
		for _, c := range g.nodes[i].children {
			last[c] = k
		}
	}
	mc.slot = make([]int32, len(g.nodes))
	for i := range mc.slot {
		mc.slot[i] = -1
	}
	var free []int32
	for k, i := range mc.live {
		if len(free) > 0 {
			mc.slot[i] = free[len(free)-1]
			free = free[:len(free)-1]
		} else {
			mc.slot[i] = int32(mc.nslots)
			mc.nslots++
		}
		if mc.cut[i] {
			continue
		}
		for _, c := range g.nodes[i].children {
			if last[c] == k && !pinned[c] && !g.leaf(c) && mc.slot[c] >= 0 {
				free = append(free, mc.slot[c])
			}
		}
	}
}

// runHistory evaluates periods 0..Start−1 once (they are the same on every
// path) and keeps what the simulated periods read from them: the lag and
// cumsum carries and the goal node's values.
func (mc *mcRun) runHistory() {
	g, start := mc.g, mc.in.Start
	ev := g.newEvaluator(start, start)
	total := start + mc.h
	for i := range g.nodes {
		vn := &g.nodes[i]
		if !g.leaf(i) {
			continue
		}
		row := ev.vals[i]
		s, ok := mc.in.History[vn.id]
		switch {
		case vn.kind == KindConstant && !ok:
			for t := range row {
				row[t] = vn.konst
			}
		default:
			if !ok {
				s = vn.values
			}
			for t := range row {
				row[t] = math.NaN()
				if t < len(s) {
					row[t] = s[t]
				}
			}
		}
		for _, o := range mc.ovr[i] {
			applyOverrideAt(row, 0, total, o)
		}
	}
	mc.carry = make([]*progCarry, len(g.nodes))
	for i := range g.nodes {
		if p := g.nodes[i].prog; p != nil && p.temporal() {
			mc.carry[i] = newProgCarry(p)
		}
	}
	ev.cout = mc.carry
	for _, i := range g.order {
		if g.leaf(i) {
			continue
		}
		ev.runNode(i)
		for _, o := range mc.ovr[i] {
			applyOverrideAt(ev.vals[i], 0, total, o)
		}
	}
	if mc.goalNode >= 0 {
		mc.goalHist = slices.Clone(ev.vals[mc.goalNode])
	}
}

func (mc *mcRun) evalChunk(ev *vevaluator, p0, m int) {
	h := mc.h
	ev.n = m * h
	total := mc.in.Start + h
	for _, a := range mc.aliased {
		src := a.s[p0*h : (p0+m)*h]
		if os := mc.ovr[a.node]; os != nil {
			// The caller's samples stay untouched: overrides go to a copy.
			dst := ev.own[a.node][:m*h]
			copy(dst, src)
			for p := range m {
				for _, o := range os {
					applyOverrideAt(dst[p*h:(p+1)*h], mc.in.Start, total, o)
				}
			}
			src = dst
		}
		ev.vals[a.node] = src
	}
	ev.cin = mc.carry
	for _, i := range mc.live {
		if !mc.cut[i] {
			ev.runNode(i)
		}
		if os := mc.ovr[i]; os != nil {
			d := ev.vals[i]
			for p := range m {
				for _, o := range os {
					applyOverrideAt(d[p*h:(p+1)*h], mc.in.Start, total, o)
				}
			}
		}
	}
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
		agg, start := mc.in.Goal.Aggregation, mc.in.Start
		for p := range m {
			v := 0.0
			for k, t := range mc.goalPeriods {
				x := math.NaN()
				if t >= start {
					x = src[p*h+t-start]
				} else if mc.goalHist != nil {
					x = mc.goalHist[t]
				}
				switch agg {
				case "":
					v += mc.goalW[k] * x
				case "last":
					v = x
				default:
					v += x
				}
			}
			if agg == "mean" {
				v /= float64(len(mc.goalPeriods))
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
