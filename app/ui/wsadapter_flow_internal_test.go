package ui

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/datapane"
	"github.com/kpitree/kpitree/app/ui/forecastpane"
	"github.com/kpitree/kpitree/app/ui/goalseek"
	"github.com/kpitree/kpitree/app/ui/whatifpane"
	"github.com/kpitree/kpitree/app/workspace"
)

// TestFlow_BindForecastScenarioGoalSeekExport walks the planner's path on
// one real workspace file: bind the sample data with the wizard, forecast,
// make a scenario with a slider, undo and redo it, turn a goal seek answer
// into a scenario and export the charts and numbers.
func TestFlow_BindForecastScenarioGoalSeekExport(t *testing.T) {
	w := newTestWindow(t)
	a := newEmptyAdapter(t, "ja")
	ws := a.Workspace

	bw := datapane.NewWizard(w, a, nil)
	bw.Load(dataFile("cs_monthly_ja_sjis.csv"))
	bw.Wait()
	bw.Confirm()
	bw.Wait()
	if len(ws.Bindings()) != 4 {
		t.Fatalf("wizard bound %+v", ws.Bindings())
	}

	fp := forecastpane.New(w, a, nil)
	settle(fp)
	if len(fp.Rows()) != 4 || len(ws.Forecasts()) != 4 {
		t.Fatalf("forecast rows %d, stored %d (%s)", len(fp.Rows()), len(ws.Forecasts()), fp.Status())
	}

	wi := whatifpane.New(w, a, nil)
	settle(wi)
	if !wi.MoveDriver("csm_count", 10) { // 10 % more CSMs
		t.Fatal("no slider for csm_count")
	}
	settle(wi)
	wi.SaveDraftAs("What-if 1") // a draft on the base is saved by the user (Save as scenario…), not by the slider
	settle(wi)
	if n := scenarioCount(t, ws); n != 1 {
		t.Fatalf("%d scenarios after the slider", n)
	}
	if _, err := a.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Redo(); err != nil {
		t.Fatal(err)
	}
	settle(wi)
	if n := scenarioCount(t, ws); n != 1 {
		t.Fatalf("%d scenarios after undo and redo", n)
	}

	g, err := goalseek.New(w, a)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ws.Projection(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	fy := g.FiscalYears()[0]
	from, to := st.Program().Tree().Calendar.FiscalPeriods(fy)
	sum := 0.0
	for _, v := range st.Values(st.Program().Tree().Root)[from:to] {
		sum += v
	}
	if err := g.Seek("active_rate", math.Round(sum*1.03)); err != nil {
		t.Fatal(err)
	}
	if g.Answer() == nil || !g.Answer().Reachable {
		t.Fatalf("goal seek: %s", g.Result())
	}
	g.MakeScenario()
	if n := scenarioCount(t, ws); n != 2 {
		t.Fatalf("%d scenarios after goal seek", n)
	}

	dir := t.TempDir()
	files, err := chartspane.ExportCharts(context.Background(), a, chartspane.ExportRequest{Kinds: report.Kinds(), Format: chart.PNG,
		Size: chart.SizePixels(960, 540, 96), Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(report.Kinds()) {
		t.Fatalf("wrote %v, want one file per chart kind", files)
	}
	numbers := filepath.Join(dir, "numbers.xlsx")
	if err := chartspane.WriteNumbers(context.Background(), ws, numbers); err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, numbers) {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
}

// scenarioCount is how many scenarios ws stores.
func scenarioCount(t *testing.T, ws *workspace.Workspace) int {
	t.Helper()
	scs, err := ws.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	return len(scs)
}
