package workspace

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func testPlan() *Plan {
	nan := math.NaN()
	return &Plan{Name: "v1", Created: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Horizon: 2, Root: "r",
		Calendar:  kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Periods: 3},
		Quantiles: PlanQuantiles(), Paths: 10,
		Nodes: []PlanNode{
			{ID: "r", Name: "売上", Unit: "JPY/month", Values: []float64{1.1e7 + 0.3, nan, 3, 4, 5},
				Bands: [][]float64{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, nan}}, FY: []PlanFY{{Year: 2025, Value: nan}}},
			{ID: "x", Values: []float64{1, 2, 3, 4, 5}, Targets: []kpitree.Target{{FiscalYear: 2026, Value: 9}}},
		}}
}

func TestEncodePlan_RoundTrip(t *testing.T) {
	p := testPlan()
	raw, err := encodePlan(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodePlan(raw)
	if err != nil {
		t.Fatal(err)
	}
	r := got.Nodes[0]
	if r.Values[0] != 1.1e7+0.3 || !math.IsNaN(r.Values[1]) || len(r.Bands) != 5 || r.Bands[3][1] != 5 ||
		!math.IsNaN(r.Bands[4][1]) || !math.IsNaN(r.FY[0].Value) || got.Nodes[1].Bands != nil ||
		got.Nodes[1].Targets[0].Value != 9 || got.Calendar != p.Calendar {
		t.Errorf("round trip gave %+v", got)
	}
}

func TestDecodePlan_RefusesDamage(t *testing.T) {
	raw, err := encodePlan(testPlan())
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":          nil,
		"another format": []byte("{}"),
		"truncated":      raw[:len(raw)/2],
		"header only":    planMagic,
	}
	// A flipped bit is the store's to find (every record carries a
	// CRC-32C); what decodePlan must refuse is a plan that does not parse.
	for name, b := range cases {
		t.Run("should refuse "+name, func(t *testing.T) {
			if _, err := decodePlan(b); !errors.Is(err, ErrBadPlan) {
				t.Errorf("err = %v, want ErrBadPlan", err)
			}
		})
	}
}

// FuzzDecodePlan checks that no stored bytes make decodePlan panic or
// allocate without bound.
func FuzzDecodePlan(f *testing.F) {
	raw, _ := encodePlan(testPlan())
	f.Add(raw)
	f.Add(planMagic)
	f.Add([]byte("KTPLAN\x01\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodePlan(b)
		if err == nil && p == nil {
			t.Fatal("nil plan without an error")
		}
	})
}
