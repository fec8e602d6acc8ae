package kpitree_test

import (
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func coreDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCalendar_LabelsFiscalYearsAndPeriodOf(t *testing.T) {
	tests := []struct {
		cal    kpitree.Calendar
		i      int
		label  string
		fy     int
		inside time.Time
	}{
		{kpitree.Calendar{Freq: kpitree.Month, Start: coreDate(2023, 4, 1), FiscalYearStart: time.April}, 0, "2023-04", 2023, coreDate(2023, 4, 30)},
		{kpitree.Calendar{Freq: kpitree.Month, Start: coreDate(2023, 4, 1), FiscalYearStart: time.April}, 11, "2024-03", 2023, coreDate(2024, 3, 15)},
		{kpitree.Calendar{Freq: kpitree.Month, Start: coreDate(2023, 4, 1), FiscalYearStart: time.April}, 12, "2024-04", 2024, coreDate(2024, 4, 1)},
		{kpitree.Calendar{Freq: kpitree.Month, Start: coreDate(2023, 4, 1), FiscalYearStart: time.April}, -1, "2023-03", 2022, coreDate(2023, 3, 31)},
		{kpitree.Calendar{Start: coreDate(2023, 1, 31)}, 1, "2023-02", 2023, coreDate(2023, 2, 28)},
		{kpitree.Calendar{Freq: kpitree.Quarter, Start: coreDate(2024, 4, 1), FiscalYearStart: time.April}, 3, "2025-Q1", 2024, coreDate(2025, 3, 1)},
		{kpitree.Calendar{Freq: kpitree.Year, Start: coreDate(2020, 1, 1)}, 4, "2024", 2024, coreDate(2024, 12, 31)},
		{kpitree.Calendar{Freq: kpitree.Day, Start: coreDate(2025, 4, 1)}, 30, "2025-05-01", 2025, coreDate(2025, 5, 1)},
		{kpitree.Calendar{Freq: kpitree.Week, Start: coreDate(2025, 3, 31), FiscalYearStart: time.April}, 1, "2025-04-07", 2025, coreDate(2025, 4, 13)},
		{kpitree.Calendar{Freq: kpitree.Week, Start: coreDate(2025, 3, 31), FiscalYearStart: time.April}, 0, "2025-03-31", 2024, coreDate(2025, 4, 6)},
	}
	for _, tt := range tests {
		if got := tt.cal.Label(tt.i); got != tt.label {
			t.Errorf("%s Label(%d) = %q, want %q", tt.cal.Freq, tt.i, got, tt.label)
		}
		if got := tt.cal.FiscalYear(tt.i); got != tt.fy {
			t.Errorf("%s FiscalYear(%d) = %d, want %d", tt.cal.Freq, tt.i, got, tt.fy)
		}
		if got := tt.cal.PeriodOf(tt.inside); got != tt.i {
			t.Errorf("%s PeriodOf(%v) = %d, want %d", tt.cal.Freq, tt.inside.Format(time.DateOnly), got, tt.i)
		}
	}
}

func TestCalendar_FiscalPeriods(t *testing.T) {
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: coreDate(2023, 4, 1), Periods: 36, FiscalYearStart: time.April}
	for fy, want := range map[int][2]int{2023: {0, 12}, 2024: {12, 24}, 2025: {24, 36}, 2022: {-12, 0}} {
		from, to := cal.FiscalPeriods(fy)
		if from != want[0] || to != want[1] {
			t.Errorf("FY%d: [%d, %d), want %v", fy, from, to, want)
		}
	}
	q := kpitree.Calendar{Freq: kpitree.Quarter, Start: coreDate(2024, 1, 1), FiscalYearStart: time.April}
	if from, to := q.FiscalPeriods(2024); from != 1 || to != 5 {
		t.Errorf("quarterly FY2024: [%d, %d), want [1, 5)", from, to)
	}
	if got := kpitree.FiscalLabel(2024); got != "FY2024" {
		t.Errorf("FiscalLabel = %q", got)
	}
}

func TestFreq_SeasonLengthAndYearAgo(t *testing.T) {
	cases := []struct {
		f            kpitree.Freq
		season, year int
	}{
		{kpitree.Day, 7, 364},
		{kpitree.Week, 52, 52},
		{kpitree.Month, 12, 12},
		{"", 12, 12},
		{kpitree.Quarter, 4, 4},
		{kpitree.Year, 1, 1},
	}
	for _, tc := range cases {
		t.Run("should give the season and the year of "+string(tc.f), func(t *testing.T) {
			if got := tc.f.SeasonLength(); got != tc.season {
				t.Errorf("SeasonLength() = %d, want %d", got, tc.season)
			}
			if got := tc.f.YearAgo(); got != tc.year {
				t.Errorf("YearAgo() = %d, want %d", got, tc.year)
			}
		})
	}
}

func TestCalendar_PlannedFiscalYear(t *testing.T) {
	start := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		cal  kpitree.Calendar
		want int
	}{
		{"should be the April year after a history ending in March", kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: 36, FiscalYearStart: time.April}, 2026},
		{"should be the year the history is still in", kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: 37, FiscalYearStart: time.April}, 2026},
		{"should be the calendar year after a December end", kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: 33}, 2026},
		{"should be the first period's year without history", kpitree.Calendar{Freq: kpitree.Quarter, Start: start, FiscalYearStart: time.April}, 2023},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.cal.PlannedFiscalYear(); got != c.want {
				t.Errorf("PlannedFiscalYear = %d, want %d", got, c.want)
			}
		})
	}
}
