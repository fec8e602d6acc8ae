package report_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestWorthLine: the inspector's sentence quotes the worth table's figure
// and rank for the node, in both languages; a node without a target has
// none.
func TestWorthLine(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			ws := sample(t, lang)
			tr := report.For(report.Lang(lang))
			w, err := ws.Worth(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			tb := tr.WorthTable(w)
			// The root's own target is not ranked (Worth.RootTarget).
			if len(w.Rows) < 1 {
				t.Fatalf("the sample has %d nodes below the root with targets; want at least 1", len(w.Rows))
			}
			for k, r := range w.Rows {
				line, ok := tr.WorthLine(w, r.Node)
				worth := tb.Rows[k][len(tb.Rows[k])-1]
				if !ok || !strings.Contains(line, worth) || !strings.Contains(line, strconv.Itoa(k+1)) || !strings.Contains(line, w.RootName) {
					t.Errorf("%s: %q (ok %v) should quote %q, rank %d and %q", r.Node, line, ok, worth, k+1, w.RootName)
				}
			}
			if line, ok := tr.WorthLine(w, "no such node"); ok || line != "" {
				t.Errorf("a node without a target: %q, %v", line, ok)
			}
			if _, ok := tr.WorthLine(nil, w.Rows[0].Node); ok {
				t.Error("no worth computed: want no line")
			}
		})
	}
}

// TestAlertTable: one row per alert, its message AlertText's, the
// severity, name (or id), period and rule in the language.
func TestAlertTable(t *testing.T) {
	tr := report.For(report.Japanese)
	alerts := []workspace.Alert{
		{Node: "rev", Name: "売上", Unit: "JPY", Rule: kpitree.AlertRule{Kind: kpitree.AlertBand95}, Label: "2026-03",
			Observed: 5e6, Expected: 9e6, Lower: 7e6, Upper: 1.1e7, Deviation: math.NaN(), Severity: workspace.SeverityCritical, Key: workspace.AlertKeyBand},
		{Node: "rate", Rule: kpitree.AlertRule{Kind: kpitree.AlertGap, Threshold: 0.1}, Label: "2026-02",
			Observed: 0.5, Expected: 0.7, Lower: 0.63, Upper: math.Inf(1), Deviation: -0.29, Severity: workspace.SeverityWarning, Key: workspace.AlertKeyGap},
	}
	tb := tr.AlertTable(alerts)
	if len(tb.Header) != 5 || len(tb.Rows) != 2 {
		t.Fatalf("%d columns, %d rows", len(tb.Header), len(tb.Rows))
	}
	for i, a := range alerts {
		name := a.Name
		if name == "" {
			name = a.Node
		}
		want := []string{tr.SeverityText(a.Severity), name, a.Label, tr.AlertRuleText(a.Rule), tr.AlertText(a)}
		for c := range want {
			if tb.Rows[i][c] != want[c] {
				t.Errorf("row %d col %d: %q, want %q", i, c, tb.Rows[i][c], want[c])
			}
		}
	}
	if got := tr.AlertTable(nil); len(got.Rows) != 0 || len(got.Header) != 5 {
		t.Errorf("no alerts: %+v", got)
	}
}
