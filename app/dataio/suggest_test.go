package dataio_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
)

func TestSuggest(t *testing.T) {
	nodes := []dataio.NodeRef{
		{ID: "revenue", Name: "add-on revenue", Unit: "JPY"},
		{ID: "unit_price", Name: "average add-on unit price", Unit: "JPY"},
		{ID: "active_customers", Name: "add-on customers (active)"},
		{ID: "onboarded_accounts", Name: "onboarded accounts"},
		{ID: "csm_count", Name: "CSM headcount"},
		{ID: "onboarded_per_csm", Name: "onboardings per CSM"},
		{ID: "active_rate", Name: "active rate", Unit: "%"},
		{ID: "nps", Name: "NPS"},
		{ID: "churn_rate", Name: "churn rate", Unit: "%"},
	}
	t.Run("should match Japanese headers through synonyms", func(t *testing.T) {
		ds, _ := read(t, "testdata/cs_monthly_ja_sjis.csv", dataio.Options{})
		got := dataio.Suggest(dataio.ColumnRefs(ds), nodes)
		want := map[string]string{
			"revenue": "付帯売上（円）", "unit_price": "付帯平均単価（円）", "active_customers": "付帯総客数",
			"onboarded_accounts": "オンボード社数", "csm_count": "CSM人数", "onboarded_per_csm": "一人頭の平均オンボード社数",
			"active_rate": "アクティブ率", "nps": "NPS",
		}
		for id, c := range want {
			if got[id] != c {
				t.Errorf("%s → %q, want %q", id, got[id], c)
			}
		}
		if c, ok := got["churn_rate"]; ok {
			t.Errorf("churn_rate guessed as %q; it has no column", c)
		}
	})
	t.Run("should match English ids with unit suffixes", func(t *testing.T) {
		ds, _ := read(t, "testdata/cs_monthly.csv", dataio.Options{})
		got := dataio.Suggest(dataio.ColumnRefs(ds), nodes)
		for id, c := range map[string]string{"revenue": "revenue_jpy", "unit_price": "unit_price_jpy", "active_rate": "active_rate", "csm_count": "csm_count"} {
			if got[id] != c {
				t.Errorf("%s → %q, want %q", id, got[id], c)
			}
		}
	})
	t.Run("should use each column once and prefer the better match", func(t *testing.T) {
		cols := []dataio.ColumnRef{{Name: "Revenue"}}
		got := dataio.Suggest(cols, []dataio.NodeRef{{ID: "addon_revenue"}, {ID: "revenue"}})
		if len(got) != 1 || got["revenue"] != "Revenue" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("should not bind a percent column to a yen node by a weak name match", func(t *testing.T) {
		got := dataio.Suggest([]dataio.ColumnRef{{Name: "revenue growth", Unit: "%"}}, []dataio.NodeRef{{ID: "revenue_total", Name: "total revenue", Unit: "JPY"}})
		if len(got) != 0 {
			t.Errorf("got %v", got)
		}
	})
}
