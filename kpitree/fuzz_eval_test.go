package kpitree_test

import (
	"math"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// FuzzEval evaluates arbitrary formulas over three inputs: nothing may
// panic, a full Run must be repeatable, and the incremental Update after an
// input changes must agree with a full Run.
func FuzzEval(f *testing.F) {
	for _, tt := range validFormulas {
		f.Add(tt.in, 1.0, 2.0, 0.0)
	}
	f.Add("a / b", 1.0, 0.0, math.NaN())
	f.Add("lag(cumsum(a), 2) ^ b", -1.5, 0.5, 3.0)
	f.Add(`if("名前" >= 0, clamp(a, b, c), -c)`, 1.0, 2.0, 3.0)
	f.Add("r + a", 1.0, 1.0, 1.0) // self reference: a cycle
	f.Fuzz(func(t *testing.T, formula string, a, b, c float64) {
		tree := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
			{ID: "r", Kind: kpitree.KindFormula, Formula: formula},
			{ID: "a", Kind: kpitree.KindInput, Values: []float64{a, b, c, a}},
			{ID: "b", Kind: kpitree.KindInput, Values: []float64{b, c, a, b}},
			{ID: "c", Name: "名前", Kind: kpitree.KindInput, Values: []float64{c, a, b, c}},
			{ID: "top", Kind: kpitree.KindFormula, Formula: "r * 2"},
		}}
		_ = kpitree.Check(tree, nil)
		p, _, err := kpitree.Compile(tree)
		if err != nil {
			t.Fatalf("compile: %v", err)
		}
		full, inc := p.NewState(4), p.NewState(4)
		full.Run()
		first := append([]float64(nil), full.Values("top")...)
		full.Run()
		for k, v := range full.Values("top") {
			if !same(v, first[k]) {
				t.Fatalf("Run not repeatable at %d: %v vs %v", k, v, first[k])
			}
		}
		inc.Run()
		i := p.Index("b")
		for _, s := range []*kpitree.State{full, inc} {
			s.Input(i)[1] = a + 1
		}
		full.Run()
		inc.Update(i)
		for k := range p.Len() {
			for x, v := range full.Column(k) {
				if !same(v, inc.Column(k)[x]) {
					t.Fatalf("%s[%d]: full %v, incremental %v", p.ID(k), x, v, inc.Column(k)[x])
				}
			}
		}
	})
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
