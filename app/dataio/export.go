package dataio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/kpitree"
	"github.com/xuri/excelize/v2"
)

// Series is one named column of an export.
type Series struct {
	Name string // e.g. "revenue", "revenue p90", "active rate (scenario A)"
	// Unit is written in the header, "%" values (fractions) are written as
	// percentages; or empty.
	Unit   string
	Values []float64 // one per period; NaN (or ±Inf) is written as an empty cell
}

// Table is what the workspace layer fills to export: one table per
// scenario (or per actuals/forecast view), written as one XLSX sheet.
type Table struct {
	Sheet   string   // sheet name (and the CSV "sheet" column when several tables)
	Periods []string // period labels, one per row
	// Starts are the periods' first days, used when XLSXOptions.Dates is
	// set; or nil.
	Starts  []time.Time
	Columns []Series
}

// CSVOptions controls WriteCSV.
type CSVOptions struct {
	// BOM starts the file with a UTF-8 byte-order mark, which Japanese
	// Excel needs to open UTF-8 files without garbling them.
	BOM bool
	// Delimiter is the field separator; 0 means a comma.
	Delimiter rune
	// PeriodHeader and SheetHeader head the period and table columns, in
	// the reader's language; empty means "period" and "sheet".
	PeriodHeader, SheetHeader string
	// Encoding is "" or EncodingUTF8 (the default, with BOM as set above)
	// or EncodingShiftJIS, for Japanese Excel versions and tools that do
	// not read UTF-8 at all (BOM is ignored then). Text Shift_JIS cannot
	// hold makes WriteCSV fail with ErrBadOption.
	Encoding string
}

// XLSXOptions controls WriteXLSX.
type XLSXOptions struct {
	// Dates writes period cells as Excel dates (from Table.Starts) instead
	// of text labels, so Excel can filter and chart them as dates.
	Dates bool
	// PeriodHeader heads the period column; empty means "period".
	// SeriesHeader heads the series column of a row-per-series sheet;
	// empty means "series".
	PeriodHeader, SeriesHeader string
	// Layout chooses where periods and series go; the zero value is
	// XLSXLayoutAuto.
	Layout XLSXLayout
}

// XLSXLayout says how a table is laid out on its sheet.
type XLSXLayout int

const (
	// XLSXLayoutAuto writes periods as rows (the layout the importer reads
	// back) while the series fit in a sheet's 16,384 columns, and series as
	// rows beyond: a 20,000-node tree still exports.
	XLSXLayoutAuto XLSXLayout = iota
	// XLSXPeriodRows writes one row per period and one column per series.
	XLSXPeriodRows
	// XLSXSeriesRows writes one row per series (node) and one column per
	// period, the layout planning sheets use; up to 1,048,575 series.
	XLSXSeriesRows
)

// Excel's sheet limits.
const (
	xlsxMaxCols = 16_384
	xlsxMaxRows = 1_048_576
)

// ParseXLSXLayout reads "auto", "periods" (a row per period) or "nodes"
// (a row per node or series).
func ParseXLSXLayout(s string) (XLSXLayout, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return XLSXLayoutAuto, nil
	case "periods":
		return XLSXPeriodRows, nil
	case "nodes", "series":
		return XLSXSeriesRows, nil
	}
	return 0, fmt.Errorf("layout %s: %w: use auto, periods (a row per period) or nodes (a row per node)", kpitree.Quote(s), ErrBadOption)
}

// or is s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkTables checks that there are tables and that each, in order, is
// well formed and passes extra (when given): the checks every writer makes.
func checkTables(tables []Table, extra func(Table) error) error {
	if len(tables) == 0 {
		return fmt.Errorf("no tables: %w", ErrBadOption)
	}
	for i, t := range tables {
		if err := t.check(i); err != nil {
			return err
		}
		if extra == nil {
			continue
		}
		if err := extra(t); err != nil {
			return err
		}
	}
	return nil
}

func (t Table) check(i int) error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("table %d (%s) has no columns: %w", i+1, kpitree.Quote(t.Sheet), ErrBadOption)
	}
	for _, c := range t.Columns {
		if len(c.Values) != len(t.Periods) {
			return fmt.Errorf("table %s column %s has %d values for %d periods: %w", kpitree.Quote(t.Sheet), kpitree.Quote(c.Name), len(c.Values), len(t.Periods), ErrBadOption)
		}
	}
	if t.Starts != nil && len(t.Starts) != len(t.Periods) {
		return fmt.Errorf("table %s has %d start dates for %d periods: %w", kpitree.Quote(t.Sheet), len(t.Starts), len(t.Periods), ErrBadOption)
	}
	return nil
}

// columnHeader is "name (unit)", which the importer reads back as the unit.
func columnHeader(s Series) string {
	if s.Unit == "" {
		return s.Name
	}
	return s.Name + " (" + s.Unit + ")"
}

// WriteCSV writes tables as UTF-8 CSV: a header row ("period", then
// "name (unit)" per series) and one row per period. With more than one
// table a leading "sheet" column names each row's table. Percentages are
// written as "53.8%" so that Excel and a re-import read the same number.
func WriteCSV(w io.Writer, tables []Table, opt CSVOptions) error {
	if err := checkTables(tables, nil); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	w, finish, err := csvEncoder(w, opt.Encoding)
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	bw := bufio.NewWriter(w)
	if opt.BOM && finish == nil {
		if _, err := bw.WriteString("\ufeff"); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw := csv.NewWriter(bw)
	if opt.Delimiter != 0 {
		cw.Comma = opt.Delimiter
	}
	multi := len(tables) > 1
	var rec []string
	if multi {
		// One header for all: the union of column headers in first-seen order.
		var heads []string
		pos := map[string]int{}
		for _, t := range tables {
			for _, c := range t.Columns {
				h := columnHeader(c)
				if _, ok := pos[h]; !ok {
					pos[h] = len(heads)
					heads = append(heads, h)
				}
			}
		}
		if err := cw.Write(append([]string{or(opt.SheetHeader, "sheet"), or(opt.PeriodHeader, "period")}, heads...)); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		for _, t := range tables {
			for r, p := range t.Periods {
				rec = append(rec[:0], t.Sheet, p)
				for range heads {
					rec = append(rec, "")
				}
				for _, c := range t.Columns {
					rec[2+pos[columnHeader(c)]] = formatCSV(c.Values[r], c.Unit)
				}
				if err := cw.Write(rec); err != nil {
					return fmt.Errorf("write csv: %w", err)
				}
			}
		}
	} else {
		t := tables[0]
		rec = append(rec, or(opt.PeriodHeader, "period"))
		for _, c := range t.Columns {
			rec = append(rec, columnHeader(c))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		for r, p := range t.Periods {
			rec = append(rec[:0], p)
			for _, c := range t.Columns {
				rec = append(rec, formatCSV(c.Values[r], c.Unit))
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("write csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if finish != nil {
		if err := finish(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	return nil
}

func formatCSV(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if unit == UnitPercent {
		return shiftDecimal(s, 2) + "%"
	}
	return s
}

// WriteXLSX writes one sheet per table: a header row ("period", then
// "name (unit)"), then numbers as numbers (percentages with a percent
// format, missing values as empty cells) and period labels as text, or as
// dates with XLSXOptions.Dates.
func WriteXLSX(w io.Writer, tables []Table, opt XLSXOptions) error {
	err := checkTables(tables, func(t Table) error {
		if opt.Dates && t.Starts == nil {
			return fmt.Errorf("table %s has no start dates for date cells; fill Table.Starts or write labels: %w", kpitree.Quote(t.Sheet), ErrBadOption)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	f := excelize.NewFile()
	defer f.Close()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	names := sheetNames(tables)
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", names[0]); err != nil {
				return fmt.Errorf("write xlsx: sheet %s: %w", kpitree.Quote(names[0]), err)
			}
		} else if _, err := f.NewSheet(names[i]); err != nil {
			return fmt.Errorf("write xlsx: sheet %s: %w", kpitree.Quote(names[i]), err)
		}
		sw, err := f.NewStreamWriter(names[i])
		if err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
		cells := xlsxCells{t: t, opt: opt, pct: pct, date: dateStyle}
		rows := opt.Layout == XLSXSeriesRows || opt.Layout == XLSXLayoutAuto && len(t.Columns)+1 > xlsxMaxCols
		var werr error
		if rows {
			werr = cells.writeSeriesRows(sw)
		} else {
			werr = cells.writePeriodRows(sw)
		}
		if werr != nil {
			return fmt.Errorf("write xlsx: sheet %s: %w", kpitree.Quote(names[i]), werr)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// xlsxCells writes one table's cells.
type xlsxCells struct {
	t         Table
	opt       XLSXOptions
	pct, date int // style ids
}

// period is the cell of period r: a date or its label.
func (x xlsxCells) period(r int) any {
	if x.opt.Dates {
		return excelize.Cell{StyleID: x.date, Value: x.t.Starts[r]}
	}
	return x.t.Periods[r]
}

// value is the cell of v in series c: empty for NaN and ±Inf.
func (x xlsxCells) value(c Series, v float64) any {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return nil
	case c.Unit == UnitPercent:
		return excelize.Cell{StyleID: x.pct, Value: v}
	}
	return v
}

// writePeriodRows writes a header of series names, then a row per period.
func (x xlsxCells) writePeriodRows(sw *excelize.StreamWriter) error {
	t := x.t
	if len(t.Columns)+1 > xlsxMaxCols || len(t.Periods)+1 > xlsxMaxRows {
		return fmt.Errorf("%d series × %d periods do not fit a sheet with a row per period (at most %d columns): %w: write a row per node instead",
			len(t.Columns), len(t.Periods), xlsxMaxCols-1, ErrBadOption)
	}
	row := make([]any, 1+len(t.Columns))
	row[0] = or(x.opt.PeriodHeader, "period")
	for j, c := range t.Columns {
		row[j+1] = columnHeader(c)
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for r := range t.Periods {
		row = append(row[:0], x.period(r))
		for _, c := range t.Columns {
			row = append(row, x.value(c, c.Values[r]))
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return nil
}

// writeSeriesRows writes a header of periods, then a row per series whose
// first cell is the series name with its unit.
func (x xlsxCells) writeSeriesRows(sw *excelize.StreamWriter) error {
	t := x.t
	if len(t.Periods)+1 > xlsxMaxCols || len(t.Columns)+1 > xlsxMaxRows {
		return fmt.Errorf("%d series × %d periods do not fit a sheet with a row per series (at most %d rows and %d columns): %w: split the export",
			len(t.Columns), len(t.Periods), xlsxMaxRows-1, xlsxMaxCols-1, ErrBadOption)
	}
	row := make([]any, 1+len(t.Periods))
	row[0] = or(x.opt.SeriesHeader, "series")
	for r := range t.Periods {
		row[r+1] = x.period(r)
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for j, c := range t.Columns {
		row = append(row[:0], columnHeader(c))
		for _, v := range c.Values {
			row = append(row, x.value(c, v))
		}
		cell, _ := excelize.CoordinatesToCellName(1, j+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return nil
}

// sheetNames makes table names valid, unique Excel sheet names (≤ 31
// characters, none of []:*?/\).
func sheetNames(tables []Table) []string {
	used := map[string]bool{}
	out := make([]string, len(tables))
	for i, t := range tables {
		n := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) {
				return '_'
			}
			return r
		}, strings.TrimSpace(t.Sheet))
		n = strings.Trim(n, "'")
		if n == "" {
			n = fmt.Sprintf("Sheet%d", i+1)
		}
		if r := []rune(n); len(r) > 31 {
			n = string(r[:31])
		}
		base := n
		for k := 2; used[strings.ToLower(n)]; k++ {
			suffix := fmt.Sprintf(" (%d)", k)
			r := []rune(base)
			if len(r)+len([]rune(suffix)) > 31 {
				r = r[:31-len([]rune(suffix))]
			}
			n = string(r) + suffix
		}
		used[strings.ToLower(n)] = true
		out[i] = n
	}
	return out
}
