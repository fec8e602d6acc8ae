package kpitree_test

import (
	"context"
	"math"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// FuzzBatchEvaluator feeds arbitrary formulas to the batch evaluator used by
// Monte Carlo and attribution, and checks that it never panics, agrees with
// Evaluate on every formula (a broken one is missing in both), and that
// attribution of any formula sums to the change.
func FuzzBatchEvaluator(f *testing.F) {
	for _, s := range []string{
		"a * b", "a + b - c", "a / b", "(a - b) / c * 100%", "max(a, b, c) - min(a, 1)", "lag(a, 1) + cumsum(b)",
		"if(a > b, a, b) ^ 2", "clamp(a / b, 0, 1)", "abs(a - 2 * b) / avg(a, b, c)", `"a" * 1,000 + b`,
		"a ^ b", "-a ^ 2", "a >= b == 1", "sum(a)", "lag(a, 30)", "a / 0", "a ^ -1", "y + 1", "nope * 2", "a +", "lag(a, b)",
	} {
		f.Add(s, 3.0, 4.0, 12.5)
	}
	f.Fuzz(func(t *testing.T, formula string, a0, b0, scale float64) {
		const h = 6
		tr := kpitree.Tree{Root: "y", Nodes: []kpitree.Node{
			{ID: "y", Kind: kpitree.KindFormula, Formula: formula},
			{ID: "a", Kind: kpitree.KindInput}, {ID: "b", Kind: kpitree.KindInput}, {ID: "c", Kind: kpitree.KindConstant, Value: 2},
		}}
		in := kpitree.Inputs{"a": make([]float64, h), "b": make([]float64, h)}
		for t := range h {
			in["a"][t] = a0 + float64(t)
			in["b"][t] = b0 - float64(t)/2
		}
		want, _, err := kpitree.Evaluate(tr, in, nil, h)
		if err != nil {
			return // not a tree at all; Evaluate and MonteCarlo both refuse it
		}
		res, err := kpitree.MonteCarlo(context.Background(), tr, kpitree.MonteCarloInput{Paths: 1, Horizon: h, Samples: in, Nodes: []string{"y"}})
		if err != nil {
			t.Fatalf("batch evaluator refused a tree Evaluate accepts: %v", err)
		}
		for k := range h {
			got, w := res.Bands["y"][k][0], want.Values("y")[k]
			if !(got == w || math.IsNaN(got) && math.IsNaN(w) || math.Abs(got-w) <= 1e-12*math.Max(1, math.Abs(w))) {
				t.Fatalf("%q period %d: batch %v, Evaluate %v", formula, k, got, w)
			}
		}
		if math.IsNaN(scale) || math.IsInf(scale, 0) {
			return
		}
		sc := &kpitree.Scenario{Name: "fuzz", Overrides: []kpitree.Override{{Node: "a", Op: kpitree.OpScale, Value: math.Mod(scale, 100), To: -1}}}
		next, _, err := kpitree.Evaluate(tr, in, sc, h)
		if err != nil {
			t.Fatalf("evaluate scenario: %v", err)
		}
		for _, opt := range []kpitree.AttributionOptions{{}, {Method: kpitree.MethodLMDI}} {
			at, err := kpitree.Attribute(want, next, kpitree.Window{Period: h - 1}, opt)
			if err != nil {
				continue // no value to explain
			}
			sum, mag := 0.0, math.Max(1, math.Max(math.Abs(at.Base), math.Abs(at.Next)))
			for _, p := range at.Parts {
				sum += p.Value
				mag = math.Max(mag, math.Abs(p.Value))
			}
			if math.Abs(sum-at.Change) > 1e-9*mag {
				t.Fatalf("%q: parts sum to %v, change %v (%+v)", formula, sum, at.Change, at.Parts)
			}
		}
	})
}
