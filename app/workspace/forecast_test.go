package workspace_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

func TestForecastAll(t *testing.T) {
	w, path := newSampleWorkspace(t)
	s := w.Settings()
	s.Paths = 200
	if err := w.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	var progress [][2]int
	rep, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{
		OnProgress: func(done, total int) { progress = append(progress, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should forecast every bound leaf to the end of the next fiscal year", func(t *testing.T) {
		if rep.Computed != 4 || rep.Cached != 0 || len(rep.Failed) != 0 {
			t.Fatalf("report = %+v, want 4 computed", rep)
		}
		if len(progress) != 4 || progress[3] != [2]int{4, 4} {
			t.Errorf("progress = %v, want 1/4 … 4/4", progress)
		}
		fc := w.Forecasts()
		lf := fc["active_rate"]
		if lf == nil {
			t.Fatalf("no forecast for active_rate: %v", fc)
		}
		// data ends 2026-03 (end of FY2025); FY2026 is the next fiscal year.
		if len(lf.Mean) != 12 || lf.Start != 36 || lf.Paths != 200 {
			t.Errorf("active_rate forecast: %d steps from %d with %d paths, want 12 from 36 with 200", len(lf.Mean), lf.Start, lf.Paths)
		}
		for i := range lf.Mean {
			if !(lf.Lower95[i] <= lf.Lower80[i] && lf.Lower80[i] <= lf.Upper80[i] && lf.Upper80[i] <= lf.Upper95[i]) {
				t.Errorf("step %d: bands not nested: %v %v %v %v", i, lf.Lower95[i], lf.Lower80[i], lf.Upper80[i], lf.Upper95[i])
			}
		}
	})
	t.Run("should compute nothing on a second run", func(t *testing.T) {
		rep, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Computed != 0 || rep.Cached != 4 {
			t.Errorf("second run = %+v, want all 4 cached", rep)
		}
	})
	t.Run("should keep the cache across close and reopen", func(t *testing.T) {
		w.Close()
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		if n := len(w2.Forecasts()); n != 4 {
			t.Fatalf("reopened with %d current forecasts, want 4", n)
		}
		rep, err := w2.ForecastAll(context.Background(), workspace.ForecastOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Computed != 0 {
			t.Errorf("after reopen = %+v, want nothing computed", rep)
		}
		t.Run("and recompute only the leaf whose data changed", func(t *testing.T) {
			if err := w2.Bind("active_rate", "cs_monthly", "csm_count"); err != nil {
				t.Fatal(err)
			}
			if n := len(w2.Forecasts()); n != 3 {
				t.Errorf("%d current forecasts after rebinding, want 3", n)
			}
			rep, err := w2.ForecastAll(context.Background(), workspace.ForecastOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Computed != 1 || rep.Cached != 3 {
				t.Errorf("after rebinding one leaf = %+v, want 1 computed, 3 cached", rep)
			}
		})
	})
}

func TestForecastCancel(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.ForecastAll(ctx, workspace.ForecastOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled forecast: %v, want context.Canceled", err)
	}
	if n := len(w.Forecasts()); n != 0 {
		t.Errorf("a cancelled run left %d forecasts", n)
	}
}

func TestForecastNoData(t *testing.T) {
	w, _ := newWorkspace(t)
	if _, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{}); !errors.Is(err, workspace.ErrNoData) {
		t.Errorf("forecast without data: %v, want ErrNoData", err)
	}
}
