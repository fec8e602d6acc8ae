package report

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// NumbersFormat is a numbers export's file format, from its name:
// ".csv" or ".xlsx" (any case); "" for anything else.
func NumbersFormat(path string) string {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv", ".xlsx":
		return ext
	}
	return ""
}

// ProjectionTables are the numbers export: for the base and each named
// scenario (duplicates and "" are skipped), every node's history and
// forecast, one table (XLSX sheet) per projection named in the language
// ("Base", "ベース"), one column per node in tree order, headed by its
// display name with its unit in the language ("アドオン売上 (円/月)").
func (bd *Builder) ProjectionTables(ctx context.Context, scenarios []string) ([]dataio.Table, error) {
	names := []string{""}
	for _, s := range scenarios {
		if s != "" && !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	var out []dataio.Table
	for _, name := range names {
		st, err := bd.ws.Projection(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("export numbers: %w", err)
		}
		out = append(out, bd.projectionTable(st, bd.tr.ScenarioLabel(name)))
	}
	return out, nil
}

func (bd *Builder) projectionTable(st *kpitree.State, sheet string) dataio.Table {
	p := st.Program()
	cal := p.Tree().Calendar
	t := dataio.Table{Sheet: sheet}
	for i := range st.Periods() {
		t.Periods = append(t.Periods, cal.Label(i))
		t.Starts = append(t.Starts, cal.Time(i))
	}
	seen := map[string]bool{}
	for i := range p.Len() {
		n := bd.b.Node(p.ID(i))
		name := n.Name
		if seen[name] { // two nodes of one name: the id tells the columns apart
			name += " [" + n.ID + "]"
		}
		seen[name] = true
		t.Columns = append(t.Columns, dataio.Series{Name: name, Unit: bd.tr.UnitText(n.Unit), Values: slices.Clone(st.Column(i))})
	}
	return t
}

// NumbersOptions are the choices of a numbers export; the zero value is
// UTF-8 CSV with a byte-order mark and an automatic XLSX layout.
type NumbersOptions struct {
	// Layout says where an XLSX sheet puts periods and nodes.
	Layout dataio.XLSXLayout
	// Encoding is the CSV's text encoding: "" or dataio.EncodingUTF8, or
	// dataio.EncodingShiftJIS for tools that read nothing else.
	Encoding string
}

// WriteNumbers writes tables as CSV (with a byte-order mark, for Japanese
// Excel) or XLSX (with dates), by format (NumbersFormat's ".csv" or
// ".xlsx"), the period and sheet columns headed in the language.
func (t *Translator) WriteNumbers(w io.Writer, format string, tables []dataio.Table, opt NumbersOptions) error {
	period := t.L("report.col_period")
	switch format {
	case ".csv":
		return dataio.WriteCSV(w, tables, dataio.CSVOptions{BOM: true, PeriodHeader: period, SheetHeader: t.L("report.col_sheet"), Encoding: opt.Encoding})
	case ".xlsx":
		return dataio.WriteXLSX(w, tables, dataio.XLSXOptions{Dates: true, PeriodHeader: period, SeriesHeader: t.L("report.col_series"), Layout: opt.Layout})
	}
	return fmt.Errorf("export numbers as %q: use a .csv or .xlsx file name: %w", format, ErrBadFormat)
}
