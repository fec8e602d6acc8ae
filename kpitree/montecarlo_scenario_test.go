package kpitree_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/internal/gentree"
	"github.com/kpitree/kpitree/kpitree"
)

// mcCase is a random tree, scenario and set of sample paths, with
// everything the reference (one Evaluate per path) needs.
type mcCase struct {
	tree     kpitree.Tree
	sc       *kpitree.Scenario
	start, h int
	paths    int
	history  kpitree.Inputs
	samples  map[string][]float64 // path-major N×H, or H shared
	goal     *kpitree.MonteCarloGoal
}

// randomMCCase builds a DAG of formula nodes over a few inputs and a
// constant, using every function the kernel handles (lag and cumsum
// included), and a scenario with set, add and scale overrides on inputs
// and intermediate nodes, with windows and ramps that start in the
// history, in the simulation or past its end.
func randomMCCase(seed uint64) mcCase {
	rng := rand.New(rand.NewPCG(seed, seed^0xabcdef))
	c := mcCase{start: rng.IntN(7), h: 1 + rng.IntN(6), paths: 1 + rng.IntN(9)}
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Periods: c.start, FiscalYearStart: time.April}
	// A third of the cases ask P(goal) over fiscal year 2024 (four
	// quarters, partly history), with the goal node's aggregation set to
	// each kind: the kernel must give Aggregator's value on every path.
	fyGoal := rng.IntN(3) == 0
	if fyGoal {
		cal.Freq = kpitree.Quarter
		c.h = max(c.h, 4-c.start)
	}
	tr := kpitree.Tree{Name: "random", Calendar: cal}
	nIn := 2 + rng.IntN(4)
	var ids []string
	for k := range nIn {
		id := fmt.Sprintf("in%d", k)
		nd := kpitree.Node{ID: id, Kind: kpitree.KindInput}
		if rng.IntN(3) == 0 { // typed values instead of data
			for range c.start + c.h + rng.IntN(3) {
				nd.Values = append(nd.Values, float64(rng.IntN(20))-3)
			}
		}
		tr.Nodes = append(tr.Nodes, nd)
		ids = append(ids, id)
	}
	tr.Nodes = append(tr.Nodes, kpitree.Node{ID: "k", Kind: kpitree.KindConstant, Value: float64(1 + rng.IntN(5))})
	ids = append(ids, "k")
	forms := []string{
		"%s + %s", "%s * %s", "%s / %s", "%s - %s * 2", "max(%s, %s)", "min(%s, %s) + 1",
		"lag(%s, 1) + %s", "cumsum(%s) - %s", "if(%s > %s, 1, 2)", "clamp(%s, 0, %s)",
		"sum(%s, %s, 3)", "avg(%s, %s)", "abs(%s - %s)", "%s ^ 2 + lag(cumsum(%s), 2)",
	}
	nF := 2 + rng.IntN(8)
	for k := range nF {
		id := fmt.Sprintf("f%d", k)
		a, b := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
		f := fmt.Sprintf(forms[rng.IntN(len(forms))], a, b)
		tr.Nodes = append(tr.Nodes, kpitree.Node{ID: id, Kind: kpitree.KindFormula, Formula: f})
		ids = append(ids, id)
	}
	// The root sums every formula node so all of them matter.
	tr.Root = "root"
	tr.Nodes = append(tr.Nodes, kpitree.Node{ID: "root", Kind: kpitree.KindFormula, Formula: strings.Join(ids[nIn+1:], " + "), Unit: "JPY"})
	ids = append(ids, "root")
	c.tree = tr

	total := c.start + c.h
	c.sc = &kpitree.Scenario{Name: "random"}
	ops := []kpitree.OverrideOp{kpitree.OpSet, kpitree.OpAdd, kpitree.OpScale}
	for range rng.IntN(5) {
		o := kpitree.Override{Node: ids[rng.IntN(len(ids))], Op: ops[rng.IntN(3)], Value: float64(rng.IntN(40)) - 10,
			From: rng.IntN(total + 1), To: -1, Ramp: rng.IntN(4)}
		if rng.IntN(2) == 0 {
			o.To = o.From + rng.IntN(total+1)
		}
		if rng.IntN(4) == 0 { // a whole-horizon set: the subtree is cut
			o = kpitree.Override{Node: ids[nIn+1+rng.IntN(len(ids)-nIn-1)], Op: kpitree.OpSet, Value: 7, From: 0, To: -1}
		}
		c.sc.Overrides = append(c.sc.Overrides, o)
	}
	c.history = kpitree.Inputs{}
	c.samples = map[string][]float64{}
	for k := range nIn {
		id := fmt.Sprintf("in%d", k)
		if rng.IntN(4) > 0 {
			hist := make([]float64, c.start-rng.IntN(2)*min(c.start, 1)) // sometimes one short
			for t := range hist {
				hist[t] = float64(rng.IntN(30)) - 5
				if rng.IntN(9) == 0 {
					hist[t] = math.NaN()
				}
			}
			c.history[id] = hist
		}
		switch rng.IntN(3) {
		case 0: // shared by every path
			s := make([]float64, c.h)
			for t := range s {
				s[t] = float64(rng.IntN(30)) - 5
			}
			c.samples[id] = s
		case 1:
			s := make([]float64, c.paths*c.h)
			for t := range s {
				s[t] = rng.NormFloat64()*10 + 5
				if rng.IntN(15) == 0 {
					s[t] = math.NaN()
				}
			}
			c.samples[id] = s
		}
	}
	switch {
	case fyGoal:
		k := rng.IntN(len(ids))
		kinds := []string{"", "flow", "stock", "opening", "average", "ratio"}
		for i := range c.tree.Nodes {
			if c.tree.Nodes[i].ID == ids[k] {
				c.tree.Nodes[i].Aggregation = kinds[rng.IntN(len(kinds))]
			}
		}
		c.goal = &kpitree.MonteCarloGoal{Node: ids[k], Window: kpitree.Window{FiscalYear: 2024}, Value: float64(rng.IntN(80)) - 10}
	case rng.IntN(2) == 0:
		c.goal = &kpitree.MonteCarloGoal{Node: ids[rng.IntN(len(ids))], Window: kpitree.Window{Period: rng.IntN(total)},
			Value: float64(rng.IntN(40))}
	}
	return c
}

// reference evaluates path p with a State over Start+Horizon periods.
func (c mcCase) reference(t testing.TB, p int) *kpitree.State {
	t.Helper()
	st, _, err := kpitree.Evaluate(c.tree, c.inputs(p), c.sc, c.start+c.h)
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	return st
}

// inputs are path p's input series over Start+Horizon periods.
func (c mcCase) inputs(p int) kpitree.Inputs {
	in := kpitree.Inputs{}
	for _, nd := range c.tree.Nodes {
		if nd.Kind != kpitree.KindInput {
			continue
		}
		_, hasHist := c.history[nd.ID]
		s, hasSample := c.samples[nd.ID]
		if !hasHist && !hasSample {
			continue // typed values throughout, as the kernel
		}
		col := make([]float64, c.start+c.h)
		for k := range col {
			col[k] = math.NaN()
			if !hasHist && k < len(nd.Values) {
				col[k] = nd.Values[k]
			}
		}
		copy(col, c.history[nd.ID])
		if !hasHist && hasSample {
			// no history given: the kernel's history uses typed values
			for k := 0; k < c.start; k++ {
				col[k] = math.NaN()
				if k < len(nd.Values) {
					col[k] = nd.Values[k]
				}
			}
		}
		for k := range c.h {
			switch {
			case !hasSample:
				col[c.start+k] = math.NaN()
				if c.start+k < len(nd.Values) {
					col[c.start+k] = nd.Values[c.start+k]
				}
			case len(s) == c.h:
				col[c.start+k] = s[k]
			default:
				col[c.start+k] = s[p*c.h+k]
			}
		}
		in[nd.ID] = col
	}
	return in
}

func sameNumber(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// checkKernelMatchesState runs the vectorised kernel with the case's
// scenario and history and compares every node on every path and period
// with the State path, and P(goal) with the goal counted on the State.
func checkKernelMatchesState(t *testing.T, c mcCase) {
	res, err := kpitree.MonteCarlo(context.Background(), c.tree, kpitree.MonteCarloInput{
		Paths: c.paths, Horizon: c.h, Start: c.start, Samples: c.samples, History: c.history,
		Scenario: c.sc, KeepPaths: true, Goal: c.goal,
	})
	if err != nil {
		t.Fatalf("monte carlo: %v\ntree %+v\nscenario %+v", err, c.tree.Nodes, c.sc)
	}
	// Reporting only the root lets the kernel reuse buffers and cut set
	// subtrees: the root must not change.
	only, err := kpitree.MonteCarlo(context.Background(), c.tree, kpitree.MonteCarloInput{
		Paths: c.paths, Horizon: c.h, Start: c.start, Samples: c.samples, History: c.history,
		Scenario: c.sc, KeepPaths: true, Goal: c.goal, Nodes: []string{"root"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range only.Paths["root"] {
		if w := res.Paths["root"][k]; !sameNumber(v, w) {
			t.Fatalf("root value %d: %v reporting the root alone, %v reporting every node", k, v, w)
		}
	}
	if only.ProbGoal != res.ProbGoal || only.GoalPaths != res.GoalPaths {
		t.Fatalf("P(goal) %v of %d reporting the root alone, %v of %d reporting every node", only.ProbGoal, only.GoalPaths, res.ProbGoal, res.GoalPaths)
	}
	reached, counted := 0, 0
	for p := range c.paths {
		st := c.reference(t, p)
		for _, nd := range c.tree.Nodes {
			col := st.Values(nd.ID)
			got := res.Paths[nd.ID]
			for k := range c.h {
				if g, w := got[k*c.paths+p], col[c.start+k]; !sameNumber(g, w) {
					t.Fatalf("path %d, %s at period %d: kernel %v, State %v\ntree %+v\nscenario %+v\nhistory %v start %d",
						p, nd.ID, c.start+k, g, w, c.tree.Nodes, c.sc.Overrides, c.history, c.start)
				}
			}
		}
		if c.goal != nil {
			v := st.Values(c.goal.Node)[c.goal.Window.Period] // a one-period window is the period's value
			if fy := c.goal.Window.FiscalYear; fy != 0 {
				prog := st.Program()
				v, _ = kpitree.NewAggregator(prog).FiscalYear(prog.Index(c.goal.Node), st.Column, fy, st.Periods())
			}
			if !math.IsNaN(v) {
				counted++
				if v >= c.goal.Value {
					reached++
				}
			}
		}
	}
	if c.goal != nil {
		if res.GoalPaths != counted {
			t.Fatalf("goal paths %d, State counts %d", res.GoalPaths, counted)
		}
		if counted > 0 && res.ProbGoal != float64(reached)/float64(counted) {
			t.Fatalf("P(goal) %v, State gives %v", res.ProbGoal, float64(reached)/float64(counted))
		}
	}
}

// TestMonteCarlo_ScenarioKernelMatchesState: on random trees, scenarios,
// histories and sample paths, the vectorised kernel gives every node, path
// and period the value an Evaluate of that path over history + horizon
// gives, and the same P(goal).
func TestMonteCarlo_ScenarioKernelMatchesState(t *testing.T) {
	for seed := range uint64(400) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			checkKernelMatchesState(t, randomMCCase(seed))
		})
	}
}

func FuzzMonteCarlo_ScenarioKernelMatchesState(f *testing.F) {
	for _, s := range []uint64{0, 1, 7, 42, 1 << 40} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		checkKernelMatchesState(t, randomMCCase(seed))
	})
}

// TestMonteCarlo_ScenarioCutsSubtree: a node set over the whole simulation
// gives its set value on every path, and nodes below it need no samples
// to be evaluated for the root.
func TestMonteCarlo_ScenarioCutsSubtree(t *testing.T) {
	tr := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
		{ID: "r", Kind: kpitree.KindFormula, Formula: "m + c"},
		{ID: "m", Kind: kpitree.KindFormula, Formula: "a * b"},
		{ID: "a", Kind: kpitree.KindInput}, {ID: "b", Kind: kpitree.KindInput},
		{ID: "c", Kind: kpitree.KindInput},
	}}
	sc := &kpitree.Scenario{Name: "cut", Overrides: []kpitree.Override{{Node: "m", Op: kpitree.OpSet, Value: 100, To: -1}}}
	res, err := kpitree.MonteCarlo(context.Background(), tr, kpitree.MonteCarloInput{
		Paths: 3, Horizon: 2, Samples: map[string][]float64{"c": {1, 2, 3, 4, 5, 6}},
		Scenario: sc, Nodes: []string{"r"}, KeepPaths: true, Quantiles: []float64{0.5},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{101, 103, 105, 102, 104, 106} // period-major
	for k, w := range want {
		if g := res.Paths["r"][k]; g != w {
			t.Errorf("r[%d] = %v, want %v", k, g, w)
		}
	}
}

// TestMonteCarlo_HistoryFeedsLagAndCumsum: with History the first simulated
// period's lag and cumsum see the history, as Evaluate over both does.
func TestMonteCarlo_HistoryFeedsLagAndCumsum(t *testing.T) {
	tr := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
		{ID: "r", Kind: kpitree.KindFormula, Formula: "lag(x, 1) * 1000 + cumsum(x)"},
		{ID: "x", Kind: kpitree.KindInput},
	}}
	res, err := kpitree.MonteCarlo(context.Background(), tr, kpitree.MonteCarloInput{
		Paths: 1, Horizon: 2, Start: 3, Samples: map[string][]float64{"x": {10, 20}},
		History: kpitree.Inputs{"x": {1, 2, 3}}, KeepPaths: true, Quantiles: []float64{0.5},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Paths["r"], []float64{3000 + 16, 10000 + 36}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("r = %v, want %v", got, want)
	}
}

// genMCInput is a Monte Carlo input for the generated tree: 200 leaves
// with N×24 sample paths and 60 months of history, the scenario "push"
// (a leaf scaled with a ramp, a bottom node set for a year), the root
// reported.
func genMCInput(tr kpitree.Tree, paths int) (kpitree.MonteCarloInput, *kpitree.Scenario) {
	const h, hist = 24, 60
	rng := rand.New(rand.NewPCG(1, 2))
	in := kpitree.MonteCarloInput{Paths: paths, Horizon: h, Start: hist, Samples: map[string][]float64{},
		History: kpitree.Inputs{}, Nodes: []string{tr.Root}}
	for k := range 200 {
		id := gentree.LeafID(k)
		in.History[id] = gentree.Series(k, hist)
		s := make([]float64, paths*h)
		for i := range s {
			s[i] = 120 + rng.NormFloat64()*8
		}
		in.Samples[id] = s
	}
	sc := &kpitree.Scenario{Name: "push", Overrides: []kpitree.Override{
		{Node: gentree.LeafID(3), Op: kpitree.OpScale, Value: 10, From: hist, To: -1, Ramp: 6},
		{Node: "b5", Op: kpitree.OpSet, Value: 150, From: hist + 3, To: hist + 14},
	}}
	return in, sc
}

// BenchmarkMonteCarloScenario_1000Paths24Periods is the kernel behind
// Simulate on generated trees of 1k, 10k and 100k nodes: base and the
// scenario in one pass, 1,000 paths × 24 periods after 60 of history,
// root quantiles. Use -benchtime=3x: the 100k case takes seconds.
func BenchmarkMonteCarloScenario_1000Paths24Periods(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			tr := gentree.Tree(n, 200)
			in, sc := genMCInput(tr, 1000)
			p, _, err := kpitree.Compile(tr)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			cpu0, _ := processCPU()
			for b.Loop() {
				if _, err := kpitree.MonteCarloProgram(context.Background(), p, in, []*kpitree.Scenario{sc}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := processCPU(); ok {
				b.ReportMetric(float64((cpu1-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			}
		})
	}
}

// TestApplyScenario_MatchesEvaluate: moving from scenario to scenario with
// ApplyScenario (only changed nodes and their ancestors re-evaluated)
// leaves every column as a fresh Evaluate with that scenario gives it.
func TestApplyScenario_MatchesEvaluate(t *testing.T) {
	for seed := range uint64(200) {
		c := randomMCCase(seed)
		in := c.inputs(0)
		st, _, err := kpitree.Evaluate(c.tree, in, nil, c.start+c.h)
		if err != nil {
			t.Fatal(err)
		}
		// The case's scenario, variations of it (a value moved, as a
		// slider does; an override dropped) and back to the base.
		scs := []*kpitree.Scenario{c.sc}
		if len(c.sc.Overrides) > 0 {
			moved := *c.sc
			moved.Overrides = slices.Clone(c.sc.Overrides)
			moved.Overrides[0].Value += 3.5
			dropped := moved
			dropped.Overrides = moved.Overrides[1:]
			scs = append(scs, &moved, &dropped)
		}
		scs = append(scs, nil, c.sc)
		for k, sc := range scs {
			if _, err := st.ApplyScenario(sc); err != nil {
				t.Fatalf("seed %d step %d: %v", seed, k, err)
			}
			want, _, err := kpitree.Evaluate(c.tree, in, sc, c.start+c.h)
			if err != nil {
				t.Fatal(err)
			}
			for _, nd := range c.tree.Nodes {
				got, w := st.Values(nd.ID), want.Values(nd.ID)
				for p := range w {
					if math.Float64bits(got[p]) != math.Float64bits(w[p]) && !(math.IsNaN(got[p]) && math.IsNaN(w[p])) {
						t.Fatalf("seed %d step %d: %s[%d] = %v after ApplyScenario, %v from Evaluate", seed, k, nd.ID, p, got[p], w[p])
					}
				}
			}
		}
	}
}
