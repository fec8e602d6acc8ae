package chart_test

import (
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

func TestUnitFormat(t *testing.T) {
	cases := []struct {
		name  string
		unit  chart.Unit
		v     float64
		want  string
		delta string
	}{
		{"yen with thousands separators", chart.Yen(""), 1523085, "¥1,523,085", "+¥1,523,085"},
		{"negative yen with a real minus sign", chart.Yen(""), -120000, "−¥120,000", "−¥120,000"},
		{"rate as percent with one decimal", chart.Percent(""), 0.5382, "53.8 %", "+53.8 pt"},
		{"count without decimals", chart.Count(""), 1234, "1,234", "+1,234"},
		{"count rounds half away", chart.Count(""), 1234.5, "1,235", "+1,235"},
		{"plain number trims trailing zeros", chart.Number(""), 40.50, "40.5", "+40.5"},
		{"plain number keeps two decimals", chart.Number(""), 79.4321, "79.43", "+79.43"},
		{"zero change is written ±", chart.Yen(""), 0, "¥0", "±¥0"},
		{"tiny negative is not −0", chart.Percent(""), -0.00001, "0.0 %", "±0.0 pt"},
		{"missing value", chart.Yen(""), math.NaN(), "–", "–"},
		{"infinity", chart.Count(""), math.Inf(1), "∞", "∞"},
		{"millions of yen", chart.Yen(""), 1e9, "¥1,000,000,000", "+¥1,000,000,000"},
		{"custom suffix and scale", chart.Unit{Suffix: " k", Scale: 0.001, Decimals: 1}, 15300, "15.3 k", "+15.3 k"},
	}
	for _, tc := range cases {
		t.Run("should format "+tc.name, func(t *testing.T) {
			if got := tc.unit.Format(tc.v); got != tc.want {
				t.Errorf("Format(%v) = %q, want %q", tc.v, got, tc.want)
			}
			if got := tc.unit.FormatDelta(tc.v); got != tc.delta {
				t.Errorf("FormatDelta(%v) = %q, want %q", tc.v, got, tc.delta)
			}
		})
	}
}

func TestDifferenceLabel(t *testing.T) {
	base := chart.Line{Start: 10, Values: []float64{100, 200, 2_927_000}}
	cases := []struct {
		name string
		scen chart.Line
		want string
	}{
		{"should annotate a gain in yen and percent", chart.Line{Start: 10, Values: []float64{100, 210, 3_047_000}}, "+¥120,000 (+4.1 %)"},
		{"should annotate a loss", chart.Line{Start: 10, Values: []float64{100, 190, 2_807_000}}, "−¥120,000 (−4.1 %)"},
		{"should compare at the scenario's last finite period", chart.Line{Start: 10, Values: []float64{100, 220, math.NaN()}}, "+¥20 (+10.0 %)"},
		{"should align scenarios that start later", chart.Line{Start: 11, Values: []float64{200, 3_000_000}}, "+¥73,000 (+2.5 %)"},
		{"should leave out the percentage when base is zero", chart.Line{Start: 0, Values: []float64{5}}, "–"},
		{"should say nothing for an empty scenario", chart.Line{Start: 10}, "–"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := chart.DifferenceLabel(chart.Yen(""), base, tc.scen); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("should omit the relative part when base is zero", func(t *testing.T) {
		zero := chart.Line{Values: []float64{0}}
		if got := chart.DifferenceLabel(chart.Count(""), zero, chart.Line{Values: []float64{3}}); got != "+3" {
			t.Errorf("got %q, want +3", got)
		}
	})
}

func TestSortSensitivities(t *testing.T) {
	in := []chart.Sensitivity{{Label: "a", Low: 9, High: 11}, {Label: "b", Low: 5, High: 15}, {Label: "c", Low: 11, High: 9}, {Label: "d", Low: 10, High: 10}}
	got := chart.SortSensitivities(in)
	want := []string{"b", "a", "c", "d"} // a and c tie at 2: input order kept
	for i, w := range want {
		if got[i].Label != w {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
	if in[0].Label != "a" {
		t.Errorf("input was reordered; want a copy sorted")
	}
}
