package workspace_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// nextText renders a NextAction compactly for table comparisons.
func nextText(a workspace.NextAction) string {
	if !a.OK {
		return "-"
	}
	return fmt.Sprintf("%s %q (%s)", a.Code, a.Args, a.Label)
}

func TestNextActions(t *testing.T) {
	long := strings.Repeat("長いシナリオ名", 28) // 196 characters, 588 bytes: more than the peeked head
	tests := []struct {
		name       string
		do         func(w *workspace.Workspace) error
		undo, redo string
	}{
		{name: "should name nothing on a fresh workspace",
			do:   func(*workspace.Workspace) error { return nil },
			undo: "-", redo: "-"},
		{name: "should name the added scenario for undo",
			do:   func(w *workspace.Workspace) error { return w.AddScenario(kpitree.Scenario{Name: "Upside 2026"}) },
			undo: `add_scenario ["Upside 2026"] (Add scenario Upside 2026)`, redo: "-"},
		{name: "should name the undone action for redo and the one before it for undo",
			do: func(w *workspace.Workspace) error {
				if err := w.AddScenario(kpitree.Scenario{Name: "Upside 2026"}); err != nil {
					return err
				}
				if err := w.RenameScenario("Upside 2026", "Plan B"); err != nil {
					return err
				}
				_, err := w.Undo()
				return err
			},
			undo: `add_scenario ["Upside 2026"] (Add scenario Upside 2026)`,
			redo: `rename_scenario ["Upside 2026"] (Rename scenario Upside 2026)`},
		{name: "should name an action without args",
			do: func(w *workspace.Workspace) error {
				return w.AddNode(kpitree.Node{ID: "c", Name: "c", Kind: kpitree.KindInput})
			},
			undo: `add_node [] (Add node)`, redo: "-"},
		{name: "should name a caller's own label as custom",
			do: func(w *workspace.Workspace) error {
				return w.EditTree("Tidy up", func(t *kpitree.Tree) error { t.Name = "tidy"; return nil })
			},
			undo: `custom ["Tidy up"] (Tidy up)`, redo: "-"},
		{name: "should name an import whose record holds the whole dataset",
			do: func(w *workspace.Workspace) error {
				_, err := w.CommitImport(monthly("売上 2024", "2014-04", 120, 1), nil)
				return err
			},
			undo: `import ["売上 2024"] (Import 売上 2024)`, redo: "-"},
		{name: "should fall back to the label when the args do not fit in the head",
			do:   func(w *workspace.Workspace) error { return w.AddScenario(kpitree.Scenario{Name: long}) },
			undo: fmt.Sprintf("add_scenario [%q] (Add scenario %s)", long, long), redo: "-"},
		{name: "should name nothing for redo once everything is redone",
			do: func(w *workspace.Workspace) error {
				if err := w.AddScenario(kpitree.Scenario{Name: "A"}); err != nil {
					return err
				}
				if _, err := w.Undo(); err != nil {
					return err
				}
				_, err := w.Redo()
				return err
			},
			undo: `add_scenario ["A"] (Add scenario A)`, redo: "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a workspace where the user did something.
			w, _ := newWorkspace(t)
			if err := tt.do(w); err != nil {
				t.Fatal(err)
			}
			// When the menu asks what Undo and Redo would do.
			undo, redo, err := w.NextActions()
			if err != nil {
				t.Fatalf("NextActions: %v", err)
			}
			// Then they name those actions, agreeing with the full history.
			if got := nextText(undo); got != tt.undo {
				t.Errorf("undo:\n got %s\nwant %s", got, tt.undo)
			}
			if got := nextText(redo); got != tt.redo {
				t.Errorf("redo:\n got %s\nwant %s", got, tt.redo)
			}
			if undo.OK != w.CanUndo() || redo.OK != w.CanRedo() {
				t.Errorf("OK = %v/%v, CanUndo/CanRedo = %v/%v", undo.OK, redo.OK, w.CanUndo(), w.CanRedo())
			}
			h, err := w.History()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range h {
				if e.Applied && undo.OK && e.Label == undo.Label && (e.Code != undo.Code || !slices.Equal(e.Args, undo.Args)) {
					t.Errorf("History says %s %q, NextActions %s %q", e.Code, e.Args, undo.Code, undo.Args)
				}
			}
		})
	}
}

func TestNextActionsAfterClose(t *testing.T) {
	w, _ := newWorkspace(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.NextActions(); !errors.Is(err, workspace.ErrClosed) {
		t.Errorf("NextActions after Close: %v, want ErrClosed", err)
	}
}
