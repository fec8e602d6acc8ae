package workspace_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestParsePeriod(t *testing.T) {
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC), Periods: 36, FiscalYearStart: 4}
	cases := []struct {
		in            string
		kind          workspace.PeriodKind
		from, through string
		wantErr       bool
	}{
		{"2026-03", workspace.PeriodMonth, "2026-03", "2026-03", false},
		{"2025-Q4", workspace.PeriodQuarter, "2025-10", "2025-12", false},
		{"fy2025-q1", workspace.PeriodQuarter, "2025-04", "2025-06", false},
		{"FY2025-YTD", workspace.PeriodFYTD, "2025-04", "2026-03", false},
		{"FY2024", workspace.PeriodFY, "2024-04", "2025-03", false},
		{"FY2026-YTD", "", "", "", true}, // no actual in FY2026 yet
		{"2026-04", "", "", "", true},    // after the last actual
		{"2023-03", "", "", "", true},    // before the data
		{"2026-13", "", "", "", true},
		{"2026", "", "", "", true},
		{"last month", "", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p, err := workspace.ParsePeriod(cal, c.in)
			if c.wantErr {
				if !errors.Is(err, workspace.ErrBadBridge) {
					t.Errorf("err = %v, want ErrBadBridge", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != c.kind || p.FromLabel != c.from || p.ThroughLabel != c.through {
				t.Errorf("got %s %s..%s, want %s %s..%s", p.Kind, p.FromLabel, p.ThroughLabel, c.kind, c.from, c.through)
			}
		})
	}
}

func TestParseBridgeRef(t *testing.T) {
	cases := []struct {
		in   string
		ref  workspace.BridgeRef
		plan string
		ok   bool
	}{
		{"plan:FY2026 plan v1", workspace.RefPlan, "FY2026 plan v1", true},
		{"forecast", workspace.RefForecast, "", true},
		{"PRIOR", workspace.RefPrior, "", true},
		{"yoy", workspace.RefYoY, "", true},
		{"plan:", "", "", false},
		{"budget", "", "", false},
	}
	for _, c := range cases {
		ref, plan, err := workspace.ParseBridgeRef(c.in)
		if (err == nil) != c.ok || ref != c.ref || plan != c.plan {
			t.Errorf("%q: %q %q %v", c.in, ref, plan, err)
		}
	}
}

// sumParts checks that a bridge's parts add up to its gap.
func sumParts(t *testing.T, b *workspace.Bridge) {
	t.Helper()
	sum := 0.0
	for _, p := range b.Parts {
		sum += p.Value
	}
	if math.Abs(sum-b.Gap) > 1e-9*math.Max(1, math.Max(math.Abs(b.Actual), math.Abs(b.Reference))) {
		t.Errorf("parts sum to %.12g, gap %.12g", sum, b.Gap)
	}
	if math.Abs(b.Gap-(b.Actual-b.Reference)) > 1e-9*math.Abs(b.Actual) {
		t.Errorf("gap %g ≠ actual %g − reference %g", b.Gap, b.Actual, b.Reference)
	}
}

func TestBridge_OnTheSample(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	rev := e.Values("addon_revenue")
	for _, ref := range []workspace.BridgeRef{workspace.RefPrior, workspace.RefYoY, workspace.RefForecast} {
		for _, per := range []string{"2026-03", "2025-Q4", "FY2025-YTD", "FY2025-Q2"} {
			t.Run(string(ref)+" "+per, func(t *testing.T) {
				b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: ref, Period: per})
				if err != nil {
					t.Fatal(err)
				}
				sumParts(t, b)
				if b.Node != "addon_revenue" || len(b.Parts) != 2 {
					t.Errorf("bridge of %s over %d parts, want the root over its two drivers", b.Node, len(b.Parts))
				}
				for k := 1; k < len(b.Parts); k++ {
					if math.Abs(b.Parts[k].Value) > math.Abs(b.Parts[k-1].Value) {
						t.Errorf("parts not ranked by |value|: %+v", b.Parts)
					}
				}
			})
		}
	}
	t.Run("should compare March with February exactly for the prior period", func(t *testing.T) {
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefPrior, Period: "2026-03"})
		if err != nil {
			t.Fatal(err)
		}
		if b.Actual != rev[35] || b.Reference != rev[34] || b.RefFrom != "2026-02" {
			t.Errorf("actual %v ref %v (%s), want %v vs %v", b.Actual, b.Reference, b.RefFrom, rev[35], rev[34])
		}
	})
	t.Run("should sum a flow over a quarter against the same quarter a year before", func(t *testing.T) {
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefYoY, Period: "2025-Q4"})
		if err != nil {
			t.Fatal(err)
		}
		want, ref := rev[30]+rev[31]+rev[32], rev[18]+rev[19]+rev[20]
		if math.Abs(b.Actual-want) > 1e-6 || math.Abs(b.Reference-ref) > 1e-6 {
			t.Errorf("actual %v ref %v, want %v vs %v", b.Actual, b.Reference, want, ref)
		}
	})
	t.Run("should drill from the root into a driver", func(t *testing.T) {
		top, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefYoY, Period: "FY2025"})
		if err != nil {
			t.Fatal(err)
		}
		var next string
		for _, p := range top.Parts {
			if p.Drill {
				next = p.Node
			}
		}
		if next != "active_customers" {
			t.Fatalf("drillable parts %+v, want active_customers", top.Parts)
		}
		down, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefYoY, Period: "FY2025", Node: next})
		if err != nil {
			t.Fatal(err)
		}
		sumParts(t, down)
		if down.Node != next || len(down.Parts) != 2 {
			t.Errorf("drill: %s over %+v", down.Node, down.Parts)
		}
	})
	t.Run("should mark controllable drivers and split over leaves on request", func(t *testing.T) {
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefYoY, Period: "2026-03", Leaves: true})
		if err != nil {
			t.Fatal(err)
		}
		sumParts(t, b)
		ctrl := 0
		for _, p := range b.Parts {
			if n, _ := w.Node(p.Node); n.Controllable != p.Controllable || n.Kind != kpitree.KindInput {
				t.Errorf("part %s: controllable %v kind %s", p.Node, p.Controllable, n.Kind)
			}
			if p.Controllable {
				ctrl++
			}
		}
		if len(b.Parts) != 4 || ctrl == 0 {
			t.Errorf("%d leaf parts, %d controllable; want 4 leaves, some controllable", len(b.Parts), ctrl)
		}
	})
	t.Run("should be deterministic against the forecast made before the window", func(t *testing.T) {
		a, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefForecast, Period: "2025-Q4"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefForecast, Period: "2025-Q4"})
		if err != nil {
			t.Fatal(err)
		}
		if a.Reference != b.Reference || a.RefFrom != "2025-09" || a.Reference == a.Actual {
			t.Errorf("hold-out references %v and %v (fit to %s), actual %v", a.Reference, b.Reference, a.RefFrom, a.Actual)
		}
	})
}

func TestBridge_AgainstAPlan(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	if _, err := w.FreezePlan(ctx, "v1"); err != nil {
		t.Fatal(err)
	}
	t.Run("should have no gap against a plan frozen from the same actuals", func(t *testing.T) {
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefPlan, Plan: "v1", Period: "FY2025"})
		if err != nil {
			t.Fatal(err)
		}
		if !b.NoChange {
			t.Errorf("gap %v against the plan of the same data", b.Gap)
		}
	})
	t.Run("should explain a refreshed month against the plan, with the changed tree as residual", func(t *testing.T) {
		refreshSample(t, w, "csm_count", 1.1)
		if err := w.EditTree("scale", func(tr *kpitree.Tree) error {
			for i := range tr.Nodes {
				if tr.Nodes[i].ID == "addon_revenue" {
					tr.Nodes[i].Formula = "unit_price * active_customers * 1.05"
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefPlan, Plan: "v1", Period: "2026-04"})
		if err != nil {
			t.Fatal(err)
		}
		sumParts(t, b)
		if b.Gap == 0 {
			t.Error("no gap after the refresh")
		}
	})
	t.Run("should refuse an unknown plan", func(t *testing.T) {
		_, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefPlan, Plan: "nope", Period: "FY2025"})
		if !errors.Is(err, workspace.ErrUnknownPlan) {
			t.Errorf("err = %v, want ErrUnknownPlan", err)
		}
	})
	t.Run("should refuse a prior year before the data", func(t *testing.T) {
		_, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefYoY, Period: "2023-06"})
		if !errors.Is(err, workspace.ErrBadBridge) {
			t.Errorf("err = %v, want ErrBadBridge", err)
		}
	})
}

func TestWorth_OnTheSample(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	res, err := w.Worth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.FiscalYear != 2026 || res.FromLabel != "2026-04" || len(res.Rows) == 0 {
		t.Fatalf("worth FY%d from %s, %d rows", res.FiscalYear, res.FromLabel, len(res.Rows))
	}
	byNode := map[string]workspace.WorthRow{}
	for k, r := range res.Rows {
		byNode[r.Node] = r
		if k > 0 && math.Abs(r.Worth) > math.Abs(res.Rows[k-1].Worth) {
			t.Errorf("rows not ranked by |worth|")
		}
	}
	t.Run("should make the root's own worth its target minus its forecast, apart from the ranking", func(t *testing.T) {
		if _, ranked := byNode["addon_revenue"]; ranked {
			t.Error("the root is ranked among its drivers")
		}
		if res.RootTarget == nil {
			t.Fatal("the root has an FY2026 target but no RootTarget")
		}
		r := *res.RootTarget
		if math.Abs(r.RootFY-r.Target) > 1e-6*r.Target || math.Abs(r.Worth-(r.Target-res.RootForecast)) > 1e-6*r.Target {
			t.Errorf("root row %+v, forecast %v", r, res.RootForecast)
		}
	})
	t.Run("should agree with a what-if draft of the same scenario", func(t *testing.T) {
		r, ok := byNode["active_rate"]
		if !ok {
			t.Fatal("active_rate has an FY2026 target but no row")
		}
		e, err := w.WhatIf(ctx)
		if err != nil {
			t.Fatal(err)
		}
		step, err := e.Step(&r.Scenario, res.FiscalYear)
		if err != nil {
			t.Fatal(err)
		}
		if step.FY-step.BaseFY != r.Worth || math.Abs(r.OnTarget-r.Target) > 1e-9 {
			t.Errorf("worth %v, what-if %v; on target %v vs target %v", r.Worth, step.FY-step.BaseFY, r.OnTarget, r.Target)
		}
	})
	t.Run("should leave out nodes without a target", func(t *testing.T) {
		if _, ok := byNode["onboarded_per_csm"]; ok {
			t.Error("onboarded_per_csm has no target but got a row")
		}
	})
}
