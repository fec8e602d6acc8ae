package dataio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/xuri/excelize/v2"
)

func TestWriteCSV(t *testing.T) {
	ds, _ := read(t, "testdata/cs_monthly_ja_sjis.csv", dataio.Options{})
	t.Run("should round-trip a dataset through CSV with a BOM", func(t *testing.T) {
		var buf bytes.Buffer
		if err := dataio.WriteCSV(&buf, []dataio.Table{tableOf(ds, "actuals")}, dataio.CSVOptions{BOM: true}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbfperiod,付帯売上 (JPY),")) {
			t.Errorf("header %q", buf.String()[:40])
		}
		back, rep, err := dataio.ReadFrom(context.Background(), &buf, "out.csv", dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Issues) != 0 {
			t.Errorf("issues %v", rep.Issues)
		}
		assertSameDataset(t, ds, back)
	})
	t.Run("should write percentages and missing values so Excel reads them", func(t *testing.T) {
		var buf bytes.Buffer
		tbl := dataio.Table{Periods: []string{"2024-04", "2024-05"}, Columns: []dataio.Series{
			{Name: "rate", Unit: "%", Values: []float64{0.5382, math.NaN()}},
			{Name: "forecast p90", Values: []float64{1, math.Inf(1)}},
		}}
		if err := dataio.WriteCSV(&buf, []dataio.Table{tbl}, dataio.CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		if want := "period,rate (%),forecast p90\n2024-04,53.82%,1\n2024-05,,\n"; buf.String() != want {
			t.Errorf("got %q, want %q", buf.String(), want)
		}
	})
	t.Run("should add a sheet column for several scenarios", func(t *testing.T) {
		var buf bytes.Buffer
		a := dataio.Table{Sheet: "base", Periods: []string{"2024-04"}, Columns: []dataio.Series{{Name: "x", Values: []float64{1}}}}
		b := dataio.Table{Sheet: "plan", Periods: []string{"2024-04"}, Columns: []dataio.Series{{Name: "y", Values: []float64{2}}, {Name: "x", Values: []float64{3}}}}
		if err := dataio.WriteCSV(&buf, []dataio.Table{a, b}, dataio.CSVOptions{Delimiter: ';'}); err != nil {
			t.Fatal(err)
		}
		if want := "sheet;period;x;y\nbase;2024-04;1;\nplan;2024-04;3;2\n"; buf.String() != want {
			t.Errorf("got %q, want %q", buf.String(), want)
		}
	})
}

func TestWriteErrors(t *testing.T) {
	short := dataio.Table{Sheet: "s", Periods: []string{"a", "b"}, Columns: []dataio.Series{{Name: "x", Values: []float64{1}}}}
	noDates := dataio.Table{Sheet: "s", Periods: []string{"a"}, Columns: []dataio.Series{{Name: "x", Values: []float64{1}}}}
	tests := []struct {
		name string
		err  error
	}{
		{"csv without tables", dataio.WriteCSV(&bytes.Buffer{}, nil, dataio.CSVOptions{})},
		{"csv with a short column", dataio.WriteCSV(&bytes.Buffer{}, []dataio.Table{short}, dataio.CSVOptions{})},
		{"xlsx with a short column", dataio.WriteXLSX(&bytes.Buffer{}, []dataio.Table{short}, dataio.XLSXOptions{})},
		{"xlsx dates without starts", dataio.WriteXLSX(&bytes.Buffer{}, []dataio.Table{noDates}, dataio.XLSXOptions{Dates: true})},
		{"xlsx table without columns", dataio.WriteXLSX(&bytes.Buffer{}, []dataio.Table{{Sheet: "s"}}, dataio.XLSXOptions{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, dataio.ErrBadOption) {
				t.Errorf("err = %v, want ErrBadOption", tt.err)
			}
		})
	}
}

func TestWriteXLSXSheetsAndCells(t *testing.T) {
	one := func(sheet string) dataio.Table {
		return dataio.Table{Sheet: sheet, Periods: []string{"2024-04"}, Columns: []dataio.Series{{Name: "revenue", Unit: "JPY", Values: []float64{1500}}, {Name: "rate", Unit: "%", Values: []float64{math.NaN()}}}}
	}
	var buf bytes.Buffer
	long := strings.Repeat("シ", 40)
	if err := dataio.WriteXLSX(&buf, []dataio.Table{one("a/b"), one("A/B"), one(long), one("")}, dataio.XLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := f.GetSheetList()
	want := []string{"a_b", "A_B (2)", strings.Repeat("シ", 31), "Sheet4"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %q, want %q", got, want)
	}
	head, _ := f.GetCellValue("a_b", "B1")
	text, _ := f.GetCellValue("a_b", "A2")
	num, _ := f.GetCellType("a_b", "B2")
	empty, _ := f.GetCellValue("a_b", "C2")
	if head != "revenue (JPY)" || text != "2024-04" || num != excelize.CellTypeUnset && num != excelize.CellTypeNumber || empty != "" {
		t.Errorf("header %q, period %q, number cell type %v, missing %q", head, text, num, empty)
	}
}

// TestWriteXLSX_Layouts: a table with more series than a sheet has columns
// is written with a row per series in the automatic layout and with
// XLSXSeriesRows, and refused, with the way out, by XLSXPeriodRows.
func TestWriteXLSX_Layouts(t *testing.T) {
	const series, periods = 20_000, 24
	tab := dataio.Table{Sheet: "projection"}
	for p := range periods {
		tab.Periods = append(tab.Periods, fmt.Sprintf("2026-%02d", p+1))
	}
	for s := range series {
		v := make([]float64, periods)
		for p := range v {
			v[p] = float64(s*100 + p)
		}
		v[3] = math.NaN()
		c := dataio.Series{Name: fmt.Sprintf("n%d", s), Values: v}
		if s == 1 {
			c.Unit = dataio.UnitPercent
		}
		tab.Columns = append(tab.Columns, c)
	}
	tests := []struct {
		name   string
		layout dataio.XLSXLayout
		rows   bool
	}{
		{"should write a row per node when the nodes exceed the columns", dataio.XLSXLayoutAuto, true},
		{"should write a row per node when asked", dataio.XLSXSeriesRows, true},
		{"should refuse a row per period past 16,384 columns", dataio.XLSXPeriodRows, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := dataio.WriteXLSX(&buf, []dataio.Table{tab}, dataio.XLSXOptions{Layout: tc.layout})
			if !tc.rows {
				if !errors.Is(err, dataio.ErrBadOption) || !strings.Contains(err.Error(), "row per node") {
					t.Fatalf("error %v, want ErrBadOption naming a row per node", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for cell, want := range map[string]string{"A1": "series", "B1": "2026-01", "Y1": "2026-24",
				"A2": "n0", "A20001": "n19999", "B20001": "1999900", "E20001": "", "Y20001": "1999923", "A20002": ""} {
				if got, _ := f.GetCellValue("projection", cell); got != want {
					t.Errorf("%s = %q, want %q", cell, got, want)
				}
			}
			if got, _ := f.GetCellValue("projection", "A3"); !strings.HasPrefix(got, "n1 (") {
				t.Errorf("A3 = %q, want the name with its unit", got)
			}
		})
	}
	t.Run("should keep a row per period for a small table", func(t *testing.T) {
		small := tab
		small.Columns = tab.Columns[:3]
		var buf bytes.Buffer
		if err := dataio.WriteXLSX(&buf, []dataio.Table{small}, dataio.XLSXOptions{}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got, _ := f.GetCellValue("projection", "A2"); got != "2026-01" {
			t.Errorf("A2 = %q, want the first period", got)
		}
	})
}

func TestParseXLSXLayout(t *testing.T) {
	for in, want := range map[string]dataio.XLSXLayout{"": dataio.XLSXLayoutAuto, "auto": dataio.XLSXLayoutAuto,
		"periods": dataio.XLSXPeriodRows, "Nodes": dataio.XLSXSeriesRows} {
		if got, err := dataio.ParseXLSXLayout(in); err != nil || got != want {
			t.Errorf("ParseXLSXLayout(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := dataio.ParseXLSXLayout("diagonal"); !errors.Is(err, dataio.ErrBadOption) {
		t.Errorf("diagonal: %v, want ErrBadOption", err)
	}
}
