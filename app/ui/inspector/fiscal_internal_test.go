package inspector

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// fyRow is the core's fiscal-year row of node id (FY2026, the base).
func fyRow(t *testing.T, ws *workspace.Workspace, id string) workspace.FiscalRow {
	t.Helper()
	rows, err := ws.FiscalYear(context.Background(), "", 2026)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(r workspace.FiscalRow) bool { return r.ID == id })
	if i < 0 {
		t.Fatalf("no FY row for %s", id)
	}
	return rows[i]
}

// aggOf is the core's aggregation of node id.
func aggOf(t *testing.T, ws *workspace.Workspace, id string) workspace.NodeAggregation {
	t.Helper()
	aggs, err := ws.Aggregations()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(aggs, func(a workspace.NodeAggregation) bool { return a.ID == id })
	if i < 0 {
		t.Fatalf("no aggregation for %s", id)
	}
	return aggs[i]
}

// fyWords are the words the fiscal-year section must show in a language.
type fyWords struct {
	lang                      string
	flowLabel, target         string
	averageKind, averageLabel string
	stockLabel, stockKind     string
	compoundLabel, pending    string
}

// fiscalCases is the fiscal-year journey of the inspector: the figures on
// the widgets are the core's (workspace.FiscalYear, Aggregations), and
// changing the kind or the rate convention in the inspector changes them
// in the workspace.
func fiscalCases(t *testing.T, w fyWords) {
	uitest.NewWindow(t)
	a := sample(t, w.lang)
	ws := a.Workspace
	in := New(nil)
	in.SetSource(a, nil)
	show := func(id string) {
		in.SetNode(shownTree(t, a), id) // the tree the shell shows
		settle(in)
	}

	t.Run("should wait for the forecasts rather than start them", func(t *testing.T) {
		show("addon_revenue")
		if ws.ForecastsCurrent() || !strings.Contains(in.fy.Value.Text, w.pending) {
			t.Errorf("forecasts current %v, FY value %q: want %q and no forecasting", ws.ForecastsCurrent(), in.fy.Value.Text, w.pending)
		}
	})
	forecastSample(t, a) // the forecast pane's work; ForecastsChanged refreshes the section
	settle(in)

	t.Run("should show the root's FY value, what it is, its target and status as the core computes them", func(t *testing.T) {
		show("addon_revenue")
		row := fyRow(t, ws, "addon_revenue")
		n, _ := ws.Node("addon_revenue")
		got := in.fy.Value.Text
		// A flow's FY value is a yearly total: no "/month" after it.
		total := uikit.FormatFiscal(row.Value, n.Unit, kpitree.AggFlow)
		if strings.Contains(total, "/") || total == uikit.FormatValue(row.Value, n.Unit) {
			t.Errorf("FY total %q still carries the per-month unit %q", total, n.Unit)
		}
		for _, want := range []string{uikit.Translator().FiscalLabel(2026), total, w.flowLabel, w.target + " " + uikit.FormatFiscal(row.Target, n.Unit, kpitree.AggFlow), uikit.Translator().ProgressText(row.Status)} {
			if !strings.Contains(got, want) {
				t.Errorf("FY value %q lacks %q", got, want)
			}
		}
		if !row.HasTarget || row.Status == kpitree.StatusNone {
			t.Fatalf("the sample's root has an FY2026 target and a status: %+v", row)
		}
		// The unit is stored as JPY/month and read in the UI language.
		if wantUnit := map[string]string{"en": "", "ja": "円/月"}[w.lang]; in.UnitShown.Text != wantUnit || in.UnitShown.Visible() != (wantUnit != "") {
			t.Errorf("unit shown %q (visible %v), want %q", in.UnitShown.Text, in.UnitShown.Visible(), wantUnit)
		}
		if in.fy.Why.Text == "" || in.fy.Kind.SelectedIndex() != 0 {
			t.Errorf("why %q, kind %d: want the reason and automatic", in.fy.Why.Text, in.fy.Kind.SelectedIndex())
		}
	})
	t.Run("should show a template rate's kind, from the template, and its FY value", func(t *testing.T) {
		show("active_rate")
		agg := aggOf(t, ws, "active_rate")
		if agg.Kind != kpitree.AggStock || agg.Source != kpitree.SourceTemplate || agg.RateOK {
			t.Fatalf("the sample's active rate: %+v, want a stock from the template", agg)
		}
		if len(in.fy.form.Items) != fyFormRows || in.fy.Kind.SelectedIndex() != 0 || !strings.Contains(in.fy.Kind.Selected, w.stockKind) {
			t.Errorf("%d rows, kind %q: want automatic naming %q and no rate row", len(in.fy.form.Items), in.fy.Kind.Selected, w.stockKind)
		}
		row := fyRow(t, ws, "active_rate")
		if got := in.fy.Value.Text; !strings.Contains(got, uikit.FormatValue(row.Value, "%")) || !strings.Contains(got, w.stockLabel) {
			t.Errorf("FY value %q, want %s (%s)", got, uikit.FormatValue(row.Value, "%"), w.stockLabel)
		}
	})
	t.Run("should set the kind with a note, undoably, and then offer the rate convention", func(t *testing.T) {
		in.fy.Note.SetText("share of the year's accounts")
		in.fy.Kind.SetSelectedIndex(1 + slices.Index(in.fy.kinds, kpitree.AggAverage))
		settle(in)
		agg := aggOf(t, ws, "active_rate")
		if agg.Kind != kpitree.AggAverage || agg.Source != kpitree.SourceSet || agg.Note != "share of the year's accounts" {
			t.Fatalf("aggregation %+v, want average set with the note", agg)
		}
		show("active_rate") // the shell does this on the tree-changed event
		row := fyRow(t, ws, "active_rate")
		if got := in.fy.Value.Text; !strings.Contains(got, uikit.FormatValue(row.Value, "%")) || !strings.Contains(got, w.averageLabel) {
			t.Errorf("FY value %q, want %s (%s)", got, uikit.FormatValue(row.Value, "%"), w.averageLabel)
		}
		if in.fy.Kind.Selected != w.averageKind || !strings.Contains(in.fy.Why.Text, "share of the year") {
			t.Errorf("kind %q, why %q", in.fy.Kind.Selected, in.fy.Why.Text)
		}
		if len(in.fy.form.Items) != fyFormRows+1 {
			t.Errorf("%d rows: a rate averaged over the year offers the rate convention", len(in.fy.form.Items))
		}
	})
	t.Run("should store the rate convention picked and label the value with it", func(t *testing.T) {
		in.fy.Rate.SetSelectedIndex(slices.Index(in.fy.rates, kpitree.RateCompound))
		settle(in)
		if agg := aggOf(t, ws, "active_rate"); agg.Rate != kpitree.RateCompound {
			t.Fatalf("rate %q, want compound", agg.Rate)
		}
		show("active_rate")
		row := fyRow(t, ws, "active_rate")
		if got := in.fy.Value.Text; !strings.Contains(got, uikit.FormatValue(row.Value, "%")) || !strings.Contains(got, w.compoundLabel) {
			t.Errorf("FY value %q, want %s (%s)", got, uikit.FormatValue(row.Value, "%"), w.compoundLabel)
		}
	})
	t.Run("should go back to the template's kind on undo", func(t *testing.T) {
		for range 2 {
			if _, err := ws.Undo(); err != nil {
				t.Fatal(err)
			}
		}
		if agg := aggOf(t, ws, "active_rate"); agg.Source != kpitree.SourceTemplate || agg.Kind != kpitree.AggStock {
			t.Errorf("after undo %+v", agg)
		}
	})
}

func TestInspector_FiscalYear(t *testing.T) {
	fiscalCases(t, fyWords{lang: "en", flowLabel: "FY total", target: "target", averageKind: "average",
		averageLabel: "FY average", stockLabel: "at FY end", stockKind: "stock (at the end)", compoundLabel: "compounded from the monthly rates", pending: "forecasting…"})
}

func TestInspector_FiscalYearJapanese(t *testing.T) {
	if inJapanese(t, "TestInspector_FiscalYearJapanese") {
		fiscalCases(t, fyWords{lang: "ja", flowLabel: "年度合計", target: "目標", averageKind: "平均",
			averageLabel: "年度平均", stockLabel: "期末", stockKind: "ストック（期末）", compoundLabel: jaFiscal("fy.label.compound"), pending: "予測を更新中"})
	}
}

// jaFiscal is a Japanese fiscal-year string as the translation file has it.
func jaFiscal(key string) string {
	b, err := os.ReadFile("../../../assets/translations/fiscal.ja.json")
	if err != nil {
		return key
	}
	var m map[string]string
	if json.Unmarshal(b, &m) != nil {
		return key
	}
	return m[key]
}
