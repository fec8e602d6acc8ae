package workspace_test

import (
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestBridgeWindows: every window offered is one ParsePeriod accepts by
// its label, lies in the history, and each kind comes newest first.
func TestBridgeWindows(t *testing.T) {
	monthly := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC), Periods: 36, FiscalYearStart: time.April}
	midYear := monthly
	midYear.Start, midYear.Periods = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 13 // 2023-06 … 2024-06
	weekly := kpitree.Calendar{Freq: kpitree.Week, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Periods: 20, FiscalYearStart: time.April}
	tests := []struct {
		name  string
		cal   kpitree.Calendar
		count map[workspace.PeriodKind]int
		first map[workspace.PeriodKind]string
	}{
		{"should offer every month, fiscal quarter and year of three whole fiscal years", monthly,
			map[workspace.PeriodKind]int{workspace.PeriodMonth: 36, workspace.PeriodQuarter: 12, workspace.PeriodFYTD: 3, workspace.PeriodFY: 3},
			map[workspace.PeriodKind]string{workspace.PeriodMonth: "2026-03", workspace.PeriodQuarter: "FY2025-Q4", workspace.PeriodFYTD: "FY2025-YTD", workspace.PeriodFY: "FY2025"}},
		{"should leave out quarters and years cut by the history", midYear,
			// FY2023-Q1 and FY2023 start before the data, FY2024-Q2 ends
			// after it: only FY2024 to date is a whole year to date.
			map[workspace.PeriodKind]int{workspace.PeriodMonth: 13, workspace.PeriodQuarter: 4, workspace.PeriodFYTD: 1, workspace.PeriodFY: 0},
			map[workspace.PeriodKind]string{workspace.PeriodMonth: "2024-06", workspace.PeriodQuarter: "FY2024-Q1", workspace.PeriodFYTD: "FY2024-YTD"}},
		{"should offer a weekly calendar's months once each", weekly,
			map[workspace.PeriodKind]int{workspace.PeriodMonth: 4, workspace.PeriodQuarter: 1, workspace.PeriodFYTD: 1},
			map[workspace.PeriodKind]string{workspace.PeriodFYTD: "FY2024-YTD"}},
		{"should offer nothing without data", kpitree.Calendar{Freq: kpitree.Month, Start: monthly.Start, FiscalYearStart: time.April}, map[workspace.PeriodKind]int{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := workspace.BridgeWindows(tc.cal)
			count := map[workspace.PeriodKind]int{}
			first := map[workspace.PeriodKind]string{}
			prev := map[workspace.PeriodKind]int{}
			for _, g := range got {
				for _, p := range g.Windows {
					again, err := workspace.ParsePeriod(tc.cal, p.Label)
					if err != nil || again != p {
						t.Errorf("%s: ParsePeriod gives %+v, %v; offered %+v", p.Label, again, err, p)
					}
					if p.From < 0 || p.Through >= tc.cal.Periods {
						t.Errorf("%s runs %d–%d, outside the history of %d periods", p.Label, p.From, p.Through, tc.cal.Periods)
					}
					if last, ok := prev[g.Kind]; ok && p.From >= last {
						t.Errorf("%s: %s is not older than the one before it", g.Kind, p.Label)
					}
					prev[g.Kind] = p.From
					if count[g.Kind] == 0 {
						first[g.Kind] = p.Label
					}
					count[g.Kind]++
				}
				if len(g.Windows) == 0 {
					t.Errorf("group %s is empty", g.Kind)
				}
			}
			for k, n := range tc.count {
				if count[k] != n {
					t.Errorf("%s: %d windows, want %d", k, count[k], n)
				}
			}
			for k, l := range tc.first {
				if first[k] != l {
					t.Errorf("%s: newest is %q, want %q", k, first[k], l)
				}
			}
		})
	}
}
