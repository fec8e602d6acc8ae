package kpitree

import (
	"fmt"
	"time"
)

// freq returns the calendar's frequency, monthly when unset.
func (c Calendar) freq() Freq {
	if c.Freq == "" {
		return Month
	}
	return c.Freq
}

// freqFacts are the whole-year counts of one frequency, kept in one row so
// that PeriodsPerYear, SeasonLength and YearAgo cannot drift apart.
type freqFacts struct {
	perYear int // periods annualize() scales by: 365 days, 52 weeks, …
	season  int // periods in one seasonal cycle: a week of days, a year otherwise
	yearAgo int // periods back to the same period a year earlier: 364 days (whole weeks)
}

// facts returns f's row; an unset or unknown frequency counts as monthly.
func (f Freq) facts() freqFacts {
	switch f {
	case Day:
		return freqFacts{perYear: 365, season: 7, yearAgo: 364}
	case Week:
		return freqFacts{perYear: 52, season: 52, yearAgo: 52}
	case Quarter:
		return freqFacts{perYear: 4, season: 4, yearAgo: 4}
	case Year:
		return freqFacts{perYear: 1, season: 1, yearAgo: 1}
	}
	return freqFacts{perYear: 12, season: 12, yearAgo: 12}
}

// PeriodsPerYear is how many periods of frequency f make a year, the factor
// annualize() applies: 12 months, 52 weeks, 365 days, 4 quarters, 1 year.
// Weeks and days use the whole numbers finance uses, not 52.18 or 365.25.
func PeriodsPerYear(f Freq) float64 { return float64(f.facts().perYear) }

// fyStart returns the first month of the fiscal year, January when unset.
func (c Calendar) fyStart() time.Month {
	if c.FiscalYearStart < time.January || c.FiscalYearStart > time.December {
		return time.January
	}
	return c.FiscalYearStart
}

// Time returns the start of period i (i may be negative or beyond Periods:
// forecasts extend the calendar).
func (c Calendar) Time(i int) time.Time {
	s := c.Start
	if s.IsZero() {
		s = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	switch c.freq() {
	case Day:
		return s.AddDate(0, 0, i)
	case Week:
		return s.AddDate(0, 0, 7*i)
	case Quarter:
		return monthStart(s, 3*i)
	case Year:
		return monthStart(s, 12*i)
	}
	return monthStart(s, i)
}

// monthStart adds months to the first of s's month, so a start on the 31st
// cannot overflow into the next month.
func monthStart(s time.Time, months int) time.Time {
	m := int(s.Month()) - 1 + months
	y := s.Year() + floorDiv(m, 12)
	return time.Date(y, time.Month(floorMod(m, 12)+1), 1, 0, 0, 0, 0, time.UTC)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// Label returns a short label for period i: "2024-04" (month),
// "2024-Q2" (calendar quarter), "2024" (year), "2024-04-01" (day, and week
// by its first day).
func (c Calendar) Label(i int) string {
	t := c.Time(i)
	switch c.freq() {
	case Day, Week:
		return t.Format("2006-01-02")
	case Quarter:
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	case Year:
		return fmt.Sprintf("%d", t.Year())
	}
	return t.Format("2006-01")
}

// FiscalYear returns the fiscal year of period i, named by the calendar year
// in which it starts: with an April start, 2025-03 is in fiscal 2024.
func (c Calendar) FiscalYear(i int) int {
	return c.fiscalYearOf(c.Time(i))
}

// PlannedFiscalYear is the fiscal year of the first period after the
// history, the one the forecast starts in: the year the app's annual
// targets, fiscal-year figures and what-if totals are about, and the
// CLI's default year.
func (c Calendar) PlannedFiscalYear() int { return c.FiscalYear(c.Periods) }

func (c Calendar) fiscalYearOf(t time.Time) int {
	if t.Month() < c.fyStart() {
		return t.Year() - 1
	}
	return t.Year()
}

// FiscalLabel returns "FY2024" for fiscal year 2024.
func FiscalLabel(fy int) string { return fmt.Sprintf("FY%d", fy) }

// FiscalPeriods returns the half-open range [from, to) of period indexes
// whose start falls in fiscal year fy. The range may extend past Periods or
// start below 0; callers clip to what they evaluated.
func (c Calendar) FiscalPeriods(fy int) (from, to int) {
	start := time.Date(fy, c.fyStart(), 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(fy+1, c.fyStart(), 1, 0, 0, 0, 0, time.UTC)
	from = c.PeriodOf(start)
	if c.Time(from).Before(start) {
		from++
	}
	to = c.PeriodOf(end)
	if c.Time(to).Before(end) {
		to++
	}
	return from, to
}

// PeriodOf returns the index of the period containing t (negative before
// Start, ≥ Periods after the history).
func (c Calendar) PeriodOf(t time.Time) int {
	s := c.Time(0)
	switch c.freq() {
	case Day, Week:
		days := daysBetween(s, t)
		if c.freq() == Week {
			return floorDiv(days, 7)
		}
		return days
	}
	months := (t.Year()-s.Year())*12 + int(t.Month()) - int(s.Month())
	switch c.freq() {
	case Quarter:
		return floorDiv(months, 3)
	case Year:
		return floorDiv(months, 12)
	}
	return months
}

// daysBetween counts whole calendar days from a to b, ignoring clock time
// and zones so DST and local offsets cannot shift a date.
func daysBetween(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// SeasonLength is the number of periods of f in one seasonal cycle, the
// season the forecasts model: a week of days (weekday patterns are what
// daily KPIs repeat), a year of weeks, months or quarters. A monthly
// calendar (or an unset frequency) gives 12.
func (f Freq) SeasonLength() int { return f.facts().season }

// YearAgo is how many periods of f "the same period a year earlier" steps
// back: 364 days (52 whole weeks, so a Monday is compared with a Monday),
// 52 weeks, 12 months, 4 quarters, 1 year. annualize() scales by
// PeriodsPerYear instead, which counts 365 days.
func (f Freq) YearAgo() int { return f.facts().yearAgo }
