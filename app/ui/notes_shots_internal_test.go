package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestNotesScreenshots writes what the notes and initiatives look like —
// the window with the dots on the annotated boxes, and the inspector's
// section (app/ui/inspector's TestNotesSectionScreenshot has the section
// alone) — to PNG files in $KPITREE_SHOTS (skipped when unset), in the
// language $KPITREE_SHOTS_LANG (en or ja), for a person to look at:
//
//	KPITREE_SHOTS=/tmp/shots KPITREE_SHOTS_LANG=ja go test -tags ci -run TestNotesScreenshots ./app/ui
func TestNotesScreenshots(t *testing.T) {
	sh := uitest.Shots(t)
	language := sh.Lang
	if err := uikit.SetupLanguage(uikit.Language(language)); err != nil {
		t.Fatal(err)
	}
	app := uitest.NewApp(t)
	ad := newSampleAdapterLang(t, language)
	ws := ad.Workspace
	if err := ws.AddScenario(kpitree.Scenario{Name: "price +500", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: 30, To: -1}}}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []workspace.Note{{Node: "unit_price", Period: "2025-10", Text: "New price list sent to customers", Author: "Sato"},
		{Node: "addon_revenue", Period: "2026-02", Text: "Big customer churned"}} {
		if _, err := ws.AddNote(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.AddInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Owner: "Tanaka", Cost: 1.2e6,
		Status: workspace.StatusActive, Scenario: "price +500", Start: "2025-10"}); err != nil {
		t.Fatal(err)
	}
	s, err := New(Params{App: app, Opener: FileOpener{Lang: language}, Panes: []Pane{}, Workspace: ad})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.win.Close)
	s.win.Resize(fyne.NewSize(1280, 800))
	s.canvas.Select("unit_price")
	s.WaitIdle()
	s.inspector.Wait()
	sh.Shot(s.win, "notes-1-window")
	walkVisible(s.inspector.Content(), func(o fyne.CanvasObject) {
		if sc, ok := o.(*container.Scroll); ok {
			sc.ScrollToBottom()
		}
	})
	sh.Shot(s.win, "notes-1b-inspector-scrolled")
	// The section alone: app/ui/inspector's TestNotesSectionScreenshot.
}
