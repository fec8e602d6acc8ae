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
}

func (t Table) check(i int) error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("table %d (%q) has no columns: %w", i+1, t.Sheet, ErrBadOption)
	}
	for _, c := range t.Columns {
		if len(c.Values) != len(t.Periods) {
			return fmt.Errorf("table %q column %q has %d values for %d periods: %w", t.Sheet, c.Name, len(c.Values), len(t.Periods), ErrBadOption)
		}
	}
	if t.Starts != nil && len(t.Starts) != len(t.Periods) {
		return fmt.Errorf("table %q has %d start dates for %d periods: %w", t.Sheet, len(t.Starts), len(t.Periods), ErrBadOption)
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
	if len(tables) == 0 {
		return fmt.Errorf("write csv: no tables: %w", ErrBadOption)
	}
	for i, t := range tables {
		if err := t.check(i); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
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
		if err := cw.Write(append([]string{"sheet", "period"}, heads...)); err != nil {
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
		rec = append(rec, "period")
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
	if len(tables) == 0 {
		return fmt.Errorf("write xlsx: no tables: %w", ErrBadOption)
	}
	for i, t := range tables {
		if err := t.check(i); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
		if opt.Dates && t.Starts == nil {
			return fmt.Errorf("write xlsx: table %q has no start dates for date cells; fill Table.Starts or write labels: %w", t.Sheet, ErrBadOption)
		}
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
				return fmt.Errorf("write xlsx: sheet %q: %w", names[0], err)
			}
		} else if _, err := f.NewSheet(names[i]); err != nil {
			return fmt.Errorf("write xlsx: sheet %q: %w", names[i], err)
		}
		sw, err := f.NewStreamWriter(names[i])
		if err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
		row := make([]any, 1+len(t.Columns))
		row[0] = "period"
		for j, c := range t.Columns {
			row[j+1] = columnHeader(c)
		}
		if err := sw.SetRow("A1", row); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
		for r, p := range t.Periods {
			row = row[:0]
			if opt.Dates {
				row = append(row, excelize.Cell{StyleID: dateStyle, Value: t.Starts[r]})
			} else {
				row = append(row, p)
			}
			for _, c := range t.Columns {
				v := c.Values[r]
				switch {
				case math.IsNaN(v) || math.IsInf(v, 0):
					row = append(row, nil)
				case c.Unit == UnitPercent:
					row = append(row, excelize.Cell{StyleID: pct, Value: v})
				default:
					row = append(row, v)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, row); err != nil {
				return fmt.Errorf("write xlsx: %w", err)
			}
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
