package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// legacyWS is the sample workspace as it was stored before aggregation by
// meaning: the template's old sum/last/mean settings.
func legacyWS(t *testing.T) string {
	t.Helper()
	p := sampleWS(t)
	w, err := openWorkspace(p, false)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]string{"addon_revenue": "sum", "unit_price": "mean", "active_customers": "last",
		"onboarded_accounts": "last", "csm_count": "last", "onboarded_per_csm": "last", "active_rate": "mean"}
	err = w.EditTree("Edit tree", func(tr *kpitree.Tree) error {
		for i := range tr.Nodes {
			tr.Nodes[i].Aggregation, tr.Nodes[i].AggregationNote = old[tr.Nodes[i].ID], ""
		}
		return nil
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMigrateNotesCommand(t *testing.T) {
	p := legacyWS(t)
	out := must(t, runMigrateNotes, p, "--lang", "en")
	for _, want := range []string{"FY2023  active_rate", "FY2025  unit_price", "mean", "stock (at the end)", "flow (summed)"} {
		if !strings.Contains(out, want) {
			t.Errorf("migrate-notes lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "csm_count") {
		t.Errorf("csm_count kept its 'last' meaning and must not be listed:\n%s", out)
	}
	ja := report.For(report.Japanese)
	if out := must(t, runMigrateNotes, p); !strings.Contains(out, "2023年度  active_rate") || !strings.Contains(out, ja.AggKindText(kpitree.AggStock)) ||
		!strings.Contains(out, ja.L("fy.old_rule.mean")) {
		t.Errorf("migrate-notes in the workspace's Japanese:\n%s", out)
	}
	var rows []struct {
		Node       string   `json:"node"`
		FiscalYear int      `json:"fiscal_year"`
		Old        *float64 `json:"old"`
		New        *float64 `json:"new"`
	}
	if err := json.Unmarshal([]byte(must(t, runMigrateNotes, "--format", "json", p)), &rows); err != nil || len(rows) != 6 {
		t.Errorf("json rows %d (%v), want active_rate and unit_price in three years", len(rows), err)
	}
	for _, r := range rows {
		if r.Old == nil || r.New == nil || *r.Old == *r.New {
			t.Errorf("%s FY%d: old %v new %v", r.Node, r.FiscalYear, r.Old, r.New)
		}
	}
}

func TestFYAndAggregationCommands(t *testing.T) {
	p := sampleWS(t)
	out := must(t, runFY, "--fy", "2025", "--lang", "en", p)
	for _, want := range []string{"FY2025", "active_rate", "at FY end", "FY total", "from the template: the convention of the template node"} {
		if !strings.Contains(out, want) {
			t.Errorf("fy lacks %q:\n%s", want, out)
		}
	}
	// In the workspace's Japanese, every row in the inspector's words
	// and the one fiscal-year formatter.
	ja := report.For(report.Japanese)
	w, err := openWorkspace(p, true)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := w.FiscalYear(context.Background(), "", 2025)
	if cerr := w.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	out = must(t, runFY, "--fy", "2025", p)
	if !strings.HasPrefix(out, "2025年度\n") {
		t.Errorf("fy does not start with the year in Japanese:\n%s", out)
	}
	for _, r := range rows {
		want := []string{r.ID, r.Name, ja.AggKindText(r.Agg.Kind), ja.FormatFiscal(r.Value, r.Unit, r.Agg.Kind), ja.L(r.Agg.Label)}
		if got := rowCells(out, r.ID); len(got) < len(want) || !slices.Equal(got[:len(want)], want) || got[len(got)-1] != ja.AggregationWhy(r.Agg) {
			t.Errorf("fy row %q, want it to start %q and end %q", got, want, ja.AggregationWhy(r.Agg))
		}
	}
	out = must(t, runAggregation, p, "active_rate", "average", "--note", "team average")
	if r := rowCells(out, "active_rate"); !cellIs(r, 2, ja.AggKindText(kpitree.AggAverage)) || !cellIs(r, 4, ja.AggregationWhy(workspace.NodeAggregation{Source: kpitree.SourceSet, Reason: "set", Note: "team average"})) {
		t.Errorf("aggregation set: %q\n%s", r, out)
	}
	out = must(t, runAggregation, p, "active_rate", "--rate", "compound", "--lang", "en")
	if r := rowCells(out, "active_rate"); !cellIs(r, 3, "compounded monthly rates") {
		t.Errorf("aggregation --rate: %q\n%s", r, out)
	}
	out = must(t, runFY, "--fy", "2025", "--format", "json", p)
	var doc struct {
		Nodes []struct {
			ID  string                    `json:"id"`
			Agg workspace.NodeAggregation `json:"aggregation"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range doc.Nodes {
		if n.ID == "active_rate" {
			found = n.Agg.Kind == kpitree.AggAverage && n.Agg.Rate == kpitree.RateCompound && n.Agg.Label == "fy.label.compound"
		}
	}
	if !found {
		t.Errorf("fy json does not show the new setting:\n%s", out)
	}
	must(t, runAggregation, p, "active_rate", "infer")
	for _, args := range [][]string{{p, "active_rate", "sum"}, {p, "active_rate", "--rate", "weekly"}, {p, "--rate", "year"}, {p, "a", "b", "c", "d"}} {
		if _, err := call(t, runAggregation, args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

// Without --fy, fy shows the year the app's figures and annual targets are
// about, the one the forecast starts in, with the workspace's own values
// for it: in English, and in Japanese with April fiscal years. It read the
// tree's stored calendar instead and asked for fiscal year 1999.
func TestFYDefaultsToTheAppsYear(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run("should show the app's year in "+lang, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.kpitree")
			must(t, runNew, "--sample-data", "--lang", lang, p)
			w, b := openWithBasis(t, p)
			rows, err := w.FiscalYear(context.Background(), "", b.FY)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Year  int                   `json:"fiscal_year"`
				Nodes []workspace.FiscalRow `json:"nodes"`
			}
			if err := json.Unmarshal([]byte(must(t, runFY, "--format", "json", p)), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Year != b.FY || len(doc.Nodes) != len(rows) {
				t.Fatalf("fy shows FY%d with %d nodes, want the app's FY%d with %d", doc.Year, len(doc.Nodes), b.FY, len(rows))
			}
			for i, r := range rows {
				if got := doc.Nodes[i]; got.ID != r.ID || got.Value != r.Value {
					t.Errorf("node %d: fy shows %s = %v, want %s = %v", i, got.ID, got.Value, r.ID, r.Value)
				}
			}
			tr := report.For(report.Lang(lang))
			if out := must(t, runFY, p); !strings.HasPrefix(out, tr.FiscalLabel(b.FY)+"\n") {
				t.Errorf("fy's text starts %q, want %s", strings.SplitN(out, "\n", 2)[0], tr.FiscalLabel(b.FY))
			}
		})
	}
}
