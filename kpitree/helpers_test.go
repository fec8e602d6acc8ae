package kpitree_test

import (
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// canonicalTree is the add-on revenue tree from the domain brief.
func coreCanonicalTree() kpitree.Tree {
	return kpitree.Tree{
		Name: "Add-on revenue",
		Root: "revenue",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC),
			Periods: 36, FiscalYearStart: time.April},
		Nodes: []kpitree.Node{
			{ID: "revenue", Name: "アドオン売上", Unit: "JPY/month", Kind: kpitree.KindFormula, Formula: "unit_price * active_customers"},
			{ID: "unit_price", Name: "平均単価", Unit: "JPY/customer/month", Kind: kpitree.KindInput, Controllable: false},
			{ID: "active_customers", Name: "アクティブ顧客数", Unit: "customers", Kind: kpitree.KindFormula, Formula: `onboarded * "アクティブ率"`},
			{ID: "onboarded", Name: "オンボーディング完了数", Unit: "accounts", Kind: kpitree.KindFormula, Formula: "csm_count * per_csm"},
			{ID: "csm_count", Name: "CSM人数", Unit: "people", Kind: kpitree.KindInput},
			{ID: "per_csm", Name: "CSMあたりオンボーディング数", Unit: "accounts/person", Kind: kpitree.KindInput, Controllable: true},
			{ID: "active_rate", Name: "アクティブ率", Unit: "%", Kind: kpitree.KindInput, Controllable: true},
		},
	}
}

// coreSampleInputs reads assets/data/cs_monthly.csv (via readCSMonthly)
// into the inputs of the hand-built canonical tree, and returns the columns.
func coreSampleInputs(t testing.TB) (kpitree.Inputs, map[string][]float64) {
	t.Helper()
	cols := readCSMonthly(t)
	return kpitree.Inputs{
		"unit_price":  cols["unit_price_jpy"],
		"csm_count":   cols["csm_count"],
		"per_csm":     cols["onboarded_per_csm"],
		"active_rate": cols["active_rate"],
	}, cols
}

func coreNear(a, b, rel float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))+1e-12
}
