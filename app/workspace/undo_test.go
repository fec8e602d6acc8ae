package workspace_test

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// actions covers every kind of undoable action the workspace offers.
func actions() []struct {
	name string
	do   func(w *workspace.Workspace) error
} {
	return []struct {
		name string
		do   func(w *workspace.Workspace) error
	}{
		{"edit a node", func(w *workspace.Workspace) error {
			n := w.Tree().Nodes[1]
			n.Name, n.Owner, n.Targets = "単価", "CS team", []kpitree.Target{{FiscalYear: 2026, Value: 12000}}
			return w.SetNode(n)
		}},
		{"add a node", func(w *workspace.Workspace) error {
			return w.AddNode(kpitree.Node{ID: "nps", Name: "NPS", Kind: kpitree.KindInput, Values: []float64{10, nan(), 12}})
		}},
		{"remove a bound node", func(w *workspace.Workspace) error { return w.RemoveNode("active_rate") }},
		{"replace the tree", func(w *workspace.Workspace) error {
			t := w.Tree()
			t.Name, t.Root = "renamed", "active_customers"
			t.Nodes = t.Nodes[1:]
			return w.SetTree("Replace tree", t)
		}},
		{"bind", func(w *workspace.Workspace) error { return w.Bind("active_rate", "cs_monthly", "nps") }},
		{"unbind", func(w *workspace.Workspace) error { return w.Unbind("csm_count") }},
		{"import a second dataset", func(w *workspace.Workspace) error {
			d := sampleDatasetLike()
			_, err := w.CommitImport(d, []workspace.Binding{{Node: "unit_price", Column: "x"}})
			return err
		}},
		{"remove a dataset", func(w *workspace.Workspace) error { return w.RemoveDataset("cs_monthly") }},
		{"add a scenario", func(w *workspace.Workspace) error { return w.AddScenario(upside()) }},
		{"add a note", func(w *workspace.Workspace) error {
			_, err := w.AddNote(workspace.Note{Node: "unit_price", Period: "2025-01", Text: "値上げ"})
			return err
		}},
		{"add an initiative", func(w *workspace.Workspace) error {
			return w.AddInitiative(workspace.Initiative{Name: "施策", Node: "unit_price", Start: "2025-01", Cost: 1e5})
		}},
		{"change settings", func(w *workspace.Workspace) error {
			s := w.Settings()
			s.Paths, s.FiscalYearStart = 200, time.January
			return w.SetSettings(s)
		}},
	}
}

func nan() float64 { return math.NaN() }

func upside() kpitree.Scenario {
	return kpitree.Scenario{Name: "upside", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: 24, To: -1, Ramp: 3}}}
}

// sampleDatasetLike is a small second dataset on the sample's calendar.
func sampleDatasetLike() workspace.Dataset {
	start := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	return workspace.Dataset{Name: "prices", Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: 3},
		Columns: []workspace.Column{{Name: "x", Values: workspace.Values{1, 2, 3}}}}
}

func TestUndoRedo(t *testing.T) {
	for _, a := range actions() {
		t.Run("should undo and redo "+a.name+" exactly", func(t *testing.T) {
			// given a workspace with data and one scenario
			w, _ := newSampleWorkspace(t)
			if err := w.AddScenario(kpitree.Scenario{Name: "base+"}); err != nil {
				t.Fatal(err)
			}
			before := dump(t, w)
			// when the action runs
			if err := a.do(w); err != nil {
				t.Fatalf("action: %v", err)
			}
			after := dump(t, w)
			if after == before {
				t.Fatal("action changed nothing")
			}
			// then undo restores the state before, and redo the state after
			if _, err := w.Undo(); err != nil {
				t.Fatalf("undo: %v", err)
			}
			if got := dump(t, w); got != before {
				t.Errorf("after undo:\n%s\nwant:\n%s", got, before)
			}
			if _, err := w.Redo(); err != nil {
				t.Fatalf("redo: %v", err)
			}
			if got := dump(t, w); got != after {
				t.Errorf("after redo:\n%s\nwant:\n%s", got, after)
			}
		})
	}
}

func TestHistorySurvivesReopen(t *testing.T) {
	for _, a := range actions() {
		t.Run("should undo "+a.name+" after close and reopen", func(t *testing.T) {
			w, path := newSampleWorkspace(t)
			before := dump(t, w)
			if err := a.do(w); err != nil {
				t.Fatalf("action: %v", err)
			}
			after := dump(t, w)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			w2, err := workspace.Open(path, workspace.Options{})
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer w2.Close()
			if got := dump(t, w2); got != after {
				t.Fatalf("reopened state differs:\n%s\nwant:\n%s", got, after)
			}
			if _, err := w2.Undo(); err != nil {
				t.Fatalf("undo: %v", err)
			}
			if got := dump(t, w2); got != before {
				t.Errorf("after undo:\n%s\nwant:\n%s", got, before)
			}
			h, err := w2.History()
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 2 || !h[0].Applied || h[1].Applied {
				t.Errorf("history = %+v, want import applied then the action undone", h)
			}
		})
	}
}

func TestUndoNothing(t *testing.T) {
	w, _ := newWorkspace(t)
	if _, err := w.Undo(); !errors.Is(err, store.ErrNothingToUndo) {
		t.Errorf("undo on a new workspace: %v, want ErrNothingToUndo", err)
	}
	if _, err := w.Redo(); !errors.Is(err, store.ErrNothingToRedo) {
		t.Errorf("redo on a new workspace: %v, want ErrNothingToRedo", err)
	}
	if w.CanUndo() || w.CanRedo() {
		t.Error("CanUndo/CanRedo true on a new workspace")
	}
}

func TestNewActionDropsRedo(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if !w.CanRedo() {
		t.Fatal("want redo available after undo")
	}
	if err := w.Unbind("csm_count"); err != nil {
		t.Fatal(err)
	}
	if w.CanRedo() {
		t.Error("redo still available after a new action")
	}
}

func TestHistoryIsCapped(t *testing.T) {
	path := t.TempDir() + "/cap.kpitree"
	w, err := workspace.Create(path, workspace.CreateParams{Tree: canonicalTree(), MaxHistory: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for i := range 12 {
		n := w.Tree().Nodes[1]
		n.Description = time.Duration(i).String()
		if err := w.SetNode(n); err != nil {
			t.Fatal(err)
		}
	}
	h, err := w.History()
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 5 {
		t.Errorf("history has %d entries, want the cap 5", len(h))
	}
}

func TestFileDoesNotGrowWithHistory(t *testing.T) {
	path := t.TempDir() + "/grow.kpitree"
	w, err := workspace.Create(path, workspace.CreateParams{Tree: canonicalTree(), MaxHistory: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	edit := func(i int) {
		n, _ := w.Node("csm_count")
		n.Description = strings.Repeat("x", 1000+i%7)
		if err := w.SetNode(n); err != nil {
			t.Fatal(err)
		}
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	for i := range 50 {
		edit(i)
	}
	early := size()
	for i := range 150 {
		edit(i)
	}
	if late := size(); late > early*2 {
		t.Errorf("file grew from %d to %d bytes over 150 more edits with history capped at 10", early, late)
	}
}
