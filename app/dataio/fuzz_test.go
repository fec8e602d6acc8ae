package dataio_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/xuri/excelize/v2"
)

// FuzzReadFrom feeds arbitrary bytes to the CSV path of the importer: it
// must never panic, every error must wrap a package sentinel, and a
// dataset's columns must always fit its calendar.
func FuzzReadFrom(f *testing.F) {
	for _, name := range []string{"cs_monthly.csv", "cs_monthly_ja_sjis.csv", "messy_export.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"month,x\n2024-04,1\n2024-04,2\n2024-06,n/a\nTotal,3\n",
		"metric,period,value\na,2024-04,1\nb,2024-04,2\na,2024-05,3\n",
		"title\n\ndate\tv\n2024-04-01\t1\n2024-04-03\t\"2\n",
		"\xff\xfem\x00,\x00x\x00\n\x002\x000\x002\x004\x00-\x000\x004\x00,\x001\x00\n\x00",
		"年月,売上（千円）\n令和6年4月,▲1\nR6.5,(2)\n",
	} {
		f.Add([]byte(s))
	}
	// A small workbook, so the fuzzer also mutates the XLSX path.
	wb := excelize.NewFile()
	_ = wb.SetSheetRow("Sheet1", "A1", &[]any{"month", "x"})
	_ = wb.SetSheetRow("Sheet1", "A2", &[]any{"2024-04", 1})
	_ = wb.MergeCell("Sheet1", "C1", "D1")
	var xb bytes.Buffer
	if err := wb.Write(&xb); err != nil {
		f.Fatal(err)
	}
	f.Add(xb.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, rep, err := dataio.ReadFrom(context.Background(), bytes.NewReader(b), "fuzz.csv", dataio.Options{})
		if err != nil {
			for _, s := range []error{dataio.ErrNoTable, dataio.ErrNoPeriodColumn, dataio.ErrEncoding, dataio.ErrFormat, dataio.ErrBadOption, dataio.ErrSheetNotFound} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v wraps no sentinel", err)
		}
		if ds.Calendar.Periods < 1 || len(ds.Columns) == 0 {
			t.Fatalf("empty dataset without an error: %+v", ds.Calendar)
		}
		for _, c := range ds.Columns {
			if len(c.Values) != ds.Calendar.Periods {
				t.Fatalf("column %q has %d values for %d periods", c.Name, len(c.Values), ds.Calendar.Periods)
			}
			for _, v := range c.Values {
				if math.IsInf(v, 0) {
					t.Fatalf("column %q has an infinite value", c.Name)
				}
			}
		}
		if len(ds.Labels()) != rep.Periods {
			t.Fatalf("report says %d periods, dataset has %d", rep.Periods, len(ds.Labels()))
		}
	})
}
