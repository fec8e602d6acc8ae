package dataio_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
)

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// tableOf turns a dataset into an export table, stripping the unit from
// names that carry it in their header already.
func tableOf(ds *dataio.Dataset, sheet string) dataio.Table {
	tbl := dataio.Table{Sheet: sheet, Periods: ds.Labels()}
	for i := range ds.Calendar.Periods {
		tbl.Starts = append(tbl.Starts, ds.PeriodStart(i))
	}
	for _, c := range ds.Columns {
		tbl.Columns = append(tbl.Columns, dataio.Series{Name: strings.TrimSuffix(strings.TrimSuffix(c.Name, "（円）"), "_jpy"), Unit: c.Unit, Values: c.Values})
	}
	return tbl
}

// assertSameDataset compares calendars, units and values (by position).
func assertSameDataset(t *testing.T, want, got *dataio.Dataset) {
	t.Helper()
	if got.Calendar.Freq != want.Calendar.Freq || got.Calendar.Periods != want.Calendar.Periods || !got.Calendar.Start.Equal(want.Calendar.Start) {
		t.Fatalf("calendar %+v, want %+v", got.Calendar, want.Calendar)
	}
	if len(got.Columns) != len(want.Columns) {
		t.Fatalf("%d columns, want %d", len(got.Columns), len(want.Columns))
	}
	for i, w := range want.Columns {
		g := got.Columns[i]
		if g.Unit != w.Unit {
			t.Errorf("column %q unit %q, want %q (from %q)", g.Name, g.Unit, w.Unit, w.Name)
		}
		for k := range w.Values {
			if !(g.Values[k] == w.Values[k] || math.IsNaN(g.Values[k]) && math.IsNaN(w.Values[k])) {
				t.Errorf("column %q period %d = %v, want %v", g.Name, k, g.Values[k], w.Values[k])
			}
		}
	}
}
