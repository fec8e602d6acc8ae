package kpitree_test

import (
	"errors"
	"math"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func coreRampTree() kpitree.Tree {
	return kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
		{ID: "r", Kind: kpitree.KindFormula, Formula: "m * c"},
		{ID: "m", Kind: kpitree.KindFormula, Formula: "a + b"},
		{ID: "a", Kind: kpitree.KindInput, Unit: "%"},
		{ID: "b", Kind: kpitree.KindInput},
		{ID: "c", Kind: kpitree.KindConstant, Value: 10},
	}}
}

func TestScenario_OverridesApplyInWindowWithRamp(t *testing.T) {
	in := kpitree.Inputs{"a": {1, 1, 1, 1, 1, 1}, "b": {1, 1, 1, 1, 1, 1}}
	tests := []struct {
		name string
		o    kpitree.Override
		node string
		want []float64
	}{
		{"set input from period 2", kpitree.Override{Node: "a", Op: kpitree.OpSet, Value: 3, From: 2, To: -1}, "a", []float64{1, 1, 3, 3, 3, 3}},
		{"set with ramp 2", kpitree.Override{Node: "a", Op: kpitree.OpSet, Value: 3, From: 1, To: -1, Ramp: 2}, "a", []float64{1, 2, 3, 3, 3, 3}},
		{"scale +50 % over 1..2", kpitree.Override{Node: "a", Op: kpitree.OpScale, Value: 50, From: 1, To: 2}, "a", []float64{1, 1.5, 1.5, 1, 1, 1}},
		{"add 0.05 points ramped over 4", kpitree.Override{Node: "a", Op: kpitree.OpAdd, Value: 0.4, From: 0, To: -1, Ramp: 4}, "a", []float64{1.1, 1.2, 1.3, 1.4, 1.4, 1.4}},
		{"intermediate node cut for window", kpitree.Override{Node: "m", Op: kpitree.OpSet, Value: 7, From: 3, To: 4}, "r", []float64{20, 20, 20, 70, 70, 20}},
		{"constant node", kpitree.Override{Node: "c", Op: kpitree.OpAdd, Value: 5, From: 0, To: 0}, "r", []float64{30, 20, 20, 20, 20, 20}},
		{"window beyond horizon is clipped", kpitree.Override{Node: "b", Op: kpitree.OpSet, Value: 0, From: 4, To: 100}, "m", []float64{2, 2, 2, 2, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &kpitree.Scenario{Name: tt.name, Overrides: []kpitree.Override{tt.o}}
			st, _, err := kpitree.Evaluate(coreRampTree(), in, sc, 6)
			if err != nil {
				t.Fatal(err)
			}
			got := st.Values(tt.node)
			for k, w := range tt.want {
				if !coreNear(got[k], w, 1e-12) {
					t.Fatalf("%s = %v, want %v", tt.node, got, tt.want)
				}
			}
		})
	}
}

func TestScenario_SetOverridesMissingData(t *testing.T) {
	in := kpitree.Inputs{"a": {math.NaN(), math.NaN()}, "b": {1, 1}}
	sc := &kpitree.Scenario{Overrides: []kpitree.Override{{Node: "a", Op: kpitree.OpSet, Value: 2, From: 0, To: -1}}}
	st, _, err := kpitree.Evaluate(coreRampTree(), in, sc, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Values("r"); got[0] != 30 || got[1] != 30 {
		t.Errorf("r = %v, want [30 30]", got)
	}
}

func TestScenario_HorizonExtendsBeyondHistoryAndCompare(t *testing.T) {
	in, _ := coreSampleInputs(t)
	in["per_csm"] = append(append([]float64(nil), in["per_csm"]...), 45, 45, 45, 45, 45, 45) // appended forecast
	for _, id := range []string{"unit_price", "csm_count", "active_rate"} {
		s := in[id]
		for range 6 {
			s = append(s, s[len(s)-1])
		}
		in[id] = s
	}
	tree := coreCanonicalTree()
	p, _, err := kpitree.Compile(tree)
	if err != nil {
		t.Fatal(err)
	}
	base, alt := p.NewState(42), p.NewState(42)
	for _, st := range []*kpitree.State{base, alt} {
		if err := st.SetInputs(in); err != nil {
			t.Fatal(err)
		}
	}
	sc := &kpitree.Scenario{Name: "+5pt active rate from April 2026", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: 36, To: -1}}}
	if err := alt.SetScenario(sc); err != nil {
		t.Fatal(err)
	}
	base.Run()
	alt.Run()
	diff, err := kpitree.Compare(base, alt)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 36; k++ {
		if diff["revenue"][k] != 0 {
			t.Fatalf("history changed at %d: %v", k, diff["revenue"][k])
		}
	}
	for k := 36; k < 42; k++ {
		want := base.Values("unit_price")[k] * base.Values("onboarded")[k] * 0.05
		if !coreNear(diff["revenue"][k], want, 1e-9) {
			t.Errorf("period %d: Δrevenue %v, want %v", k, diff["revenue"][k], want)
		}
	}
	if _, err := kpitree.Compare(base, p.NewState(10)); !errors.Is(err, kpitree.ErrMismatch) {
		t.Errorf("Compare of different horizons: %v", err)
	}
	// Clearing the scenario brings the base back.
	if err := alt.SetScenario(nil); err != nil {
		t.Fatal(err)
	}
	alt.Run()
	if alt.Values("revenue")[40] != base.Values("revenue")[40] {
		t.Error("SetScenario(nil) did not clear the overrides")
	}
}

func TestScenario_RejectsInvalidOverrides(t *testing.T) {
	p, _, _ := kpitree.Compile(coreRampTree())
	st := p.NewState(3)
	tests := []struct {
		o    kpitree.Override
		want error
	}{
		{kpitree.Override{Node: "zz", Op: kpitree.OpSet}, kpitree.ErrUnknownNode},
		{kpitree.Override{Node: "a", Op: "multiply"}, kpitree.ErrBadScenario},
		{kpitree.Override{Node: "a", Op: kpitree.OpSet, From: -1}, kpitree.ErrBadScenario},
		{kpitree.Override{Node: "a", Op: kpitree.OpSet, From: 2, To: 1}, kpitree.ErrBadScenario},
		{kpitree.Override{Node: "a", Op: kpitree.OpSet, Ramp: -1}, kpitree.ErrBadScenario},
		{kpitree.Override{Node: "a", Op: kpitree.OpSet, Value: math.NaN()}, kpitree.ErrBadScenario},
	}
	for _, tt := range tests {
		if err := st.SetScenario(&kpitree.Scenario{Overrides: []kpitree.Override{tt.o}}); !errors.Is(err, tt.want) {
			t.Errorf("%+v: got %v, want %v", tt.o, err, tt.want)
		}
	}
}

func TestState_UpdateAfterScenarioChangeMatchesRun(t *testing.T) {
	in, _ := coreSampleInputs(t)
	p, _, _ := kpitree.Compile(coreCanonicalTree())
	a, b := p.NewState(36), p.NewState(36)
	for _, s := range []*kpitree.State{a, b} {
		_ = s.SetInputs(in)
		s.Run()
		_ = s.SetScenario(&kpitree.Scenario{Overrides: []kpitree.Override{{Node: "onboarded", Op: kpitree.OpScale, Value: 10, From: 12, To: 23, Ramp: 3}}})
	}
	a.Run()
	b.Update(p.Index("onboarded"))
	for _, id := range p.Topo() {
		for k, v := range a.Values(id) {
			if !coreNear(v, b.Values(id)[k], 0) {
				t.Fatalf("%s[%d]: %v vs %v", id, k, v, b.Values(id)[k])
			}
		}
	}
}
