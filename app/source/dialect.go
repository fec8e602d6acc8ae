package source

import (
	"fmt"
	"strings"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// Dialect writes the SQL that differs between databases. A new kind of
// source (BigQuery, Snowflake) brings its own.
type Dialect interface {
	// Quote quotes an identifier; a dotted name (schema.table) is quoted
	// part by part.
	Quote(ident string) string
	// Placeholder is the n-th (1-based) bind parameter.
	Placeholder(n int) string
	// DateArg is the bind value for a period boundary.
	DateArg(t time.Time) any
	// Bucket is an expression for the start of the period of frequency f
	// (quarters and years begin in month fy) containing the date or
	// timestamp expression x, as a date or a 'YYYY-MM-DD' text.
	Bucket(x string, f kpitree.Freq, fy time.Month) string
	// Float casts a numeric expression to a double.
	Float(x string) string
	// Last is an aggregate of value at the latest date of the group,
	// skipping NULL values. It must not need a sort of the whole table
	// (a window over 10 million rows takes half a minute).
	Last(value, date string) string
}

// quoteParts quotes each dot-separated part of ident with q, doubling q
// inside a part.
func quoteParts(ident string, q string) string {
	parts := strings.Split(ident, ".")
	for i, p := range parts {
		parts[i] = q + strings.ReplaceAll(p, q, q+q) + q
	}
	return strings.Join(parts, ".")
}

// shift is the number of months a fiscal year starts after January.
func shift(fy time.Month) int {
	if fy < time.January || fy > time.December {
		return 0
	}
	return int(fy) - 1
}

type pgDialect struct{}

func (pgDialect) Quote(id string) string   { return quoteParts(id, `"`) }
func (pgDialect) Placeholder(n int) string { return fmt.Sprintf("$%d", n) }
func (pgDialect) DateArg(t time.Time) any  { return t }
func (pgDialect) Float(x string) string    { return "CAST(" + x + " AS double precision)" }
func (pgDialect) Last(v, d string) string {
	// The largest [epoch, value] array is the latest row's: a hashable
	// aggregate, where array_agg(… ORDER BY) or a window would sort.
	return fmt.Sprintf("(MAX(CASE WHEN %s IS NOT NULL THEN ARRAY[CAST(extract(epoch FROM CAST(%s AS timestamp)) AS double precision), CAST(%s AS double precision)] END))[2]", v, d, v)
}
func (pgDialect) Bucket(x string, f kpitree.Freq, fy time.Month) string {
	ts := "CAST(" + x + " AS timestamp)"
	switch f {
	case kpitree.Day, kpitree.Week, kpitree.Month:
		return fmt.Sprintf("CAST(date_trunc('%s', %s) AS date)", f, ts)
	}
	unit := "quarter"
	if f == kpitree.Year {
		unit = "year"
	}
	// Shift the fiscal year onto the calendar year, truncate, shift back.
	k := shift(fy)
	return fmt.Sprintf("CAST(date_trunc('%s', %s - interval '%d months') + interval '%d months' AS date)", unit, ts, k, k)
}

type mysqlDialect struct{}

func (mysqlDialect) Quote(id string) string  { return quoteParts(id, "`") }
func (mysqlDialect) Placeholder(int) string  { return "?" }
func (mysqlDialect) DateArg(t time.Time) any { return t.Format("2006-01-02") }
func (mysqlDialect) Float(x string) string   { return "CAST(" + x + " AS DOUBLE)" }
func (mysqlDialect) Last(v, d string) string {
	// The largest "timestamp|value" text is the latest row's.
	return fmt.Sprintf("SUBSTRING_INDEX(MAX(CONCAT(DATE_FORMAT(%s, '%%Y-%%m-%%d %%H:%%i:%%s.%%f'), '|', %s)), '|', -1)", d, v)
}
func (mysqlDialect) Bucket(x string, f kpitree.Freq, fy time.Month) string {
	switch f {
	case kpitree.Day:
		return "DATE(" + x + ")"
	case kpitree.Week: // Monday, as ISO weeks and app/dataio
		return fmt.Sprintf("DATE_SUB(DATE(%s), INTERVAL WEEKDAY(%s) DAY)", x, x)
	case kpitree.Month:
		return "DATE_FORMAT(" + x + ", '%Y-%m-01')"
	}
	// Month index since year 0, shifted so the fiscal year starts a block.
	mi := fmt.Sprintf("(YEAR(%s)*12 + MONTH(%s) - 1 - %d)", x, x, shift(fy))
	b := fmt.Sprintf("(%s - MOD(%s, %d) + %d)", mi, mi, blockMonths(f), shift(fy))
	return fmt.Sprintf("CONCAT(FLOOR(%s/12), '-', LPAD(MOD(%s, 12) + 1, 2, '0'), '-01')", b, b)
}

type sqliteDialect struct{}

func (sqliteDialect) Quote(id string) string  { return quoteParts(id, `"`) }
func (sqliteDialect) Placeholder(int) string  { return "?" }
func (sqliteDialect) DateArg(t time.Time) any { return t.Format("2006-01-02") }
func (sqliteDialect) Float(x string) string   { return "CAST(" + x + " AS REAL)" }
func (sqliteDialect) Last(v, d string) string {
	// Dates are ISO text in SQLite, so the largest "date|value" is the latest.
	m := fmt.Sprintf("MAX(%s || '|' || %s)", d, v)
	return fmt.Sprintf("substr(%s, instr(%s, '|') + 1)", m, m)
}
func (sqliteDialect) Bucket(x string, f kpitree.Freq, fy time.Month) string {
	switch f {
	case kpitree.Day:
		return "date(" + x + ")"
	case kpitree.Week:
		return fmt.Sprintf("date(%s, '-' || ((CAST(strftime('%%w', %s) AS INTEGER) + 6) %% 7) || ' days')", x, x)
	case kpitree.Month:
		return "strftime('%Y-%m-01', " + x + ")"
	}
	mi := fmt.Sprintf("(CAST(strftime('%%Y', %s) AS INTEGER)*12 + CAST(strftime('%%m', %s) AS INTEGER) - 1 - %d)", x, x, shift(fy))
	b := fmt.Sprintf("(%s - (%s %% %d) + %d)", mi, mi, blockMonths(f), shift(fy))
	return fmt.Sprintf("printf('%%04d-%%02d-01', %s / 12, %s %% 12 + 1)", b, b)
}

func blockMonths(f kpitree.Freq) int {
	if f == kpitree.Year {
		return 12
	}
	return 3
}

// DialectOf returns the dialect of a kind; or nil.
func DialectOf(k Kind) Dialect {
	switch k {
	case Postgres:
		return pgDialect{}
	case MySQL:
		return mysqlDialect{}
	case SQLite:
		return sqliteDialect{}
	}
	return nil
}
