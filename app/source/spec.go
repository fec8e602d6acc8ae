package source

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// Aggregates a value column can use.
const (
	AggSum           = dataio.AggSum  // flows: revenue, logins
	AggMean          = dataio.AggMean // rates, prices, scores
	AggLast          = dataio.AggLast // stocks at the end of the period
	AggMin           = dataio.AggMin
	AggMax           = dataio.AggMax
	AggCount         = "count"          // rows (events)
	AggCountDistinct = "count_distinct" // distinct values (active accounts)
)

// Aggregates lists the aggregates in the order a picker shows them.
func Aggregates() []string {
	return []string{AggSum, AggMean, AggCountDistinct, AggLast, AggCount, AggMin, AggMax}
}

// Value is one value column of a table-form Spec.
type Value struct {
	// Column is the table's column to aggregate.
	Column string `json:"column"`
	// Agg is one of Aggregates.
	Agg string `json:"agg"`
	// Name is the dataset column name; "" means Column.
	Name string `json:"name,omitempty"`
}

func (v Value) name() string {
	if v.Name != "" {
		return v.Name
	}
	return v.Column
}

// Spec defines a dataset by a query. Either SQL is set, or Table,
// DateColumn and Values.
type Spec struct {
	// Conn names the stored connection.
	Conn string `json:"conn"`
	// SQL is the user's statement: its first column is the date or period,
	// the others are values. It may use :from and :to for the period range.
	// Or "" for the table form.
	SQL string `json:"sql,omitempty"`
	// Agg maps a column of SQL to its aggregate; columns not listed get
	// dataio.DefaultAgg by name (rates average, customers take the last,
	// the rest sum). Or nil.
	Agg map[string]string `json:"agg,omitempty"`
	// Table (schema.table allowed), DateColumn and Values are the table form.
	Table      string  `json:"table,omitempty"`
	DateColumn string  `json:"date_column,omitempty"`
	Values     []Value `json:"values,omitempty"`
	// From and To bound the period range (From inclusive, To exclusive), as
	// period labels ParsePeriod reads ("2023-04", "2024-04-01", "FY2024");
	// or "" for no bound.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// Validate reports the first problem of s that needs no database.
func (s Spec) Validate() error {
	if !ValidName(s.Conn) {
		return fmt.Errorf("connection name %q: %w", s.Conn, ErrBadSpec)
	}
	if strings.TrimSpace(s.SQL) != "" {
		if s.Table != "" || len(s.Values) > 0 {
			return fmt.Errorf("give either SQL or a table with columns, not both: %w", ErrBadSpec)
		}
		for c, a := range s.Agg {
			if !slices.Contains(Aggregates(), a) {
				return fmt.Errorf("column %q: aggregate %q: use one of %s: %w", c, a, strings.Join(Aggregates(), ", "), ErrBadSpec)
			}
		}
	} else {
		if s.Table == "" || s.DateColumn == "" || len(s.Values) == 0 {
			return fmt.Errorf("give SQL, or a table, its date column and at least one value column: %w", ErrBadSpec)
		}
		seen := map[string]bool{}
		for _, v := range s.Values {
			if v.Column == "" {
				return fmt.Errorf("a value column has no name: %w", ErrBadSpec)
			}
			if !slices.Contains(Aggregates(), v.Agg) {
				return fmt.Errorf("column %q: aggregate %q: use one of %s: %w", v.Column, v.Agg, strings.Join(Aggregates(), ", "), ErrBadSpec)
			}
			if seen[v.name()] {
				return fmt.Errorf("dataset column %q appears twice; name one of them: %w", v.name(), ErrBadSpec)
			}
			seen[v.name()] = true
		}
	}
	_, _, err := s.Range(time.January)
	return err
}

// Range parses From and To (zero times for no bound) with fiscal years
// starting in fy.
func (s Spec) Range(fy time.Month) (from, to time.Time, err error) {
	parse := func(label, what string) (time.Time, error) {
		if strings.TrimSpace(label) == "" {
			return time.Time{}, nil
		}
		p, err := dataio.ParsePeriod(label, fy)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s %q: use a month (2024-04) or a date: %w", what, label, ErrBadSpec)
		}
		return p.Start, nil
	}
	if from, err = parse(s.From, "from"); err != nil {
		return
	}
	if to, err = parse(s.To, "to"); err != nil {
		return
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		err = fmt.Errorf("from %s is not before to %s: %w", s.From, s.To, ErrBadSpec)
	}
	return
}

// Statement is generated SQL with its bind values.
type Statement struct {
	SQL  string
	Args []any
	// user maps an error position in SQL back to the user's SQL; nil when
	// the statement holds none of it.
	user *userMap
}

// userMap locates the user's SQL inside a generated statement.
type userMap struct {
	orig   string
	offset int     // rune offset of the substituted user SQL in the statement
	subs   []subst // :from/:to replacements, in order
	sub    string  // the substituted user SQL
}

type subst struct{ newPos, newLen, oldPos, oldLen int } // rune offsets

// position maps a 1-based rune position in the statement to a line and
// column of the user's SQL; ok is false outside it.
func (m *userMap) position(pos int) (line, col int, ok bool) {
	if m == nil || pos < 1 {
		return 0, 0, false
	}
	p := pos - 1 - m.offset
	n := utf8.RuneCountInString(m.sub)
	if p > n && p <= n+2 {
		p = n // "at or near )": the statement ended too early, at the user's end
	}
	if p < 0 || p > n {
		return 0, 0, false
	}
	delta := 0
	for _, s := range m.subs {
		if p >= s.newPos+s.newLen {
			delta += s.oldLen - s.newLen
			continue
		}
		if p >= s.newPos {
			return lineCol(m.orig, s.oldPos)
		}
		break
	}
	return lineCol(m.orig, p+delta)
}

// lineCol converts a rune offset into a 1-based line and column.
func lineCol(s string, off int) (line, col int, ok bool) {
	line, col = 1, 1
	i := 0
	for _, r := range s {
		if i == off {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i++
	}
	return line, col, i == off
}

// find locates near in the user's SQL (MySQL and SQLite quote the text at
// an error instead of giving an offset).
func (m *userMap) find(near string) (line, col int, ok bool) {
	if m == nil || strings.TrimSpace(near) == "" {
		return 0, 0, false
	}
	i := strings.Index(m.orig, near)
	if i < 0 {
		return 0, 0, false
	}
	return lineCol(m.orig, utf8.RuneCountInString(m.orig[:i]))
}

// bindParams replaces :from and :to in the user's SQL with placeholders
// numbered from next, returning the new SQL, the values and the
// replacements. A ':' right after another (PostgreSQL's ::date cast) or
// inside a quoted string is left alone.
func bindParams(sql string, d Dialect, next int, from, to time.Time) (string, []any, []subst, error) {
	var b strings.Builder
	var args []any
	var subs []subst
	rs := []rune(sql)
	newPos := 0
	var quote rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if quote != 0 {
			if r == quote {
				quote = 0
			}
			b.WriteRune(r)
			newPos++
			continue
		}
		if r == '\'' || r == '"' || r == '`' {
			quote = r
			b.WriteRune(r)
			newPos++
			continue
		}
		if r == ':' && (i == 0 || rs[i-1] != ':') {
			for _, p := range []struct {
				name string
				t    time.Time
			}{{"from", from}, {"to", to}} {
				end := i + 1 + len(p.name)
				if end > len(rs) || string(rs[i+1:end]) != p.name || (end < len(rs) && isIdent(rs[end])) {
					continue
				}
				if p.t.IsZero() {
					return "", nil, nil, fmt.Errorf("the SQL uses :%s; set the %s period: %w", p.name, p.name, ErrBadSpec)
				}
				ph := d.Placeholder(next)
				next++
				args = append(args, d.DateArg(p.t))
				subs = append(subs, subst{newPos: newPos, newLen: utf8.RuneCountInString(ph), oldPos: i, oldLen: end - i})
				b.WriteString(ph)
				newPos += utf8.RuneCountInString(ph)
				i = end - 1
				goto next
			}
		}
		b.WriteRune(r)
		newPos++
	next:
	}
	return b.String(), args, subs, nil
}

func isIdent(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// Calendar is what Fetch aggregates to: the workspace calendar's
// frequency and fiscal-year start.
type Calendar struct {
	Freq            kpitree.Freq
	FiscalYearStart time.Month
}

// column is one output column of the aggregate statement.
type column struct {
	name, expr, agg string
}

// aggregate builds the statement that aggregates src (a quoted table or a
// parenthesised user query) to cal. dateExpr and cols refer to src's
// columns (quoted).
func aggregate(d Dialect, src, dateCol string, cols []column, cal Calendar, from, to time.Time, args []any) Statement {
	bucket := d.Bucket("kt_q."+dateCol, cal.Freq, cal.FiscalYearStart)
	var inner, outer []string
	inner = append(inner, bucket+" AS kt_period")
	// SQL's own aggregate for each Agg but AggLast, which the dialect writes.
	sqlAgg := map[string]string{
		AggSum: "SUM(", AggMean: "AVG(", AggMin: "MIN(", AggMax: "MAX(",
		AggCount: "COUNT(", AggCountDistinct: "COUNT(DISTINCT ",
	}
	for i, c := range cols {
		inner = append(inner, fmt.Sprintf("kt_q.%s AS kt_v%d", c.expr, i))
		v := fmt.Sprintf("kt_v%d", i)
		var e string
		if open, ok := sqlAgg[c.agg]; ok {
			e = open + v + ")"
		} else if c.agg == AggLast {
			e = d.Last(v, "kt_d")
		}
		outer = append(outer, d.Float(e)+" AS "+d.Quote(c.name))
	}
	// Every statement reads the date too: the first and last date of each
	// period tell Fetch whether the data starts or ends inside it.
	inner = append(inner, "kt_q."+dateCol+" AS kt_d")
	var where []string
	n := len(args)
	if !from.IsZero() {
		n++
		where = append(where, fmt.Sprintf("kt_q.%s >= %s", dateCol, d.Placeholder(n)))
		args = append(args, d.DateArg(from))
	}
	if !to.IsZero() {
		n++
		where = append(where, fmt.Sprintf("kt_q.%s < %s", dateCol, d.Placeholder(n)))
		args = append(args, d.DateArg(to))
	}
	// NULL dates belong to no period.
	where = append(where, "kt_q."+dateCol+" IS NOT NULL")
	rowsSQL := "SELECT " + strings.Join(inner, ", ") + " FROM " + src + " kt_q WHERE " + strings.Join(where, " AND ")
	if h, ok := d.(groupEstimateHider); ok && h.hideGroupEstimate() {
		// Same columns, no rows: only there to hide the bucket's
		// statistics from the planner (see groupEstimateHider).
		rowsSQL += " UNION ALL SELECT " + strings.Join(inner, ", ") + " FROM " + src + " kt_q WHERE 1 = 0"
	}
	sql := "SELECT kt_period, COUNT(*) AS kt_rows, MIN(kt_d) AS kt_first, MAX(kt_d) AS kt_last, " + strings.Join(outer, ", ") +
		" FROM (" + rowsSQL + ") kt_w GROUP BY kt_period" // no ORDER BY: it would make PostgreSQL sort every row; Fetch sorts the periods
	return Statement{SQL: sql, Args: args}
}

// userSource wraps the user's SQL as a subquery source with :from/:to
// bound; prefix is the statement text before it.
func (s Spec) userSource(d Dialect, prefix string, from, to time.Time) (string, []any, *userMap, error) {
	sql := strings.TrimRight(strings.TrimSpace(s.SQL), "; \t\r\n")
	sub, args, subs, err := bindParams(sql, d, 1, from, to)
	if err != nil {
		return "", nil, nil, err
	}
	m := &userMap{orig: sql, offset: utf8.RuneCountInString(prefix) + 1, subs: subs, sub: sub}
	return "(" + sub + "\n)", args, m, nil
}

// PreviewStatement selects the first n rows the dataset is computed from:
// the user's SQL as it is, or the table's date and value columns.
func (s Spec) PreviewStatement(d Dialect, n int, fy time.Month) (Statement, error) {
	if err := s.Validate(); err != nil {
		return Statement{}, err
	}
	from, to, _ := s.Range(fy)
	if strings.TrimSpace(s.SQL) != "" {
		prefix := "SELECT * FROM "
		src, args, m, err := s.userSource(d, prefix, from, to)
		if err != nil {
			return Statement{}, err
		}
		return Statement{SQL: fmt.Sprintf("%s%s kt_q LIMIT %d", prefix, src, n), Args: args, user: m}, nil
	}
	cols := []string{d.Quote(s.DateColumn)}
	for _, v := range s.Values {
		cols = append(cols, d.Quote(v.Column))
	}
	var where []string
	var args []any
	if !from.IsZero() {
		args = append(args, d.DateArg(from))
		where = append(where, fmt.Sprintf("%s >= %s", d.Quote(s.DateColumn), d.Placeholder(len(args))))
	}
	if !to.IsZero() {
		args = append(args, d.DateArg(to))
		where = append(where, fmt.Sprintf("%s < %s", d.Quote(s.DateColumn), d.Placeholder(len(args))))
	}
	w := ""
	if len(where) > 0 {
		w = " WHERE " + strings.Join(where, " AND ")
	}
	return Statement{SQL: fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d", strings.Join(cols, ", "), d.Quote(s.Table), w, d.Quote(s.DateColumn), n), Args: args}, nil
}

// AggregateStatement is the statement that aggregates the dataset to cal.
// columns are the user SQL's column names (from a preview), ignored for
// the table form.
func (s Spec) AggregateStatement(d Dialect, cal Calendar, columns []string) (Statement, error) {
	if err := s.Validate(); err != nil {
		return Statement{}, err
	}
	switch cal.Freq {
	case kpitree.Day, kpitree.Week, kpitree.Month, kpitree.Quarter, kpitree.Year:
	default:
		return Statement{}, fmt.Errorf("calendar frequency %q: %w", cal.Freq, ErrBadSpec)
	}
	from, to, _ := s.Range(cal.FiscalYearStart)
	if strings.TrimSpace(s.SQL) == "" {
		var cols []column
		for _, v := range s.Values {
			cols = append(cols, column{name: v.name(), expr: d.Quote(v.Column), agg: v.Agg})
		}
		return aggregate(d, d.Quote(s.Table), d.Quote(s.DateColumn), cols, cal, from, to, nil), nil
	}
	if len(columns) < 2 {
		return Statement{}, fmt.Errorf("the SQL returns %d columns; return the period first, then one or more values: %w", len(columns), ErrBadSpec)
	}
	var cols []column
	seen := map[string]bool{}
	for _, c := range columns[1:] {
		if seen[c] {
			return Statement{}, fmt.Errorf("the SQL returns column %q twice; give each an alias: %w", c, ErrBadSpec)
		}
		seen[c] = true
		agg, ok := s.Agg[c]
		if !ok {
			agg = dataio.DefaultAgg(c, "")
		}
		cols = append(cols, column{name: c, expr: d.Quote(c), agg: agg})
	}
	// The user's SQL sits on the first line after a fixed prefix, so the
	// database's line numbers are the user's.
	st := aggregate(d, "\x00", d.Quote(columns[0]), cols, cal, from, to, nil)
	prefix, _, _ := strings.Cut(st.SQL, "\x00")
	src, args, m, err := s.userSource(d, prefix, from, to)
	if err != nil {
		return Statement{}, err
	}
	// Renumber: the user's parameters come first in the text.
	full := aggregate(d, src, d.Quote(columns[0]), cols, cal, from, to, args)
	full.user = m
	return full, nil
}
