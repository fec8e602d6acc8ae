package dataio_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
)

func TestDiffAndRefresh(t *testing.T) {
	path := filepath.Join(t.TempDir(), "export.csv")
	writeFile(t, path, []byte("month,customers,rate\n2024-04,100,50%\n2024-05,110,51%\n2024-06,120,\n"))
	old, _ := read(t, path, dataio.Options{Mapping: map[string]string{"active_customers": "customers"}})
	if old.Source != path || old.Options.Mapping["active_customers"] != "customers" {
		t.Fatalf("dataset does not remember its source and mapping: %q %v", old.Source, old.Options)
	}
	// given a re-export that revised May, filled June, added July and dropped a column
	writeFile(t, path, []byte("month,customers\n2024-04,100\n2024-05,111\n2024-06,120\n2024-07,125\n"))
	nu, rep, diff, err := dataio.Refresh(context.Background(), old)
	if err != nil {
		t.Fatal(err)
	}
	if nu.Calendar.Periods != 4 || rep.HasErrors() {
		t.Fatalf("refresh: %+v %v", nu.Calendar, rep.Issues)
	}
	if len(diff.AddedPeriods) != 1 || diff.AddedPeriods[0] != "2024-07" || len(diff.RemovedPeriods) != 0 {
		t.Errorf("periods: %+v", diff)
	}
	if len(diff.RemovedColumns) != 1 || diff.RemovedColumns[0] != "rate" || len(diff.AddedColumns) != 0 {
		t.Errorf("columns: %+v", diff)
	}
	if len(diff.Revised) != 1 || diff.Revised[0] != (dataio.Revision{Column: "customers", Period: "2024-05", Old: 110, New: 111}) {
		t.Errorf("revised: %+v", diff.Revised)
	}
	if diff.Empty() || !dataio.Diff(nu, nu).Empty() {
		t.Error("Empty is wrong")
	}
	t.Run("should report a value that became missing", func(t *testing.T) {
		gone := *nu
		gone.Columns = []dataio.Column{{Name: "customers", Values: []float64{100, math.NaN(), 120, 125}}}
		d := dataio.Diff(nu, &gone)
		if len(d.Revised) != 1 || d.Revised[0].Old != 111 || !math.IsNaN(d.Revised[0].New) {
			t.Errorf("revised %+v", d.Revised)
		}
	})
	t.Run("should refuse to refresh a dataset without a file", func(t *testing.T) {
		_, _, _, err := dataio.Refresh(context.Background(), &dataio.Dataset{})
		if !errors.Is(err, dataio.ErrBadOption) {
			t.Errorf("err %v", err)
		}
	})
}

func TestWatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "live.csv")
	writeFile(t, path, []byte("a"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int32
	done := make(chan error, 1)
	go func() { done <- dataio.Watch(ctx, path, 5*time.Millisecond, func() { calls.Add(1) }) }()
	time.Sleep(30 * time.Millisecond)
	if calls.Load() != 0 {
		t.Fatalf("called %d times before any change", calls.Load())
	}
	writeFile(t, path, []byte("ab")) // size changes
	deadline := time.Now().Add(2 * time.Second)
	for calls.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if calls.Load() != 1 {
		t.Errorf("called %d times after one change", calls.Load())
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	for calls.Load() == 1 && time.Now().Before(deadline.Add(2*time.Second)) {
		time.Sleep(5 * time.Millisecond)
	}
	if calls.Load() != 2 {
		t.Errorf("removal not noticed: %d calls", calls.Load())
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Watch returned %v", err)
	}
	if err := dataio.Watch(ctx, path, 0, func() {}); !errors.Is(err, dataio.ErrBadOption) {
		t.Errorf("zero interval: %v", err)
	}
}
