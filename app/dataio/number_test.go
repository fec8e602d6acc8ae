package dataio_test

import (
	"errors"
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		raw       string
		want      float64
		unit      string
		missing   bool
		fullWidth bool
	}{
		{raw: "1234", want: 1234},
		{raw: "1,234,567", want: 1234567},
		{raw: " 12.5 ", want: 12.5},
		{raw: "\u3000１，２３４\u3000", want: 1234, fullWidth: true},
		{raw: "５３．８％", want: 0.538, unit: "%", fullWidth: true},
		{raw: "53.8%", want: 0.538, unit: "%"},
		{raw: "-4.5%", want: -0.045, unit: "%"},
		{raw: "1e2%", want: 1, unit: "%"},
		{raw: "¥1,500", want: 1500, unit: "JPY"},
		{raw: "￥1,500", want: 1500, unit: "JPY", fullWidth: true},
		{raw: "1,500円", want: 1500, unit: "JPY"},
		{raw: "$12.50", want: 12.5, unit: "USD"},
		{raw: "-$12.50", want: -12.5, unit: "USD"},
		{raw: "(1,234)", want: -1234},
		{raw: "▲1,234", want: -1234},
		{raw: "△500", want: -500},
		{raw: "−7", want: -7},
		{raw: "+7", want: 7},
		{raw: ".5", want: 0.5},
		{raw: "1.5e3", want: 1500},
		{raw: "", missing: true},
		{raw: "-", missing: true},
		{raw: "n/a", missing: true},
		{raw: "N/A", missing: true},
		{raw: "#N/A", missing: true},
		{raw: "  ", missing: true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := dataio.ParseNumber(tt.raw)
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", tt.raw, err)
			}
			if got.Missing != tt.missing || got.Unit != tt.unit || got.FullWidth != tt.fullWidth {
				t.Fatalf("ParseNumber(%q) = %+v, want missing=%v unit=%q fullWidth=%v", tt.raw, got, tt.missing, tt.unit, tt.fullWidth)
			}
			if tt.missing {
				if !math.IsNaN(got.Value) {
					t.Errorf("missing value = %v, want NaN", got.Value)
				}
				return
			}
			if got.Value != tt.want {
				t.Errorf("ParseNumber(%q) = %v, want %v", tt.raw, got.Value, tt.want)
			}
		})
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, raw := range []string{"abc", "1,23", "12,3456", ",123", "1.2.3", "inf", "NaN1", "0x10", "1_000", "#DIV/0!", "1e", "e5", "(▲5)", "¥5%", "--5", "5-", "1e99999", "."} {
		t.Run(raw, func(t *testing.T) {
			got, err := dataio.ParseNumber(raw)
			if !errors.Is(err, dataio.ErrNotNumber) {
				t.Errorf("ParseNumber(%q) = %+v, %v; want ErrNotNumber", raw, got, err)
			}
		})
	}
}

func TestParseNumberPercentIsExact(t *testing.T) {
	// given a percentage written with one decimal, when parsed, then it is the
	// float64 nearest the fraction (not 53.8/100, which can be off by an ulp)
	for _, s := range []string{"53.8", "56.7", "0.1", "61.1", "33.3"} {
		got, err := dataio.ParseNumber(s + "%")
		if err != nil {
			t.Fatal(err)
		}
		want, _ := dataio.ParseNumber(s)
		if got.Value*100 != want.Value && math.Abs(got.Value*100-want.Value) > 1e-12 {
			t.Errorf("%s%% = %v", s, got.Value)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,234", "53.8%", "▲1,234", "(5)", "¥1,500", "１，２３４", "n/a", "1e3", "-$1", ".5", "1,2,3", "−0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := dataio.ParseNumber(s)
		if err != nil {
			if !errors.Is(err, dataio.ErrNotNumber) {
				t.Fatalf("ParseNumber(%q) error %v does not wrap ErrNotNumber", s, err)
			}
			return
		}
		if n.Missing != math.IsNaN(n.Value) {
			t.Fatalf("ParseNumber(%q) = %+v: Missing must go with NaN", s, n)
		}
		if math.IsInf(n.Value, 0) {
			t.Fatalf("ParseNumber(%q) = %v: infinities are not numbers", s, n.Value)
		}
		switch n.Unit {
		case "", "%", "JPY", "USD":
		default:
			t.Fatalf("unexpected unit %q", n.Unit)
		}
	})
}
