package workspace_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestWhatIf_StepsMatchProjections(t *testing.T) {
	w := simWorkspace(t)
	ctx := context.Background()
	e, err := w.WhatIf(ctx)
	if err != nil {
		t.Fatal(err)
	}
	up := upside()
	base, err := w.Projection(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want, err := w.Projection(ctx, "upside")
	if err != nil {
		t.Fatal(err)
	}
	root := w.Tree().Root
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	t.Run("should give the scenario's projection and name the recomputed nodes", func(t *testing.T) {
		s, err := e.Step(&up, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if !same(s.Root, want.Values(root)) {
			t.Errorf("root %v, projection %v", s.Root, want.Values(root))
		}
		if !slices.Contains(s.Changed, "active_rate") || s.Changed[len(s.Changed)-1] != root {
			t.Errorf("changed %v, want active_rate first and the root last", s.Changed)
		}
		if slices.Contains(s.Changed, "unit_price") {
			t.Errorf("changed %v includes unit_price, which the draft does not reach", s.Changed)
		}
		if fy, ok := kpitree.FiscalValue(w.Tree().Calendar, want.Values(root), 2026, ""); ok && math.IsNaN(s.FY) || s.FY <= s.BaseFY {
			t.Errorf("FY %v, base FY %v: the upside should raise the year (projection says %v)", s.FY, s.BaseFY, fy)
		}
	})
	t.Run("should follow a slider and come back to the base", func(t *testing.T) {
		moved := up
		moved.Overrides = slices.Clone(up.Overrides)
		moved.Overrides[0].Value = 0.08
		if _, err := e.Step(&moved, 2026); err != nil {
			t.Fatal(err)
		}
		s, err := e.Step(nil, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if !same(s.Root, base.Values(root)) || s.FY != s.BaseFY {
			t.Errorf("back at the base: root %v, want %v; FY %v vs %v", s.Root, base.Values(root), s.FY, s.BaseFY)
		}
	})
	t.Run("should refuse an invalid draft and keep the last step", func(t *testing.T) {
		bad := kpitree.Scenario{Name: "bad", Overrides: []kpitree.Override{{Node: "nope", Op: kpitree.OpSet, Value: 1, To: -1}}}
		if _, err := e.Step(&bad, 2026); err == nil {
			t.Fatal("want an error for an unknown node")
		}
		if !same(e.Values(root), base.Values(root)) {
			t.Error("a refused draft changed the values")
		}
	})
}
