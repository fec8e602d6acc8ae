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
	res, err := monteCarlo(ctx, t, in, []*Scenario{in.Scenario})
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// MonteCarloScenarios is MonteCarlo for in.Scenario (the base, usually
// nil) and then each of scenarios, on the same sample paths in one pass.
// A node whose subtree no scenario changes is evaluated once and shared, so
// each scenario costs only the nodes above its overrides. out[0] is the
// base and out[k+1] scenario k; each is what MonteCarlo with that scenario
// as in.Scenario returns.
func MonteCarloScenarios(ctx context.Context, t Tree, in MonteCarloInput, scenarios []*Scenario) ([]*MonteCarloResult, error) {
	return monteCarlo(ctx, t, in, append([]*Scenario{in.Scenario}, scenarios...))
}

// MonteCarloProgram is MonteCarloScenarios on a compiled program, for
// callers that hold one: a large tree is not compiled again.
func MonteCarloProgram(ctx context.Context, p *Program, in MonteCarloInput, scenarios []*Scenario) ([]*MonteCarloResult, error) {
	return monteCarloProg(ctx, p, in, append([]*Scenario{in.Scenario}, scenarios...))
}

func monteCarlo(ctx context.Context, t Tree, in MonteCarloInput, variants []*Scenario) ([]*MonteCarloResult, error) {
	prog, _, err := Compile(t)
	if err != nil {
		return nil, fmt.Errorf("monte carlo: %w", err)
	}
	return monteCarloProg(ctx, prog, in, variants)
}

func monteCarloProg(ctx context.Context, prog *Program, in MonteCarloInput, variants []*Scenario) ([]*MonteCarloResult, error) {
	t := &prog.tree
	g, err := buildGraph(prog)
	if err != nil {
		return nil, fmt.Errorf("monte carlo: %w", err)
	}
	ovrs := make([]map[int][]override, len(variants))
	for k, sc := range variants {
		if ovrs[k], err = prog.compileScenario(sc); err != nil {
			return nil, fmt.Errorf("monte carlo: %w", err)
		}
	}
	n, h := in.Paths, in.Horizon
	if n <= 0 || h <= 0 {
		return nil, fmt.Errorf("monte carlo: %d paths × %d periods: %w: ask for at least one of each", n, h, ErrBadSamples)
	}
	if in.Start < 0 {
		return nil, fmt.Errorf("monte carlo: start period %d: %w: periods count from 0", in.Start, ErrBadWindow)
	}
	for id, s := range in.Samples {
		if err := g.checkSampled(id, "samples for", "sample only nodes of this tree", "sample its inputs instead"); err != nil {
			return nil, err
		}
		if len(s) != n*h && len(s) != h {
			return nil, fmt.Errorf("monte carlo: %s has %d samples, want %d×%d or %d: %w", Quote(id), len(s), n, h, h, ErrBadSamples)
		}
	}
	for id := range in.History {
		if err := g.checkSampled(id, "history of", "give history only for nodes of this tree", "give its inputs' history instead"); err != nil {
			return nil, err
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
	if need := float64(n) * float64(h) * float64(len(report)) * float64(len(variants)) * 8; need > mcMaxStore {
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
	}
	var goalAgg *Aggregator
	if goalNode >= 0 {
		goalAgg = g.aggregator()
		goalW, _ = linearWeights(goalAgg.Info(goalNode), len(goalPeriods))
	}

	mc := &mcRun{g: g, in: &in, n: n, h: h, report: report, goalNode: goalNode, goalPeriods: goalPeriods, goalW: goalW, goalAgg: goalAgg}
	mc.plan(ovrs)
	if in.History != nil && in.Start > 0 {
		for _, v := range mc.vars {
			mc.runHistory(v)
		}
	}
	leaves := 0
	for i := range g.nodes {
		if g.leaf(i) {
			leaves++
		}
	}
	block := min(mcBlock, max(256, mcCache/8/max(1, mc.nslots+leaves+g.scratch)))
	mc.chunk = max(1, block/h)
	for _, id := range sortedKeys(in.Samples) {
		if s := in.Samples[id]; len(s) == n*h && len(s) != h {
			mc.aliased = append(mc.aliased, aliasedInput{g.index[id], s})
		}
	}
	for _, v := range mc.vars {
		v.store = make([][]float64, len(report))
		for k := range report {
			v.store[k] = make([]float64, n*h)
		}
		if goalNode >= 0 {
			v.goal = make([]float64, n)
		}
	}
	if err := mc.run(ctx); err != nil {
		return nil, fmt.Errorf("monte carlo: %w", err)
	}
	out := make([]*MonteCarloResult, len(mc.vars))
	for k, v := range mc.vars {
		res := &MonteCarloResult{Quantiles: slices.Clone(qs), Bands: map[string][][]float64{}, Valid: map[string][]int{}}
		if in.KeepPaths {
			res.Paths = make(map[string][]float64, len(report))
			for j, i := range report {
				res.Paths[g.nodes[i].id] = slices.Clone(v.store[j])
			}
		}
		mc.summarise(v, res, qs)
		v.store = nil // summarise reordered it; let it go early
		if goalNode >= 0 {
			for _, x := range v.goal {
				if !math.IsNaN(x) {
					res.GoalPaths++
					if x >= in.Goal.Value {
						res.ProbGoal++
					}
				}
			}
			if res.GoalPaths > 0 {
				res.ProbGoal /= float64(res.GoalPaths)
			}
		}
		out[k] = res
	}
	return out, nil
}

// shifted turns a calendar-period window into a simulation-period one.
func (w Window) shifted(start int) Window {
	if w.FiscalYear == 0 {
		w.Period -= start
		if w.Through > 0 {
			w.Through -= start
		}
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
	goalNode    int
	goalPeriods []int
	goalW       []float64   // weights of a linear window value; or nil
	goalAgg     *Aggregator // for a window value that is not linear (a ratio)
	aliased     []aliasedInput
	mu          sync.Mutex
	done        int
	// vars are the scenarios evaluated together; the first is evaluated
	// in full, the others only where they differ from it.
	vars []*mcVariant
	// live lists, children first and subtree by subtree, the formula
	// nodes to evaluate; nslots is the number of node buffers a worker
	// needs (they are reused once a node's last parent has run).
	live   []int
	nslots int
}

// mcVariant is one scenario of a run.
type mcVariant struct {
	// ovr holds each node's overrides (nil: none); cut marks formula
	// nodes set over the whole simulation, whose formula is not run.
	ovr [][]override
	cut []bool
	// own marks nodes this variant evaluates itself: for the first, every
	// node; for the others, those whose overrides differ from the first's
	// and the nodes above them. Other nodes read the first's values.
	own  []bool
	slot []int32 // buffer of each owned live formula node; −1 none
	// carry is what lag and cumsum carry from the history per node, and
	// goalHist the goal node's history values; nil without History. hist
	// holds every node's history for a goal that is not linear in its own
	// values (a ratio reads its inputs' windows).
	carry    []*progCarry
	goalHist []float64
	hist     [][]float64
	store    [][]float64 // per reported node: [t·N + p]
	goal     []float64   // per path window value
}

func (mc *mcRun) run(ctx context.Context) error {
	chunks := (mc.n + mc.chunk - 1) / mc.chunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			evs := mc.newWorker()
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
				mc.evalChunk(evs, p0, min(mc.chunk, mc.n-p0))
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

// newWorker allocates a worker's evaluators, one per variant, and fills
// the inputs that never change between chunks: constants and inputs every
// path shares. A variant's evaluator points at the first one's buffers for
// the nodes it does not own.
func (mc *mcRun) newWorker() []*vevaluator {
	g, n, h := mc.g, mc.chunk*mc.h, mc.h
	bufs := make([][]float64, mc.nslots)
	for k := range bufs {
		bufs[k] = make([]float64, n)
	}
	maxRegs := 0
	for i := range g.nodes {
		if p := g.nodes[i].prog; p != nil {
			maxRegs = max(maxRegs, p.nregs)
		}
	}
	tmp := make([][]float64, g.scratch)
	for k := range tmp {
		tmp[k] = make([]float64, n)
	}
	evs := make([]*vevaluator, len(mc.vars))
	for k, v := range mc.vars {
		ev := &vevaluator{g: g, n: n, h: h, vals: make([][]float64, len(g.nodes)), regs: make([][]float64, maxRegs), tmp: tmp, cin: v.carry}
		evs[k] = ev
		for _, i := range mc.live {
			switch {
			case v.slot[i] >= 0:
				ev.vals[i] = bufs[v.slot[i]]
			case k > 0:
				ev.vals[i] = evs[0].vals[i]
			}
		}
		for i := range g.nodes {
			if !g.leaf(i) {
				continue
			}
			if k > 0 && !v.own[i] {
				ev.vals[i] = evs[0].vals[i]
				continue
			}
			ev.vals[i] = make([]float64, n)
			vn := &g.nodes[i]
			row := make([]float64, h)
			s, ok := mc.in.Samples[vn.id]
			switch {
			case ok && len(s) == mc.n*h && len(s) != h:
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
			for _, o := range v.ovr[i] {
				applyOverrideAt(row, mc.in.Start, mc.in.Start+h, o)
			}
			for p := 0; p < mc.chunk; p++ {
				copy(ev.vals[i][p*h:], row)
			}
		}
		for _, a := range mc.aliased {
			if v.ovr[a.node] != nil {
				if ev.own == nil {
					ev.own = make(map[int][]float64)
				}
				ev.own[a.node] = make([]float64, n)
			}
		}
	}
	return evs
}

// plan resolves each variant's overrides per node and decides which
// formula nodes a path must evaluate: those the reported and goal nodes
// depend on, not looking below a node that every variant sets over the
// whole simulation; and which each variant owns.
func (mc *mcRun) plan(ovrs []map[int][]override) {
	g := mc.g
	start, total := mc.in.Start, mc.in.Start+mc.h
	mc.vars = make([]*mcVariant, len(ovrs))
	cutAll := make([]bool, len(g.nodes))
	for i := range cutAll {
		cutAll[i] = true
	}
	for k, ovr := range ovrs {
		v := &mcVariant{ovr: make([][]override, len(g.nodes)), cut: make([]bool, len(g.nodes)), own: make([]bool, len(g.nodes))}
		for i, os := range ovr {
			v.ovr[i] = os
			for _, o := range os {
				if o.op == OpSet && o.ramp <= 1 && o.from <= start && (o.to < 0 || o.to >= total-1) && !g.leaf(i) {
					v.cut[i] = true
				}
			}
		}
		for i := range cutAll {
			cutAll[i] = cutAll[i] && v.cut[i]
		}
		if k == 0 {
			for i := range v.own {
				v.own[i] = true
			}
		} else {
			base := mc.vars[0]
			for _, i := range g.order {
				own := !slices.Equal(v.ovr[i], base.ovr[i])
				for _, c := range g.nodes[i].children {
					own = own || v.own[c]
				}
				v.own[i] = own
			}
		}
		mc.vars[k] = v
	}
	// Post-order from the reported and goal nodes: a node's buffer is
	// needed only until its last parent has run, so evaluating subtree by
	// subtree keeps few buffers alive and the working set in cache (level
	// order, as the node list often is, keeps a whole layer alive).
	roots := slices.Clone(mc.report)
	if mc.goalNode >= 0 {
		roots = append(roots, mc.goalNode)
		if mc.goalW == nil {
			// A ratio's window value reads its inputs' windows: keep every
			// node under it to the end of the chunk.
			roots = append(roots, mc.goalDeps()...)
		}
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
			if cutAll[f.i] {
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
	// Give every variant's owned live formula nodes a buffer slot, reusing
	// the slots of a node after its last parent has run; reported and goal
	// nodes keep theirs to the end of the chunk.
	pinned := make([]bool, len(g.nodes))
	for _, r := range roots {
		pinned[r] = true
	}
	last := make([]int, len(g.nodes))
	for k, i := range mc.live {
		if cutAll[i] {
			continue
		}
		for _, c := range g.nodes[i].children {
			last[c] = k
		}
	}
	for _, v := range mc.vars {
		v.slot = make([]int32, len(g.nodes))
		for i := range v.slot {
			v.slot[i] = -1
		}
	}
	var free []int32
	for k, i := range mc.live {
		for _, v := range mc.vars {
			if !v.own[i] {
				continue
			}
			if len(free) > 0 {
				v.slot[i] = free[len(free)-1]
				free = free[:len(free)-1]
			} else {
				v.slot[i] = int32(mc.nslots)
				mc.nslots++
			}
		}
		if cutAll[i] {
			continue
		}
		for _, c := range g.nodes[i].children {
			if last[c] != k || pinned[c] || g.leaf(c) {
				continue
			}
			for _, v := range mc.vars {
				if v.slot[c] >= 0 {
					free = append(free, v.slot[c])
				}
			}
		}
	}
}

// runHistory evaluates periods 0..Start−1 of variant v once (they are the
// same on every path) and keeps what the simulated periods read from them:
// the lag and cumsum carries and the goal node's values.
func (mc *mcRun) runHistory(v *mcVariant) {
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
		for _, o := range v.ovr[i] {
			applyOverrideAt(row, 0, total, o)
		}
	}
	v.carry = make([]*progCarry, len(g.nodes))
	for i := range g.nodes {
		if p := g.nodes[i].prog; p != nil && p.temporal() {
			v.carry[i] = newProgCarry(p)
		}
	}
	ev.cout = v.carry
	for _, i := range g.order {
		if g.leaf(i) {
			continue
		}
		ev.runNode(i)
		for _, o := range v.ovr[i] {
			applyOverrideAt(ev.vals[i], 0, total, o)
		}
	}
	if mc.goalNode >= 0 {
		v.goalHist = slices.Clone(ev.vals[mc.goalNode])
		if mc.goalW == nil {
			v.hist = ev.vals
		}
	}
}

// goalDeps lists the formula nodes below the goal node, which the
// Aggregator may read for a window value that is not linear.
func (mc *mcRun) goalDeps() []int {
	g := mc.g
	seen := make([]bool, len(g.nodes))
	var out []int
	stack := []int{mc.goalNode}
	for steps := 0; len(stack) > 0 && steps <= len(g.nodes); steps++ {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range g.nodes[i].children {
			if !seen[c] {
				seen[c] = true
				if !g.leaf(c) {
					out = append(out, c)
				}
				stack = append(stack, c)
			}
		}
	}
	return out
}

// overrideChunk applies os to every path of a chunk's block d.
func (mc *mcRun) overrideChunk(d []float64, m int, os []override) {
	h := mc.h
	for p := range m {
		for _, o := range os {
			applyOverrideAt(d[p*h:(p+1)*h], mc.in.Start, mc.in.Start+h, o)
		}
	}
}

func (mc *mcRun) evalChunk(evs []*vevaluator, p0, m int) {
	h := mc.h
	for k, v := range mc.vars {
		ev := evs[k]
		ev.n = m * h
		for _, a := range mc.aliased {
			src := a.s[p0*h : (p0+m)*h]
			if os := v.ovr[a.node]; os != nil {
				// The caller's samples stay untouched: overrides go to a copy.
				dst := ev.own[a.node][:m*h]
				copy(dst, src)
				mc.overrideChunk(dst, m, os)
				src = dst
			}
			ev.vals[a.node] = src
		}
	}
	for _, i := range mc.live {
		for k, v := range mc.vars {
			if !v.own[i] {
				continue
			}
			if !v.cut[i] {
				evs[k].runNode(i)
			}
			if os := v.ovr[i]; os != nil {
				mc.overrideChunk(evs[k].vals[i], m, os)
			}
		}
	}
	for k, v := range mc.vars {
		ev := evs[k]
		for j, i := range mc.report {
			// Transpose to period-major: writes stay sequential, and the
			// strided reads hit the chunk buffer, which is in cache.
			src, dst := ev.vals[i], v.store[j]
			for t := range h {
				out := dst[t*mc.n+p0 : t*mc.n+p0+m]
				for p := range out {
					out[p] = src[p*h+t]
				}
			}
		}
		if mc.goalNode >= 0 {
			mc.goalValues(v, ev, p0, m)
		}
	}
	if mc.in.OnProgress != nil {
		mc.mu.Lock()
		mc.done += m
		mc.in.OnProgress(mc.done, mc.n)
		mc.mu.Unlock()
	}
}

// goalValues stores each path's window value of the goal node, as
// Aggregator.Value gives it: weighted periods when the value is linear in
// the node's own values, else the Aggregator over the path's columns
// (history, then the simulated periods).
func (mc *mcRun) goalValues(v *mcVariant, ev *vevaluator, p0, m int) {
	h, start := mc.h, mc.in.Start
	if mc.goalW == nil {
		from, to := span(mc.goalPeriods)
		buf := map[int][]float64{}
		for p := range m {
			col := func(j int) []float64 {
				c, ok := buf[j]
				if !ok {
					c = make([]float64, start+h)
					buf[j] = c
				}
				for t := range start {
					c[t] = math.NaN()
					if v.hist != nil && t < len(v.hist[j]) {
						c[t] = v.hist[j][t]
					}
				}
				copy(c[start:], ev.vals[j][p*h:(p+1)*h])
				return c
			}
			v.goal[p0+p] = mc.goalAgg.Value(mc.goalNode, col, from, to)
		}
		return
	}
	src := ev.vals[mc.goalNode]
	for p := range m {
		x := 0.0
		for k, t := range mc.goalPeriods {
			y := math.NaN()
			if t >= start {
				y = src[p*h+t-start]
			} else if v.goalHist != nil {
				y = v.goalHist[t]
			}
			x += mc.goalW[k] * y
		}
		v.goal[p0+p] = x
	}
}

// summarise sorts each reported node's values per period and reads off the
// quantiles, spreading the (node, period) series over the cores.
func (mc *mcRun) summarise(v *mcVariant, res *MonteCarloResult, qs []float64) {
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
				col := v.store[j.k][j.t*mc.n : (j.t+1)*mc.n]
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

// checkSampled returns an error unless id may be given per-path input (samples or
// history): it must name an input leaf of this tree, not a computed node or
// a health score. what says which input ("samples for"); unknown and
// computed are the hints for the two refusals.
func (g *vgraph) checkSampled(id, what, unknown, computed string) error {
	i, ok := g.index[id]
	switch {
	case !ok:
		return fmt.Errorf("monte carlo: %s %s: %w: %s", what, Quote(id), ErrUnknownNode, unknown)
	case !g.leaf(i) || g.nodes[i].kind == KindHealth:
		return fmt.Errorf("monte carlo: %s %s, which is computed: %w: %s", what, Quote(id), ErrBadSamples, computed)
	}
	return nil
}
