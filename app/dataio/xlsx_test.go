package dataio_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
	"github.com/xuri/excelize/v2"
)

// buildWorkbook makes the kind of workbook a Japanese CS team exports: a
// merged title row, a two-row header whose cells are merged, real date
// cells, percent-formatted rates, a formula cell without a cached value and
// a second sheet.
func buildWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName(s, "月次"))
	s = "月次"
	must(f.SetCellValue(s, "A1", "CS月次レポート 2024年度"))
	must(f.MergeCell(s, "A1", "E1"))
	must(f.SetCellValue(s, "A2", "年月"))
	must(f.MergeCell(s, "A2", "A3"))
	must(f.SetCellValue(s, "B2", "売上"))
	must(f.MergeCell(s, "B2", "C2"))
	must(f.SetCellValue(s, "B3", "付帯売上（円）"))
	must(f.SetCellValue(s, "C3", "付帯平均単価（円）"))
	must(f.SetCellValue(s, "D2", "アクティブ率"))
	must(f.MergeCell(s, "D2", "D3"))
	must(f.SetCellValue(s, "E2", "付帯総客数"))
	must(f.MergeCell(s, "E2", "E3"))
	dateFmt := "yyyy/m/d"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	must(err)
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	must(err)
	rows := []struct {
		month   time.Time
		revenue float64
		price   float64
		rate    float64
		cust    float64
	}{
		{date(2024, 4, 1), 1523085, 11746, 0.5382, 132},
		{date(2024, 5, 1), 1607206, 11777, 0.5669, 138},
		{date(2024, 6, 1), 1495374, 11851, 0.5637, 129},
	}
	for i, r := range rows {
		row := i + 4
		cell := func(c int) string { n, _ := excelize.CoordinatesToCellName(c, row); return n }
		must(f.SetCellValue(s, cell(1), r.month))
		must(f.SetCellStyle(s, cell(1), cell(1), dateStyle))
		must(f.SetCellValue(s, cell(2), r.revenue))
		must(f.SetCellValue(s, cell(3), r.price))
		must(f.SetCellValue(s, cell(4), r.rate))
		must(f.SetCellStyle(s, cell(4), cell(4), pct))
		must(f.SetCellValue(s, cell(5), r.cust))
	}
	// The June customers are a formula with no cached value.
	must(f.SetCellFormula(s, "E6", "E4-3"))
	must(f.SetCellValue(s, "A7", "合計"))
	must(f.SetCellFormula(s, "B7", "SUM(B4:B6)"))
	_, err = f.NewSheet("メモ")
	must(err)
	must(f.SetCellValue("メモ", "A1", "no table here"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	b := buildWorkbook(t)
	ds, rep, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "report.xlsx", dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should find the header under the title and the merged group row", func(t *testing.T) {
		if rep.Sheet != "月次" || len(rep.Sheets) != 2 || rep.HeaderRow != 3 || rep.PeriodColumn != "年月" {
			t.Errorf("sheet %q of %v, header row %d, period column %q", rep.Sheet, rep.Sheets, rep.HeaderRow, rep.PeriodColumn)
		}
		if rep.Count(dataio.CodeTitleRow) != 2 {
			t.Errorf("title rows %v", rep.Find(dataio.CodeTitleRow))
		}
	})
	t.Run("should read date cells as a monthly calendar", func(t *testing.T) {
		if ds.Calendar.Freq != kpitree.Month || ds.Calendar.Periods != 3 || !ds.Calendar.Start.Equal(date(2024, 4, 1)) {
			t.Errorf("calendar %+v", ds.Calendar)
		}
	})
	t.Run("should read numbers exactly, percent cells as fractions and formulas as values", func(t *testing.T) {
		want := map[string][]float64{
			"付帯売上（円）":   {1523085, 1607206, 1495374},
			"付帯平均単価（円）": {11746, 11777, 11851},
			"アクティブ率":    {0.5382, 0.5669, 0.5637},
			"付帯総客数":     {132, 138, 129},
		}
		for name, w := range want {
			got := col(t, ds, name)
			for i := range w {
				if math.Abs(got[i]-w[i]) > 1e-15 {
					t.Errorf("%s[%d] = %v, want %v", name, i, got[i], w[i])
				}
			}
		}
		if c, _ := ds.Column("アクティブ率"); c.Unit != "%" {
			t.Errorf("rate unit %q", c.Unit)
		}
	})
	t.Run("should skip the total row and report its computed sum", func(t *testing.T) {
		is := rep.Find(dataio.CodeFooterRow)
		if len(is) != 1 || is[0].Row != 7 || len(is[0].Values) != 1 || is[0].Values[0] != 1523085+1607206+1495374 {
			t.Errorf("footer %+v", is)
		}
	})
	t.Run("should name the sheets when the requested one is missing", func(t *testing.T) {
		_, rep, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "report.xlsx", dataio.Options{Sheet: "Data"})
		if !errors.Is(err, dataio.ErrSheetNotFound) || rep == nil || len(rep.Sheets) != 2 {
			t.Errorf("err %v", err)
		}
	})
	t.Run("should say when the chosen sheet has no table", func(t *testing.T) {
		_, _, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "report.xlsx", dataio.Options{Sheet: "メモ"})
		if !errors.Is(err, dataio.ErrNoTable) {
			t.Errorf("err %v", err)
		}
	})
}

func TestXLSXRoundTrip(t *testing.T) {
	// given an import of a workbook, when it is exported and imported again,
	// then the numbers, units and periods are the same
	ds, _, err := dataio.ReadFrom(context.Background(), bytes.NewReader(buildWorkbook(t)), "report.xlsx", dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, dates := range []bool{false, true} {
		tbl := tableOf(ds, "実績")
		var buf bytes.Buffer
		if err := dataio.WriteXLSX(&buf, []dataio.Table{tbl, tableOf(ds, "シナリオA")}, dataio.XLSXOptions{Dates: dates}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "out.xlsx")
		writeFile(t, path, buf.Bytes())
		back, rep, err := dataio.Read(context.Background(), path, dataio.Options{Sheet: "シナリオA"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Issues) != 0 {
			t.Errorf("dates=%v: round trip reported %v", dates, rep.Issues)
		}
		assertSameDataset(t, ds, back)
	}
}

func TestReadXLSXProgressAndCancel(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"date", "x"}); err != nil {
		t.Fatal(err)
	}
	for i := range 40000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{date(2000, 1, 1).AddDate(0, 0, i).Format("2006-01-02"), i}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	t.Run("should report progress to the last row", func(t *testing.T) {
		var last int
		_, rep, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "big.xlsx", dataio.Options{Progress: func(n int) { last = n }})
		if err != nil || last != 40000 || rep.Rows != 40000 {
			t.Errorf("err %v, last progress %d, rows %d", err, last, rep.Rows)
		}
	})
	t.Run("should stop when cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		_, _, err := dataio.ReadFrom(ctx, bytes.NewReader(b), "big.xlsx", dataio.Options{Progress: func(int) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v", err)
		}
	})
}
