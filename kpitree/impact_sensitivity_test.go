package kpitree_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestSensitivity_CanonicalTree(t *testing.T) {
	const h = 24
	s := evaluate(t, canonical(h), nil, h)
	rev := slices.Clone(s.Values("addon_revenue"))
	t.Run("should move each controllable factor of a product by ±10 % of the root", func(t *testing.T) {
		rows, err := kpitree.Sensitivity(s, kpitree.SensitivityOptions{Window: kpitree.Window{Period: 7}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rows {
			ids = append(ids, r.Driver)
			if relErr(r.Low, 0.9*rev[7]) > 1e-12 || relErr(r.High, 1.1*rev[7]) > 1e-12 || relErr(r.Swing, 0.2*rev[7]) > 1e-12 {
				t.Errorf("%s: %+v, want low %v high %v", r.Driver, r, 0.9*rev[7], 1.1*rev[7])
			}
		}
		if !slices.Equal(ids, []string{"active_rate", "csm_count", "onboarded_per_csm"}) {
			t.Errorf("drivers = %v, want the three controllable leaves in id order (equal swings)", ids)
		}
	})
	t.Run("should count only the moved months of a fiscal-year total", func(t *testing.T) {
		rows, err := kpitree.Sensitivity(s, kpitree.SensitivityOptions{Window: kpitree.Window{FiscalYear: 2025}, From: 18, Delta: 0.05, All: true})
		if err != nil {
			t.Fatal(err)
		}
		moved := 0.0
		for _, v := range rev[18:24] {
			moved += v
		}
		if len(rows) != 4 || relErr(rows[0].Swing, 0.1*moved) > 1e-12 {
			t.Fatalf("rows = %+v, want swing %v", rows, 0.1*moved)
		}
	})
	t.Run("should leave the given evaluation unchanged", func(t *testing.T) {
		if !slices.Equal(s.Values("addon_revenue"), rev) {
			t.Fatal("Sensitivity changed the caller's state")
		}
	})
}

func TestRankDrivers_ImpactTimesControllable(t *testing.T) {
	tr := kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{
		{ID: "rev", Kind: kpitree.KindFormula, Formula: "price * users + services"},
		{ID: "price", Kind: kpitree.KindInput, Values: []float64{100}},
		{ID: "users", Kind: kpitree.KindInput, Values: []float64{50}, Controllable: true},
		{ID: "services", Kind: kpitree.KindInput, Values: []float64{1000}, Controllable: true},
	}}
	ranks, err := kpitree.RankDrivers(evaluate(t, tr, nil, 1), kpitree.SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// users: swing 0.2·5000 = 1000; services: 0.2·1000 = 200; price: 1000
	// but not controllable, so it comes last with score 0.
	want := []kpitree.DriverRank{
		{Rank: 1, Driver: "users", Controllable: true, Impact: 1000, Score: 1000, Elasticity: 5000.0 / 6000},
		{Rank: 2, Driver: "services", Controllable: true, Impact: 200, Score: 200, Elasticity: 1000.0 / 6000},
		{Rank: 3, Driver: "price", Impact: 1000, Elasticity: 5000.0 / 6000},
	}
	if len(ranks) != len(want) {
		t.Fatalf("ranks = %+v", ranks)
	}
	for i, w := range want {
		g := ranks[i]
		if g.Rank != w.Rank || g.Driver != w.Driver || g.Controllable != w.Controllable ||
			relErr(g.Impact, w.Impact) > 1e-9 || relErr(g.Score, w.Score) > 1e-9 || math.Abs(g.Elasticity-w.Elasticity) > 1e-9 {
			t.Errorf("rank %d = %+v, want %+v", i+1, g, w)
		}
	}
}

func TestSensitivity_Errors(t *testing.T) {
	s := evaluate(t, canonical(12), nil, 12)
	tests := []struct {
		name string
		opt  kpitree.SensitivityOptions
		want error
	}{
		{"should refuse an unknown node", kpitree.SensitivityOptions{Node: "x"}, kpitree.ErrUnknownNode},
		{"should refuse a negative delta", kpitree.SensitivityOptions{Delta: -0.1}, kpitree.ErrBadGoal},
		{"should refuse a NaN delta", kpitree.SensitivityOptions{Delta: math.NaN()}, kpitree.ErrBadGoal},
		{"should refuse a start outside the horizon", kpitree.SensitivityOptions{From: 99}, kpitree.ErrBadWindow},
		{"should refuse a window outside the horizon", kpitree.SensitivityOptions{Window: kpitree.Window{Period: -1}}, kpitree.ErrBadWindow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := kpitree.Sensitivity(s, tc.opt); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSensitivity_KeepsRatesWithinHundredPercent(t *testing.T) {
	tr := kpitree.Tree{Root: "active", Nodes: []kpitree.Node{
		{ID: "active", Kind: kpitree.KindFormula, Formula: "accounts * rate"},
		{ID: "accounts", Kind: kpitree.KindInput, Values: []float64{200}},
		{ID: "rate", Kind: kpitree.KindInput, Unit: "%", Values: []float64{0.95}, Controllable: true},
	}}
	rows, err := kpitree.Sensitivity(evaluate(t, tr, nil, 1), kpitree.SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || math.Abs(rows[0].High-200) > 1e-9 || math.Abs(rows[0].Low-200*0.855) > 1e-9 {
		t.Fatalf("rows = %+v, want high 200 (rate capped at 100 %%) and low 171", rows)
	}
}
