package report_test

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/report"
)

// BenchmarkBuild builds each figure of the sample workspace's root with a
// scenario, in Japanese (the charts pane builds one figure per tab).
func BenchmarkBuild(b *testing.B) {
	ws := sample(b, "ja")
	bd, err := report.NewBuilder(ws, report.For(report.Japanese))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, k := range report.AllKinds() {
		b.Run("kind="+string(k), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bd.Build(ctx, report.Request{Scenario: "Active +5pt", Kinds: []report.Kind{k}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
