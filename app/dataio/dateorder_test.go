package dataio_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
)

func TestParsePeriodOrder(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in    string
		order dataio.DateOrder
		want  time.Time // zero: an error
		amb   bool      // the error is ErrAmbiguousDate
	}{
		{"20/01/2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"01/20/2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"20.01.2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"20-01-2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"05/05/2024", dataio.DateAuto, day(2024, 5, 5), false},
		{"20 Jan 2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"20-Jan-2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"20-Jan-24", dataio.DateAuto, day(2024, 1, 20), false},
		{"Jan 20, 2024", dataio.DateAuto, day(2024, 1, 20), false},
		{"2024 Jan 20", dataio.DateAuto, day(2024, 1, 20), false},
		{"05/01/2024", dataio.DateAuto, time.Time{}, true},
		{"05/01/2024", dataio.DateDMY, day(2024, 1, 5), false},
		{"05/01/2024", dataio.DateMDY, day(2024, 5, 1), false},
		{"20/01/2024", dataio.DateMDY, time.Time{}, false}, // no 20th month
		{"31/02/2024", dataio.DateAuto, time.Time{}, false},
		{"2024/01/05", dataio.DateMDY, day(2024, 1, 5), false}, // year first is never in doubt
		{"32 Jan 2024", dataio.DateAuto, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run("should read "+tt.in+" "+string(tt.order), func(t *testing.T) {
			p, err := dataio.ParsePeriodOrder(tt.in, time.April, tt.order)
			if tt.want.IsZero() {
				if err == nil {
					t.Fatalf("got %v, want an error", p.Start)
				}
				if errors.Is(err, dataio.ErrAmbiguousDate) != tt.amb || !errors.Is(err, dataio.ErrNotPeriod) {
					t.Errorf("err = %v, ambiguous want %v", err, tt.amb)
				}
				return
			}
			if err != nil || !p.Start.Equal(tt.want) {
				t.Errorf("got %v, %v; want %v", p.Start, err, tt.want)
			}
		})
	}
}

// TestReadDateOrder: files of day-first and month-first dates import when
// a date shows the order, and ask when none does. Before, 20/01/2024 and
// 20 Jan 2024 were refused with no way to say which order.
func TestReadDateOrder(t *testing.T) {
	csv := func(dates ...string) string {
		var b strings.Builder
		b.WriteString("date,signups\n")
		for i, d := range dates {
			b.WriteString(d + "," + string(rune('1'+i)) + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name  string
		data  string
		order dataio.DateOrder
		first time.Time
		err   error
	}{
		{"day-first dates, one of them past the 12th", csv("11/01/2024", "12/01/2024", "13/01/2024"), dataio.DateAuto, time.Date(2024, 1, 11, 0, 0, 0, 0, time.UTC), nil},
		{"month-first dates, one of them past the 12th", csv("01/11/2024", "01/12/2024", "01/13/2024"), dataio.DateAuto, time.Date(2024, 1, 11, 0, 0, 0, 0, time.UTC), nil},
		{"dates with month names", csv("5 Jan 2024", "6 Jan 2024", "7 Jan 2024"), dataio.DateAuto, time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC), nil},
		{"ambiguous dates", csv("05/01/2024", "06/01/2024", "07/01/2024"), dataio.DateAuto, time.Time{}, dataio.ErrAmbiguousDate},
		{"ambiguous dates read day first", csv("05/01/2024", "06/01/2024", "07/01/2024"), dataio.DateDMY, time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC), nil},
		{"ambiguous dates read month first", csv("05/01/2024", "06/01/2024", "07/01/2024"), dataio.DateMDY, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), nil},
		{"both orders in one column", csv("20/01/2024", "01/21/2024", "22/01/2024"), dataio.DateAuto, time.Time{}, dataio.ErrAmbiguousDate},
	}
	for _, tt := range tests {
		t.Run("should handle "+tt.name, func(t *testing.T) {
			ds, _, err := dataio.ReadFrom(context.Background(), strings.NewReader(tt.data), "d.csv", dataio.Options{DateOrder: tt.order})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				if !strings.Contains(err.Error(), "/2024") {
					t.Errorf("the message should quote a date: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !ds.Calendar.Start.Equal(tt.first) || ds.Calendar.Periods != 3 {
				t.Errorf("calendar starts %v with %d periods, want %v and 3", ds.Calendar.Start, ds.Calendar.Periods, tt.first)
			}
		})
	}
}

func TestParseDateOrder(t *testing.T) {
	for in, want := range map[string]dataio.DateOrder{"dmy": dataio.DateDMY, "MDY": dataio.DateMDY, "auto": dataio.DateAuto, "": dataio.DateAuto} {
		if got, err := dataio.ParseDateOrder(in); err != nil || got != want {
			t.Errorf("ParseDateOrder(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := dataio.ParseDateOrder("ymd"); !errors.Is(err, dataio.ErrBadOption) {
		t.Errorf("ymd: %v, want ErrBadOption", err)
	}
}
