package workspace

import (
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func calendarFor(t *testing.T, start string, periods int) kpitree.Calendar {
	t.Helper()
	s, err := time.Parse("2006-01", start)
	if err != nil {
		t.Fatal(err)
	}
	return kpitree.Calendar{Freq: kpitree.Month, Start: s, Periods: periods}
}

func monthOf(m int) time.Month { return time.Month(m) }
