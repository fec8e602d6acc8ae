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
	// timestamp expression x, as a date, a timestamp at midnight or a
	// 'YYYY-MM-DD' text. It is computed for every row, so the cheaper the
	// better.
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
	// (and parallel: max has a combine function) aggregate, where
	// array_agg(… ORDER BY) or a window would sort. date_part, not
	// extract: since PostgreSQL 14 extract computes a numeric, which took
	// 2 of the 5 s this aggregate cost over 10M rows; date_part gives the
	// double directly, the same order.
	return fmt.Sprintf("(MAX(CASE WHEN %s IS NOT NULL THEN ARRAY[date_part('epoch', CAST(%s AS timestamp)), CAST(%s AS double precision)] END))[2]", v, d, v)
}
func (pgDialect) Bucket(x string, f kpitree.Freq, fy time.Month) string {
	// A timestamp at midnight, not CAST(… AS date): the cast cost every
	// row 0.3 s per 10M, and grouping hashes a timestamp as cheaply.
	ts := "CAST(" + x + " AS timestamp)"
	switch f {
	case kpitree.Day, kpitree.Week, kpitree.Month:
		return fmt.Sprintf("date_trunc('%s', %s)", f, ts)
	}
	unit := "quarter"
	if f == kpitree.Year {
		unit = "year"
	}
	// Shift the fiscal year onto the calendar year, truncate, shift back.
	k := shift(fy)
	return fmt.Sprintf("(date_trunc('%s', %s - interval '%d months') + interval '%d months')", unit, ts, k, k)
}

// hideGroupEstimate: see groupEstimateHider.
func (pgDialect) hideGroupEstimate() bool { return true }

// groupEstimateHider is a Dialect whose planner mis-estimates the number
// of groups of a Bucket expression and plans better without an estimate.
//
// PostgreSQL estimates the periods of date_trunc(…, at) as the distinct
// values of at itself (10M for 10M events), so it never aggregates in
// parallel (a partial aggregate per worker looks useless with one group
// per row). It does not look into a UNION ALL for statistics and falls
// back to 200 groups, so aggregate wraps the rows in a UNION ALL with a
// second, always-empty branch that the planner drops: the plan becomes a
// Parallel Seq Scan → Partial HashAggregate → Gather → Finalize, without a
// write (CREATE STATISTICS would do the same, but the source is read-only
// and not ours). MySQL would materialise the UNION, so only PostgreSQL.
type groupEstimateHider interface{ hideGroupEstimate() bool }

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
