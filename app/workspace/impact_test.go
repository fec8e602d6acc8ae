package workspace_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestImpact(t *testing.T) {
	w := simWorkspace(t)
	ctx := context.Background()
	fy := kpitree.Window{FiscalYear: 2026}
	t.Run("should attribute the upside's revenue change to active rate alone", func(t *testing.T) {
		a, err := w.Attribute(ctx, "upside", fy, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !(a.Change > 0) || len(a.Parts) == 0 || a.Parts[0].Node != "active_rate" {
			t.Fatalf("attribution = %+v, want a positive change led by active_rate", a)
		}
		sum := 0.0
		for _, p := range a.Parts {
			sum += p.Value
		}
		if math.Abs(sum-a.Change) > 1e-6*math.Abs(a.Change) {
			t.Errorf("parts sum to %v, change is %v", sum, a.Change)
		}
	})
	t.Run("should need a scenario to attribute against", func(t *testing.T) {
		if _, err := w.Attribute(ctx, "", fy, kpitree.AttributionOptions{}); !errors.Is(err, workspace.ErrUnknownScenario) {
			t.Errorf("got %v, want ErrUnknownScenario", err)
		}
	})
	t.Run("should give what attributing two separate projections gives", func(t *testing.T) {
		// Attribute builds both projections at once from one set of
		// futures; the answer must be the one of two Projection calls.
		for _, opt := range []kpitree.AttributionOptions{{}, {Drivers: kpitree.DriversChildren}, {Method: kpitree.MethodLMDI}} {
			base, err := w.Projection(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			next, err := w.Projection(ctx, "upside")
			if err != nil {
				t.Fatal(err)
			}
			want, err := kpitree.Attribute(base, next, fy, opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.Attribute(ctx, "upside", fy, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("options %+v: Attribute = %+v, want %+v", opt, got, want)
			}
		}
	})
	t.Run("should refuse an unknown scenario", func(t *testing.T) {
		if _, err := w.Attribute(ctx, "nope", fy, kpitree.AttributionOptions{}); !errors.Is(err, workspace.ErrUnknownScenario) {
			t.Errorf("got %v, want ErrUnknownScenario", err)
		}
		if _, err := w.Projection(ctx, "nope"); !errors.Is(err, workspace.ErrUnknownScenario) {
			t.Errorf("got %v, want ErrUnknownScenario", err)
		}
	})
	t.Run("should rank the four controllable leaves", func(t *testing.T) {
		rows, err := w.Sensitivity(ctx, "", kpitree.SensitivityOptions{Window: fy, Delta: 0.1, From: 36})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 {
			t.Fatalf("%d sensitivity rows, want 4", len(rows))
		}
		ranks, err := w.RankDrivers(ctx, "", kpitree.SensitivityOptions{Window: fy, From: 36})
		if err != nil || len(ranks) != 4 || ranks[0].Rank != 1 {
			t.Errorf("ranks = %+v, %v", ranks, err)
		}
	})
	t.Run("should find the active rate that reaches a revenue target", func(t *testing.T) {
		base, err := w.Projection(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		from, to := base.Program().Tree().Calendar.FiscalPeriods(2026)
		total := 0.0
		for _, v := range base.Values("revenue")[from:to] {
			total += v
		}
		r, err := w.GoalSeek(ctx, "", kpitree.GoalSeek{Driver: "active_rate", Target: total * 1.05, Window: fy, From: 36})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Reachable || math.Abs(r.Achieved-total*1.05) > 1e-3*total {
			t.Errorf("goal seek = %+v, want reachable at %v", r, total*1.05)
		}
	})
	t.Run("should attribute one period against another", func(t *testing.T) {
		a, err := w.AttributePeriods(ctx, "", 23, 35, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Parts) == 0 {
			t.Errorf("no parts: %+v", a)
		}
	})
}

func TestApplyOp(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	before := dump(t, w)
	if err := w.Apply(kpitree.RenameID{From: "csm_count", To: "csms"}); err != nil {
		t.Fatal(err)
	}
	tr := w.Tree()
	if tr.Nodes[3].Formula != "csms * onboarded_per_csm" {
		t.Errorf("formula after rename = %q", tr.Nodes[3].Formula)
	}
	if bs := w.Bindings(); len(bs) != 4 || bs[0].Node != "active_rate" || bs[1].Node != "csms" {
		t.Errorf("bindings after rename = %+v, want csm_count's moved to csms", bs)
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, w); got != before {
		t.Errorf("undo of a rename did not restore the workspace:\n%s", got)
	}
	if err := w.Apply(kpitree.RemoveNode{ID: "ghost"}); !errors.Is(err, kpitree.ErrUnknownNode) && !errors.Is(err, kpitree.ErrBadOp) {
		t.Errorf("removing a missing node: %v", err)
	}
}

// TestSensitivity_ErrorNamesTheOperationOnce: kpitree already says
// "sensitivity:"; the workspace must not say it again.
func TestSensitivity_ErrorNamesTheOperationOnce(t *testing.T) {
	ws, _ := newSampleWorkspace(t)
	_, err := ws.Sensitivity(context.Background(), "", kpitree.SensitivityOptions{Node: ws.Tree().Root, Delta: -1})
	if err == nil {
		t.Fatal("a negative delta was accepted")
	}
	if n := strings.Count(err.Error(), "sensitivity:"); n != 1 {
		t.Errorf("error %q names the operation %d times, want once", err, n)
	}
}
