package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/parallel"
	"github.com/kpitree/kpitree/kpitree"
)

// maxSeriesLen caps the observations per series in a forecast input file so a
// stray t = 1e9 cannot allocate gigabytes.
const maxSeriesLen = 1_000_000

// inputSeries is one series of a forecast input file.
type inputSeries struct {
	id string
	y  []float64 // y[t-1]; NaN where the value cell was empty or NA
}

// runForecast forecasts every series of a CSV file (series_id,t,value) and
// writes series_id,h,value,lo…,hi…,model rows, one per series and step.
func runForecast(ctx context.Context, s streams, args []string) error {
	fs := flag.NewFlagSet("forecast", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and --help are reported once, by run
	in := fs.String("in", "", "input CSV with header series_id,t,value (t = 1..n per series); - for stdin")
	out := fs.String("out", "", "output CSV file (default: standard output)")
	horizon := fs.Int("horizon", 0, "number of periods to forecast (required, ≥ 1)")
	season := fs.Int("season", 12, "seasonal period: 12 months, 52 weeks, 7 days, 4 quarters, 1 none")
	model := fs.String("model", "auto", "auto, ets, ets(E,T,S), theta, naive, snaive, drift, mean or combo")
	levelFlag := fs.String("level", "80,95", "prediction-interval levels in percent, comma-separated")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", err, errUsage) // keeps flag.ErrHelp for run
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %s: %w", kpitree.Quote(fs.Arg(0)), errUsage)
	}
	if *in == "" {
		return fmt.Errorf("--in is required: %w", errUsage)
	}
	if *horizon < 1 {
		return fmt.Errorf("--horizon must be at least 1: %w", errUsage)
	}
	levels, err := parseLevels(*levelFlag)
	if err != nil {
		return fmt.Errorf("--level: %v: %w", err, errUsage)
	}
	spec := forecast.Spec{Model: *model, Season: *season, Horizon: *horizon, Levels: levels}
	if err := spec.Validate(); err != nil {
		return fmt.Errorf("%v: %w", err, errUsage)
	}

	var r io.Reader = s.in
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return fmt.Errorf("open input: %w", err)
		}
		defer f.Close()
		r = f
	}
	series, err := readSeriesCSV(r)
	if err != nil {
		return fmt.Errorf("read %s: %w", *in, err)
	}

	results, errs := forecastAll(ctx, series, spec, progressPrinter(s))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("forecast: %w", err)
	}

	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		if err := writeForecasts(bw, series, results, levels); err != nil {
			return err
		}
		return bw.Flush()
	}
	if *out == "" {
		err = write(s.out)
	} else {
		// Through a temporary file: a failed run leaves an earlier output as it was.
		err = writeOutput("", *out, write)
	}
	if err != nil {
		return fmt.Errorf("write forecasts: %w", err)
	}
	var failed int
	for i, e := range errs {
		if e != nil {
			failed++
			fmt.Fprintf(s.err, "series %q: %v\n", series[i].id, e)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d series could not be forecast (see above); the others were written", failed, len(series))
	}
	return nil
}

// parseLevels parses "80,95" into percentages.
func parseLevels(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(v > 0 && v < 100) {
			return nil, fmt.Errorf("%s is not a percentage between 0 and 100 (exclusive)", kpitree.Quote(f))
		}
		out = append(out, v)
	}
	return out, nil
}

// forecastAll forecasts every series on all cores. It returns one result or
// error per series, in input order, and calls progress(done, total) as
// series finish.
func forecastAll(ctx context.Context, series []inputSeries, spec forecast.Spec, progress func(done, total int)) ([]*forecast.Result, []error) {
	results := make([]*forecast.Result, len(series))
	errs := make([]error, len(series))
	var done atomic.Int64
	// A cancelled run leaves the remaining results nil: the caller reports
	// ctx's error, not this one.
	_ = parallel.Each(ctx, len(series), func(i int) {
		results[i], errs[i] = forecast.Forecast(ctx, series[i].y, spec)
		progress(int(done.Add(1)), len(series))
	})
	return results, errs
}

// progressPrinter draws "forecast: done/total" on stderr when it is a
// terminal, at most ten times a second; otherwise it prints nothing so logs
// stay clean.
func progressPrinter(s streams) func(done, total int) {
	if !s.errTTY {
		return func(int, int) {}
	}
	var mu sync.Mutex
	var last time.Time
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done < total && time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(s.err, "\rforecast: %d/%d series", done, total)
		if done == total {
			fmt.Fprintln(s.err)
		}
	}
}

// writeForecasts writes the output CSV; series that failed are left out.
func writeForecasts(w io.Writer, series []inputSeries, results []*forecast.Result, levels []float64) error {
	cw := csv.NewWriter(w)
	head := []string{"series_id", "h", "value"}
	for _, l := range levels {
		ls := strconv.FormatFloat(l, 'f', -1, 64)
		head = append(head, "lo"+ls, "hi"+ls)
	}
	head = append(head, "model")
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }
	row := make([]string, len(head))
	for i, r := range results {
		if r == nil {
			continue
		}
		for h, v := range r.Mean {
			row = row[:0]
			row = append(row, series[i].id, strconv.Itoa(h+1), num(v))
			for _, iv := range r.Intervals {
				row = append(row, num(iv.Lower[h]), num(iv.Upper[h]))
			}
			row = append(row, r.Model)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// readSeriesCSV parses a forecast input file.
//
//	file   = header { row } .
//	header = "series_id" "," "t" "," "value" .   (any column order; extra columns ignored)
//	row    = id "," t "," value .                 (t: integer ≥ 1; value: number, or empty/NA/NaN for missing)
//
// Each series must have exactly one row for every t from 1 to its largest t.
// Series come back in order of first appearance. Errors name the line.
func readSeriesCSV(r io.Reader) ([]inputSeries, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file: want a header series_id,t,value")
	}
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{"series_id": -1, "t": -1, "value": -1}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := col[h]; ok && j < 0 {
			col[h] = i
		}
	}
	for _, name := range []string{"series_id", "t", "value"} {
		if col[name] < 0 {
			return nil, fmt.Errorf("header has no %s column: want series_id,t,value", kpitree.Quote(name))
		}
	}
	need := max(col["series_id"], col["t"], col["value"]) + 1
	index := map[string]int{}
	var series []inputSeries
	var seen []map[int]bool
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// csv.ParseError already names the line; FieldPos is only valid
			// after a successful Read.
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < need {
			return nil, fmt.Errorf("line %d: %d fields, want series_id,t,value", line, len(rec))
		}
		id := strings.TrimSpace(rec[col["series_id"]])
		if id == "" {
			return nil, fmt.Errorf("line %d: empty series_id", line)
		}
		t, err := strconv.Atoi(strings.TrimSpace(rec[col["t"]]))
		if err != nil || t < 1 || t > maxSeriesLen {
			return nil, fmt.Errorf("line %d: t %s is not an integer from 1 to %d", line, kpitree.Quote(rec[col["t"]]), maxSeriesLen)
		}
		v, err := parseValue(rec[col["value"]])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		k, ok := index[id]
		if !ok {
			k = len(series)
			index[id] = k
			series = append(series, inputSeries{id: id})
			seen = append(seen, map[int]bool{})
		}
		if seen[k][t] {
			return nil, fmt.Errorf("line %d: series %s has t=%d twice", line, kpitree.Quote(id), t)
		}
		seen[k][t] = true
		s := &series[k]
		for len(s.y) < t {
			s.y = append(s.y, math.NaN())
		}
		s.y[t-1] = v
	}
	if len(series) == 0 {
		return nil, errors.New("no data rows after the header")
	}
	for k, s := range series {
		if len(seen[k]) != len(s.y) {
			for t := 1; t <= len(s.y); t++ {
				if !seen[k][t] {
					return nil, fmt.Errorf("series %s has no row for t=%d: t must run 1..n without gaps (leave value empty for a missing observation)", kpitree.Quote(s.id), t)
				}
			}
		}
	}
	return series, nil
}

// parseValue reads one value cell: a number, or empty, NA or NaN for a
// missing observation.
func parseValue(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "na", "nan", "n/a":
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("value %s is not a number (leave it empty for a missing observation)", kpitree.Quote(s))
	}
	return v, nil
}
