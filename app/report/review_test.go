package report_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

func TestBridgeFigures(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		lang, period         string
		ref                  workspace.BridgeRef
		window, unit, noUnit string
	}{
		{"en", "FY2025", workspace.RefYoY, "FY2025", "JPY, FY2025", "/month"},
		{"ja", "FY2025", workspace.RefYoY, "2025年度", "円（2025年度）", "/月"},
		{"en", "FY2025-YTD", workspace.RefForecast, "FY2025 to date (2025-04 – 2026-03)", "JPY, FY2025 to date", "/month"},
		{"en", "2026-03", workspace.RefPrior, "2026-03", "JPY/month, 2026-03", ""},
		{"ja", "2025-Q4", workspace.RefPrior, "2025-Q4（2025-10〜2025-12）", "円（2025-Q4", "/月"},
	}
	for _, c := range cases {
		t.Run(c.lang+" "+c.period+" "+string(c.ref), func(t *testing.T) {
			ws := sample(t, c.lang)
			tr := report.For(report.Lang(c.lang))
			b, err := ws.Bridge(ctx, workspace.BridgeOptions{Ref: c.ref, Period: c.period})
			if err != nil {
				t.Fatal(err)
			}
			tb := tr.BridgeTable(b)
			if len(tb.Rows) != len(b.Parts) || len(tb.Header) != 6 {
				t.Fatalf("table %d rows × %d columns for %d parts", len(tb.Rows), len(tb.Header), len(b.Parts))
			}
			if !strings.Contains(tb.Note, c.window) {
				t.Errorf("title %q does not name the window %q", tb.Note, c.window)
			}
			if !strings.Contains(tb.Header[3], c.unit) {
				t.Errorf("part column %q, want the unit %q", tb.Header[3], c.unit)
			}
			if c.noUnit != "" && strings.Contains(tb.Rows[0][3], c.noUnit) {
				t.Errorf("a %s total is written per month: %q", c.period, tb.Rows[0][3])
			}
			wf := tr.BridgeWaterfall(b, chart.Light)
			sum := wf.Start
			for _, p := range wf.Parts {
				sum += p.Value
			}
			if math.Abs(sum-wf.End) > 1e-9*math.Abs(wf.End) {
				t.Errorf("waterfall %v + parts = %v, ends at %v", wf.Start, sum, wf.End)
			}
			if _, err := chart.RenderImage(wf, 800, 500); err != nil {
				t.Errorf("render: %v", err)
			}
		})
	}
}

func TestWorthAndPlanTables(t *testing.T) {
	ctx := context.Background()
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			ws := sample(t, lang)
			tr := report.For(report.Lang(lang))
			wo, err := ws.Worth(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tb := tr.WorthTable(wo)
			if len(tb.Rows) != len(wo.Rows) || len(tb.Rows) == 0 {
				t.Fatalf("%d rows for %d KPIs", len(tb.Rows), len(wo.Rows))
			}
			fy := map[string]string{"en": "FY2026", "ja": "2026年度"}[lang]
			if !strings.Contains(tb.Header[3], fy) || !strings.Contains(tb.Note, fy) {
				t.Errorf("header %q / note %q do not say %s", tb.Header[3], tb.Note, fy)
			}
			if _, err := ws.FreezePlan(ctx, "v1"); err != nil {
				t.Fatal(err)
			}
			ps, err := ws.Plans()
			if err != nil {
				t.Fatal(err)
			}
			if lt := tr.PlanListTable(ps); len(lt.Rows) != 1 || lt.Rows[0][0] != "v1" || lt.Rows[0][2] != "2026-03" {
				t.Errorf("plan list %v", lt.Rows)
			}
			c, err := ws.ComparePlans(ctx, "v1", "")
			if err != nil {
				t.Fatal(err)
			}
			ct := tr.PlanCompareTable(c)
			if len(ct.Rows) == 0 || !strings.Contains(ct.Header[3], map[string]string{"en": "Current forecast", "ja": "現在の予測"}[lang]) {
				t.Errorf("compare table header %v, %d rows", ct.Header, len(ct.Rows))
			}
		})
	}
}
