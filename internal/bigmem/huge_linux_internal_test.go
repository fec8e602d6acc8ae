//go:build linux

package bigmem

import "testing"

// TestTHPDisabled: GODEBUG=disablethp=1, alone or among other settings,
// turns the advice off; anything else leaves it on.
func TestTHPDisabled(t *testing.T) {
	for _, c := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=1, madvdontneed=1", true},
		{"disablethp=0", false},
		{"xdisablethp=1", false},
	} {
		if got := thpDisabled(c.godebug); got != c.want {
			t.Errorf("GODEBUG=%q: thpDisabled() = %v, want %v", c.godebug, got, c.want)
		}
	}
}
