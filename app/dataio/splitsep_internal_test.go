package dataio

import (
	"slices"
	"testing"
)

func TestSplitFirstSep(t *testing.T) {
	cases := []struct {
		name, s, seps string
		want          []string
		ok            bool
	}{
		{"should split on the only separator present", "2025/04/01", "-/.", []string{"2025", "04", "01"}, true},
		{"should prefer the earlier separator in seps", "2025-04/01", "-/.", []string{"2025", "04/01"}, true},
		{"should follow seps' order, not the string's", "2025-04/01", "/-.", []string{"2025-04", "01"}, true},
		{"should refuse a string with no separator", "20250401", "-/.", nil, false},
		{"should keep empty parts", "1..2", ".", []string{"1", "", "2"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := splitFirstSep(tc.s, tc.seps)
			if ok != tc.ok || !slices.Equal(got, tc.want) {
				t.Errorf("splitFirstSep(%q, %q) = %q, %v; want %q, %v", tc.s, tc.seps, got, ok, tc.want, tc.ok)
			}
		})
	}
}
