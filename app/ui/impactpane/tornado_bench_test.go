package impactpane_test

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/kpitree"
)

// BenchmarkImpactTornado_Scenario ranks the drivers of a scenario that
// sets a driver and builds the tornado from the ranking (what the impact
// pane does on every change).
func BenchmarkImpactTornado_Scenario(b *testing.B) {
	ws := uitest.Sample(b, "en")
	e, err := ws.Evaluate("")
	if err != nil {
		b.Fatal(err)
	}
	if err := ws.AddScenario(kpitree.Scenario{Name: "Active +", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpSet, Value: 0.75, From: e.Calendar.Periods, To: -1}}}); err != nil {
		b.Fatal(err)
	}
	bd, err := report.NewBuilder(ws, report.For(report.English))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := bd.Impact(ctx, "", "Active +", nil)
		if err != nil {
			b.Fatal(err)
		}
		if bd.Tornado(r, chart.Light) == nil {
			b.Fatal("no tornado")
		}
	}
}
