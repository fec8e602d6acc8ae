package kpitree_test

import (
	"math"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{1523085, "JPY", "¥1,523,085"},
		{1523085.4, "JPY/month", "¥1,523,085"},
		{11746, "JPY/customer/month", "¥11,746"},
		{-2500, "円", "-¥2,500"},
		{0.538, "%", "53.8%"},
		{0.5382, "%", "53.8%"},
		{-0.05, "%", "-5.0%"},
		{132, "customers", "132"},
		{1320, "count", "1,320"},
		{40.83, "accounts/person", "40.83"},
		{3.5, "", "3.5"},
		{0.001, "", "0"},
		{-0.001, "", "0"},
		{1234.56, "", "1,235"},
		{99, "USD", "$99"},
		{math.NaN(), "JPY", "—"},
		{math.Inf(1), "", "∞"},
		{1e25, "", "1e+25"},
	}
	for _, tt := range tests {
		if got := kpitree.FormatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("FormatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestUnitOf_Normalises(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"%", "1"},
		{"customers", "account"},
		{"accounts / person", "account/person"},
		{"JPY/customer/month", "JPY/account/month"},
		{"円/社", "JPY/account"},
		{"people", "person"},
		{"sessions/user", "session/user"},
		{"JPY*month/month", "JPY"},
	}
	for _, tt := range tests {
		if got := kpitree.UnitOf(tt.in); got != tt.want {
			t.Errorf("UnitOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckUnits_Propagation(t *testing.T) {
	tests := []struct {
		formula, unit string
		warn          bool
	}{
		{"price * customers", "JPY/month", false},
		{"price * customers * rate", "JPY/month", false}, // % is dimensionless for ×
		{"price * customers + rate", "JPY/month", true},  // JPY + %
		{"price * customers + 1000", "JPY/month", false}, // literals adapt
		{"customers / customers", "%", false},
		{"customers / staff", "accounts/person", false},
		{"customers * staff", "accounts/person", true},
		{"max(price, customers)", "JPY", true},
		{"if(rate > 0.5, customers, staff)", "customers", true},
		{"lag(customers, 1) - customers", "customers", false},
		{"staff ^ 2", "person^2", false},
		{"customers ^ 0.5", "", true},
		{"cumsum(customers)", "customers", false},
		{"clamp(rate, 0, 1)", "%", false},
		{"unknown_unit * price", "JPY", false}, // no unit declared: nothing to check
		{"customers > price", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.formula, func(t *testing.T) {
			tree := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
				{ID: "r", Kind: kpitree.KindFormula, Formula: tt.formula, Unit: tt.unit},
				{ID: "price", Kind: kpitree.KindInput, Unit: "JPY/customer/month", Values: []float64{1}},
				{ID: "customers", Kind: kpitree.KindInput, Unit: "customers", Values: []float64{1}},
				{ID: "staff", Kind: kpitree.KindInput, Unit: "people", Values: []float64{1}},
				{ID: "rate", Kind: kpitree.KindInput, Unit: "%", Values: []float64{1}},
				{ID: "unknown_unit", Kind: kpitree.KindInput, Values: []float64{1}},
			}, Calendar: kpitree.Calendar{Periods: 1}}
			ds := kpitree.Check(tree, nil)
			if got := coreHasDiag(ds, "r", kpitree.CodeUnit); got != tt.warn {
				t.Errorf("unit warning = %v, want %v: %v", got, tt.warn, ds)
			}
		})
	}
}
