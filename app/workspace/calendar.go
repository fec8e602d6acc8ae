package workspace

import (
	"math"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// periodStart returns the start of period i of a calendar with the given
// frequency and first-period start (kpitree's calendar arithmetic, so the
// workspace and the domain agree on every date).
func periodStart(freq kpitree.Freq, start time.Time, i int) time.Time {
	return kpitree.Calendar{Freq: freq, Start: start}.Time(i)
}

// periodIndex returns the index of the period that contains t, and false
// when t is before the calendar's start.
func periodIndex(freq kpitree.Freq, start, t time.Time) (int, bool) {
	i := kpitree.Calendar{Freq: freq, Start: start}.PeriodOf(t)
	return i, i >= 0
}

// fiscalYearOf returns the fiscal year (named by the calendar year it
// starts in) that contains t, for fiscal years starting in month fy.
func fiscalYearOf(t time.Time, fy time.Month) int {
	if fy < time.January || fy > time.December {
		fy = time.January
	}
	if t.Month() < fy {
		return t.Year() - 1
	}
	return t.Year()
}

// defaultHorizon is the number of periods from the end of the history to
// the end of the next fiscal year: a planner looking at FY2025 actuals wants
// the whole of FY2026 forecast. It is at least one period.
func defaultHorizon(cal kpitree.Calendar, fy time.Month) int {
	if cal.Periods <= 0 || cal.Start.IsZero() {
		return 12
	}
	if fy < time.January || fy > time.December {
		fy = time.January
	}
	last := periodStart(cal.Freq, cal.Start, cal.Periods-1)
	end := time.Date(fiscalYearOf(last, fy)+2, fy, 1, 0, 0, 0, 0, time.UTC) // start of the FY after next
	n := 0
	for periodStart(cal.Freq, cal.Start, cal.Periods+n).Before(end) {
		n++
		if n > 10000 {
			break
		}
	}
	return max(n, 1)
}

// alignSeries maps a dataset column onto a target calendar by date: period
// i of the target takes the value of the dataset period that starts at the
// same date, NaN where the dataset has none. Both calendars must have the
// same frequency; the caller checks.
func alignSeries(dst kpitree.Calendar, src kpitree.Calendar, values []float64) []float64 {
	out := make([]float64, dst.Periods)
	if off, ok := gridOffset(dst, src); ok {
		// Both grids are uniform and src's first period is dst's period
		// off, so dst period i is src period i-off: no date arithmetic
		// per period (opening a workspace aligns every bound series twice).
		for i := range out {
			if j := i - off; j >= 0 && j < len(values) {
				out[i] = values[j]
			} else {
				out[i] = math.NaN()
			}
		}
		return out
	}
	for i := range out {
		t := periodStart(dst.Freq, dst.Start, i)
		j, ok := periodIndex(src.Freq, src.Start, t)
		if ok && j < len(values) && periodStart(src.Freq, src.Start, j).Equal(t) {
			out[i] = values[j]
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// gridOffset reports the dst period at which src's first period starts,
// when src's periods coincide with dst's: the same frequency, both starts
// in UTC (so day and week steps are exact 24-hour multiples; month-based
// starts are normalised to the first of the month), and src's first
// period starting exactly on a dst period. Then every later src period
// coincides too, and alignSeries can map by index.
func gridOffset(dst, src kpitree.Calendar) (int, bool) {
	if dst.Freq != src.Freq || dst.Start.Location() != time.UTC || src.Start.Location() != time.UTC {
		return 0, false
	}
	s0 := periodStart(src.Freq, src.Start, 0)
	off := kpitree.Calendar{Freq: dst.Freq, Start: dst.Start}.PeriodOf(s0)
	if !periodStart(dst.Freq, dst.Start, off).Equal(s0) {
		return 0, false
	}
	return off, true
}
