package workspace_test

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

// BenchmarkForecastAccuracies measures scoring every leaf of the sample
// (four leaves, 36 months, the automatic model): what the forecast tab
// does after forecasting. "measure" opens the file afresh each time, so
// nothing is remembered; "remembered" asks again for unchanged leaves.
func BenchmarkForecastAccuracies(b *testing.B) {
	made, path := newSampleWorkspace(b)
	if err := made.Close(); err != nil { // opened afresh below
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("measure", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			acc, err := w.ForecastAccuracies(ctx, nil, nil)
			b.StopTimer()
			if err != nil || len(acc) != 4 {
				b.Fatalf("%v, %v", acc, err)
			}
			_ = w.Close()
			b.StartTimer()
		}
	})
	b.Run("remembered", func(b *testing.B) {
		w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer w.Close()
		if _, err := w.ForecastAccuracies(ctx, nil, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if acc, err := w.ForecastAccuracies(ctx, nil, nil); err != nil || len(acc) != 4 {
				b.Fatalf("%v, %v", acc, err)
			}
		}
	})
}
