package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestReliabilityScreenshots writes what the salvage offer and the
// salvage report look like to PNG files in $KPITREE_SHOTS (skipped when
// unset), in the language $KPITREE_SHOTS_LANG (en or ja), for a person to
// look at; the date-order question and the re-import choice are written by
// the test of the same name in app/ui/datapane:
//
//	KPITREE_SHOTS=/tmp/shots KPITREE_SHOTS_LANG=ja go test -tags ci -run TestReliabilityScreenshots ./app/ui ./app/ui/datapane
func TestReliabilityScreenshots(t *testing.T) {
	sh := uitest.Shots(t)
	language := sh.Lang
	if err := uikit.SetupLanguage(uikit.Language(language)); err != nil {
		t.Fatal(err)
	}

	path := damagedWorkspace(t, language)
	a := uitest.NewApp(t)
	_, err := FileOpener{Lang: language}.Open(t.Context(), path)
	s, err := New(Params{App: a, Opener: FileOpener{Lang: language}, Panes: []Pane{}, StartupError: &uikit.OpenError{Path: path, Err: err}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.win.Close)
	s.win.Resize(fyne.NewSize(1280, 800))
	sh.Shot(s.win, "1-start-page")
	s.open(path)
	s.WaitIdle()
	sh.Shot(s.win, "2-salvage-offer")
	test.Tap(topButton(t, s.win, lang.L("salvage.button")))
	sh.Shot(s.win, "3-salvage-target")
	test.Tap(topButton(t, s.win, lang.L("salvage.confirm"))) // the form's button says Salvage (salvage.go)
	s.WaitIdle()
	sh.Shot(s.win, "4-salvage-report")

	// The binding wizard's screens (5–7) are written by the data pane's
	// test of the same name (app/ui/datapane).
}
