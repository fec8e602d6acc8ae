package workspace_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

// BenchmarkPlan times freezing a plan version (projection, Monte Carlo
// bands for every node over 1,000 paths, encoding, one undoable write) and
// a variance bridge against it (one quarter of actuals, the root over its
// drivers), on the generated 1k- and 10k-node workspaces (200 bound leaves
// × 60 months, 24 forecast months, forecasts cached). It reports the
// stored plan's size.
//
//	CGO_ENABLED=0 go test -tags ci -run XXX -bench 'BenchmarkPlan' -benchtime 3x ./app/workspace/
func BenchmarkPlan(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1_000, 10_000} {
		path := scaleWorkspace(b, b.TempDir(), n, 1000)
		w, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("freeze/%d", n), func(b *testing.B) {
			k := 0
			var size int
			for b.Loop() {
				k++
				info, err := w.FreezePlan(ctx, fmt.Sprintf("plan %d", k))
				if err != nil {
					b.Fatal(err)
				}
				size = info.Bytes
			}
			b.ReportMetric(float64(size)/1024, "KiB/plan")
		})
		b.Run(fmt.Sprintf("bridge/%d", n), func(b *testing.B) {
			if _, err := w.Plan("plan 1"); err != nil {
				if _, err := w.FreezePlan(ctx, "plan 1"); err != nil {
					b.Fatal(err)
				}
			}
			// The first bridge decodes the plan (see plan-read below);
			// later ones reuse it.
			if _, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefPlan, Plan: "plan 1", Period: "2025-Q4"}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefPlan, Plan: "plan 1", Period: "2025-Q4"}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("plan-read/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := w.Plan("plan 1"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("bridge-yoy/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: workspace.RefYoY, Period: "FY2025-YTD"}); err != nil {
					b.Fatal(err)
				}
			}
		})
		_ = w.Close()
	}
}
