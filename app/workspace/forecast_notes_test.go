package workspace_test

import (
	"math"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
)

// gappyWorkspace is the sample workspace with active_rate's sixth month
// missing and its 21st entered ten times too large (a typo).
func gappyWorkspace(t *testing.T) (*workspace.Workspace, string) {
	t.Helper()
	w, path := newWorkspace(t)
	d := sampleDataset(t)
	for i, c := range d.Columns {
		if c.Name == "active_rate" {
			v := slices.Clone(c.Values)
			v[5], v[20] = math.NaN(), v[20]*10
			d.Columns[i].Values = v
		}
	}
	if _, err := w.CommitImport(d, sampleBindings()); err != nil {
		t.Fatalf("import: %v", err)
	}
	fewPaths(t, w)
	forecastAll(t, w)
	return w, path
}

func TestLeafForecast_NoteParts(t *testing.T) {
	w, path := gappyWorkspace(t)
	check := func(t *testing.T, w *workspace.Workspace) {
		t.Helper()
		fcs := w.Forecasts()
		lf := fcs["active_rate"]
		if lf == nil {
			t.Fatal("no forecast of active_rate")
		}
		if !slices.Equal(forecast.NoteTexts(lf.NoteParts), lf.Notes) {
			t.Errorf("parts %+v do not spell notes %q", lf.NoteParts, lf.Notes)
		}
		want := map[forecast.NoteCode]int{forecast.NoteInterpolated: 6, forecast.NoteOutliers: 21}
		for _, p := range lf.NoteParts {
			if shown, _ := p.Positions(); slices.Contains(shown, want[p.Code]) {
				delete(want, p.Code)
			}
		}
		if len(want) > 0 {
			t.Errorf("notes %q lack %v", lf.Notes, want)
		}
		if other := fcs["csm_count"]; other == nil || other.NoteParts != nil || other.Notes != nil {
			t.Errorf("a clean leaf has notes: %+v", other)
		}
	}
	t.Run("should carry coded notes for a series with a gap and an outlier", func(t *testing.T) { check(t, w) })
	t.Run("should keep them in the file", func(t *testing.T) {
		w.Close()
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		check(t, w2)
	})
}
