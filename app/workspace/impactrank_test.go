package workspace_test

import (
	"context"
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestImpactRank(t *testing.T) {
	w := simWorkspace(t)
	ctx := context.Background()
	fy := kpitree.Window{FiscalYear: 2026}
	const from = 36 // the first forecast period of the sample
	base, err := w.ImpactRank(ctx, "", workspace.ImpactOptions{Window: fy, From: from})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should move every bound driver across its forecast's p10–p90", func(t *testing.T) {
		if len(base.Rows) != 4 {
			t.Fatalf("rows %+v, want the four leaves", base.Rows)
		}
		for _, r := range base.Rows {
			if r.Source != workspace.RangeForecast {
				t.Errorf("%s: range from %q, want the forecast", r.Driver, r.Source)
			}
			// revenue grows with every factor of its product
			if !(r.Low < base.Base && base.Base < r.High) || !(r.DriverLow < r.DriverHigh) {
				t.Errorf("%s: root %v – %v around %v, driver %v – %v", r.Driver, r.Low, r.High, base.Base, r.DriverLow, r.DriverHigh)
			}
			if math.Abs(r.Swing-(r.High-r.Low)) > 1e-9*r.Swing {
				t.Errorf("%s: swing %v is not high − low", r.Driver, r.Swing)
			}
		}
	})
	t.Run("should rank by impact the team can act on, largest swing first", func(t *testing.T) {
		for i, r := range base.Rows {
			if r.Rank < 1 || r.Rank > i+1 {
				t.Errorf("row %d has rank %d", i, r.Rank)
			}
			if i > 0 && r.Controllable == base.Rows[i-1].Controllable && r.Swing > base.Rows[i-1].Swing*(1+1e-9) {
				t.Errorf("row %d swings %v, more than the row above (%v)", i, r.Swing, base.Rows[i-1].Swing)
			}
		}
	})
	t.Run("should use a range the user types", func(t *testing.T) {
		r, err := w.ImpactRank(ctx, "", workspace.ImpactOptions{Window: fy, From: from,
			Ranges: map[string]workspace.DriverRange{"active_rate": {Low: 0.9, High: 0.5}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range r.Rows {
			if row.Driver != "active_rate" {
				continue
			}
			if row.Source != workspace.RangeTyped || math.Abs(row.DriverLow-0.5) > 1e-9 || math.Abs(row.DriverHigh-0.9) > 1e-9 {
				t.Fatalf("typed range gave %+v", row)
			}
			return
		}
		t.Fatal("active_rate not ranked")
	})
	t.Run("should measure around the scenario's value and name it", func(t *testing.T) {
		r, err := w.ImpactRank(ctx, "upside", workspace.ImpactOptions{Window: fy, From: from})
		if err != nil {
			t.Fatal(err)
		}
		st, err := w.Projection(ctx, "upside")
		if err != nil {
			t.Fatal(err)
		}
		want, _ := kpitree.FiscalValue(st.Program().Tree().Calendar, st.Values("revenue"), 2026, "sum")
		if r.Scenario != "upside" || math.Abs(r.Base-want) > 1e-6*want || !(r.Base > base.Base) {
			t.Fatalf("base %v (%q), want the upside's %v above the base's %v", r.Base, r.Scenario, want, base.Base)
		}
		for _, row := range r.Rows {
			// the driver the scenario moves still swings, around its new level
			if row.Driver == "active_rate" && !(row.Low < r.Base && r.Base < row.High) {
				t.Fatalf("active_rate swings %v – %v around %v", row.Low, row.High, r.Base)
			}
		}
	})
	t.Run("should refuse a first period outside the projection", func(t *testing.T) {
		if _, err := w.ImpactRank(ctx, "", workspace.ImpactOptions{Window: fy, From: 999}); err == nil {
			t.Fatal("no error")
		}
	})
}
