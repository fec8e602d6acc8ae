package whatifpane

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// bigTree is a revenue tree of about n nodes: revenue = price × customers,
// customers = the sum of n/3 segments, each segment = accounts × rate.
func bigTree(n int) (kpitree.Tree, kpitree.Inputs, int) {
	const hist, periods = 36, 57
	rng := rand.New(rand.NewPCG(1, 2))
	t := kpitree.Tree{Name: "big", Root: "revenue", Calendar: kpitree.Calendar{Freq: kpitree.Month,
		Start: time.Date(2023, time.April, 1, 0, 0, 0, 0, time.UTC), Periods: hist, FiscalYearStart: time.April}}
	in := kpitree.Inputs{}
	series := func(level float64) []float64 {
		s := make([]float64, periods)
		for i := range s {
			s[i] = level * (1 + 0.1*rng.Float64())
		}
		return s
	}
	segs := max(1, (n-3)/3)
	sum := ""
	for i := range segs {
		a, r, c := fmt.Sprintf("acc_%d", i), fmt.Sprintf("rate_%d", i), fmt.Sprintf("seg_%d", i)
		t.Nodes = append(t.Nodes,
			kpitree.Node{ID: c, Name: c, Unit: "customers", Kind: kpitree.KindFormula, Formula: a + " * " + r, Aggregation: "last"},
			kpitree.Node{ID: a, Name: a, Unit: "accounts", Kind: kpitree.KindInput, Controllable: true},
			kpitree.Node{ID: r, Name: r, Unit: "%", Kind: kpitree.KindInput, Controllable: true})
		in[a], in[r] = series(100), series(0.6)
		if i > 0 {
			sum += " + "
		}
		sum += c
	}
	t.Nodes = append([]kpitree.Node{
		{ID: "revenue", Name: "Revenue", Unit: "JPY", Kind: kpitree.KindFormula, Formula: "price * customers", Aggregation: "sum"},
		{ID: "price", Name: "Price", Unit: "JPY/customer", Kind: kpitree.KindInput},
		{ID: "customers", Name: "Customers", Unit: "customers", Kind: kpitree.KindFormula, Formula: sum, Aggregation: "last"},
	}, t.Nodes...)
	in["price"] = series(12000)
	return t, in, hist
}

func newBigEngine(tb testing.TB, n int) *workspace.WhatIf {
	tb.Helper()
	t, in, hist := bigTree(n)
	st, _, err := kpitree.Evaluate(t, in, nil, 57)
	if err != nil {
		tb.Fatal(err)
	}
	e, err := workspace.NewWhatIf(st, hist)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func TestWhatIfEngine_BigTree(t *testing.T) {
	e := newBigEngine(t, 1000)
	sc := kpitree.Scenario{Name: "up", Overrides: []kpitree.Override{{Node: "rate_0", Op: kpitree.OpAdd, Value: 0.1, From: 36, To: -1}}}
	r, err := e.Eval(&sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Series) < 990 {
		t.Fatalf("%d nodes, want about 1,000", len(r.Series))
	}
	if !(r.FY > r.BaseFY) || math.IsNaN(r.BaseFY) {
		t.Fatalf("FY %v, base %v: raising a rate must raise revenue", r.FY, r.BaseFY)
	}
	// The base is untouched by drafts.
	r2, _ := e.Eval(nil)
	if r2.FY != r.BaseFY {
		t.Fatalf("base changed: %v vs %v", r2.FY, r.BaseFY)
	}
}

// BenchmarkWhatIfStep is one slider step on a 1,000-node tree: apply the
// draft, re-run the tree, copy the preview and draw the chart (target ≤ 33 ms).
func BenchmarkWhatIfStep(b *testing.B) {
	e := newBigEngine(b, 1000)
	if err := chart.Ready(); err != nil {
		b.Fatal(err)
	}
	sc := kpitree.Scenario{Name: "up", Overrides: []kpitree.Override{{Node: "rate_0", Op: kpitree.OpAdd, From: 36, To: -1, Ramp: 3}}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sc.Overrides[0].Value = float64(i%40) / 100
		r, err := e.Eval(&sc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := chart.RenderImage(whatIfFigure(e, r, sc.Name, chart.Light), whatIfChartW, whatIfChartH); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWhatIfEval is the evaluation part of a step alone.
func BenchmarkWhatIfEval(b *testing.B) {
	e := newBigEngine(b, 1000)
	sc := kpitree.Scenario{Name: "up", Overrides: []kpitree.Override{{Node: "rate_0", Op: kpitree.OpAdd, From: 36, To: -1, Ramp: 3}}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sc.Overrides[0].Value = float64(i%40) / 100
		if _, err := e.Eval(&sc); err != nil {
			b.Fatal(err)
		}
	}
}
