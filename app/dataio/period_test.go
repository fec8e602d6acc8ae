package dataio_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		raw  string
		fy   time.Month
		want time.Time
		freq kpitree.Freq
	}{
		{"2024-04-01", 0, date(2024, 4, 1), kpitree.Day},
		{"2024/4/1", 0, date(2024, 4, 1), kpitree.Day},
		{"2024.04.01", 0, date(2024, 4, 1), kpitree.Day},
		{"20240401", 0, date(2024, 4, 1), kpitree.Day},
		{"2024-04-01 00:00:00", 0, date(2024, 4, 1), kpitree.Day},
		{"2024-04-01T09:30:00Z", 0, date(2024, 4, 1), kpitree.Day},
		{"2024年4月1日", 0, date(2024, 4, 1), kpitree.Day},
		{"２０２４年４月１日", 0, date(2024, 4, 1), kpitree.Day},
		{"45383", 0, date(2024, 4, 1), kpitree.Day}, // Excel serial
		{"45383.5", 0, date(2024, 4, 1), kpitree.Day},
		{"2024-04", 0, date(2024, 4, 1), kpitree.Month},
		{"2024/4", 0, date(2024, 4, 1), kpitree.Month},
		{"202404", 0, date(2024, 4, 1), kpitree.Month},
		{"2024年4月", 0, date(2024, 4, 1), kpitree.Month},
		{" 2024年 4月 ", 0, date(2024, 4, 1), kpitree.Month},
		{"Apr 2024", 0, date(2024, 4, 1), kpitree.Month},
		{"April 2024", 0, date(2024, 4, 1), kpitree.Month},
		{"Apr-24", 0, date(2024, 4, 1), kpitree.Month},
		{"2024 Apr", 0, date(2024, 4, 1), kpitree.Month},
		{"令和6年4月", 0, date(2024, 4, 1), kpitree.Month},
		{"令和元年5月", 0, date(2019, 5, 1), kpitree.Month},
		{"平成31年4月", 0, date(2019, 4, 1), kpitree.Month},
		{"令和6年4月1日", 0, date(2024, 4, 1), kpitree.Day},
		{"R6.4", 0, date(2024, 4, 1), kpitree.Month},
		{"H31/4/30", 0, date(2019, 4, 30), kpitree.Day},
		{"2024Q1", 0, date(2024, 1, 1), kpitree.Quarter},
		{"2024-Q3", 0, date(2024, 7, 1), kpitree.Quarter},
		{"Q2 2024", 0, date(2024, 4, 1), kpitree.Quarter},
		{"FY2024 Q1", time.April, date(2024, 4, 1), kpitree.Quarter},
		{"FY2024 Q4", time.April, date(2025, 1, 1), kpitree.Quarter},
		{"2024年第2四半期", 0, date(2024, 4, 1), kpitree.Quarter},
		{"2024年度第1四半期", time.April, date(2024, 4, 1), kpitree.Quarter},
		{"2024", 0, date(2024, 1, 1), kpitree.Year},
		{"FY2024", time.April, date(2024, 4, 1), kpitree.Year},
		{"2024年度", time.April, date(2024, 4, 1), kpitree.Year},
		{"2024年", 0, date(2024, 1, 1), kpitree.Year},
		{"2024-W01", 0, date(2024, 1, 1), kpitree.Week},
		{"2020-W53", 0, date(2020, 12, 28), kpitree.Week},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := dataio.ParsePeriod(tt.raw, tt.fy)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", tt.raw, err)
			}
			if !got.Start.Equal(tt.want) || got.Freq != tt.freq {
				t.Errorf("ParsePeriod(%q) = %s %s, want %s %s", tt.raw, got.Start.Format("2006-01-02"), got.Freq, tt.want.Format("2006-01-02"), tt.freq)
			}
		})
	}
}

func TestParsePeriodRejects(t *testing.T) {
	// Ambiguous day/month orders are refused rather than guessed.
	for _, raw := range []string{"", "Total", "合計", "4/1/2024", "01/04/2024", "2024-13", "2024-02-30", "2024-00-10", "123", "1234567", "Q5 2024", "2024-W54", "2021-W53", "令和0年4月", "R6", "Foo 2024", "1899-12-31", "19999", "2024年13月"} {
		t.Run(raw, func(t *testing.T) {
			if p, err := dataio.ParsePeriod(raw, 0); !errors.Is(err, dataio.ErrNotPeriod) {
				t.Errorf("ParsePeriod(%q) = %v, %v; want ErrNotPeriod", raw, p, err)
			}
		})
	}
}

func TestPeriodLabelRoundTrips(t *testing.T) {
	tests := []struct {
		start time.Time
		freq  kpitree.Freq
		fy    time.Month
		want  string
	}{
		{date(2024, 4, 1), kpitree.Day, 0, "2024-04-01"},
		{date(2024, 4, 1), kpitree.Month, 0, "2024-04"},
		{date(2024, 4, 1), kpitree.Quarter, 0, "2024Q2"},
		{date(2024, 4, 1), kpitree.Quarter, time.April, "FY2024 Q1"},
		{date(2025, 1, 1), kpitree.Quarter, time.April, "FY2024 Q4"},
		{date(2024, 4, 1), kpitree.Year, time.April, "FY2024"},
		{date(2024, 1, 1), kpitree.Year, 0, "2024"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := dataio.PeriodLabel(tt.start, tt.freq, tt.fy)
			if got != tt.want {
				t.Fatalf("label = %q, want %q", got, tt.want)
			}
			back, err := dataio.ParsePeriod(got, tt.fy)
			if err != nil || !back.Start.Equal(tt.start) {
				t.Errorf("ParsePeriod(%q) = %v, %v; want %v", got, back.Start, err, tt.start)
			}
		})
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024-04-01", "2024年4月", "令和6年4月", "R6.4", "Apr 2024", "45383", "FY2024 Q1", "2024-W14", "2024年度第1四半期", "H31/4/30", "2024/4"} {
		f.Add(s, 4)
	}
	f.Fuzz(func(t *testing.T, s string, fy int) {
		p, err := dataio.ParsePeriod(s, time.Month(fy))
		if err != nil {
			if !errors.Is(err, dataio.ErrNotPeriod) {
				t.Fatalf("error %v does not wrap ErrNotPeriod", err)
			}
			return
		}
		if p.Start.Location() != time.UTC || p.Start.Hour() != 0 {
			t.Fatalf("ParsePeriod(%q) start %v is not UTC midnight", s, p.Start)
		}
		if y := p.Start.Year(); y < 1900 || y > 2201 {
			t.Fatalf("ParsePeriod(%q) year %d out of range", s, y)
		}
		// The label of a parsed period parses back to the same period.
		fyM := time.Month(fy)
		if fyM < 1 || fyM > 12 {
			fyM = 1
		}
		lbl := dataio.PeriodLabel(p.Start, p.Freq, fyM)
		back, err := dataio.ParsePeriod(lbl, fyM)
		if err != nil || !back.Start.Equal(p.Start) {
			t.Fatalf("label %q of %q parses to %v, %v", lbl, s, back.Start, err)
		}
	})
}
