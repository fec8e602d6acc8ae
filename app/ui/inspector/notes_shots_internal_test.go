package inspector

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestNotesSectionScreenshot writes what the inspector's notes and
// initiatives section looks like to a PNG file in $KPITREE_SHOTS (skipped
// when unset), in the language $KPITREE_SHOTS_LANG (en or ja), for a
// person to look at; app/ui's TestNotesScreenshots shows the window:
//
//	KPITREE_SHOTS=/tmp/shots KPITREE_SHOTS_LANG=ja go test -tags ci -run TestNotesSectionScreenshot ./app/ui/inspector
func TestNotesSectionScreenshot(t *testing.T) {
	sh := uitest.Shots(t)
	language := sh.Lang
	if err := uikit.SetupLanguage(uikit.Language(language)); err != nil {
		t.Fatal(err)
	}
	w := uitest.NewWindow(t)
	ws := sample(t, language)
	if err := ws.AddScenario(kpitree.Scenario{Name: "price +500", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: 30, To: -1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddNote(workspace.Note{Node: "unit_price", Period: "2025-10", Text: "New price list sent to customers", Author: "Sato"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.AddInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Owner: "Tanaka", Cost: 1.2e6,
		Status: workspace.StatusActive, Scenario: "price +500", Start: "2025-10"}); err != nil {
		t.Fatal(err)
	}
	in := New(nil)
	in.SetSource(ws, nil)
	in.SetNode(shownTree(t, ws), "unit_price")
	settle(in)
	w.SetContent(in.notes.box)
	w.Resize(fyne.NewSize(320, 720))
	// Wrapped labels know their height once laid out at their width: the
	// inspector relays itself out after loading, as here.
	in.notes.box.Refresh()
	sh.Shot(w, "notes-2-inspector-section")
}
