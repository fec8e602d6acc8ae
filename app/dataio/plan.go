package dataio

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/kpitree/kpitree/kpitree"
)

// plan says how to turn each data row into values.
type plan struct {
	layout Layout
	period int // column index of the periods
	// wide layout: numeric columns and their accumulators
	cols   []int
	accs   []*acc
	shared *rowKeys // the wide columns' keys
	// long layout: metric, value and optional unit column indexes
	metric, value, unit int
	byName              map[string]*acc
}

// colStats counts what the sampled cells of one column look like.
type colStats struct {
	periods, numbers, text, empty int
	repeats                       bool // the column's values repeat (a long table's period column)
}

func (im *importer) classify(header []string, sample []rawRow) (*plan, error) {
	width := len(header)
	for _, r := range sample {
		width = max(width, len(r.cells))
	}
	stats := make([]colStats, width)
	footer := make([]bool, len(sample)) // once per row: checking per cell made wide rows quadratic
	for i, r := range sample {
		footer[i] = isFooter(r.cells)
	}
	for j := range stats {
		seen := map[string]bool{}
		for i, r := range sample {
			c := strings.TrimSpace(cellAt(r.cells, j))
			if footer[i] {
				continue
			}
			if seen[c] && c != "" {
				stats[j].repeats = true
			}
			seen[c] = true
			if isPeriod(c, im.opt.FiscalYearStart) {
				stats[j].periods++
			}
			n, err := ParseNumber(c)
			switch {
			case err == nil && n.Missing:
				stats[j].empty++
			case err == nil:
				stats[j].numbers++
			default:
				stats[j].text++
			}
		}
	}
	names := make([]string, width)
	for j := range names {
		names[j] = cleanHeader(cellAt(header, j))
	}
	p := &plan{period: -1, metric: -1, value: -1, unit: -1}
	if im.opt.PeriodColumn != "" {
		for j, n := range names {
			if n == cleanHeader(im.opt.PeriodColumn) {
				p.period = j
				break
			}
		}
		if p.period < 0 {
			return nil, fmt.Errorf("period column %s is not in the header (%s): %w", kpitree.Quote(im.opt.PeriodColumn), strings.Join(names, ", "), ErrNoPeriodColumn)
		}
	} else {
		p.period = pickPeriodColumn(names, stats)
		if p.period < 0 {
			hint := "set the period column"
			for _, n := range names {
				if !utf8.ValidString(n) || strings.ContainsRune(n, utf8.RuneError) {
					hint = fmt.Sprintf("the text looks garbled: the file is probably not %s — set the encoding (e.g. %s)", orNone(im.rep.Encoding), otherEncoding(im.rep.Encoding))
					break
				}
			}
			return nil, fmt.Errorf("no column of dates or months in the header (%s); %s: %w", strings.ToValidUTF8(strings.Join(names, ", "), "\ufffd"), hint, ErrNoPeriodColumn)
		}
	}
	if err := im.pickDateOrder(sample, footer, p.period); err != nil {
		return nil, err
	}
	var numeric, text []int
	for j := range stats {
		if j == p.period {
			continue
		}
		s := stats[j]
		switch {
		case names[j] == "" && s.numbers == 0 && s.text == 0:
			// trailing delimiters: an empty, unnamed column
		case s.numbers >= s.text:
			numeric = append(numeric, j)
		default:
			text = append(text, j)
		}
	}
	p.layout = im.opt.Layout
	if p.layout == "" || p.layout == LayoutAuto {
		p.layout = LayoutWide
		if len(numeric) == 1 && len(text) >= 1 && stats[p.period].repeats {
			p.layout = LayoutLong
		}
	}
	if p.layout == LayoutLong {
		return im.planLong(p, names, numeric, text)
	}
	seen := map[string]int{}
	for _, j := range text {
		s := stats[j]
		msg := fmt.Sprintf("column %s is mostly text (%d text cells, %d numbers in the first rows) and was not imported", kpitree.Quote(names[j]), s.text, s.numbers)
		if s.numbers > 0 {
			msg += "; if it is a metric, fix its text cells"
		}
		im.add(Issue{Code: CodeTextColumn, Severity: SeverityInfo, Row: im.rep.HeaderRow, Column: names[j], Action: "skipped column", Message: msg})
	}
	for _, j := range numeric {
		name := names[j]
		if name == "" {
			name = fmt.Sprintf("column_%d", j+1)
		}
		if seen[name] > 0 {
			old := name
			name = fmt.Sprintf("%s_%d", name, seen[old]+1)
			im.add(Issue{Code: CodeDuplicateColumn, Severity: SeverityWarning, Row: im.rep.HeaderRow, Column: name, Raw: old,
				Message: fmt.Sprintf("two columns are named %s; this one is imported as %s — rename one in the file to bind it reliably", kpitree.Quote(old), kpitree.Quote(name))})
		}
		seen[cleanHeader(cellAt(header, j))]++
		p.cols = append(p.cols, j)
		a := im.newAcc(name, cellAt(header, j), "")
		if p.shared == nil {
			p.shared = &rowKeys{}
		}
		a.keys = p.shared
		p.accs = append(p.accs, a)
	}
	if len(p.accs) == 0 {
		return nil, fmt.Errorf("the table has a period column but no numeric columns: %w", ErrNoTable)
	}
	return p, nil
}

func (im *importer) newAcc(name, header, unitText string) *acc {
	a := &acc{name: name, header: header}
	a.headerUnit, a.scale = headerUnit(header)
	if unitText != "" {
		u, s := headerUnit("(" + unitText + ")")
		if u != "" {
			a.headerUnit, a.scale = u, s
		}
	}
	if a.scale != 1 && a.headerUnit == UnitJPY {
		im.add(Issue{Code: CodeScaledUnit, Severity: SeverityInfo, Row: im.rep.HeaderRow, Column: name, Raw: header,
			Message: fmt.Sprintf("the header says the values are in units of %g yen; they were multiplied by %g", a.scale, a.scale)})
	}
	return a
}

// pickPeriodColumn prefers a column whose header names a period, then the
// leftmost column of written dates, then the leftmost of Excel serial dates.
func pickPeriodColumn(names []string, stats []colStats) int {
	ok := func(s colStats) bool { return s.periods > 0 && s.periods*5 >= (s.periods+s.text+s.numbers)*4 }
	for j, n := range names {
		if periodHint(n) && stats[j].periods > 0 && stats[j].periods*2 >= stats[j].numbers+stats[j].text {
			return j
		}
	}
	for j, s := range stats {
		if ok(s) && s.numbers == 0 {
			return j
		}
	}
	for j, s := range stats {
		if ok(s) {
			return j
		}
	}
	return -1
}

func (im *importer) planLong(p *plan, names []string, numeric, text []int) (*plan, error) {
	if len(numeric) == 0 || len(text) == 0 {
		return nil, fmt.Errorf("a long table needs a metric column and a value column besides the periods: %w", ErrNoTable)
	}
	p.value = numeric[0]
	for _, j := range text {
		switch {
		case unitHint(names[j]) && p.unit < 0:
			p.unit = j
		case metricHint(names[j]) && p.metric < 0:
			p.metric = j
		}
	}
	if p.metric < 0 {
		for _, j := range text {
			if j != p.unit {
				p.metric = j
				break
			}
		}
	}
	if p.metric < 0 {
		return nil, fmt.Errorf("no metric-name column found in the long table: %w", ErrNoTable)
	}
	p.byName = map[string]*acc{}
	return p, nil
}

// row adds one data row.
func (p *plan) row(im *importer, cells []string, row int) {
	if isBlank(cells) {
		return // blank line: nothing to lose
	}
	rawP := cellAt(cells, p.period)
	per, err := ParsePeriodOrder(rawP, im.opt.FiscalYearStart, im.order)
	if err != nil {
		im.badRow(p, cells, row, rawP)
		return
	}
	if im.fmtFreq == nil {
		im.fmtFreq = map[kpitree.Freq]int{}
	}
	im.fmtFreq[per.Freq]++
	day := int32(dayNum(per.Start))
	if p.layout == LayoutLong {
		name := cleanHeader(cellAt(cells, p.metric))
		if name == "" {
			im.add(Issue{Code: CodeNonNumeric, Severity: SeverityWarning, Row: row, Period: im.label(per), Raw: joinCells(cells), Action: "skipped row",
				Message: "this row has no metric name; it was skipped"})
			return
		}
		a := p.byName[name]
		if a == nil {
			a = im.newAcc(name, name, cleanHeader(cellAt(cells, p.unit)))
			a.keys = &rowKeys{}
			p.byName[name] = a
			p.accs = append(p.accs, a)
		}
		a.keys.add(day, row, per.Freq)
		im.cell(a, cellAt(cells, p.value), row, day, per)
		return
	}
	p.shared.add(day, row, per.Freq)
	for i, j := range p.cols {
		im.cell(p.accs[i], cellAt(cells, j), row, day, per)
	}
}

// badRow reports a row whose period cell cannot be read, with its numbers.
func (im *importer) badRow(p *plan, cells []string, row int, rawP string) {
	var vals []float64
	for j, c := range cells {
		if j == p.period {
			continue
		}
		if n, err := ParseNumber(c); err == nil && !n.Missing {
			vals = append(vals, n.Value)
		}
	}
	if isFooter(cells) {
		im.add(Issue{Code: CodeFooterRow, Severity: SeverityInfo, Row: row, Raw: joinCells(cells), Values: vals, Action: "skipped row",
			Message: "skipped a total/summary row; its numbers are not period values"})
		return
	}
	msg := fmt.Sprintf("could not read the period %s; the row was skipped", kpitree.Quote(rawP))
	if len(vals) > 0 {
		msg += fmt.Sprintf(" with its %d numbers", len(vals))
	}
	im.add(Issue{Code: CodeBadPeriod, Severity: SeverityWarning, Row: row, Raw: rawP, Values: vals, Action: "skipped row",
		Message: msg + "; write it like 2024-04, 2024/4/1 or 2024年4月"})
}

// cell parses one numeric cell into a.
func (im *importer) label(p Period) string {
	return PeriodLabel(p.Start, p.Freq, im.opt.FiscalYearStart)
}

func (im *importer) cell(a *acc, raw string, row int, day int32, per Period) {
	n, err := ParseNumber(raw)
	v := n.Value
	switch {
	case err != nil:
		v = nan()
		if im.full(CodeNonNumeric, a.name) {
			break
		}
		im.add(Issue{Code: CodeNonNumeric, Severity: SeverityWarning, Row: row, Column: a.name, Period: im.label(per), Raw: raw, Action: "left missing",
			Message: fmt.Sprintf("%s is not a number; the value is missing — correct the cell or set a value", kpitree.Quote(raw))})
	case n.Missing:
		v = nan()
		if im.full(CodeMissingValue, a.name) {
			break
		}
		what := "blank"
		if strings.TrimSpace(raw) != "" {
			what = fmt.Sprintf("marked %s", kpitree.Quote(raw))
		}
		im.add(Issue{Code: CodeMissingValue, Severity: SeverityWarning, Row: row, Column: a.name, Period: im.label(per), Raw: raw, Action: "left missing",
			Message: fmt.Sprintf("the value is %s; it stays missing (not zero) — set a value if you know it", what)})
	default:
		if n.FullWidth && !im.full(CodeFullWidth, a.name) {
			im.add(Issue{Code: CodeFullWidth, Severity: SeverityInfo, Row: row, Column: a.name, Period: im.label(per), Raw: raw, Values: []float64{v}, Action: "parsed",
				Message: fmt.Sprintf("full-width digits %s were read as %g; check the number", kpitree.Quote(raw), v)})
		}
		if u := unitIndex(n.Unit); a.unitCount[u] == 0 {
			a.unitRows[u], a.unitCount[u] = row, 1
		} else {
			a.unitCount[u]++
		}
		switch {
		case a.headerUnit == UnitPercent && n.Unit == "":
			// 53.8 under an "(%)" header means 53.8 %.
			if pn, err := ParseNumber(strings.TrimSpace(raw) + "%"); err == nil {
				v = pn.Value
			} else {
				v /= 100
			}
		case a.scale != 1 && a.headerUnit != UnitPercent:
			v *= a.scale
		}
	}
	a.vals = append(a.vals, v)
}

// keySets returns the distinct key sets of the plan's columns (one for a
// wide table, one per metric for a long one).
func (p *plan) keySets() []*rowKeys {
	if p.shared != nil {
		return []*rowKeys{p.shared}
	}
	out := make([]*rowKeys, 0, len(p.accs))
	for _, a := range p.accs {
		out = append(out, a.keys)
	}
	return out
}

// isPeriod reports whether c is a period label, counting a date whose day
// and month order is ambiguous (05/01/2024): the column is still the
// period column, and pickDateOrder settles the order.
func isPeriod(c string, fy time.Month) bool {
	_, err := ParsePeriodOrder(c, fy, DateAuto)
	return err == nil || errors.Is(err, ErrAmbiguousDate)
}

// pickDateOrder sets im.order for the period column j: the option when
// set; else the order the sampled dates show (20/01/2024 is day first,
// 01/20/2024 month first). A column whose year-last dates could all be
// either, or that shows both orders, fails with ErrAmbiguousDate naming an
// example, so the user chooses instead of the importer guessing.
func (im *importer) pickDateOrder(sample []rawRow, footer []bool, j int) error {
	im.order = im.opt.DateOrder
	if im.order != DateAuto {
		return nil
	}
	var ambiguous, dmy, mdy string // an example of each
	for i, r := range sample {
		if footer[i] {
			continue
		}
		c := strings.TrimSpace(cellAt(r.cells, j))
		if !isASCII(c) {
			c = width.Narrow.String(c)
		}
		o, ok := dayFirstOrMonthFirst(c)
		switch {
		case !ok:
		case o == DateAuto:
			ambiguous = cmp.Or(ambiguous, c)
		case o == DateDMY && !mdyFits(c): // 05/05/2024 reads the same both ways
			dmy = cmp.Or(dmy, c)
		case o == DateMDY:
			mdy = cmp.Or(mdy, c)
		}
	}
	switch {
	case dmy != "" && mdy != "":
		return fmt.Errorf("the period column has day-first dates (%s) and month-first dates (%s); make them consistent in the file: %w", kpitree.Quote(dmy), kpitree.Quote(mdy), ErrAmbiguousDate)
	case dmy != "":
		im.order = DateDMY
	case mdy != "":
		im.order = DateMDY
	case ambiguous != "":
		return &AmbiguousDateError{Example: ambiguous}
	}
	return nil
}

// mdyFits reports whether a year-last date also reads month first, which
// for a date dayFirstOrMonthFirst calls day first means day equals month
// (05/05/2024): such a date shows no order.
func mdyFits(c string) bool {
	a, b, y, ok := yearLastParts(c)
	if !ok {
		return false
	}
	_, fits := mkDay(y, a, b)
	return fits
}

// otherEncoding is the encoding to suggest when text read as enc looks
// garbled: never enc itself.
func otherEncoding(enc string) string {
	if enc == EncodingShiftJIS {
		return EncodingUTF8
	}
	return EncodingShiftJIS
}
