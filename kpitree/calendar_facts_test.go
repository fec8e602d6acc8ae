package kpitree_test

import (
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// TestPeriodsPerYear pins the factor annualize() uses, read from the same
// per-frequency row as SeasonLength and YearAgo.
func TestPeriodsPerYear(t *testing.T) {
	cases := []struct {
		f    kpitree.Freq
		want float64
	}{
		{kpitree.Day, 365}, {kpitree.Week, 52}, {kpitree.Month, 12}, {"", 12},
		{"fortnight", 12}, {kpitree.Quarter, 4}, {kpitree.Year, 1},
	}
	for _, tc := range cases {
		t.Run("should count the periods in a year of "+string(tc.f), func(t *testing.T) {
			if got := kpitree.PeriodsPerYear(tc.f); got != tc.want {
				t.Errorf("PeriodsPerYear(%q) = %v, want %v", tc.f, got, tc.want)
			}
		})
	}
}
