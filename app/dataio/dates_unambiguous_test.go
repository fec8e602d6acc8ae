package dataio_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
)

// TestRead_UnambiguousDayAndMonthFirstDates uses only the options that
// existed before issue 15, so it also shows the refusal it fixes: files of
// 20/01/2024, 01/20/2024 or 20 Jan 2024 were refused ("no column of dates
// or months") with no way to say which order.
func TestRead_UnambiguousDayAndMonthFirstDates(t *testing.T) {
	for _, dates := range [][]string{
		{"18/01/2024", "19/01/2024", "20/01/2024"},
		{"01/18/2024", "01/19/2024", "01/20/2024"},
		{"18 Jan 2024", "19 Jan 2024", "20 Jan 2024"},
		{`"Jan 18, 2024"`, `"Jan 19, 2024"`, `"Jan 20, 2024"`}, // quoted: the comma is in the cell
	} {
		t.Run("should read "+dates[0], func(t *testing.T) {
			text := "date,signups\n" + strings.Join(dates, ",1\n") + ",1\n"
			ds, _, err := dataio.ReadFrom(context.Background(), strings.NewReader(text), "d.csv", dataio.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if want := time.Date(2024, 1, 18, 0, 0, 0, 0, time.UTC); !ds.Calendar.Start.Equal(want) || ds.Calendar.Periods != 3 {
				t.Errorf("calendar %v × %d, want %v × 3", ds.Calendar.Start, ds.Calendar.Periods, want)
			}
		})
	}
}
