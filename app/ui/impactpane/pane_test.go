package impactpane_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/ui/impactpane"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}

// addScenario stores a scenario that sets active_rate to 75 % over the
// forecast.
func addScenario(t *testing.T, ws uitest.Workspace, name string) {
	t.Helper()
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	h := e.Calendar.Periods
	if err := ws.AddScenario(kpitree.Scenario{Name: name, Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpSet, Value: 0.75, From: h, To: -1}}}); err != nil {
		t.Fatal(err)
	}
}

func TestImpactView(t *testing.T) {
	w := uitest.NewWindow(t)
	a := uitest.Sample(t, "en")
	addScenario(t, a, "Active +")
	v := impactpane.New(w, a, nil)
	uitest.Settle(v)
	w.SetContent(v.Content())
	uitest.Settle(v)
	if v.Waterfall().Image() == nil || v.Tornado().Image() == nil {
		t.Fatalf("images missing: %s", v.Status())
	}
	if len(v.Ranking().Rows) != 4 || !strings.HasPrefix(v.CellText(1, 0), "1") {
		t.Fatalf("ranks %+v", v.Ranking().Rows)
	}
	if got := v.CellText(1, 2); got != "yes" {
		t.Fatalf("controllable cell %q: want a controllable driver first", got)
	}
	t.Run("should show the tornado's bars as the table's rows, in order", func(t *testing.T) {
		tn := v.Tornado().Figure().(*chart.Tornado)
		if len(tn.Bars) != len(v.Ranking().Rows) {
			t.Fatalf("%d bars, %d rows", len(tn.Bars), len(v.Ranking().Rows))
		}
		for i, b := range tn.Bars {
			if !strings.HasSuffix(b.Label, " "+v.CellText(i+1, 1)) {
				t.Errorf("bar %d is %q, row %d is %q", i, b.Label, i+1, v.CellText(i+1, 1))
			}
			if swing := uikit.Translator().FormatAmount(math.Abs(b.High-b.Low), "JPY"); swing != v.CellText(i+1, 4) {
				t.Errorf("bar %d swings %s, row says %s", i, swing, v.CellText(i+1, 4))
			}
		}
	})
	t.Run("should explain period against period", func(t *testing.T) {
		v.ExplainPeriods()
		uitest.Settle(v)
		wf := v.LastWaterfall().(*chart.Waterfall)
		if wf.StartLabel != "2025-03" || wf.EndLabel != "2026-03" {
			t.Fatalf("labels %q → %q", wf.StartLabel, wf.EndLabel)
		}
	})
}

func TestImpactView_SwitchesToFirstScenario(t *testing.T) {
	w := uitest.NewWindow(t)
	a := uitest.Sample(t, "en")
	v := impactpane.New(w, a, nil)
	uitest.Settle(v)
	if got := v.ExplainedScenario(); got != "" {
		t.Fatalf("explains %q without scenarios, want period vs period", got)
	}
	addScenario(t, a, "Plan A")
	uitest.Settle(v)
	if got := v.ExplainedScenario(); got != "Plan A" {
		t.Fatalf("explains %q: want Plan A explained against the base", got)
	}
	if wf := v.LastWaterfall().(*chart.Waterfall); wf.EndLabel != "Plan A" {
		t.Fatalf("waterfall ends at %q", wf.EndLabel)
	}
}
