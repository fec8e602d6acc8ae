package uikit

import (
	"testing"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/report"
)

func TestValueWithUnit(t *testing.T) {
	tests := []struct {
		name, num, unit, want string
	}{
		{"should separate an English unit with a space", "13.58", "people", "13.58 people"},
		{"should join a Japanese unit without a space", "13.58", "人", "13.58人"},
		{"should join a translated compound unit", "89.92", "アカウント/人", "89.92アカウント/人"},
		{"should print the number alone without a unit", "42", "", "42"},
		{"should separate a unit starting with a symbol", "3", "/月", "3 /月"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := report.ValueWithUnit(tt.num, tt.unit); got != tt.want {
				t.Errorf("report.ValueWithUnit(%q, %q) = %q, want %q", tt.num, tt.unit, got, tt.want)
			}
		})
	}
}

// FuzzUnitText checks that any unit a user can type is shown without a
// panic and, in English (the test process's language), unchanged: the
// display must never alter what the unit means.
func FuzzUnitText(f *testing.F) {
	for _, tt := range unitCases {
		f.Add(tt.in)
	}
	f.Add("JPY/\xff/month")
	f.Add("Ａccounts")
	f.Fuzz(func(t *testing.T, u string) {
		got := UnitText(u)
		if got != u {
			t.Fatalf("English UnitText(%q) = %q, want it unchanged", u, got)
		}
		if utf8.ValidString(u) && !utf8.ValidString(FormatValue(1, u)) {
			t.Fatalf("FormatValue(1, %q) is not valid UTF-8", u)
		}
	})
}
