package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestEvalReported(t *testing.T) {
	p := sampleWS(t)
	t.Run("should add reported and gap% columns to the CSV for the sample's reported nodes", func(t *testing.T) {
		out := must(t, runEval, p, "--reported", "--read-only")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 37 {
			t.Fatalf("%d rows, want header + 36", len(rows))
		}
		head := rows[0]
		for _, c := range []string{"addon_revenue.reported", "addon_revenue.gap%", "active_customers.reported", "onboarded_accounts.gap%"} {
			if !slices.Contains(head, c) {
				t.Errorf("no column %q in %q", c, head)
			}
		}
		rep, gap := slices.Index(head, "addon_revenue.reported"), slices.Index(head, "addon_revenue.gap%")
		last := rows[36]
		if last[0] != "2026-03" || last[rep] != "8662817" {
			t.Errorf("March 2026 reported revenue = %s %q, want 8662817", last[0], last[rep])
		}
		for _, r := range rows[1:] {
			g, err := strconv.ParseFloat(r[gap], 64)
			if err != nil || math.Abs(g) > 3 || g == 0 {
				t.Errorf("%s: gap%% %q, want non-zero within ±3", r[0], r[gap])
			}
		}
	})
	t.Run("should leave the columns out without --reported", func(t *testing.T) {
		out := must(t, runEval, p, "--read-only")
		if strings.Contains(strings.SplitN(out, "\n", 2)[0], ".reported") {
			t.Error("eval without --reported printed reported columns")
		}
	})
	t.Run("should add reported and gap_pct objects to the JSON", func(t *testing.T) {
		out := must(t, runEval, p, "--reported", "--format", "json", "--read-only")
		var got struct {
			Nodes    map[string][]*float64 `json:"nodes"`
			Reported map[string][]*float64 `json:"reported"`
			GapPct   map[string][]*float64 `json:"gap_pct"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Reported) != 3 || len(got.GapPct["addon_revenue"]) != 36 || *got.Reported["addon_revenue"][35] != 8662817 {
			t.Errorf("reported = %d nodes, gap_pct = %d periods", len(got.Reported), len(got.GapPct["addon_revenue"]))
		}
		if _, ok := got.Nodes["addon_revenue.reported"]; ok {
			t.Error("reported series leaked into nodes")
		}
	})
}

func TestBindCommands(t *testing.T) {
	p := sampleWS(t)
	t.Run("should unbind and rebind a reported actual, recorded in the history", func(t *testing.T) {
		must(t, runUnbind, p, "--node", "addon_revenue", "--actual")
		if out := must(t, runEval, p, "--reported", "--read-only"); strings.Contains(out, "addon_revenue.reported") {
			t.Error("unbind --actual left the root's reported actual")
		}
		out := must(t, runBind, p, "--node", "addon_revenue", "--column", "revenue_jpy", "--actual")
		if !strings.Contains(out, "reported actual of addon_revenue") {
			t.Errorf("bind output: %q", out)
		}
		if h := must(t, runHistory, p); !strings.Contains(h, report.For(report.Japanese).ActionLabel(workspace.LabelBindActual, []string{"addon_revenue"}, workspace.StepDo, func(string) string { return "アドオン売上" })) {
			t.Errorf("history:\n%s", h)
		}
		must(t, runUndo, p)
		if out := must(t, runEval, p, "--reported", "--read-only"); strings.Contains(out, "addon_revenue.reported") {
			t.Error("undo did not remove the reported actual")
		}
	})
	t.Run("should bind an input by dataset name", func(t *testing.T) {
		must(t, runUnbind, p, "--node", "unit_price")
		must(t, runBind, p, "--node", "unit_price", "--dataset", "cs_monthly", "--column", "unit_price_jpy")
		w, err := workspace.Open(p, workspace.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if len(w.Bindings()) != 4 {
			t.Errorf("bindings = %+v", w.Bindings())
		}
	})
	errs := []struct {
		name string
		fn   func(t *testing.T) error
		want error
	}{
		{"should refuse binding data to a formula node without --actual", func(t *testing.T) error {
			_, err := call(t, runBind, p, "--node", "addon_revenue", "--column", "revenue_jpy")
			return err
		}, workspace.ErrNotInput},
		{"should refuse an unknown dataset", func(t *testing.T) error {
			_, err := call(t, runBind, p, "--node", "addon_revenue", "--dataset", "nope", "--column", "revenue_jpy", "--actual")
			return err
		}, workspace.ErrUnknownDataset},
		{"should refuse an unknown node", func(t *testing.T) error {
			_, err := call(t, runBind, p, "--node", "profit", "--column", "revenue_jpy", "--actual")
			return err
		}, kpitree.ErrUnknownNode},
		{"should require --node and --column", func(t *testing.T) error {
			_, err := call(t, runBind, p, "--node", "addon_revenue")
			return err
		}, errUsage},
		{"should require --node to unbind", func(t *testing.T) error {
			_, err := call(t, runUnbind, p, "--actual")
			return err
		}, errUsage},
	}
	for _, c := range errs {
		t.Run(c.name, func(t *testing.T) {
			if err := c.fn(t); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestCheckReportsReconciliationGap(t *testing.T) {
	// Given the sample whose root's reported actual is bound to the wrong
	// column (monthly active users instead of revenue).
	p := sampleWS(t)
	if out := must(t, runCheck, p); strings.Contains(out, workspace.CodeReconciliation) {
		t.Fatalf("the sample already warns:\n%s", out)
	}
	must(t, runBind, p, "--node", "addon_revenue", "--column", "mau", "--actual")
	// When it is checked.
	out, err := call(t, runCheck, p, "--lang", "en")
	// Then a warning names the node and the worst month, and the check passes.
	if err != nil {
		t.Fatalf("a warning failed the check: %v", err)
	}
	if r := rowCells(out, "warning"); !cellIs(r, 1, "addon_revenue") || !cellIs(r, 2, workspace.CodeReconciliation) || len(r) < 4 ||
		!strings.HasPrefix(r[3], "アドオン売上: ") || !strings.Contains(r[3], "above the reported mau in") {
		t.Errorf("check output %q:\n%s", r, out)
	}
}
