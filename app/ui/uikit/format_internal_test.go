package uikit

import (
	"errors"
	"math"
	"testing"
)

func TestParseField(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"(1,200)", -1200, false},
		{"▲3", -3, false},
		{"67", 67, false},
		{"67.5%", 67.5, false},
		{"1,200,000", 1200000, false},
		{"¥1,523,085", 1523085, false},
		{"６７．５", 67.5, false},
		{"−3", -3, false},
		{" 12 ", 12, false},
		{"－３", -3, false},
		{"", 0, true},
		{"abc", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
	}
	for _, tt := range tests {
		t.Run("should read "+tt.in, func(t *testing.T) {
			got, ok, err := ParseField(tt.in)
			if tt.err {
				if ok || (err != nil && !errors.Is(err, ErrBadNumber)) {
					t.Fatalf("ParseField(%q) = %v, %v, %v; want no number, ErrBadNumber or empty", tt.in, got, ok, err)
				}
				return
			}
			if err != nil || !ok || math.Abs(got-tt.want) > 1e-9 {
				t.Fatalf("ParseField(%q) = %v, %v, %v; want %v", tt.in, got, ok, err, tt.want)
			}
		})
	}
}

func FuzzParseField(f *testing.F) {
	for _, s := range []string{"67", "67.5%", "1,200", "６７", "−3", "", "1e308", "0x1p-2", "¥", "％"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, err := ParseField(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseField(%q) = %v without error", s, v)
		}
		if err != nil && !errors.Is(err, ErrBadNumber) {
			t.Fatalf("ParseField(%q) error %v does not wrap ErrBadNumber", s, err)
		}
	})
}
