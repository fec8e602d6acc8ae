package kpitree_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
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

// sampleInputs reads assets/data/cs_monthly.csv into the canonical tree's inputs.
func coreSampleInputs(t testing.TB) (kpitree.Inputs, map[string][]float64) {
	t.Helper()
	f, err := os.Open("../assets/data/cs_monthly.csv")
	if err != nil {
		t.Fatalf("open sample data: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read sample data: %v", err)
	}
	cols := map[string][]float64{}
	for _, r := range rows[1:] {
		for j, h := range rows[0][1:] {
			v, err := strconv.ParseFloat(r[j+1], 64)
			if err != nil {
				t.Fatalf("parse %q: %v", r[j+1], err)
			}
			cols[h] = append(cols[h], v)
		}
	}
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
