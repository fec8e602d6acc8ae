package source

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// Table is the first rows of a query, as text for a preview.
type Table struct {
	Columns []string
	Rows    [][]string
}

// PreviewRows is how many rows Preview shows by default.
const PreviewRows = 20

// Preview returns the first n rows the dataset is computed from (the
// user's SQL as it is, or the table's date and value columns).
func Preview(ctx context.Context, src Source, s Spec, n int, fy time.Month) (*Table, error) {
	st, err := s.PreviewStatement(src.Dialect(), max(n, 0), fy)
	if err != nil {
		return nil, err
	}
	t := &Table{}
	err = src.Query(ctx, st, func(cols []string, row []any) error {
		if row == nil {
			t.Columns = append([]string(nil), cols...)
			return nil
		}
		r := make([]string, len(row))
		for i, v := range row {
			r[i] = text(v)
		}
		t.Rows = append(t.Rows, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	return t, nil
}

// Result is a fetched dataset.
type Result struct {
	// Dataset and Report are what app/dataio makes of the aggregated rows:
	// the same types, checks and quality report as a file import.
	Dataset *dataio.Dataset
	Report  *dataio.Report
	// SourceRows is the number of database rows aggregated.
	SourceRows int64
	// SQL is the statement that ran.
	SQL string
}

// Fetch aggregates the dataset s defines to cal in the database and reads
// the result (one row per period) into a dataset named name.
func Fetch(ctx context.Context, src Source, s Spec, cal Calendar, name string) (*Result, error) {
	d := src.Dialect()
	var columns []string
	if strings.TrimSpace(s.SQL) != "" {
		t, err := Preview(ctx, src, s, 0, cal.FiscalYearStart)
		if err != nil {
			return nil, err
		}
		columns = t.Columns
	}
	st, err := s.AggregateStatement(d, cal, columns)
	if err != nil {
		return nil, err
	}
	type row struct {
		t           time.Time
		n           int64
		first, last time.Time // the period's first and last date with data; zero if unreadable
		vals        []float64
	}
	var rows []row
	var names []string
	err = src.Query(ctx, st, func(cols []string, r []any) error {
		if r == nil {
			names = append([]string(nil), cols[4:]...)
			return nil
		}
		t, err := dateOf(r[0])
		if err != nil {
			return fmt.Errorf("period %v: %w", r[0], err)
		}
		out := row{t: t, vals: make([]float64, len(r)-4)}
		n, _ := number(r[1])
		out.n = int64(n)
		out.first, _ = dateOf(r[2])
		out.last, _ = dateOf(r[3])
		for i, v := range r[4:] {
			f, ok := number(v)
			if !ok {
				f = math.NaN()
			}
			out.vals[i] = f
		}
		rows = append(rows, out)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", name, err)
	}
	slices.SortFunc(rows, func(a, b row) int { return a.t.Compare(b.t) })
	if len(rows) == 0 {
		return nil, fmt.Errorf("fetch %s: the query returned no rows%s; check the table, the filters and the period range: %w", name, rangeText(s), ErrNoRows)
	}
	// Every row the database read counts, those of periods left out too.
	var total int64
	for _, r := range rows {
		total += r.n
	}
	// The periods the data starts and ends inside are left out, as a file
	// import leaves them out (dataio.IncompleteIssue): a month to date
	// would read as a drop.
	var incomplete []dataio.Issue
	if len(rows) > 1 {
		lo, hi := 0, len(rows)
		if r := rows[hi-1]; !r.last.IsZero() {
			if end := periodEnd(r.t, cal); r.last.Before(end) {
				incomplete = append(incomplete, dataio.IncompleteIssue(label(r.t, cal), spanText(r.t, r.last), days(r.t, r.last), days(r.t, end), kpitree.Day))
				hi--
			}
		}
		if r := rows[lo]; !r.first.IsZero() && lo < hi && r.first.After(r.t) {
			end := periodEnd(r.t, cal)
			incomplete = append(incomplete, dataio.IncompleteIssue(label(r.t, cal), spanText(r.first, end), days(r.first, end), days(r.t, end), kpitree.Day))
			lo++
		}
		if lo < hi {
			rows = rows[lo:hi]
		} else {
			incomplete = nil
		}
	}
	// Write the aggregated rows as a small CSV and read it with app/dataio,
	// so a database dataset gets the same checks as a file (missing
	// periods, outliers, units from the column names).
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	period := s.DateColumn
	if period == "" {
		period = "period"
		if len(columns) > 0 {
			period = columns[0]
		}
	}
	_ = w.Write(append([]string{period}, names...))
	rec := make([]string, len(names)+1)
	for _, r := range rows {
		rec[0] = label(r.t, cal)
		for i, v := range r.vals {
			rec[i+1] = ""
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				rec[i+1] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		_ = w.Write(rec)
	}
	w.Flush()
	opt := dataio.Options{Encoding: "utf-8", Delimiter: "comma", Layout: dataio.LayoutWide, HeaderRow: 1,
		PeriodColumn: period, TargetFreq: cal.Freq, FiscalYearStart: cal.FiscalYearStart}
	ds, rep, err := dataio.ReadFrom(ctx, &buf, name, opt)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", name, err)
	}
	rep.Issues = append(incomplete, rep.Issues...)
	rep.Rows = int(min(total, math.MaxInt32))
	return &Result{Dataset: ds, Report: rep, SourceRows: total, SQL: st.SQL}, nil
}

// periodEnd is the last day of the period starting at t.
func periodEnd(t time.Time, cal Calendar) time.Time {
	switch cal.Freq {
	case kpitree.Day:
		return t
	case kpitree.Week:
		return t.AddDate(0, 0, 6)
	case kpitree.Month:
		return t.AddDate(0, 1, -1)
	case kpitree.Quarter:
		return t.AddDate(0, 3, -1)
	}
	return t.AddDate(1, 0, -1)
}

// days counts the days from a to b, both included.
func days(a, b time.Time) int { return int(b.Sub(a).Hours()/24+0.5) + 1 }

func spanText(a, b time.Time) string {
	if a.Equal(b) {
		return a.Format("2006-01-02")
	}
	return a.Format("2006-01-02") + " – " + b.Format("2006-01-02")
}

func rangeText(s Spec) string {
	if s.From == "" && s.To == "" {
		return ""
	}
	return fmt.Sprintf(" from %s to %s", orDefault(s.From, "the start"), orDefault(s.To, "the end"))
}

// label writes a period start as app/dataio reads it back at cal's
// frequency.
func label(t time.Time, cal Calendar) string {
	switch cal.Freq {
	case kpitree.Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case kpitree.Day:
		return t.Format("2006-01-02")
	}
	return dataio.PeriodLabel(t, cal.Freq, cal.FiscalYearStart)
}

// dateOf reads a period start the database returned (a date, or text
// starting with YYYY-MM-DD).
func dateOf(v any) (time.Time, error) {
	var s string
	switch x := v.(type) {
	case time.Time:
		y, m, d := x.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return time.Time{}, fmt.Errorf("not a date (%T)", v)
	}
	if len(s) >= 10 {
		s = s[:10]
	}
	// MySQL's FLOOR() may print the year without padding: 2024-4-01.
	p, err := dataio.ParsePeriod(s, time.January)
	if err != nil {
		return time.Time{}, err
	}
	return p.Start, nil
}

// number reads a numeric value as a float64; ok is false for NULL and text.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int:
		return float64(x), true
	case []byte:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

// text formats a value for the preview.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
