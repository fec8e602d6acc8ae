package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// writeSeriesCSVReference is the CSV writeSeries wrote before it built
// rows as bytes in parallel: one string per cell through csv.Writer.
func writeSeriesCSVReference(cal kpitree.Calendar, n int, ids []string, cols [][]float64) string {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write(append([]string{"period"}, ids...))
	row := make([]string, len(ids)+1)
	for t := range n {
		row[0] = cal.Label(t)
		for i := range ids {
			v := math.NaN()
			if t < len(cols[i]) {
				v = cols[i][t]
			}
			row[i+1] = formatNumber(v)
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return b.String()
}

func TestWriteSeries_CSVMatchesCSVWriter(t *testing.T) {
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), -1.5, 1e300, 5e-324,
		math.MaxFloat64, 123456789.123456789, 1.0 / 3, -2e-9}
	tests := []struct {
		name    string
		periods int
		ids     []string
		cols    [][]float64
	}{
		{"should write no rows for no periods", 0, []string{"a"}, [][]float64{{1}}},
		{"should write one period", 1, []string{"a", "b"}, [][]float64{{1}, {2}}},
		{"should write odd values and leave missing cells empty", len(odd), []string{"x", "y", "short"},
			[][]float64{odd, append([]float64{}, odd[3:]...), {1, 2}}},
		{"should write more periods than CPUs in order", 61, []string{"n"}, [][]float64{ramp(61)}},
		{"should write no nodes", 5, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Periods: tc.periods}
			var out bytes.Buffer
			if err := writeSeries(streams{out: &out}, "csv", cal, tc.periods, tc.ids, tc.cols, nil); err != nil {
				t.Fatal(err)
			}
			if want := writeSeriesCSVReference(cal, tc.periods, tc.ids, tc.cols); out.String() != want {
				t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
			}
		})
	}
}

func TestCSVField_QuotesAsCSVWriter(t *testing.T) {
	for _, f := range []string{"2024-04", "", "a,b", `say "hi"`, " lead", "line\nbreak", "FY2024 Q1", `\.`} {
		got, err := csvField(f)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.Write([]string{f, "x"})
		w.Flush()
		if want := b.String(); got+",x\n" != want {
			t.Errorf("csvField(%s) = %s, want the field of %s", strconv.Quote(f), strconv.Quote(got), strconv.Quote(want))
		}
	}
}

func ramp(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i) * 1.1
	}
	return out
}
