package dataio

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kpitree/kpitree/kpitree"
	"github.com/xuri/excelize/v2"
)

// xlsxSource streams the rows of one worksheet. Cells are read raw (not
// through their display format) so that no digit is lost to a "0.0"
// format; dates therefore arrive as Excel serial numbers, which
// ParsePeriod understands, and percent-formatted cells are rewritten as
// "53.8%" text so the unit survives.
type xlsxSource struct {
	f      *excelize.File
	sheet  string
	rows   *excelize.Rows
	row    int
	merged map[[2]int]string // (row, col) → value of the merge's top-left cell
	// percent caches, per column, whether the first numeric cell of the
	// column has a percent number format (0: unknown, 1: yes, 2: no).
	percent []byte
	cells   []string
	// xml is the sheet's XML when excelize holds it in memory (nil when it
	// spilled a huge sheet to a temporary file); it lets the source look up
	// a cell's style or a formula without parsing the whole sheet.
	xml []byte
	// formulas is false when the sheet has no formula at all, so empty
	// cells need no formula lookup.
	formulas bool
}

// openXLSX opens a workbook from r and selects a sheet (the first when
// sheet is empty). It returns the sheet's name and all sheet names.
func openXLSX(r io.Reader, sheet string) (src *xlsxSource, sheets []string, err error) {
	defer recoverXLSX(&err)
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("open workbook: %v: %w", err, ErrFormat)
	}
	sheets = f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, nil, fmt.Errorf("workbook has no sheets: %w", ErrNoTable)
	}
	if sheet == "" {
		sheet = sheets[0]
	} else {
		found := false
		for _, s := range sheets {
			if s == sheet {
				found = true
			}
		}
		if !found {
			_ = f.Close()
			return nil, sheets, fmt.Errorf("sheet %s (the workbook has %s): %w", kpitree.Quote(sheet), strings.Join(sheets, ", "), ErrSheetNotFound)
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		_ = f.Close()
		return nil, sheets, fmt.Errorf("read sheet %s: %v: %w", kpitree.Quote(sheet), err, ErrFormat)
	}
	src = &xlsxSource{f: f, sheet: sheet, rows: rows, formulas: true}
	if b, ok := sheetXML(f, sheet); ok {
		src.xml = b
		src.formulas = bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f "))
	}
	// Reading merges parses the whole sheet into memory, which costs more
	// than streaming it, so it is skipped for sheets without merged cells
	// (data dumps); report-style sheets with merges are small. It runs after
	// the row stream was opened, so rows still stream.
	if src.xml == nil || !bytes.Contains(src.xml, []byte("<mergeCell ")) {
		return src, sheets, nil
	}
	mcs, err := f.GetMergeCells(sheet)
	if err == nil && len(mcs) > 0 {
		src.merged = map[[2]int]string{}
		for _, mc := range mcs {
			c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
			if err1 != nil || err2 != nil || (r2-r1+1)*(c2-c1+1) > 10000 {
				continue // a whole-sheet merge would only repeat a title
			}
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					src.merged[[2]int{r, c}] = mc.GetCellValue()
				}
			}
		}
	}
	return src, sheets, nil
}

// sheetXML returns the XML of the named sheet if excelize keeps it in
// memory, following the workbook's relationships as Excel does.
func sheetXML(f *excelize.File, sheet string) ([]byte, bool) {
	load := func(name string) []byte {
		v, ok := f.Pkg.Load(name)
		if !ok {
			return nil
		}
		b, _ := v.([]byte)
		return b
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(load("xl/workbook.xml"), &wb) != nil || xml.Unmarshal(load("xl/_rels/workbook.xml.rels"), &rels) != nil {
		return nil, false
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID != s.ID {
				continue
			}
			p := strings.TrimPrefix(r.Target, "/")
			if !strings.HasPrefix(p, "xl/") {
				p = "xl/" + p
			}
			if b := load(p); b != nil {
				return b, true
			}
		}
	}
	return nil, false
}

// cellStyle finds the style index of cell ref in the sheet XML: the s
// attribute of <c r="ref" …>. It returns 0 (the default style) if unknown.
func (x *xlsxSource) cellStyle(ref string) int {
	if x.xml == nil {
		return 0
	}
	i := bytes.Index(x.xml, []byte(` r="`+ref+`"`))
	if i < 0 {
		return 0
	}
	start := bytes.LastIndex(x.xml[:i], []byte("<c"))
	end := bytes.IndexByte(x.xml[i:], '>')
	if start < 0 || end < 0 {
		return 0
	}
	tag := x.xml[start : i+end]
	j := bytes.Index(tag, []byte(` s="`))
	if j < 0 {
		return 0
	}
	rest := tag[j+4:]
	k := bytes.IndexByte(rest, '"')
	if k < 0 {
		return 0
	}
	n, err := strconv.Atoi(string(rest[:k]))
	if err != nil {
		return 0
	}
	return n
}

func (x *xlsxSource) close() {
	_ = x.rows.Close()
	_ = x.f.Close()
}

// recoverXLSX turns a panic inside excelize on a malformed workbook into
// ErrFormat: user files must never crash the app. Our own code does not
// run under it except the thin glue in this file.
func recoverXLSX(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("the workbook is damaged (%v); open and re-save it in Excel: %w", r, ErrFormat)
	}
}

func (x *xlsxSource) next() (cells []string, row int, err error) {
	defer recoverXLSX(&err)
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, 0, fmt.Errorf("sheet %s: %v: %w", kpitree.Quote(x.sheet), err, ErrFormat)
		}
		return nil, 0, io.EOF
	}
	x.row++
	raw, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, x.row, fmt.Errorf("sheet %s row %d: %v: %w", kpitree.Quote(x.sheet), x.row, err, ErrFormat)
	}
	x.cells = append(x.cells[:0], raw...)
	for k, v := range x.merged {
		if k[0] != x.row {
			continue
		}
		for len(x.cells) < k[1] {
			x.cells = append(x.cells, "")
		}
		if x.cells[k[1]-1] == "" {
			x.cells[k[1]-1] = v
		}
	}
	for i, v := range x.cells {
		if v == "" {
			if x.formulas {
				x.cells[i] = x.formulaValue(i)
			}
			continue
		}
		if x.isPercentColumn(i, v) {
			x.cells[i] = shiftDecimal(v, 2) + "%"
		}
	}
	return x.cells, x.row, nil
}

// formulaValue computes a formula cell that has no cached value (files
// written by programs rather than Excel often lack one); other empty cells
// stay empty.
func (x *xlsxSource) formulaValue(col int) string {
	ref, err := excelize.CoordinatesToCellName(col+1, x.row)
	if err != nil {
		return ""
	}
	formula, err := x.f.GetCellFormula(x.sheet, ref)
	if err != nil || formula == "" {
		return ""
	}
	v, err := x.f.CalcCellValue(x.sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return ""
	}
	return v
}

func (x *xlsxSource) isPercentColumn(col int, v string) bool {
	for len(x.percent) <= col {
		x.percent = append(x.percent, 0)
	}
	switch x.percent[col] {
	case 1:
		return isPlainNumber(v)
	case 2:
		return false
	}
	if !isPlainNumber(v) {
		return false
	}
	x.percent[col] = 2
	ref, err := excelize.CoordinatesToCellName(col+1, x.row)
	if err != nil {
		return false
	}
	id := x.cellStyle(ref)
	if id == 0 {
		return false
	}
	st, err := x.f.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	if st.NumFmt == 9 || st.NumFmt == 10 || (st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%")) {
		x.percent[col] = 1
		return true
	}
	return false
}

func isPlainNumber(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil && !strings.ContainsAny(v, "xXnN_") // no hex, inf, nan
}

// shiftDecimal multiplies a plain decimal number by 10^k by moving its
// decimal point in the text, so no rounding happens.
func shiftDecimal(s string, k int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) < k {
		frac += "0"
	}
	intPart += frac[:k]
	frac = frac[k:]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
