package report_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestWriteText_AlignsJapaneseByTerminalWidth(t *testing.T) {
	tb := report.Table{Note: "note", Header: []string{"ID", "名前", "値"}, Rows: [][]string{
		{"a", "アクティブ率", "1"},
		{"longer_id", "x", "22"},
	}}
	var b strings.Builder
	if err := tb.WriteText(&b, false); err != nil {
		t.Fatal(err)
	}
	want := "ID         名前          値\n" +
		"a          アクティブ率  1\n" +
		"longer_id  x             22\n" +
		"note\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// The fiscal-year table says every node as the inspector's "Fiscal year"
// section does, in both languages: its words come from the same keys, its
// numbers from the one fiscal-year formatter.
func TestFiscalTable(t *testing.T) {
	for _, lang := range []report.Lang{report.English, report.Japanese} {
		t.Run("should say each node as the inspector in "+string(lang), func(t *testing.T) {
			ws := sample(t, string(lang))
			if _, err := ws.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
				t.Fatal(err)
			}
			fy := ws.Calendar().PlannedFiscalYear()
			rows, err := ws.FiscalYear(context.Background(), "", fy)
			if err != nil {
				t.Fatal(err)
			}
			tr := report.For(lang)
			tb := tr.FiscalTable(fy, rows)
			if tb.Note != tr.FiscalLabel(fy) || len(tb.Rows) != len(rows) || len(tb.Header) != 8 {
				t.Fatalf("table %q with %d rows, want %d rows of 8 under %s", tb.Header, len(tb.Rows), len(rows), tr.FiscalLabel(fy))
			}
			for i, r := range rows {
				got := tb.Rows[i]
				if got[0] != r.ID || got[2] != tr.AggKindText(r.Agg.Kind) || got[3] != tr.FormatFiscal(r.Value, r.Unit, r.Agg.Kind) ||
					got[7] != tr.AggregationWhy(r.Agg) {
					t.Errorf("row %q for %s", got, r.ID)
				}
				if line := tr.FiscalValueLine(fy, r); !strings.HasPrefix(line, tr.L("fy.value_line", map[string]any{"FY": tr.FiscalLabel(fy), "Value": got[3], "Label": got[4]})) {
					t.Errorf("inspector line %q does not say the table's %s (%s)", line, got[3], got[4])
				}
				if r.HasTarget && got[5] != tr.FormatFiscal(r.Target, r.Unit, r.Agg.Kind) {
					t.Errorf("%s target cell %q", r.ID, got[5])
				}
			}
			if lang == report.Japanese {
				for _, c := range tb.Header[1:] {
					if c != "KPI" && !hasJapanese(c) {
						t.Errorf("header %q is not Japanese", c)
					}
				}
			}
		})
	}
	t.Run("should say a set kind with its note", func(t *testing.T) {
		a := workspace.NodeAggregation{Kind: kpitree.AggAverage, Source: kpitree.SourceSet, Reason: "set", Note: "team average"}
		if got := report.For(report.English).AggregationWhy(a); got != "set: set on the node — team average" {
			t.Errorf("got %q", got)
		}
		if got := report.For(report.Japanese).AggregationWhy(a); got != "設定: ノードで設定 — team average" {
			t.Errorf("ja %q", got)
		}
	})
}

// The forecast table shows the Forecast tab's cells, plus the horizon in
// the leaf's unit, and says why a failed leaf failed.
func TestForecastTable(t *testing.T) {
	ws := sample(t, "ja")
	rep, err := ws.ForecastAll(context.Background(), workspace.ForecastOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tr := report.For(report.Japanese)
	rows, err := tr.ForecastRows(context.Background(), ws, rep.Failed, error.Error, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	fcs := ws.Forecasts()
	if len(rows) != len(ws.Bindings()) || len(rows) == 0 {
		t.Fatalf("%d rows for %d bindings", len(rows), len(ws.Bindings()))
	}
	for _, r := range rows {
		lf := fcs[r.Node]
		mape, err := ws.ForecastAccuracy(context.Background(), r.Node)
		if err != nil || lf == nil {
			t.Fatalf("%s: forecast %v, accuracy %v", r.Node, lf, err)
		}
		if r.Model != lf.Model || r.MAPE != mape || r.Accuracy != tr.ForecastAccuracy(mape, kpitree.Month) {
			t.Errorf("%s: row %+v, want the workspace's model %s and accuracy %v", r.Node, r, lf.Model, mape)
		}
	}
	failed := rows[0]
	failed.Failed, failed.Mean = "データが足りません", nil
	tb := tr.ForecastTable(append(rows, failed), ws.Settings(), true)
	for i, r := range rows {
		got, n := tb.Rows[i], len(r.Mean)
		want := []string{r.Node, r.Name, tr.L("forecast.default_model", map[string]any{"Model": report.ModelChoice(tr, "auto")}), tr.ForecastModelCell(r), r.Accuracy,
			"12", tr.FormatValue(r.Mean[0], r.Unit), tr.FormatValue(r.Mean[n-1], r.Unit)}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("row %q, want %q", got, want)
		}
	}
	last := tb.Rows[len(tb.Rows)-1]
	if last[3] != tr.L("forecast.failed") || last[4] != failed.Failed || !strings.Contains(tb.Note, failed.Failed) {
		t.Errorf("failed row %q, note %q", last, tb.Note)
	}
	t.Run("should leave the accuracy out unless asked", func(t *testing.T) {
		rows, err := tr.ForecastRows(context.Background(), ws, map[string]error{"unit_price": errors.New("boom")}, error.Error, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if !math.IsNaN(r.MAPE) {
				t.Errorf("%s measured %v", r.Node, r.MAPE)
			}
			if (r.Node == "unit_price") != (r.Failed == "boom") {
				t.Errorf("%s failed %q", r.Node, r.Failed)
			}
		}
		if tb := tr.ForecastTable(rows, ws.Settings(), false); len(tb.Header) != 7 || len(tb.Rows[0]) != 7 {
			t.Errorf("header %q, row %q", tb.Header, tb.Rows[0])
		}
	})
}

func TestLeafModelTable(t *testing.T) {
	ws := sample(t, "en")
	if err := ws.SetLeafModel("active_rate", "naive"); err != nil {
		t.Fatal(err)
	}
	tr := report.For(report.English)
	tb := tr.LeafModelTable(ws.Tree(), ws.Settings(), ws.Forecasts(), "")
	byID := map[string][]string{}
	for _, r := range tb.Rows {
		byID[r[0]] = r
	}
	if r := byID["active_rate"]; r == nil || r[3] != "naive" || r[4] != "set for this leaf" || r[2] != report.ModelChoice(tr, "naive") {
		t.Errorf("pinned leaf %q", r)
	}
	if r := byID["unit_price"]; r == nil || r[3] != "auto" || r[4] != "the workspace's default" {
		t.Errorf("default leaf %q", r)
	}
	if _, ok := byID[ws.Tree().Root]; ok {
		t.Errorf("the listing shows the formula root")
	}
	one := tr.LeafModelTable(ws.Tree(), ws.Settings(), nil, ws.Tree().Root)
	if len(one.Rows) != 1 || one.Rows[0][4] != "Formula node: not forecast" {
		t.Errorf("root alone: %q", one.Rows)
	}
}

// check's table lists the Problems tab's rows, errors first, with the
// severity in words and the code for scripts.
func TestFindingsTable(t *testing.T) {
	tree := kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{{ID: "rev", Name: "売上"}, {ID: "rate", Name: "アクティブ率"}}}
	diags := []kpitree.Diagnostic{
		{Node: "rate", Severity: kpitree.SevWarning, Code: "unused", Message: "unused"},
		{Node: "rev", Severity: kpitree.SevError, Code: "unknown_ref", Message: "unknown"},
	}
	ja := report.For(report.Japanese)
	tb := ja.FindingsTable(tree, diags)
	want := [][]string{
		{"エラー", "rev", "unknown_ref", "売上: " + ja.DiagnosticText(diags[1])},
		{"警告", "rate", "unused", "アクティブ率: " + ja.DiagnosticText(diags[0])},
	}
	if len(tb.Rows) != 2 || strings.Join(tb.Rows[0], "|") != strings.Join(want[0], "|") || strings.Join(tb.Rows[1], "|") != strings.Join(want[1], "|") {
		t.Errorf("rows %q, want %q", tb.Rows, want)
	}
	if empty := ja.FindingsTable(tree, nil); len(empty.Rows) != 0 || empty.Note != ja.L("problems.none") {
		t.Errorf("no findings: %+v", empty)
	}
}

// The import wizard and `kpitreectl import` name frequencies and
// severities by keys built from kpitree's and dataio's values: each value
// has a word of its own, in both languages.
func TestImport_NamesEveryFrequencyAndSeverity(t *testing.T) {
	for _, tr := range []*report.Translator{report.For(report.English), report.For(report.Japanese)} {
		seen := map[string]bool{}
		for _, f := range []kpitree.Freq{kpitree.Day, kpitree.Week, kpitree.Month, kpitree.Quarter, kpitree.Year} {
			got := tr.FreqName(f)
			if got == "–" || got == "" || seen[got] {
				t.Errorf("%s: FreqName(%s) = %q: want a word of its own", tr.Lang(), f, got)
			}
			seen[got] = true
		}
		if got := tr.FreqName(""); got != "–" {
			t.Errorf("FreqName(\"\") = %q, want a dash", got)
		}
		for _, s := range []dataio.Severity{dataio.SeverityError, dataio.SeverityWarning, dataio.SeverityInfo} {
			got := tr.ImportSeverityText(s)
			if got == "" || seen[got] {
				t.Errorf("%s: ImportSeverityText(%s) = %q: want a word of its own", tr.Lang(), s, got)
			}
			seen[got] = true
		}
	}
}
