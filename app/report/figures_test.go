package report_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// sample is the first-run workspace in lang with a +5 pt active-rate
// scenario from the first forecast period.
func sample(t testing.TB, lang string) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.CreateSample(filepath.Join(t.TempDir(), "sample.kpitree"), lang)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.AddScenario(kpitree.Scenario{Name: "Active +5pt", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: e.Calendar.Periods, To: -1, Ramp: 3}}}); err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestBuilder_Build(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		lang       report.Lang
		fyUnit     string // the axis of fiscal-year totals
		periodUnit string // the axis of monthly values
		base       string
	}{
		{report.English, "JPY, FY2026", "JPY/month", "Base"},
		{report.Japanese, "円（2026年度）", "円/月", "ベース"},
	}
	for _, tc := range cases {
		ws := sample(t, string(tc.lang))
		bd, err := report.NewBuilder(ws, report.For(tc.lang))
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := bd.Build(ctx, report.Request{Scenario: "Active +5pt", Kinds: report.AllKinds()})
		if err != nil {
			t.Fatal(err)
		}
		figs := map[string]chart.Figure{}
		for _, j := range jobs {
			figs[j.Figure.Kind()] = j.Figure
		}
		t.Run("should build every figure in "+string(tc.lang), func(t *testing.T) {
			for _, k := range report.AllKinds() {
				if figs[string(k)] == nil {
					t.Errorf("no %s", k)
				}
			}
		})
		t.Run("should label fiscal-year totals as the year's in "+string(tc.lang), func(t *testing.T) {
			wf := figs["waterfall"].(*chart.Waterfall)
			tn := figs["tornado"].(*chart.Tornado)
			fan := figs["fan"].(*chart.FanChart)
			if wf.Unit.Label != tc.fyUnit || tn.Unit.Label != tc.fyUnit {
				t.Errorf("waterfall %q, tornado %q, want %q", wf.Unit.Label, tn.Unit.Label, tc.fyUnit)
			}
			if fan.Unit.Label != tc.periodUnit {
				t.Errorf("fan %q, want %q", fan.Unit.Label, tc.periodUnit)
			}
			if wf.StartLabel != tc.base || wf.EndLabel != "Active +5pt" {
				t.Errorf("waterfall %q → %q", wf.StartLabel, wf.EndLabel)
			}
		})
		t.Run("should draw the tornado from the ranking, named by its scenario, in "+string(tc.lang), func(t *testing.T) {
			r, err := bd.Impact(ctx, "", "Active +5pt", nil)
			if err != nil {
				t.Fatal(err)
			}
			tn := figs["tornado"].(*chart.Tornado)
			if tn.BaseLabel != "Active +5pt" || tn.Base != r.Base {
				t.Errorf("tornado base %q %v, want the scenario's %v", tn.BaseLabel, tn.Base, r.Base)
			}
			table := bd.ImpactTable(r)
			if len(tn.Bars) != len(r.Rows) || len(table.Rows) != len(r.Rows) {
				t.Fatalf("%d bars, %d rows, %d ranked", len(tn.Bars), len(table.Rows), len(r.Rows))
			}
			for i, row := range r.Rows {
				b := tn.Bars[i]
				if b.Low != row.Low || b.High != row.High || !strings.HasSuffix(b.Label, row.Name) {
					t.Errorf("bar %d %+v, row %+v", i, b, row)
				}
				if table.Rows[i][1] != row.Name {
					t.Errorf("table row %d is %v", i, table.Rows[i])
				}
			}
		})
	}
}

func TestBuilder_WaterfallWithoutScenarioComparesAYearEarlier(t *testing.T) {
	ws, err := workspace.CreateSample(filepath.Join(t.TempDir(), "s.kpitree"), "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	bd, err := report.NewBuilder(ws, report.For(report.English))
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := bd.Build(context.Background(), report.Request{Kinds: []report.Kind{report.Waterfall, report.Compare}})
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 {
		t.Fatalf("%d figures: want the waterfall only (no scenarios to compare)", len(jobs))
	}
	wf := jobs[0].Figure.(*chart.Waterfall)
	if wf.StartLabel != "2025-03" || wf.EndLabel != "2026-03" || wf.Unit.Label != "JPY/month" {
		t.Fatalf("waterfall %q → %q in %q", wf.StartLabel, wf.EndLabel, wf.Unit.Label)
	}
}

func TestSpecJSON_TellsFiguresApart(t *testing.T) {
	a := &chart.Waterfall{Title: "x", Start: 1, End: 2}
	b := &chart.Waterfall{Title: "x", Start: 1, End: 2.0000001}
	ja, err := report.SpecJSON(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := report.SpecJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if string(ja) == string(jb) {
		t.Fatal("two figures with different numbers gave the same spec")
	}
	again, _ := report.SpecJSON(&chart.Waterfall{Title: "x", Start: 1, End: 2})
	if string(again) != string(ja) {
		t.Fatal("the same figure gave two specs")
	}
}

// TestBuilder_TreeStatusIsKpitreesRule: the tree picture colours each node
// against its FY target by kpitree.RAG.Status, the rule the canvas, the
// alerts and the review pack use — a negative target included (a loss
// held to a limit), which a ratio taken the plain way colours backwards.
func TestBuilder_TreeStatusIsKpitreesRule(t *testing.T) {
	ctx := context.Background()
	ws := sample(t, "en")
	n, ok := ws.Node("active_customers")
	if !ok {
		t.Fatal("no active_customers")
	}
	n.RAG = &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
	n.Targets = append(n.Targets, kpitree.Target{FiscalYear: 2026, Value: -100})
	if err := ws.SetNode(n); err != nil {
		t.Fatal(err)
	}
	bd, err := report.NewBuilder(ws, report.For(report.English))
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := bd.Build(ctx, report.Request{Kinds: []report.Kind{report.Tree}})
	if err != nil || len(jobs) != 1 {
		t.Fatalf("%d figures, %v", len(jobs), err)
	}
	want := map[kpitree.Status]chart.Status{kpitree.StatusGreen: chart.StatusGreen, kpitree.StatusAmber: chart.StatusAmber,
		kpitree.StatusRed: chart.StatusRed, kpitree.StatusNone: chart.StatusNone}
	checked := 0
	for _, tn := range jobs[0].Figure.(*chart.TreePicture).Nodes {
		nd, _ := ws.Node(tn.ID)
		tgt, ok := nd.FiscalTarget(2026)
		if !ok || nd.RAG == nil {
			continue
		}
		checked++
		if w := want[nd.RAG.Status(tn.Value, tgt)]; tn.Status != w {
			t.Errorf("%s: %v against FY target %v drawn %v, kpitree says %v", tn.ID, tn.Value, tgt, tn.Status, w)
		}
	}
	if checked < 2 {
		t.Errorf("only %d nodes with an FY2026 target and thresholds were checked", checked)
	}
}
