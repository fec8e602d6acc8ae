package workspace_test

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

// BenchmarkForecastAll measures a ForecastAll run that finds every leaf's
// forecast current (the common case: the forecast pane runs it on every
// settings change and most leaves are cached), i.e. the per-run overhead
// of preparing inputs, hashing them and checking the cache.
func BenchmarkForecastAll(b *testing.B) { benchForecastAllCached(b, nil) }

// BenchmarkForecastAllPinned is BenchmarkForecastAll with every leaf's
// model overridden, the worst case for the override lookup.
func BenchmarkForecastAllPinned(b *testing.B) {
	benchForecastAllCached(b, []string{"unit_price", "csm_count", "onboarded_per_csm", "active_rate"})
}

// benchForecastAllCached pins the pinned leaves to the naive model,
// forecasts once, then times runs that find everything cached.
func benchForecastAllCached(b *testing.B, pinned []string) {
	w, _ := newSampleWorkspace(b)
	for _, leaf := range pinned {
		if err := w.SetLeafModel(leaf, "naive"); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	if _, err := w.ForecastAll(ctx, workspace.ForecastOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep, err := w.ForecastAll(ctx, workspace.ForecastOptions{})
		if err != nil || rep.Cached != 4 {
			b.Fatalf("%+v, %v", rep, err)
		}
	}
}
