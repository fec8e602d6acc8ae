package kpitree_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestSeekGoal_KnownAnswers(t *testing.T) {
	const h = 24
	tr := canonical(h)
	s := evaluate(t, tr, nil, h)
	rev := s.Values("addon_revenue")
	price, csm, opc := s.Values("unit_price"), s.Values("csm_count"), s.Values("onboarded_per_csm")

	t.Run("should find the active rate that makes one month's revenue reach the target", func(t *testing.T) {
		target := rev[5] * 1.1
		r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "active_rate", Target: target, Window: kpitree.Window{Period: 5}, From: 0})
		if err != nil {
			t.Fatal(err)
		}
		want := target / (price[5] * csm[5] * opc[5])
		if !r.Reachable || math.Abs(r.Value-want) > 1e-9 || relErr(r.Achieved, target) > 1e-9 {
			t.Fatalf("got %+v, want value %v", r, want)
		}
		if r.Baseline != rev[5] {
			t.Errorf("baseline = %v, want %v", r.Baseline, rev[5])
		}
	})
	t.Run("should find a ramped value for a fiscal-year total that a scenario reproduces", func(t *testing.T) {
		base := 0.0
		for _, v := range rev[12:24] {
			base += v
		}
		target := base * 1.05
		gs := kpitree.GoalSeek{Driver: "onboarded_per_csm", Target: target, Window: kpitree.Window{FiscalYear: 2025}, From: 12, Ramp: 4}
		r, err := kpitree.SeekGoal(s, gs)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Reachable || relErr(r.Achieved, target) > 1e-9 {
			t.Fatalf("got %+v", r)
		}
		sc := &kpitree.Scenario{Name: "goal", Overrides: []kpitree.Override{{Node: "onboarded_per_csm", Op: kpitree.OpSet, Value: r.Value, From: 12, To: -1, Ramp: 4}}}
		got := 0.0
		for _, v := range evaluate(t, tr, sc, h).Values("addon_revenue")[12:24] {
			got += v
		}
		if relErr(got, target) > 1e-9 {
			t.Errorf("the same override as a scenario gives %v, want %v", got, target)
		}
	})
	t.Run("should say a rate would have to exceed 100 % and give the best reachable value", func(t *testing.T) {
		r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "active_rate", Target: rev[5] * 3, Window: kpitree.Window{Period: 5}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Reachable || r.Value != 1 || !strings.Contains(r.Message, "100 %") {
			t.Fatalf("got %+v", r)
		}
		if want := price[5] * csm[5] * opc[5]; relErr(r.Achieved, want) > 1e-9 {
			t.Errorf("achieved = %v, want %v", r.Achieved, want)
		}
	})
	t.Run("should search beyond 100 % when the caller lifts the bound", func(t *testing.T) {
		up := 5.0
		r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "active_rate", Target: rev[5] * 3, Window: kpitree.Window{Period: 5}, Upper: &up})
		if err != nil || !r.Reachable || relErr(r.Achieved, rev[5]*3) > 1e-9 {
			t.Fatalf("got %+v, %v", r, err)
		}
	})
}

func TestSeekGoal_NonMonotone(t *testing.T) {
	tr := kpitree.Tree{Root: "y", Nodes: []kpitree.Node{
		{ID: "y", Kind: kpitree.KindFormula, Formula: "x * (10 - x)"},
		{ID: "x", Kind: kpitree.KindInput, Values: []float64{7, 7}},
	}}
	s := evaluate(t, tr, nil, 2)
	tests := []struct {
		name      string
		target    float64
		reachable bool
		want      float64
	}{
		{"should pick the solution nearest the current value", 16, true, 8},
		{"should find the peak as the best value when the target is above it", 30, false, 5},
		{"should find a solution on the rising side too", 9, true, 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "x", Target: tc.target, Window: kpitree.Window{Period: 1}})
			if err != nil {
				t.Fatal(err)
			}
			if r.Reachable != tc.reachable || math.Abs(r.Value-tc.want) > 1e-6 {
				t.Fatalf("got %+v, want value %v reachable %v", r, tc.want, tc.reachable)
			}
		})
	}
}

func TestSeekGoal_Errors(t *testing.T) {
	tr := canonical(12)
	tr.Nodes = append(tr.Nodes, kpitree.Node{ID: "stray", Kind: kpitree.KindInput, Values: []float64{1}})
	s := evaluate(t, tr, nil, 12)
	lo, hi := 2.0, 1.0
	tests := []struct {
		name string
		gs   kpitree.GoalSeek
		want error
	}{
		{"should refuse a formula node as driver", kpitree.GoalSeek{Driver: "active_customers", Target: 1}, kpitree.ErrNotDriver},
		{"should refuse a driver that does not feed the node", kpitree.GoalSeek{Driver: "stray", Target: 1}, kpitree.ErrNotDriver},
		{"should refuse an unknown driver", kpitree.GoalSeek{Driver: "nope", Target: 1}, kpitree.ErrUnknownNode},
		{"should refuse an unknown node", kpitree.GoalSeek{Driver: "active_rate", Node: "nope", Target: 1}, kpitree.ErrUnknownNode},
		{"should refuse a start outside the horizon", kpitree.GoalSeek{Driver: "active_rate", Target: 1, From: 12}, kpitree.ErrBadWindow},
		{"should refuse a NaN target", kpitree.GoalSeek{Driver: "active_rate", Target: math.NaN()}, kpitree.ErrBadGoal},
		{"should refuse reversed bounds", kpitree.GoalSeek{Driver: "active_rate", Target: 1, Lower: &lo, Upper: &hi}, kpitree.ErrBadGoal},
		{"should refuse a fiscal year outside the horizon", kpitree.GoalSeek{Driver: "active_rate", Target: 1, Window: kpitree.Window{FiscalYear: 2030}}, kpitree.ErrBadWindow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := kpitree.SeekGoal(s, tc.gs); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func BenchmarkSeekGoal_Canonical(b *testing.B) {
	const h = 24
	s, _, err := kpitree.Evaluate(canonical(h), nil, nil, h)
	if err != nil {
		b.Fatal(err)
	}
	gs := kpitree.GoalSeek{Driver: "active_rate", Target: 4e7, Window: kpitree.Window{FiscalYear: 2025}, From: 12, Ramp: 3}
	b.ReportAllocs()
	for b.Loop() {
		if r, err := kpitree.SeekGoal(s, gs); err != nil || !r.Reachable {
			b.Fatal(r, err)
		}
	}
}

// TestSeekGoal_RandomTrees sets a target that a known driver value reaches
// and checks that goal seek reaches it too (maybe with another value, when
// the formula is not monotone).
func TestSeekGoal_RandomTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const h = 6
	found := 0
	for trial := range 150 {
		tr := randomTree(rng, 3+rng.IntN(25), h, false)
		var leaves []int
		for i, nd := range tr.Nodes {
			if nd.Kind == kpitree.KindInput {
				leaves = append(leaves, i)
			}
		}
		d := leaves[rng.IntN(len(leaves))]
		c := 1 + rng.Float64()*5
		for k := range tr.Nodes[d].Values {
			tr.Nodes[d].Values[k] = c
		}
		s := evaluate(t, tr, nil, h)
		f := 0.5 + rng.Float64()*1.5
		moved := tr.Clone()
		for k := range moved.Nodes[d].Values {
			moved.Nodes[d].Values[k] = c * f
		}
		target := evaluate(t, moved, nil, h).Values("n0")[h-1]
		if math.IsNaN(target) {
			continue
		}
		r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: tr.Nodes[d].ID, Target: target, Window: kpitree.Window{Period: h - 1}})
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if !r.Reachable {
			// The scan may miss a root that only touches the target; the
			// best value must then come at least as close as c·f does.
			if math.Abs(r.Achieved-target) > 1e-6*math.Max(1, math.Abs(target)) {
				t.Errorf("trial %d: target %v (reached by %v) reported unreachable: %s", trial, target, c*f, r.Message)
			}
			continue
		}
		found++
		if math.Abs(r.Achieved-target) > 1e-8*math.Max(1, math.Abs(target)) {
			t.Fatalf("trial %d: achieved %v, want %v", trial, r.Achieved, target)
		}
	}
	if found < 100 {
		t.Errorf("only %d of 150 targets were found", found)
	}
}

// FuzzSeekGoal checks that goal seek never panics on any formula, target
// or bounds, and that whatever it calls reachable is reached.
func FuzzSeekGoal(f *testing.F) {
	for _, s := range []string{"x * (10 - x)", "x ^ 2 - 3", "if(x > 2, x, -x)", "1 / x", "lag(x, 1) + x", "clamp(x, 1, 2) * 3", "max(x, 5)"} {
		f.Add(s, 4.0, 0.0, 100.0)
	}
	f.Fuzz(func(t *testing.T, formula string, target, lo, hi float64) {
		tr := kpitree.Tree{Root: "y", Nodes: []kpitree.Node{
			{ID: "y", Kind: kpitree.KindFormula, Formula: formula},
			{ID: "x", Kind: kpitree.KindInput, Values: []float64{1, 2, 3}},
		}}
		s, _, err := kpitree.Evaluate(tr, nil, nil, 3)
		if err != nil {
			return
		}
		r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "x", Target: target, Window: kpitree.Window{Period: 2}, Lower: &lo, Upper: &hi, From: 1})
		if err != nil {
			return
		}
		if r.Reachable && math.Abs(r.Achieved-target) > 1e-6*math.Max(1, math.Abs(target)) {
			t.Fatalf("%q: reachable but achieved %v, target %v", formula, r.Achieved, target)
		}
	})
}

// TestSeekGoal_HugeTargets: a target far beyond anything the driver can
// reach is unreachable, and the closest value is the one that gives the
// most (or least), not an arbitrary one. With 1e30 every distance rounds to
// 1e30, and the answer was "closest is 1.6 %, giving ¥0".
func TestSeekGoal_HugeTargets(t *testing.T) {
	const h = 24
	s := evaluate(t, canonical(h), nil, h)
	best := kpitree.GoalSeek{Driver: "active_rate", Target: 1e9 * s.Values("addon_revenue")[5], Window: kpitree.Window{Period: 5}}
	want, err := kpitree.SeekGoal(s, best)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		target  float64
		value   float64
		highest bool
	}{
		{"1e30", 1e30, 1, true},
		{"the largest float", math.MaxFloat64, 1, true},
		{"-1e30", -1e30, 0, false},
	} {
		t.Run("should call a target of "+tc.name+" unreachable and give the best value", func(t *testing.T) {
			gs := best
			gs.Target = tc.target
			r, err := kpitree.SeekGoal(s, gs)
			if err != nil {
				t.Fatal(err)
			}
			if r.Reachable {
				t.Fatalf("reachable: %+v", r)
			}
			if math.Abs(r.Value-tc.value) > 1e-6 {
				t.Errorf("closest value = %v, want %v (%s)", r.Value, tc.value, r.Message)
			}
			if tc.highest && relErr(r.Achieved, want.Achieved) > 1e-9 {
				t.Errorf("achieved %v, want the most reachable, %v", r.Achieved, want.Achieved)
			}
			if !tc.highest && r.Achieved != 0 {
				t.Errorf("achieved %v, want 0 (active rate 0 %%)", r.Achieved)
			}
		})
	}
}
