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
func BenchmarkForecastAll(b *testing.B) {
	w, _ := newSampleWorkspace(b)
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
