package dataio

import (
	"fmt"

	"github.com/kpitree/kpitree/kpitree"
)

// Code identifies the kind of an Issue. Codes are stable: the UI translates
// them and stored resolutions refer to them.
type Code string

// Issue codes.
const (
	// CodeMissingPeriod: a period inside the range has no row; its values stay missing.
	CodeMissingPeriod Code = "missing_period"
	// CodeDuplicatePeriod: two rows have the same period; Values holds both
	// values in file order. The last is kept unless a Resolution says otherwise.
	CodeDuplicatePeriod Code = "duplicate_period"
	// CodeNonNumeric: a cell in a numeric column is not a number; it becomes missing.
	CodeNonNumeric Code = "non_numeric"
	// CodeMissingValue: a cell is empty or a missing marker (-, n/a, #N/A).
	CodeMissingValue Code = "missing_value"
	// CodeFullWidth: a number was written with full-width digits; it was read
	// as its ASCII form (a note, so the user can check it).
	CodeFullWidth Code = "full_width_digits"
	// CodeFooterRow: a total/summary row was skipped; Values holds its numbers.
	CodeFooterRow Code = "footer_row"
	// CodeTitleRow: a non-empty row above the header was skipped.
	CodeTitleRow Code = "title_row"
	// CodeBadPeriod: a row's period cell could not be read; the row was
	// skipped and Values holds its numbers.
	CodeBadPeriod Code = "unparsed_period"
	// CodeMixedPeriods: the period column mixes granularities (months and days).
	CodeMixedPeriods Code = "mixed_period_formats"
	// CodeOutlier: a value is far from the rest (robust z-score over 3.5);
	// it is kept. Values holds the value and the median.
	CodeOutlier Code = "outlier"
	// CodeUnitConflict: cells of a column disagree about the unit, or with
	// the header's unit.
	CodeUnitConflict Code = "unit_conflict"
	// CodeScaledUnit: a header such as 売上（千円） scaled the values (×1,000).
	CodeScaledUnit Code = "scaled_unit"
	// CodeTextColumn: a column that is mostly text was not imported.
	CodeTextColumn Code = "text_column"
	// CodeDuplicateColumn: two columns have the same header; the second was renamed.
	CodeDuplicateColumn Code = "duplicate_column"
	// CodePartialPeriod: an aggregated period lacks some of its source
	// periods (a month with missing days); its value uses what is there.
	CodePartialPeriod Code = "partial_period"
	// CodeIncompletePeriod: the file starts or ends inside an aggregated
	// period (daily data through Wednesday of a weekly tree); that period
	// was left out, since a total of part of it would read as a drop.
	CodeIncompletePeriod Code = "incomplete_period"
	// CodeMalformedRow: a CSV line could not be parsed (bad quoting).
	CodeMalformedRow Code = "malformed_row"
	// CodeInvalidText: a cell is not valid text in the detected encoding;
	// try Options.Encoding.
	CodeInvalidText Code = "invalid_text"
	// CodeMappedColumnMissing: Options.Mapping names a column the file does not have.
	CodeMappedColumnMissing Code = "mapped_column_missing"
	// CodeMoreIssues: further issues of one code were counted, not listed.
	CodeMoreIssues Code = "more_issues"
	// CodeResolved: a Resolution was applied (so the report shows every change).
	CodeResolved Code = "resolved"
)

// Severity says how much an issue matters.
type Severity string

// Severities.
const (
	// SeverityError: the import result cannot be trusted for a bound node
	// (e.g. a mapped column is missing); the workspace should not apply it.
	SeverityError Severity = "error"
	// SeverityWarning: a value was missing, skipped, chosen or may be wrong.
	SeverityWarning Severity = "warning"
	// SeverityInfo: something was interpreted (full-width digits, title rows).
	SeverityInfo Severity = "info"
)

// Issue is one finding of an import.
type Issue struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	// Row is the 1-based line (CSV) or sheet row (XLSX); 0 when the issue is
	// not about one row (a missing period).
	Row int `json:"row,omitempty"`
	// Column is the column name; or empty for whole rows and periods.
	Column string `json:"column,omitempty"`
	// Period is the period label at the file's frequency; or empty.
	Period string `json:"period,omitempty"`
	// Raw is the text as it was in the file; or empty.
	Raw string `json:"raw,omitempty"`
	// Message says in English what was found, what was done and what to do.
	Message string `json:"message"`
	// Values are numbers involved (both values of a duplicate, a footer
	// row's numbers, an outlier and the median); or nil. May hold NaN.
	Values []float64 `json:"values,omitempty"`
	// Action is what the importer did ("kept last", "left missing", "skipped row").
	Action string `json:"action,omitempty"`
}

// Report lists what an import found, before anything is written.
type Report struct {
	Source    string   `json:"source,omitempty"`
	Sheet     string   `json:"sheet,omitempty"`
	Sheets    []string `json:"sheets,omitempty"` // all sheets of an XLSX workbook
	Encoding  string   `json:"encoding,omitempty"`
	Delimiter string   `json:"delimiter,omitempty"`
	Layout    Layout   `json:"layout"`
	HeaderRow int      `json:"header_row"` // 1-based
	// PeriodColumn is the header of the column the periods were read from.
	PeriodColumn string `json:"period_column"`
	// SourceFreq is the file's frequency; Freq the dataset's (after aggregation).
	SourceFreq kpitree.Freq `json:"source_freq"`
	Freq       kpitree.Freq `json:"freq"`
	Rows       int          `json:"rows"`    // data rows read (after the header)
	Columns    int          `json:"columns"` // numeric columns imported
	Periods    int          `json:"periods"` // periods in the dataset
	Issues     []Issue      `json:"issues"`
}

// Count returns the number of issues with the given code.
func (r *Report) Count(c Code) int {
	n := 0
	for _, is := range r.Issues {
		if is.Code == c {
			n++
		}
	}
	return n
}

// Find returns the issues with the given code, in report order.
func (r *Report) Find(c Code) []Issue {
	var out []Issue
	for _, is := range r.Issues {
		if is.Code == c {
			out = append(out, is)
		}
	}
	return out
}

// HasErrors reports whether any issue has SeverityError.
func (r *Report) HasErrors() bool {
	for _, is := range r.Issues {
		if is.Severity == SeverityError {
			return true
		}
	}
	return false
}

// String is a one-line summary.
func (r *Report) String() string {
	e, w, i := 0, 0, 0
	for _, is := range r.Issues {
		switch is.Severity {
		case SeverityError:
			e++
		case SeverityWarning:
			w++
		default:
			i++
		}
	}
	return fmt.Sprintf("%d rows, %d columns, %d %s periods: %d errors, %d warnings, %d notes", r.Rows, r.Columns, r.Periods, r.Freq, e, w, i)
}

// Action is a user's answer to an issue.
type Action string

// Resolution actions.
const (
	// ActionKeepFirst keeps the first of duplicated rows.
	ActionKeepFirst Action = "keep_first"
	// ActionKeepLast keeps the last of duplicated rows (the default: a
	// re-export appends the newer row).
	ActionKeepLast Action = "keep_last"
	// ActionLeaveMissing leaves a value missing (the default for missing
	// periods, blanks and non-numeric cells).
	ActionLeaveMissing Action = "leave_missing"
	// ActionSetValue sets the value of Column at Period to Value (the user
	// typed the right number).
	ActionSetValue Action = "set_value"
	// ActionAggregate combines rows that share a period with the column's
	// aggregation rule (sum, mean, last …): for exports with one row per
	// account or event per day. One summary issue per column replaces the
	// duplicate issues.
	ActionAggregate Action = "aggregate"
)

// Resolution answers issues: those with Code (empty matches any code, for
// ActionSetValue), in Column (empty: every column) and at Period (a label at
// the file's frequency; empty: every period).
type Resolution struct {
	Code   Code    `json:"code,omitempty"`
	Column string  `json:"column,omitempty"`
	Period string  `json:"period,omitempty"`
	Action Action  `json:"action"`
	Value  float64 `json:"value,omitempty"` // for ActionSetValue
}

func (r Resolution) matches(code Code, column, period string) bool {
	return (r.Code == "" || r.Code == code) && (r.Column == "" || r.Column == column) && (r.Period == "" || r.Period == period)
}
