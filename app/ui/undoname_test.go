package ui_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// undoNameWants is what the Edit menu's first two items read in one language.
type undoNameWants struct {
	plainUndo, plainRedo string
	undoAdded, redoAdded string // after adding scenario "Upside 2026", and after undoing it
	undoUnbind           string // after unbinding the root's reported actual (names the node, not its id)
	namedPrefix          string // how a named Undo item starts
	addScenario          string // the add-scenario action, {} standing for the name
}

// editItems returns the Edit menu's Undo and Redo items.
func editItems(s *ui.Shell) (undo, redo *fyne.MenuItem) {
	edit := s.MainMenu().Items[1]
	return edit.Items[0], edit.Items[1]
}

func checkUndoNames(t *testing.T, s *ui.Shell, want undoNameWants) {
	t.Helper()
	ws := s.Workspace().(*ui.Adapter).Workspace
	undo, redo := editItems(s)

	t.Run("should say plain Undo and Redo while there is nothing to step", func(t *testing.T) {
		if undo.Label != want.plainUndo || redo.Label != want.plainRedo {
			t.Errorf("items = %q, %q; want %q, %q", undo.Label, redo.Label, want.plainUndo, want.plainRedo)
		}
	})

	t.Run("should name the added scenario on the Undo item", func(t *testing.T) {
		// Given the user adds a scenario.
		if err := ws.AddScenario(kpitree.Scenario{Name: "Upside 2026"}); err != nil {
			t.Fatal(err)
		}
		// When its event reaches the menu.
		s.WaitIdle()
		// Then Undo names it and Redo stays plain.
		if undo.Label != want.undoAdded || undo.Disabled {
			t.Errorf("undo item = %q (disabled %v), want %q enabled", undo.Label, undo.Disabled, want.undoAdded)
		}
		if redo.Label != want.plainRedo || !redo.Disabled {
			t.Errorf("redo item = %q (disabled %v), want %q disabled", redo.Label, redo.Disabled, want.plainRedo)
		}
	})

	t.Run("should move the name to the Redo item after Undo", func(t *testing.T) {
		undo.Action()
		s.WaitIdle()
		if redo.Label != want.redoAdded || redo.Disabled {
			t.Errorf("redo item = %q (disabled %v), want %q enabled", redo.Label, redo.Disabled, want.redoAdded)
		}
		if undo.Label != want.plainUndo {
			t.Errorf("undo item = %q, want %q: the sample's history starts empty", undo.Label, want.plainUndo)
		}
		redo.Action()
		s.WaitIdle()
		if undo.Label != want.undoAdded || redo.Label != want.plainRedo {
			t.Errorf("after Redo: items = %q, %q; want %q, %q", undo.Label, redo.Label, want.undoAdded, want.plainRedo)
		}
	})

	t.Run("should show a node's name, not its id", func(t *testing.T) {
		if err := ws.UnbindActual(ws.Tree().Root); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		if undo.Label != want.undoUnbind {
			t.Errorf("undo item = %q, want %q", undo.Label, want.undoUnbind)
		}
	})

	t.Run("should keep an action of exactly 40 characters whole", func(t *testing.T) {
		name := strings.Repeat("x", 40-utf8.RuneCountInString(strings.TrimSuffix(want.addScenario, "{}")))
		if err := ws.AddScenario(kpitree.Scenario{Name: name}); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		if full := want.namedPrefix + strings.Replace(want.addScenario, "{}", name, 1); undo.Label != full {
			t.Errorf("undo item = %q, want %q", undo.Label, full)
		}
	})

	t.Run("should shorten a long action to 40 characters with an ellipsis", func(t *testing.T) {
		long := strings.Repeat("Expansion-led upside case ", 6) // 156 characters
		if err := ws.AddScenario(kpitree.Scenario{Name: long}); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		action, ok := strings.CutPrefix(undo.Label, want.namedPrefix)
		if !ok || !strings.HasSuffix(action, "…") || utf8.RuneCountInString(action) > 40 || utf8.RuneCountInString(action) < 30 {
			t.Errorf("undo item = %q: want %q and 30–40 characters ending in …", undo.Label, want.namedPrefix)
		}
	})
}

func TestShell_UndoRedoNameTheAction(t *testing.T) {
	s := newReportedShell(t, "en")
	checkUndoNames(t, s, undoNameWants{
		plainUndo: "Undo", plainRedo: "Redo",
		undoAdded:   "Undo Add scenario Upside 2026",
		redoAdded:   "Redo Add scenario Upside 2026",
		undoUnbind:  "Undo Unbind reported actual of Add-on revenue",
		namedPrefix: "Undo ",
		addScenario: "Add scenario {}",
	})
}

// TestShell_UndoRedoNameTheAction_Japanese runs in a child process with the
// Japanese UI (Fyne's translations are package state).
func TestShell_UndoRedoNameTheAction_Japanese(t *testing.T) {
	if os.Getenv(uitest.LangChildEnv) != "" {
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		s := newReportedShell(t, "ja")
		root, _ := s.Workspace().(*ui.Adapter).Workspace.Node(s.Workspace().Snapshot().Tree.Root)
		checkUndoNames(t, s, undoNameWants{
			plainUndo: "元に戻す", plainRedo: "やり直し",
			undoAdded:   "元に戻す：シナリオ「Upside 2026」を追加",
			redoAdded:   "やり直し：シナリオ「Upside 2026」を追加",
			undoUnbind:  "元に戻す：「" + root.Name + "」の報告実績の紐付けを解除",
			namedPrefix: "元に戻す：",
			addScenario: "シナリオ「{}」を追加",
		})
		return
	}
	out := uitest.RunLanguageChild(t, "TestShell_UndoRedoNameTheAction_Japanese", "ja|undoname")
	if !strings.Contains(out, "--- PASS: TestShell_UndoRedoNameTheAction_Japanese/should_name_the_added_scenario") {
		t.Errorf("the Japanese child did not run the checks:\n%s", out)
	}
}
