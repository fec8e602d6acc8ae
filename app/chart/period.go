package chart

import (
	"fmt"
	"time"
)

// Freq is the spacing of a regular calendar.
type Freq int

const (
	// Monthly periods start on the first of each month (the default).
	Monthly Freq = iota
	// Quarterly periods are three months long.
	Quarterly
	// Weekly periods are seven days long.
	Weekly
	// Daily periods are one day long.
	Daily
	// Yearly periods are twelve months long.
	Yearly
)

// Period maps a series index to a calendar period: index 0 is Start, index i
// is Start plus i steps of Freq. All series of a figure share one Period.
type Period struct {
	// Start is the first period (for Monthly, any day of that month).
	Start time.Time
	// Freq is the spacing; the zero value is Monthly.
	Freq Freq
	// FiscalYearStart is the month the fiscal year starts (time.April in
	// Japan). When set, long monthly axes are ticked by fiscal year and
	// labelled with FiscalLabel; 0 means calendar years.
	FiscalYearStart time.Month
	// FiscalLabel is a fmt pattern for a fiscal year named by the calendar
	// year in which it starts, e.g. "FY%d" (default) or "%d年度".
	FiscalLabel string
}

// At returns the first day of period i.
func (p Period) At(i int) time.Time {
	y, m, d := p.Start.Date()
	switch p.Freq {
	case Quarterly:
		return time.Date(y, m+time.Month(3*i), 1, 0, 0, 0, 0, time.UTC)
	case Weekly:
		return time.Date(y, m, d+7*i, 0, 0, 0, 0, time.UTC)
	case Daily:
		return time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC)
	case Yearly:
		return time.Date(y+i, m, 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(y, m+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
	}
}

// Label writes period i the way planners read it: 2024-04 (monthly),
// 2024-Q2 (quarterly), 2024-04-01 (weekly, daily), 2024 (yearly). Quarters
// are calendar quarters.
func (p Period) Label(i int) string {
	t := p.At(i)
	switch p.Freq {
	case Quarterly:
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	case Weekly, Daily:
		return t.Format("2006-01-02")
	case Yearly:
		return t.Format("2006")
	default:
		return t.Format("2006-01")
	}
}

// fiscalYear returns the fiscal year containing t, named by the calendar
// year in which it starts (FY2024 runs April 2024 – March 2025).
func (p Period) fiscalYear(t time.Time) int {
	if p.FiscalYearStart < time.January || p.FiscalYearStart > time.December {
		return t.Year()
	}
	if t.Month() < p.FiscalYearStart {
		return t.Year() - 1
	}
	return t.Year()
}

func (p Period) fiscalName(fy int) string {
	pattern := p.FiscalLabel
	if pattern == "" {
		pattern = "FY%d"
	}
	return fmt.Sprintf(pattern, fy)
}

// monthsPerPeriod is how many months one step spans (0 for weeks and days).
func (p Period) monthsPerPeriod() int {
	switch p.Freq {
	case Quarterly:
		return 3
	case Yearly:
		return 12
	case Weekly, Daily:
		return 0
	default:
		return 1
	}
}

// xTick is a tick on the period axis at index position Pos.
type xTick struct {
	Pos   float64
	Label string // empty: minor tick
}

// periodTicks chooses ticks for indices [0, n) so that at most maxLabels
// labels appear. Monthly axes with a fiscal year of two years or more are
// labelled by fiscal year, with a minor tick each fiscal quarter; shorter
// ones label every k-th month, aligned to fiscal quarters, so labels always
// land on the same months from chart to chart.
func (p Period) periodTicks(n, maxLabels int) (ticks []xTick, fiscal bool) {
	if n <= 0 {
		return nil, false
	}
	maxLabels = max(maxLabels, 2)
	mpp := p.monthsPerPeriod()
	if mpp == 1 && p.FiscalYearStart != 0 && n >= 24 && p.FiscalYearStart >= time.January && p.FiscalYearStart <= time.December {
		return p.fiscalTicks(n, maxLabels), true
	}
	if mpp == 1 {
		anchor := p.FiscalYearStart
		if anchor < time.January || anchor > time.December {
			anchor = time.January
		}
		for _, k := range []int{1, 2, 3, 6, 12, 24, 36, 60, 120} {
			ticks := make([]xTick, 0, n/k+2)
			labels := 0
			for i := range n {
				m := int(p.At(i).Month()-anchor+12) % 12
				if m%min(k, 12) != 0 || (k > 12 && (p.fiscalYear(p.At(i))-p.fiscalYear(p.At(0)))%(k/12) != 0) {
					if k >= 3 && m%3 == 0 {
						ticks = append(ticks, xTick{Pos: float64(i)})
					}
					continue
				}
				ticks = append(ticks, xTick{Pos: float64(i), Label: p.Label(i)})
				labels++
			}
			if labels <= maxLabels {
				return ticks, false
			}
		}
	}
	// Other frequencies: label every k-th period, k a round number.
	k := 1
	for _, step := range []int{1, 2, 4, 5, 10, 13, 26, 52, 100, 250, 500, 1000, 5000, 10000} {
		k = step
		if (n+step-1)/step <= maxLabels {
			break
		}
	}
	for k > 1 && (n+k-1)/k > maxLabels {
		k *= 2
	}
	ticks = make([]xTick, 0, n/k+1)
	for i := 0; i < n; i += k {
		ticks = append(ticks, xTick{Pos: float64(i), Label: p.Label(i)})
	}
	return ticks, false
}

// fiscalTicks labels each fiscal year once, centred on its months. The
// unlabelled ticks sit half a period before each fiscal-year start: figures
// draw them as separators, not as tick marks.
func (p Period) fiscalTicks(n, maxLabels int) []xTick {
	var ticks []xTick
	every := 1
	years := n/12 + 2
	for years/every > maxLabels {
		every++
	}
	first := p.fiscalYear(p.At(0))
	segStart := 0
	flush := func(end int) {
		fy := p.fiscalYear(p.At(segStart))
		// A stub of one or two months at either end gets no label: it
		// would crowd its neighbour's.
		if (fy-first)%every == 0 && (end-segStart >= 3 || n < 6) {
			ticks = append(ticks, xTick{Pos: float64(segStart+end-1) / 2, Label: p.fiscalName(fy)})
		}
	}
	for i := range n {
		m := int(p.At(i).Month()-p.FiscalYearStart+12) % 12
		if i > 0 && m == 0 {
			flush(i)
			segStart = i
		}
		if m == 0 && i > 0 {
			ticks = append(ticks, xTick{Pos: float64(i) - 0.5})
		}
	}
	flush(n)
	return ticks
}
