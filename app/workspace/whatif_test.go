package workspace_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestDraft_Scenario(t *testing.T) {
	base := func(id string, i int) float64 {
		return map[string]float64{"active_rate": 0.62, "csm_count": 10}[id]
	}
	tests := []struct {
		name string
		d    workspace.Draft
		want []kpitree.Override
	}{
		{"should add nothing for unmoved drivers",
			workspace.Draft{Name: "a", Changes: map[string]workspace.DriverChange{
				"active_rate": {Op: kpitree.OpAdd}, "csm_count": {Op: kpitree.OpSet, Value: 10}}, From: 36, To: -1}, nil},
		{"should add points to a rate over the window with the ramp",
			workspace.Draft{Name: "a", Changes: map[string]workspace.DriverChange{
				"active_rate": {Op: kpitree.OpAdd, Value: 0.05}, "csm_count": {Op: kpitree.OpScale}}, From: 36, To: -1, Ramp: 3},
			[]kpitree.Override{{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: 36, To: -1, Ramp: 3}}},
		{"should keep overrides the rows do not edit, then the rows' in id order",
			workspace.Draft{Name: "a", Changes: map[string]workspace.DriverChange{
				"csm_count": {Op: kpitree.OpSet, Value: 12}, "active_rate": {Op: kpitree.OpScale, Value: 10}}, From: 40, To: 50,
				Keep: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpScale, Value: 5, From: 36, To: -1}}},
			[]kpitree.Override{{Node: "unit_price", Op: kpitree.OpScale, Value: 5, From: 36, To: -1},
				{Node: "active_rate", Op: kpitree.OpScale, Value: 10, From: 40, To: 50},
				{Node: "csm_count", Op: kpitree.OpSet, Value: 12, From: 40, To: 50}}},
		{"should drop a non-finite value rather than store it",
			workspace.Draft{Changes: map[string]workspace.DriverChange{"csm_count": {Op: kpitree.OpAdd, Value: math.Inf(1)}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.d.Scenario(base)
			if !slices.Equal(sc.Overrides, tt.want) {
				t.Fatalf("overrides %+v, want %+v", sc.Overrides, tt.want)
			}
			if tt.d.Moved(base) != (len(tt.want) > 0) {
				t.Fatalf("Moved = %v with %d overrides", tt.d.Moved(base), len(tt.want))
			}
		})
	}
	t.Run("should read a saved scenario back into the same draft", func(t *testing.T) {
		d := workspace.Draft{Name: "x", Changes: map[string]workspace.DriverChange{"active_rate": {Op: kpitree.OpAdd, Value: 0.05}},
			From: 38, To: -1, Ramp: 2}
		back := workspace.DraftFrom(d.Scenario(base), map[string]bool{"active_rate": true, "csm_count": true}, 36, -1)
		if back.From != 38 || back.Ramp != 2 || back.Changes["active_rate"] != d.Changes["active_rate"] || back.Name != "x" {
			t.Fatalf("DraftFrom = %+v", back)
		}
	})
}

func TestDefaultDriverOp(t *testing.T) {
	for unit, want := range map[string]kpitree.OverrideOp{"%": kpitree.OpAdd, "JPY/customer/month": kpitree.OpScale,
		"people": kpitree.OpScale, "accounts/person": kpitree.OpScale, "": kpitree.OpScale} {
		if got := workspace.DefaultDriverOp(unit); got != want {
			t.Errorf("DefaultDriverOp(%q) = %s, want %s", unit, got, want)
		}
	}
}

// TestWhatIf_PositiveChangeNeverLowersTheRoot is the executive's journey in
// numbers: "+5 pt active rate from April, ramped over 3 months" on the
// sample must raise the root in every period of the window (the old level
// override flattened the seasonality and ended below the base), and the
// what-if must agree with the saved scenario's projection.
func TestWhatIf_PositiveChangeNeverLowersTheRoot(t *testing.T) {
	ctx := context.Background()
	w, err := workspace.CreateSample(filepath.Join(t.TempDir(), "s.kpitree"), "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	e, err := w.WhatIf(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hist := e.History()
	for _, tt := range []struct {
		name   string
		change workspace.DriverChange
		node   string
	}{
		{"should raise the root with +5 pt of active rate", workspace.DriverChange{Op: kpitree.OpAdd, Value: 0.05}, "active_rate"},
		{"should raise the root with +10 % unit price", workspace.DriverChange{Op: kpitree.OpScale, Value: 10}, "unit_price"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := e.Node(tt.node); !ok {
				t.Skipf("the sample has no %s", tt.node)
			}
			d := workspace.Draft{Name: "up", Changes: map[string]workspace.DriverChange{tt.node: tt.change}, From: hist, To: -1, Ramp: 3}
			sc := d.Scenario(e.BaseValue)
			r, err := e.Eval(&sc)
			if err != nil {
				t.Fatal(err)
			}
			for i := hist; i < len(r.Root); i++ {
				if !(r.Root[i] > r.BaseRoot[i]) {
					t.Fatalf("root at %d = %v, base %v: a positive change lowered it", i, r.Root[i], r.BaseRoot[i])
				}
			}
			if !(r.FY > r.BaseFY) {
				t.Fatalf("FY %v, base %v", r.FY, r.BaseFY)
			}
			// The driver's change at the window's end is the full change.
			end := e.WindowEnd(d)
			v, b := r.At(tt.node, end)
			want := b + tt.change.Value
			if tt.change.Op == kpitree.OpScale {
				want = b * (1 + tt.change.Value/100)
			}
			if math.Abs(v-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Fatalf("%s at %d = %v, want %v", tt.node, end, v, want)
			}
			// The same scenario saved and projected gives the same root.
			if err := w.AddScenario(sc); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = w.DeleteScenario(sc.Name) })
			st, err := w.Projection(ctx, sc.Name)
			if err != nil {
				t.Fatal(err)
			}
			got := st.Values(e.Root().ID)
			for i := range r.Root {
				if math.Abs(got[i]-r.Root[i]) > 1e-9*math.Max(1, math.Abs(got[i])) {
					t.Fatalf("projection at %d = %v, what-if %v", i, got[i], r.Root[i])
				}
			}
		})
	}
}
