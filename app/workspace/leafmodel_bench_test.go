package workspace_test

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

// BenchmarkForecastAllPinned is BenchmarkForecastAll with every leaf's
// model overridden, the worst case for the override lookup.
func BenchmarkForecastAllPinned(b *testing.B) {
	w, _ := newSampleWorkspace(b)
	for _, leaf := range []string{"unit_price", "csm_count", "onboarded_per_csm", "active_rate"} {
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
