package workspace_test

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// shiftTree is two bound leaves and their sum.
func shiftTree() kpitree.Tree {
	return kpitree.Tree{Name: "shift", Root: "total", Calendar: kpitree.Calendar{Freq: kpitree.Month},
		Nodes: []kpitree.Node{
			{ID: "total", Name: "total", Kind: kpitree.KindFormula, Formula: "a + b",
				Targets: []kpitree.Target{{Period: 3, Value: 42}, {FiscalYear: 2024, Value: 1000}}},
			{ID: "a", Name: "a", Kind: kpitree.KindInput},
			{ID: "b", Name: "b", Kind: kpitree.KindInput},
		}}
}

// monthly is a one-column dataset of n months from start, all value v.
func monthly(name, start string, n int, v float64) workspace.Dataset {
	s, err := time.Parse("2006-01", start)
	if err != nil {
		panic(err)
	}
	vals := make(workspace.Values, n)
	for i := range vals {
		vals[i] = v
	}
	return workspace.Dataset{Name: name, Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: s, Periods: n},
		Columns: []workspace.Column{{Name: "x", Values: vals}}}
}

// TestCalendarShiftKeepsScenarioDates reproduces issue 7: overrides and
// per-period targets are period indexes, so data that starts earlier used
// to move them to other months.
func TestCalendarShiftKeepsScenarioDates(t *testing.T) {
	// Given a workspace whose data starts in April 2024, a scenario that
	// sets a from July to September 2024, and a target for July 2024.
	w, err := workspace.Create(filepath.Join(t.TempDir(), "shift.kpitree"), workspace.CreateParams{Tree: shiftTree(), Lang: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.CommitImport(monthly("late", "2024-04", 12, 1), []workspace.Binding{{Node: "a", Column: "x"}}); err != nil {
		t.Fatal(err)
	}
	sc := kpitree.Scenario{Name: "push", Overrides: []kpitree.Override{
		{Node: "a", Op: kpitree.OpSet, Value: 100, From: 3, To: 5},
		{Node: "b", Op: kpitree.OpAdd, Value: 7, From: 6, To: -1, Ramp: 2},
	}}
	if err := w.AddScenario(sc); err != nil {
		t.Fatal(err)
	}
	july := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)

	// When data that starts a year earlier (April 2023) is imported.
	if _, err := w.CommitImport(monthly("early", "2023-04", 24, 2), []workspace.Binding{{Node: "b", Column: "x"}}); err != nil {
		t.Fatal(err)
	}

	// Then the overrides and the target still mean July–September 2024.
	e, err := w.Evaluate("push")
	if err != nil {
		t.Fatal(err)
	}
	at := e.Calendar.PeriodOf(july)
	if at != 15 {
		t.Fatalf("July 2024 is period %d of the new calendar, want 15", at)
	}
	a := e.Values("a")
	for i, v := range a {
		want := 1.0
		switch {
		case i < 12:
			want = math.NaN() // a's data starts in April 2024
		case i >= at && i <= at+2:
			want = 100
		}
		if !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
			t.Errorf("should keep the set override on July–September 2024: a[%s] = %v, want %v", e.Calendar.Label(i), v, want)
		}
	}
	got, err := w.Scenario("push")
	if err != nil {
		t.Fatal(err)
	}
	wantOv := []kpitree.Override{
		{Node: "a", Op: kpitree.OpSet, Value: 100, From: 15, To: 17},
		{Node: "b", Op: kpitree.OpAdd, Value: 7, From: 18, To: -1, Ramp: 2},
	}
	if fmt.Sprint(got.Overrides) != fmt.Sprint(wantOv) {
		t.Errorf("should shift the stored overrides by 12 periods: got %v, want %v", got.Overrides, wantOv)
	}
	n, _ := w.Node("total")
	if tv, ok := n.TargetFor(15); !ok || tv != 42 {
		t.Errorf("should move the July 2024 target to period 15: targets %v", n.Targets)
	}
	if fv, ok := n.FiscalTarget(2024); !ok || fv != 1000 {
		t.Errorf("should keep the fiscal-year target: targets %v", n.Targets)
	}

	// And undo restores the old calendar together with the old indexes.
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	got, _ = w.Scenario("push")
	if fmt.Sprint(got.Overrides) != fmt.Sprint(sc.Overrides) {
		t.Errorf("undo should restore the overrides: got %v, want %v", got.Overrides, sc.Overrides)
	}
	n, _ = w.Node("total")
	if tv, ok := n.TargetFor(3); !ok || tv != 42 {
		t.Errorf("undo should restore the target at period 3: targets %v", n.Targets)
	}
	e, _ = w.Evaluate("push")
	if v := e.Values("a")[3]; v != 100 {
		t.Errorf("after undo, a[2024-07] = %v, want 100", v)
	}
}

// TestCalendarShiftLaterStartAndRedo: removing the earliest data moves the
// start later; windows move back, redo re-applies the rewrite, and
// scenarios made before any data are left alone by the first import.
func TestCalendarShiftLaterStartAndRedo(t *testing.T) {
	w, err := workspace.Create(filepath.Join(t.TempDir(), "shift.kpitree"), workspace.CreateParams{Tree: shiftTree(), Lang: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// Given a scenario made before any data: its indexes count from the
	// first period the data will have.
	if err := w.AddScenario(kpitree.Scenario{Name: "s", Overrides: []kpitree.Override{
		{Node: "a", Op: kpitree.OpAdd, Value: 1, From: 14, To: 16},
		{Node: "b", Op: kpitree.OpAdd, Value: 1, From: 2, To: 4}}}); err != nil {
		t.Fatal(err)
	}
	early, err := w.CommitImport(monthly("early", "2023-04", 24, 2), []workspace.Binding{{Node: "b", Column: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.CommitImport(monthly("late", "2024-04", 12, 1), []workspace.Binding{{Node: "a", Column: "x"}}); err != nil {
		t.Fatal(err)
	}
	if sc, _ := w.Scenario("s"); sc.Overrides[0].From != 14 {
		t.Fatalf("the first import should not move indexes: %v", sc.Overrides)
	}
	// When the earliest dataset is removed, so the data starts a year later.
	if err := w.RemoveDataset(early); err != nil {
		t.Fatal(err)
	}
	// Then the a window moves back 12 periods and the b window, now before
	// the first period, is dropped; the target at period 3 goes too.
	want := []kpitree.Override{{Node: "a", Op: kpitree.OpAdd, Value: 1, From: 2, To: 4}}
	if sc, _ := w.Scenario("s"); fmt.Sprint(sc.Overrides) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", sc.Overrides, want)
	}
	if n, _ := w.Node("total"); len(n.Targets) != 1 || n.Targets[0].FiscalYear != 2024 {
		t.Errorf("should keep only the fiscal-year target: %v", n.Targets)
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if sc, _ := w.Scenario("s"); len(sc.Overrides) != 2 || sc.Overrides[0].From != 14 {
		t.Errorf("undo should restore both windows: %v", sc.Overrides)
	}
	if _, err := w.Redo(); err != nil {
		t.Fatal(err)
	}
	if sc, _ := w.Scenario("s"); fmt.Sprint(sc.Overrides) != fmt.Sprint(want) {
		t.Errorf("redo should re-apply the rewrite: got %v, want %v", sc.Overrides, want)
	}
}
