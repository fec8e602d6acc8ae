package kpitree_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// randomFYTree builds a tree of leaves of every kind and formula nodes that
// add, subtract, multiply and divide earlier nodes, over 24 months.
func randomFYTree(r *rand.Rand) (kpitree.Tree, kpitree.Inputs) {
	const periods = 24
	tree := kpitree.Tree{Calendar: kpitree.Calendar{Freq: kpitree.Month, Periods: periods,
		Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April}}
	in := kpitree.Inputs{}
	leaves := 3 + r.IntN(5)
	kinds := []string{"flow", "stock", "opening", "average", ""}
	units := []string{"JPY/month", "accounts", "%", "accounts/month", ""}
	for k := range leaves {
		id := fmt.Sprintf("x%d", k)
		tree.Nodes = append(tree.Nodes, kpitree.Node{ID: id, Kind: kpitree.KindInput,
			Unit: units[r.IntN(len(units))], Aggregation: kinds[r.IntN(len(kinds))]})
		col := make([]float64, periods)
		for t := range col {
			col[t] = 0.5 + 1.5*r.Float64()
		}
		in[id] = col
	}
	ops := []string{" + ", " - ", " * ", " / "}
	formulas := 2 + r.IntN(8)
	for k := range formulas {
		n := len(tree.Nodes)
		terms := 2 + r.IntN(2)
		var sb strings.Builder
		for j := range terms {
			if j > 0 {
				sb.WriteString(ops[r.IntN(len(ops))])
			}
			if r.IntN(6) == 0 {
				fmt.Fprintf(&sb, "%g", 1+float64(r.IntN(3)))
				continue
			}
			sb.WriteString(tree.Nodes[r.IntN(n)].ID)
		}
		formula := sb.String()
		if r.IntN(3) == 0 { // make sure ratios occur
			formula = "(" + formula + ") / " + tree.Nodes[r.IntN(n)].ID
		}
		tree.Nodes = append(tree.Nodes, kpitree.Node{ID: fmt.Sprintf("f%d", k), Kind: kpitree.KindFormula, Formula: formula})
	}
	tree.Root = tree.Nodes[len(tree.Nodes)-1].ID
	return tree, in
}

// TestAggregator_RatioIsItsFormulaOverTheFiscalValuesOfItsInputs is the
// property behind "aggregation by meaning": for every ratio node of a random
// tree, the fiscal-year value equals the node's formula evaluated (by the
// ordinary evaluator) on one period holding every input's fiscal-year value.
func TestAggregator_RatioIsItsFormulaOverTheFiscalValuesOfItsInputs(t *testing.T) {
	ratios := 0
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 19))
		tree, in := randomFYTree(r)
		p, _, err := kpitree.Compile(tree)
		if err != nil {
			t.Fatal(err)
		}
		s := p.NewState(24)
		if err := s.SetInputs(in); err != nil {
			t.Fatal(err)
		}
		s.Run()
		agg := kpitree.NewAggregator(p)
		for _, fy := range []int{2023, 2024} {
			from, to := tree.Calendar.FiscalPeriods(fy)
			fyv := agg.Values(s.Column, from, to)
			for i, n := range tree.Nodes {
				if v := agg.Value(i, s.Column, from, to); !coreNear(v, fyv[i], 1e-12) {
					t.Fatalf("seed %d: Value(%s) = %v but Values gives %v", seed, n.ID, v, fyv[i])
				}
				if agg.Info(i).Kind != kpitree.AggRatio {
					continue
				}
				ratios++
				// One-period oracle: every other node a constant at its FY value.
				oracle := kpitree.Tree{Root: n.ID, Calendar: kpitree.Calendar{Freq: kpitree.Month, Periods: 1}}
				for j, m := range tree.Nodes {
					if j == i {
						oracle.Nodes = append(oracle.Nodes, kpitree.Node{ID: m.ID, Kind: kpitree.KindFormula, Formula: m.Formula})
						continue
					}
					oracle.Nodes = append(oracle.Nodes, kpitree.Node{ID: m.ID, Kind: kpitree.KindConstant, Value: fyv[j]})
				}
				os, _, err := kpitree.Evaluate(oracle, nil, nil, 1)
				if err != nil {
					t.Fatal(err)
				}
				want := os.Values(n.ID)[0]
				if !coreNear(fyv[i], want, 1e-9) {
					t.Fatalf("seed %d FY %d: %s = %s: FY value %v, formula over inputs' FY values %v", seed, fy, n.ID, n.Formula, fyv[i], want)
				}
			}
		}
	}
	if ratios < 100 {
		t.Errorf("only %d ratio nodes were checked: the generator makes too few", ratios)
	}
}

// TestAggregator_FlowsStocksAndOpenings checks the other kinds by hand.
func TestAggregator_FlowsStocksAndOpenings(t *testing.T) {
	col := []float64{5, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 99}
	tests := []struct {
		agg  string
		want float64
	}{{"flow", 1 + 2 + 3 + 4 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13}, {"stock", 13}, {"opening", 1},
		{"average", (1 + 2 + 3 + 4 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13) / 12.0}, {"sum", 86}, {"last", 13}}
	for _, tt := range tests {
		tree := kpitree.Tree{Root: "x", Calendar: kpitree.Calendar{Freq: kpitree.Month, Periods: len(col),
			Start: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April},
			Nodes: []kpitree.Node{{ID: "x", Kind: kpitree.KindInput, Aggregation: tt.agg, Values: col}}}
		s, _, err := kpitree.Evaluate(tree, nil, nil, len(col))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := kpitree.NewAggregator(s.Program()).FiscalYear(0, s.Column, 2023, len(col))
		if !ok || got != tt.want {
			t.Errorf("%s: FY 2023 = %v, want %v", tt.agg, got, tt.want)
		}
	}
}

// BenchmarkAggregator_FiscalYear10k measures every node's fiscal-year value
// on a 10,000-node tree (a quarter of them ratios) over 36 months.
func BenchmarkAggregator_FiscalYear10k(b *testing.B) {
	const nodes, periods = 10_000, 36
	tree := kpitree.Tree{Calendar: kpitree.Calendar{Freq: kpitree.Month, Periods: periods,
		Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April}}
	in := kpitree.Inputs{}
	r := rand.New(rand.NewPCG(1, 2))
	units := []string{"JPY/month", "accounts", "%"}
	for k := range nodes / 2 {
		id := fmt.Sprintf("x%d", k)
		tree.Nodes = append(tree.Nodes, kpitree.Node{ID: id, Kind: kpitree.KindInput, Unit: units[k%3]})
		col := make([]float64, periods)
		for t := range col {
			col[t] = 1 + r.Float64()
		}
		in[id] = col
	}
	for k := range nodes / 2 {
		a, c := tree.Nodes[r.IntN(len(tree.Nodes))].ID, tree.Nodes[r.IntN(len(tree.Nodes))].ID
		op := []string{" + ", " * ", " - ", " / "}[k%4]
		tree.Nodes = append(tree.Nodes, kpitree.Node{ID: fmt.Sprintf("f%d", k), Kind: kpitree.KindFormula, Formula: a + op + c})
	}
	tree.Root = tree.Nodes[len(tree.Nodes)-1].ID
	p, _, err := kpitree.Compile(tree)
	if err != nil {
		b.Fatal(err)
	}
	s := p.NewState(periods)
	if err := s.SetInputs(in); err != nil {
		b.Fatal(err)
	}
	s.Run()
	b.Run("resolve", func(b *testing.B) {
		for b.Loop() {
			kpitree.NewAggregator(p)
		}
	})
	agg := kpitree.NewAggregator(p)
	from, to := tree.Calendar.FiscalPeriods(2024)
	b.Run("values", func(b *testing.B) {
		for b.Loop() {
			agg.Values(s.Column, from, to)
		}
	})
	b.Run("root", func(b *testing.B) {
		root := p.Index(tree.Root)
		for b.Loop() {
			agg.Value(root, s.Column, from, to)
		}
	})
}
