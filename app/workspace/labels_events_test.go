package workspace_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// historyEvents records the HistoryChanged events of w as "step code
// [args] | label", the part of an event the UI names an action by.
func historyEvents(t *testing.T, w *workspace.Workspace) func() []string {
	t.Helper()
	var mu sync.Mutex
	var got []string
	unsub := w.Subscribe(func(e workspace.Event) {
		if e.Kind != workspace.HistoryChanged {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		got = append(got, fmt.Sprintf("%s %s %v | %s", e.Step, e.Code, e.Args, e.Label))
	})
	t.Cleanup(unsub)
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
}

// TestEventsCarryLabelCodes: every event of a recorded action says which
// action it was (code and args) and whether it was done, undone or
// redone, so the UI can name it in the user's language.
func TestEventsCarryLabelCodes(t *testing.T) {
	// Given a sample workspace and a subscriber.
	w, _ := newSampleWorkspace(t)
	id := sampleDatasetID(t, w)
	events := historyEvents(t, w)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// When the user binds a reported actual, undoes and redoes it, edits
	// scenarios and the tree with a label of their own.
	must(w.BindActual("revenue", id, "revenue_jpy"))
	_, err := w.Undo()
	must(err)
	_, err = w.Redo()
	must(err)
	must(w.UnbindActual("revenue"))
	must(w.AddScenario(kpitree.Scenario{Name: "Upside 2026"}))
	must(w.Unbind("csm_count"))
	must(w.EditTree("Tidy up", func(t *kpitree.Tree) error { t.Name = "tidy"; return nil }))
	must(w.EditTree("Delete nodes", func(t *kpitree.Tree) error { t.Name = "tidier"; return nil }))
	_, err = w.Undo()
	must(err)
	// A label of the user's own that starts like an undo is still a do.
	must(w.EditTree("undo the rename", func(t *kpitree.Tree) error { t.Name = "plain"; return nil }))

	// Then each event names its action by code, args and step.
	want := []string{
		"do bind_actual [revenue] | Bind reported actual of revenue",
		"undo bind_actual [revenue] | undo Bind reported actual of revenue",
		"redo bind_actual [revenue] | redo Bind reported actual of revenue",
		"do unbind_actual [revenue] | Unbind reported actual of revenue",
		"do add_scenario [Upside 2026] | Add scenario Upside 2026",
		"do unbind [csm_count] | Unbind csm_count",
		"do custom [Tidy up] | Tidy up",
		"do delete_nodes [] | Delete nodes",
		"undo delete_nodes [] | undo Delete nodes",
		"do custom [undo the rename] | undo the rename",
	}
	if got := events(); !slices.Equal(got, want) {
		t.Errorf("events:\n got %q\nwant %q", got, want)
	}
}

// TestEventsAgreeWithHistory: an event's code and args are the ones the
// history stores for the same action, for every kind of label.
func TestEventsAgreeWithHistory(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	id := sampleDatasetID(t, w)
	events := historyEvents(t, w)
	for _, step := range []func() error{
		func() error { return w.BindActual("revenue", id, "revenue_jpy") },
		func() error { return w.AddScenario(kpitree.Scenario{Name: "Bind reported actual of x"}) },
		func() error { return w.RenameScenario("Bind reported actual of x", "Import y") },
		func() error { return w.DeleteScenario("Import y") },
		func() error { return w.EditTree("Import z", func(t *kpitree.Tree) error { t.Name = "z"; return nil }) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	h, err := w.History()
	if err != nil {
		t.Fatal(err)
	}
	got := events()
	h = h[len(h)-len(got):]
	for i, e := range h {
		if want := fmt.Sprintf("do %s %v | %s", e.Code, e.Args, e.Label); got[i] != want {
			t.Errorf("event %d = %q, history says %q", i, got[i], want)
		}
	}
}

// TestStepString: steps name themselves for logs; an unknown step reads
// as a plain action.
func TestStepString(t *testing.T) {
	for _, tc := range []struct {
		s    workspace.Step
		want string
	}{{workspace.StepDo, "do"}, {workspace.StepUndo, "undo"}, {workspace.StepRedo, "redo"}, {workspace.Step(9), "do"}} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("Step(%d) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
