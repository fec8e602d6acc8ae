package workspace_test

import (
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// FuzzPeriodIndex checks that any text is read or refused without a
// panic, and that every calendar's own labels read back as their period.
func FuzzPeriodIndex(f *testing.F) {
	for _, s := range []string{"2026-04", "2026-4", "2026-Q2", "2026-04-06", "2026", " 2026-04 ", "2026-13", "2026-02-30", "FY2026", "", "９９９９-01"} {
		f.Add(s, 0)
	}
	freqs := []kpitree.Freq{kpitree.Month, kpitree.Week, kpitree.Day, kpitree.Quarter, kpitree.Year}
	f.Fuzz(func(t *testing.T, s string, k int) {
		cal := kpitree.Calendar{Freq: freqs[(k%len(freqs)+len(freqs))%len(freqs)], Start: time.Date(2023, 4, 3, 0, 0, 0, 0, time.UTC), Periods: 36}
		_, _ = workspace.PeriodIndex(cal, s)
		i := (k%100 + 100) % 100 // periods from 2023 on: labels outside 1900–2200 are refused
		label := cal.Label(i)
		got, err := workspace.PeriodIndex(cal, label)
		if err != nil || got != i {
			t.Errorf("%s calendar: label %q of period %d reads as %d, %v", cal.Freq, label, i, got, err)
		}
	})
}
