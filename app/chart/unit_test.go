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

func TestUnitFormatJapaneseNumbering(t *testing.T) {
	ja := func(u chart.Unit) chart.Unit { u.Numbering = chart.NumberingJapanese; return u }
	yen, count, pct, num := ja(chart.Yen("")), ja(chart.Count("")), ja(chart.Percent("")), ja(chart.Number(""))
	cases := []struct {
		name  string
		unit  chart.Unit
		v     float64
		want  string
		delta string
	}{
		{"below 万 unchanged", yen, 9_999, "¥9,999", "+¥9,999"},
		{"below 10万 unchanged, as on the tree's boxes", yen, 12_345, "¥12,345", "+¥12,345"},
		{"just under 10万 unchanged", yen, 99_999, "¥99,999", "+¥99,999"},
		{"exactly 10万", yen, 100_000, "¥10万", "+¥10万"},
		{"three significant digits under 100万", count, 123_456, "12.3万", "+12.3万"},
		{"trailing zeros dropped", count, 150_000, "15万", "+15万"},
		{"hundreds of 万", yen, 8_830_000, "¥883万", "+¥883万"},
		{"thousands of 万 keep four digits", yen, 12_119_471, "¥1,212万", "+¥1,212万"},
		{"just under 億", yen, 99_990_000, "¥9,999万", "+¥9,999万"},
		{"rounding up to 億 switches unit", yen, 99_995_000, "¥1億", "+¥1億"},
		{"exactly one 億", yen, 1e8, "¥1億", "+¥1億"},
		{"億 with three significant digits", yen, 886_123_456, "¥8.86億", "+¥8.86億"},
		{"tens of 億", yen, 1_234_567_890, "¥12.3億", "+¥12.3億"},
		{"thousands of 億 grouped", yen, 123_456_789_012, "¥1,235億", "+¥1,235億"},
		{"negative with a real minus", yen, -12_119_471, "−¥1,212万", "−¥1,212万"},
		{"negative 億", yen, -1.5e8, "−¥1.5億", "−¥1.5億"},
		{"negative below 万", yen, -9_999, "−¥9,999", "−¥9,999"},
		{"count rounding to 10万 switches unit", count, 99_999.7, "10万", "+10万"},
		{"plain number below 10万 keeps decimals", num, 45_678.25, "45,678.25", "+45,678.25"},
		{"plain number from 10万 up", num, 456_789.9, "45.7万", "+45.7万"},
		{"percent unchanged", pct, 0.5382, "53.8 %", "+53.8 pt"},
		{"huge percent not written in 万", pct, 1234, "123,400.0 %", "+123,400.0 pt"},
		{"zero", yen, 0, "¥0", "±¥0"},
		{"missing value", yen, math.NaN(), "–", "–"},
		{"infinity", yen, math.Inf(-1), "−∞", "−∞"},
	}
	for _, tc := range cases {
		t.Run("should write "+tc.name, func(t *testing.T) {
			if got := tc.unit.Format(tc.v); got != tc.want {
				t.Errorf("Format(%v) = %q, want %q", tc.v, got, tc.want)
			}
			if got := tc.unit.FormatDelta(tc.v); got != tc.delta {
				t.Errorf("FormatDelta(%v) = %q, want %q", tc.v, got, tc.delta)
			}
		})
	}
	t.Run("should name the numberings", func(t *testing.T) {
		for n, want := range map[chart.Numbering]string{chart.NumberingWestern: "western", chart.NumberingJapanese: "japanese", 7: "Numbering(7)"} {
			if got := n.String(); got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
		}
	})
	t.Run("should treat an unknown numbering as Western", func(t *testing.T) {
		u := chart.Yen("")
		u.Numbering = 7
		if got := u.Format(12_119_471); got != "¥12,119,471" {
			t.Errorf("got %q, want ¥12,119,471", got)
		}
	})
	t.Run("should leave Western numbering as it was", func(t *testing.T) {
		if got := chart.Yen("").Format(12_119_471); got != "¥12,119,471" {
			t.Errorf("got %q, want ¥12,119,471", got)
		}
	})
	t.Run("should annotate scenario differences in 万", func(t *testing.T) {
		base := chart.Line{Values: []float64{2_927_000}}
		got := chart.DifferenceLabel(yen, base, chart.Line{Values: []float64{3_047_000}})
		if want := "+¥12万 (+4.1 %)"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}
