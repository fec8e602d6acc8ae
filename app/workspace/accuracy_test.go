package workspace_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/forecast"
)

func TestForecastAccuracy(t *testing.T) {
	ctx := context.Background()
	w, _ := newSampleWorkspace(t)
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should be the backtest of the leaf's history with its model, one period ahead", func(t *testing.T) {
		if _, ok := w.CachedForecastAccuracy("unit_price"); ok {
			t.Fatal("an accuracy is cached before it was measured")
		}
		got, err := w.ForecastAccuracy(ctx, "unit_price")
		if err != nil {
			t.Fatal(err)
		}
		model, _ := w.Settings().ModelFor("unit_price")
		want, err := forecast.Backtest(ctx, e.Values("unit_price")[:e.Calendar.Periods],
			forecast.Spec{Model: model, Season: e.Calendar.Freq.SeasonLength(), Horizon: 1}, 12, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got != want.MAPE || math.IsNaN(got) || got <= 0 {
			t.Errorf("accuracy %v, want the backtest's MAPE %v", got, want.MAPE)
		}
		if v, ok := w.CachedForecastAccuracy("unit_price"); !ok || v != got {
			t.Errorf("cached %v, %v; want %v remembered", v, ok, got)
		}
	})
	t.Run("should measure again when the leaf's model changes", func(t *testing.T) {
		before, _ := w.ForecastAccuracy(ctx, "unit_price")
		if err := w.SetLeafModel("unit_price", "naive"); err != nil {
			t.Fatal(err)
		}
		if _, ok := w.CachedForecastAccuracy("unit_price"); ok {
			t.Fatal("the old model's accuracy is still served")
		}
		after, err := w.ForecastAccuracy(ctx, "unit_price")
		if err != nil || after == before || math.IsNaN(after) {
			t.Errorf("naive's accuracy %v (%v), want a measure other than the default model's %v", after, err, before)
		}
	})
	t.Run("should measure every bound leaf and leave other nodes out", func(t *testing.T) {
		all, err := w.ForecastAccuracies(ctx, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(w.Bindings()) {
			t.Errorf("%d leaves measured, want the %d bound", len(all), len(w.Bindings()))
		}
		if v, err := w.ForecastAccuracy(ctx, w.Tree().Root); err != nil || !math.IsNaN(v) {
			t.Errorf("the root's accuracy %v, %v: want NaN, it is not a leaf", v, err)
		}
	})
	t.Run("should report cancellation and remember nothing", func(t *testing.T) {
		if err := w.SetLeafModel("unit_price", "drift"); err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := w.ForecastAccuracy(cancelled, "unit_price"); err == nil {
			t.Error("no error after cancel")
		}
		if _, ok := w.CachedForecastAccuracy("unit_price"); ok {
			t.Error("a cancelled measure was remembered")
		}
	})
}

// The Forecast tab's bar shows ForecastAccuracies' progress: it must rise
// by one each call up to the total, though the leaves are measured on all
// cores.
func TestForecastAccuracies_ProgressRises(t *testing.T) {
	for range 3 { // each run measures anew
		w, _ := newSampleWorkspace(t)
		var seen []int
		if _, err := w.ForecastAccuracies(context.Background(), nil, func(done, total int) {
			if done == 1 {
				// A slow first report (a busy UI) let the other worker's
				// later count overtake it.
				time.Sleep(100 * time.Millisecond)
			}
			seen = append(seen, done)
			if total != len(w.Bindings()) {
				t.Errorf("total %d, want %d", total, len(w.Bindings()))
			}
		}); err != nil {
			t.Fatal(err)
		}
		for i, d := range seen {
			if d != i+1 {
				t.Fatalf("progress %v, want 1, 2, … %d", seen, len(seen))
			}
		}
	}
}
