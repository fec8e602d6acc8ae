package report_test

import (
	"encoding/json"
	"io/fs"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/assets"
)

func TestTranslator_FormatValue(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	cases := []struct {
		name   string
		v      float64
		unit   string
		en, ja string
	}{
		{"a monthly amount", 113_540_000, "JPY/month", "¥113.54M/month", "¥1.14億/月"},
		{"tens of 億 with three significant digits", 1_234_567_890, "JPY", "¥1.23B", "¥12.3億"},
		{"a count below 10万", 904, "customers", "904 customers", "904社"},
		{"a count that rounds up to 10万", 99_999.7, "", "100k", "10万"},
		{"whole 万 from 100万", 12_119_471, "JPY", "¥12.12M", "¥1,212万"},
		{"a rate", 0.5382, "%", "53.8%", "53.8%"},
		{"a ratio of counts", 13.584, "accounts/person", "13.58 accounts/person", "13.58アカウント/人"},
		{"a missing value", math.NaN(), "JPY", "–", "–"},
		{"a negative amount", -250_000, "JPY", "−¥250k", "−¥25万"},
		{"a negative count", -12, "customers", "-12 customers", "-12社"},
	}
	for _, tc := range cases {
		t.Run("should write "+tc.name+" the same way everywhere", func(t *testing.T) {
			if got := en.FormatValue(tc.v, tc.unit); got != tc.en {
				t.Errorf("en: %q, want %q", got, tc.en)
			}
			if got := ja.FormatValue(tc.v, tc.unit); got != tc.ja {
				t.Errorf("ja: %q, want %q", got, tc.ja)
			}
		})
	}
	t.Run("should write a chart's labels by the same rule as the boxes", func(t *testing.T) {
		for _, v := range []float64{123_456, 12_119_471, 1_234_567_890, 99_999.7, 99_999_999} {
			box := ja.Compact(v)
			u := ja.ChartUnit("JPY", "")
			if got := u.Format(v); got != "¥"+box {
				t.Errorf("%v: chart %q, box ¥%s", v, got, box)
			}
		}
	})
}

func TestTranslator_UnitLabels(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	cases := []struct {
		name, unit string
		fy         int
		en, ja     string
	}{
		{"a fiscal-year total of a monthly flow", "JPY/month", 2026, "JPY, FY2026", "円（2026年度）"},
		{"a fiscal-year average of a rate", "%", 2026, "%, FY2026", "%（2026年度）"},
		{"a node without a unit", "", 2025, "FY2025", "2025年度"},
	}
	for _, tc := range cases {
		t.Run("should label "+tc.name+" as the year's, never per month", func(t *testing.T) {
			if got := en.FiscalUnitLabel(tc.unit, tc.fy); got != tc.en {
				t.Errorf("en: %q, want %q", got, tc.en)
			}
			if got := ja.FiscalUnitLabel(tc.unit, tc.fy); got != tc.ja {
				t.Errorf("ja: %q, want %q", got, tc.ja)
			}
		})
	}
	t.Run("should label a period's value with its per-period unit", func(t *testing.T) {
		if got := ja.PeriodUnitLabel("JPY/customer/month"); got != "円/社/月" {
			t.Errorf("got %q", got)
		}
	})
}

func TestTranslator_ChartUnit(t *testing.T) {
	tr := report.For(report.Japanese)
	cases := []struct {
		unit string
		want chart.Unit
	}{
		{"%", chart.Percent("x")},
		{"JPY/month", chart.Yen("x")},
		{"customers", chart.Count("x")},
		{"accounts/person", chart.Number("x")}, // a ratio keeps its decimals
		{"score", chart.Number("x")},
	}
	for _, tc := range cases {
		t.Run("should chart "+tc.unit+" as its kind of number", func(t *testing.T) {
			want := tc.want
			want.Numbering = chart.NumberingJapanese
			if got := tr.ChartUnit(tc.unit, "x"); got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestTranslations_SameKeysInEveryLanguage(t *testing.T) {
	read := func(name string) map[string]string {
		b, err := fs.ReadFile(assets.Translations, "translations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	en, ja := read("report.en.json"), read("report.ja.json")
	if a, b := slices.Sorted(maps.Keys(en)), slices.Sorted(maps.Keys(ja)); !slices.Equal(a, b) {
		t.Fatalf("report.en.json and report.ja.json have different keys:\n%v\n%v", a, b)
	}
	tr := report.For(report.Japanese)
	for k := range en {
		if tr.L(k) == k {
			t.Errorf("%s is not translated", k)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]report.Lang{"": report.English, "en": report.English, "ja": report.Japanese} {
		if got, err := report.ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := report.ParseLang("fr"); err == nil {
		t.Error("fr accepted")
	}
}
