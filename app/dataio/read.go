package dataio

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
)

// sampleRows is how many rows are buffered to find the header and classify
// columns; everything after them is streamed.
const sampleRows = 64

// maxIssuesPerCode caps the detailed issues of one code per column; the
// rest are counted in one CodeMoreIssues issue so a broken million-row file
// still gives a readable report.
const maxIssuesPerCode = 100

// maxIssuesTotal caps the listed issues of one code over all columns.
const maxIssuesTotal = 1000

// allColumns is the issueKey column that counts one code over all columns
// (no header can contain a NUL).
const allColumns = "\x00all"

// Read imports the CSV, TSV or XLSX file at path (XLSX is recognised by its
// content, not its extension). It writes nothing; see the package doc.
func Read(ctx context.Context, path string, opt Options) (*Dataset, *Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open data file: %w", err)
	}
	defer f.Close()
	ds, rep, err := ReadFrom(ctx, f, filepath.Base(path), opt)
	if err != nil {
		return nil, rep, err
	}
	ds.Source = path
	rep.Source = path
	return ds, rep, nil
}

// ReadFrom imports a table from r; name is used for the dataset name and
// messages. XLSX input is recognised by its zip signature.
func ReadFrom(ctx context.Context, r io.Reader, name string, opt Options) (*Dataset, *Report, error) {
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(r, sniffSize)
	magic, _ := br.Peek(4)
	rep := &Report{}
	var src rowSource
	if bytes.Equal(magic, []byte("PK\x03\x04")) {
		x, sheets, err := openXLSX(br, opt.Sheet)
		rep.Sheets = sheets
		if err != nil {
			return nil, rep, fmt.Errorf("import %s: %w", name, err)
		}
		defer x.close()
		rep.Sheet = x.sheet
		src = x
	} else {
		text, enc, err := decodeText(br, opt.Encoding)
		if err != nil {
			return nil, rep, fmt.Errorf("import %s: %w", name, err)
		}
		rep.Encoding = enc
		delim, _ := parseDelimiter(opt.Delimiter)
		tb := bufio.NewReaderSize(text, sniffSize)
		if delim == 0 {
			head, _ := tb.Peek(sniffSize)
			delim = sniffDelimiter(string(head))
		}
		rep.Delimiter = delimiterName(delim)
		src = newCSVSource(tb, delim)
	}
	imp := &importer{ctx: ctx, opt: opt, rep: rep, src: src, checkText: rep.Encoding != ""}
	ds, err := imp.run()
	if err != nil {
		return nil, rep, fmt.Errorf("import %s: %w", name, err)
	}
	ds.Name = name
	ds.Options = opt
	ds.Encoding = rep.Encoding
	return ds, rep, nil
}

func checkOptions(opt Options) error {
	switch opt.Layout {
	case "", LayoutAuto, LayoutWide, LayoutLong:
	default:
		return fmt.Errorf("layout %s: use auto, wide or long: %w", kpitree.Quote(string(opt.Layout)), ErrBadOption)
	}
	if opt.TargetFreq != "" && freqRank(opt.TargetFreq) < 0 {
		return fmt.Errorf("target frequency %s: use day, week, month, quarter or year: %w", kpitree.Quote(string(opt.TargetFreq)), ErrBadOption)
	}
	if opt.FiscalYearStart < 0 || opt.FiscalYearStart > 12 {
		return fmt.Errorf("fiscal year start %d: use a month 1–12 (0 means January): %w", opt.FiscalYearStart, ErrBadOption)
	}
	if opt.HeaderRow < 0 {
		return fmt.Errorf("header row %d: use a 1-based row number, or 0 to detect it: %w", opt.HeaderRow, ErrBadOption)
	}
	for col, rule := range opt.Agg {
		if !validAgg(rule) {
			return fmt.Errorf("aggregation %s for column %s: use sum, mean, last, first, max or min: %w", kpitree.Quote(rule), kpitree.Quote(col), ErrBadOption)
		}
	}
	for _, r := range opt.Resolutions {
		switch r.Action {
		case ActionKeepFirst, ActionKeepLast, ActionLeaveMissing, ActionSetValue, ActionAggregate:
		default:
			return fmt.Errorf("resolution action %s: use keep_first, keep_last, leave_missing, set_value or aggregate: %w", kpitree.Quote(string(r.Action)), ErrBadOption)
		}
	}
	if _, err := parseDelimiter(opt.Delimiter); err != nil {
		return err
	}
	return nil
}

func validAgg(s string) bool {
	switch s {
	case AggSum, AggMean, AggLast, AggFirst, AggMax, AggMin:
		return true
	}
	return false
}

// rawRow is a buffered row.
type rawRow struct {
	cells []string
	row   int
}

// rowKeys are the period starts (days since 1970) and file rows of values.
type rowKeys struct {
	days  []int32
	rows  []int32
	ranks []uint8 // freqRank of the period's written format
}

// skipDay marks a value whose row was set aside (see importer.dropCoarse).
const skipDay = math.MinInt32

func (k *rowKeys) add(day int32, row int, f kpitree.Freq) {
	k.days = append(k.days, day)
	k.rows = append(k.rows, int32(row))
	k.ranks = append(k.ranks, uint8(freqRank(f)))
}

// isBlank reports whether every cell is empty or spaces.
func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// acc accumulates one output column while rows stream by.
type acc struct {
	name, header string
	headerUnit   string
	scale        float64 // from the header (千円 → 1000, (%) → 0.01 for cells without %)
	// unitRows and unitCount hold, per cell unit (index in cellUnits), the
	// first row that used it and how many cells did.
	unitRows  [len(cellUnits)]int
	unitCount [len(cellUnits)]int
	// keys holds each value's period and row; the columns of a wide table
	// share one (every row has a cell in each), saving two thirds of it.
	keys *rowKeys
	vals []float64
}

// cellUnits are the units ParseNumber can find in a cell.
var cellUnits = [...]string{"", UnitPercent, UnitJPY, UnitUSD}

func unitIndex(u string) int {
	for i, c := range cellUnits {
		if c == u {
			return i
		}
	}
	return 0
}

// importer holds the state of one import.
type importer struct {
	ctx       context.Context
	opt       Options
	rep       *Report
	src       rowSource
	checkText bool // report rows whose text the encoding cannot read (CSV only)

	// order is how the period column's year-last dates are read: the
	// option, or what the column shows when the option is DateAuto.
	order DateOrder

	issueCount map[issueKey]int // issues seen per code and column
	fmtFreq    map[kpitree.Freq]int
}

type issueKey struct {
	code   Code
	column string
}

func (im *importer) add(is Issue) {
	if im.issueCount == nil {
		im.issueCount = map[issueKey]int{}
	}
	k := issueKey{is.Code, is.Column}
	im.issueCount[k]++
	if im.issueCount[k] > maxIssuesPerCode {
		return
	}
	// Across columns too: a sheet with thousands of text columns must not
	// produce thousands of lines.
	all := issueKey{is.Code, allColumns}
	if im.issueCount[all]++; im.issueCount[all] > maxIssuesTotal {
		im.issueCount[k]--
		return
	}
	im.rep.Issues = append(im.rep.Issues, is)
}

// full counts an issue that will not be listed and reports true once the
// cap for its code and column is reached, so hot loops skip formatting it.
func (im *importer) full(code Code, column string) bool {
	k := issueKey{code, column}
	if im.issueCount[k] < maxIssuesPerCode {
		return false
	}
	im.issueCount[k]++
	return true
}

// flushCounts adds a CodeMoreIssues issue for every capped code.
func (im *importer) flushCounts() {
	keys := make([]issueKey, 0, len(im.issueCount))
	for k := range im.issueCount {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].code < keys[j].code || keys[i].code == keys[j].code && keys[i].column < keys[j].column
	})
	for _, k := range keys {
		n, limit := im.issueCount[k], maxIssuesPerCode
		if k.column == allColumns {
			limit, k.column = maxIssuesTotal, ""
		}
		if n <= limit {
			continue
		}
		code, col := k.code, k.column
		msg := fmt.Sprintf("%d more %s issues were counted but not listed; fix the first ones in the file and re-import", n-limit, code)
		if code == CodeDuplicatePeriod {
			msg = fmt.Sprintf("%d more duplicated periods; if the file has one row per account or event, import it with the aggregate resolution to combine them", n-limit)
		}
		im.rep.Issues = append(im.rep.Issues, Issue{Code: CodeMoreIssues, Severity: SeverityWarning, Column: col, Raw: string(code), Message: msg})
	}
}

func (im *importer) run() (*Dataset, error) {
	// Buffer the first rows: header detection and column classification
	// need to look ahead; the rest streams.
	var sample []rawRow
	for len(sample) < sampleRows {
		cells, row, skip, err := im.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		sample = append(sample, rawRow{cells: append([]string(nil), cells...), row: row})
	}
	h, err := im.findHeader(sample)
	if err != nil {
		return nil, err
	}
	header := sample[h]
	im.rep.HeaderRow = header.row
	for _, r := range sample[:h] {
		if text := joinCells(r.cells); text != "" {
			im.add(Issue{Code: CodeTitleRow, Severity: SeverityInfo, Row: r.row, Raw: text, Action: "skipped row",
				Message: "skipped a row above the header (a title or note); set the header row if this was the header"})
		}
	}
	plan, err := im.classify(header.cells, sample[h+1:])
	if err != nil {
		return nil, err
	}
	im.rep.Layout = plan.layout
	im.rep.PeriodColumn = cleanHeader(cellAt(header.cells, plan.period))
	n := 0
	handle := func(cells []string, row int) {
		n++
		if im.checkText {
			for _, c := range cells {
				// A decoder writes U+FFFD for bytes it cannot read; raw
				// UTF-8 is checked as it is.
				if !utf8.ValidString(c) || strings.ContainsRune(c, utf8.RuneError) {
					im.add(Issue{Code: CodeInvalidText, Severity: SeverityWarning, Row: row, Raw: strings.ToValidUTF8(c, "\ufffd"),
						Message: invalidTextMessage(im.rep.Encoding, c)})
					break
				}
			}
		}
		plan.row(im, cells, row)
	}
	for _, r := range sample[h+1:] {
		handle(r.cells, r.row)
	}
	for {
		if n%1024 == 0 {
			if err := im.ctx.Err(); err != nil {
				return nil, fmt.Errorf("cancelled after %d rows: %w", n, err)
			}
			if n%16384 == 0 && n > 0 && im.opt.Progress != nil {
				im.opt.Progress(n)
			}
		}
		cells, row, skip, err := im.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if !skip {
			handle(cells, row)
		}
	}
	if im.opt.Progress != nil {
		im.opt.Progress(n)
	}
	im.rep.Rows = n
	ds, err := im.build(plan)
	im.flushCounts()
	// Row issues in file order, then those about whole periods or columns.
	sort.SliceStable(im.rep.Issues, func(i, j int) bool {
		a, b := im.rep.Issues[i].Row, im.rep.Issues[j].Row
		if (a == 0) != (b == 0) {
			return a != 0
		}
		return a < b
	})
	return ds, err
}

// malformed records a CSV parse error as an issue and reports whether
// reading can go on.
// read returns the source's next row. A malformed row that can be skipped
// is reported and comes back with skip set (the caller reads on); at the
// end of the source err is io.EOF.
func (im *importer) read() (cells []string, row int, skip bool, err error) {
	cells, row, err = im.src.next()
	if err != nil && !errors.Is(err, io.EOF) && im.malformed(err, row) {
		return nil, row, true, nil
	}
	return cells, row, false, err
}

func (im *importer) malformed(err error, row int) bool {
	if row == 0 {
		return false
	}
	im.add(Issue{Code: CodeMalformedRow, Severity: SeverityWarning, Row: row, Raw: err.Error(), Action: "skipped row",
		Message: "could not read this line (check its quotes); it was skipped"})
	return true
}

func joinCells(cells []string) string {
	var parts []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " | ")
}

func cellAt(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// findHeader returns the index in sample of the header row: the given row,
// or the first row with at least two distinct, non-numeric, non-date cells
// that is followed by a row holding a number or a date.
func (im *importer) findHeader(sample []rawRow) (int, error) {
	if im.opt.HeaderRow > 0 {
		for i, r := range sample {
			if r.row == im.opt.HeaderRow {
				if i == len(sample)-1 {
					return 0, fmt.Errorf("header row %d is the last row: no data rows follow it: %w", im.opt.HeaderRow, ErrNoTable)
				}
				return i, nil
			}
		}
		return 0, fmt.Errorf("header row %d is not among the first %d rows: %w", im.opt.HeaderRow, sampleRows, ErrNoTable)
	}
	for i, r := range sample {
		if !looksLikeHeader(r.cells) {
			continue
		}
		for _, next := range sample[i+1:] {
			if joinCells(next.cells) == "" {
				continue
			}
			if hasValue(next.cells) {
				return i, nil
			}
			break
		}
	}
	return 0, fmt.Errorf("no header row followed by dates and numbers in the first %d rows; set the header row: %w", sampleRows, ErrNoTable)
}

func looksLikeHeader(cells []string) bool {
	seen := map[string]bool{}
	for _, c := range cells {
		c = cleanHeader(c)
		if c == "" {
			continue
		}
		if seen[c] {
			return false
		}
		seen[c] = true
		if n, err := ParseNumber(c); err == nil && !n.Missing {
			return false
		}
		if isPeriod(c, 0) {
			return false
		}
	}
	return len(seen) >= 2
}

func hasValue(cells []string) bool {
	for _, c := range cells {
		if n, err := ParseNumber(c); err == nil && !n.Missing {
			return true
		}
		if isPeriod(c, 0) {
			return true
		}
	}
	return false
}
