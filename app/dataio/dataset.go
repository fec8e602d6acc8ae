package dataio

import (
	"fmt"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// Layout is how a table stores its series.
type Layout string

// The table layouts.
const (
	// LayoutAuto detects the layout (the zero value means the same).
	LayoutAuto Layout = "auto"
	// LayoutWide has one column per metric and one row per period.
	LayoutWide Layout = "wide"
	// LayoutLong has one row per (metric, period, value).
	LayoutLong Layout = "long"
)

// Aggregation rules for combining daily or weekly values into coarser periods.
const (
	AggSum   = "sum"   // flows: revenue, logins, chats
	AggMean  = "mean"  // rates and averages: active rate, unit price, NPS
	AggLast  = "last"  // stocks at the end of the period: customers, headcount
	AggFirst = "first" // stocks at the start of the period
	AggMax   = "max"   // peaks: concurrent users
	AggMin   = "min"
)

// Options control an import. The zero value detects everything and keeps
// the file's own frequency. Options are stored in the Dataset so a refresh
// re-imports the same way.
type Options struct {
	// Encoding is auto (or empty), utf-8, shift_jis (CP932) or utf-16 (with
	// a byte-order mark), or utf-16le/utf-16be. Ignored for XLSX.
	Encoding string `json:"encoding,omitempty"`
	// Sheet is the XLSX worksheet to read; empty means the first one.
	Sheet string `json:"sheet,omitempty"`
	// Delimiter is auto (or empty), comma, tab, semicolon or pipe. Ignored for XLSX.
	Delimiter string `json:"delimiter,omitempty"`
	// Layout forces wide or long; empty or LayoutAuto detects it.
	Layout Layout `json:"layout,omitempty"`
	// HeaderRow is the 1-based row (line) number of the header, as users
	// see it in Excel or an editor; 0 detects it and skips title rows.
	HeaderRow int `json:"header_row,omitempty"`
	// PeriodColumn is the header of the date/period column; empty detects it.
	PeriodColumn string `json:"period_column,omitempty"`
	// TargetFreq aggregates to a coarser frequency (e.g. kpitree.Month for
	// daily logs); empty keeps the file's frequency.
	TargetFreq kpitree.Freq `json:"target_freq,omitempty"`
	// DateOrder says how to read dates written day and month first with the
	// year last (20/01/2024, 01/20/2024): DateDMY or DateMDY. Empty (DateAuto)
	// reads the order from the column when a date such as 20/01/2024 shows
	// it, and fails with ErrAmbiguousDate when every date could be either.
	DateOrder DateOrder `json:"date_order,omitempty"`
	// FiscalYearStart is the fiscal year's first month (time.April in
	// Japan); 0 means January. Quarters and years are aligned to it.
	FiscalYearStart time.Month `json:"fiscal_year_start,omitempty"`
	// Agg maps a column name to its aggregation rule (AggSum …), overriding
	// the rule chosen from the column's unit and name; or nil.
	Agg map[string]string `json:"agg,omitempty"`
	// Mapping maps node ids to column names. Read only checks that the
	// columns exist (so a refresh reports a renamed column); the workspace
	// layer binds with it. Or nil.
	Mapping map[string]string `json:"mapping,omitempty"`
	// Resolutions are the user's answers to issues of an earlier import;
	// or nil for the defaults.
	Resolutions []Resolution `json:"resolutions,omitempty"`
	// Progress, if not nil, is called from the reading goroutine with the
	// number of data rows read so far (every few thousand rows and at the end).
	Progress func(rows int) `json:"-"`
}

// Column is one imported series.
type Column struct {
	// Name identifies the column: the header text, trimmed (full-width
	// spaces too), or for the long layout the metric name.
	Name string `json:"name"`
	// Header is the header text as it was in the file.
	Header string `json:"header"`
	// Unit is "%" (values are fractions), "JPY", "USD", or empty when
	// neither the header nor the cells say.
	Unit string `json:"unit,omitempty"`
	// Agg is the rule used (or that would be used) to aggregate the column.
	Agg string `json:"agg"`
	// Values has one value per calendar period; NaN means missing.
	Values []float64 `json:"values"`
}

// Dataset is the result of an import: regular series on one calendar.
type Dataset struct {
	Name    string  `json:"name"`   // file name without directory
	Source  string  `json:"source"` // path it was read from; empty for ReadFrom
	Options Options `json:"options"`
	// Encoding and Layout are what was detected or forced.
	Encoding string `json:"encoding,omitempty"`
	Layout   Layout `json:"layout"`
	// Calendar has Periods equal to len(Values) of every column.
	Calendar kpitree.Calendar `json:"calendar"`
	Columns  []Column         `json:"columns"`
}

// Column returns the column with the given name.
func (d *Dataset) Column(name string) (*Column, bool) {
	for i := range d.Columns {
		if d.Columns[i].Name == name {
			return &d.Columns[i], true
		}
	}
	return nil, false
}

// PeriodStart returns the first day of period i of the dataset's calendar.
func (d *Dataset) PeriodStart(i int) time.Time {
	return periodStart(d.Calendar.Start, d.Calendar.Freq, i)
}

// Labels returns a label per period ("2024-04", "FY2024 Q1", "2024-04-01"),
// in a form ParsePeriod reads back with the same fiscal-year start.
func (d *Dataset) Labels() []string {
	out := make([]string, d.Calendar.Periods)
	for i := range out {
		out[i] = PeriodLabel(d.PeriodStart(i), d.Calendar.Freq, d.Calendar.FiscalYearStart)
	}
	return out
}

// PeriodLabel formats the period of frequency f that starts at t. fyStart
// (0 means January) names quarters and years by fiscal year ("FY2024 Q1",
// "FY2024": the fiscal year that starts in 2024).
func PeriodLabel(t time.Time, f kpitree.Freq, fyStart time.Month) string {
	if fyStart < time.January || fyStart > time.December {
		fyStart = time.January
	}
	switch f {
	case kpitree.Month:
		return t.Format("2006-01")
	case kpitree.Quarter:
		off := (int(t.Month()) - int(fyStart) + 12) % 12
		if off%3 != 0 {
			return t.Format("2006-01")
		}
		if fyStart == time.January {
			return fmt.Sprintf("%dQ%d", t.Year(), off/3+1)
		}
		return fmt.Sprintf("FY%d Q%d", fiscalYear(t, fyStart), off/3+1)
	case kpitree.Year:
		if fyStart == time.January {
			return fmt.Sprintf("%d", t.Year())
		}
		if t.Month() != fyStart {
			return t.Format("2006-01")
		}
		return fmt.Sprintf("FY%d", t.Year())
	}
	return t.Format("2006-01-02")
}

// fiscalYear is the calendar year in which t's fiscal year starts.
func fiscalYear(t time.Time, fyStart time.Month) int {
	if t.Month() < fyStart {
		return t.Year() - 1
	}
	return t.Year()
}

// periodStart advances start by k periods of f (k may be negative).
func periodStart(start time.Time, f kpitree.Freq, k int) time.Time {
	switch f {
	case kpitree.Week:
		return start.AddDate(0, 0, 7*k)
	case kpitree.Month:
		return start.AddDate(0, k, 0)
	case kpitree.Quarter:
		return start.AddDate(0, 3*k, 0)
	case kpitree.Year:
		return start.AddDate(k, 0, 0)
	}
	return start.AddDate(0, 0, k)
}

// periodIndex is the index of the period of calendar (start, f) that
// contains t; it may be negative.
func periodIndex(start time.Time, f kpitree.Freq, t time.Time) int {
	switch f {
	case kpitree.Day:
		return floorDiv(dayNum(t)-dayNum(start), 1)
	case kpitree.Week:
		return floorDiv(dayNum(t)-dayNum(start), 7)
	}
	months := (t.Year()*12 + int(t.Month())) - (start.Year()*12 + int(start.Month()))
	switch f {
	case kpitree.Quarter:
		return floorDiv(months, 3)
	case kpitree.Year:
		return floorDiv(months, 12)
	}
	return months
}

// bucketStart is the start of the period of frequency f (aligned to the
// fiscal year for quarters and years, to Monday for weeks) containing t.
func bucketStart(t time.Time, f kpitree.Freq, fyStart time.Month) time.Time {
	if fyStart < time.January || fyStart > time.December {
		fyStart = time.January
	}
	y, m, d := t.Date()
	switch f {
	case kpitree.Day:
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case kpitree.Week:
		wd := (int(t.Weekday()) + 6) % 7 // Monday = 0
		return time.Date(y, m, d-wd, 0, 0, 0, 0, time.UTC)
	case kpitree.Quarter:
		off := (int(m) - int(fyStart) + 12) % 3
		return time.Date(y, m-time.Month(off), 1, 0, 0, 0, 0, time.UTC)
	case kpitree.Year:
		off := (int(m) - int(fyStart) + 12) % 12
		return time.Date(y, m-time.Month(off), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dayNum counts days since 1970-01-01 for a UTC-midnight time.
func dayNum(t time.Time) int { return int(t.Unix() / 86400) }

func fromDayNum(n int) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// freqRank orders frequencies from fine to coarse.
func freqRank(f kpitree.Freq) int {
	switch f {
	case kpitree.Day:
		return 0
	case kpitree.Week:
		return 1
	case kpitree.Month:
		return 2
	case kpitree.Quarter:
		return 3
	case kpitree.Year:
		return 4
	}
	return -1
}
