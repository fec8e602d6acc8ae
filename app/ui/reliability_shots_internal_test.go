package ui

import (
	"image/png"
	"os"
	"path/filepath"
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
	dir := os.Getenv("KPITREE_SHOTS")
	if dir == "" || os.Getenv(uitest.LangChildEnv) != "" {
		t.Skip("set KPITREE_SHOTS to a folder to write the screenshots")
	}
	language := os.Getenv("KPITREE_SHOTS_LANG")
	if language == "" {
		language = "en"
	}
	if err := uikit.SetupLanguage(uikit.Language(language)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := func(w fyne.Window, name string) {
		t.Helper()
		f, err := os.Create(filepath.Join(dir, language+"-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
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
	shot(s.win, "1-start-page")
	s.open(path)
	s.WaitIdle()
	shot(s.win, "2-salvage-offer")
	test.Tap(topButton(t, s.win, lang.L("salvage.button")))
	shot(s.win, "3-salvage-target")
	test.Tap(topButton(t, s.win, lang.L("salvage.confirm"))) // the form's button says Salvage (salvage.go)
	s.WaitIdle()
	shot(s.win, "4-salvage-report")

	// The binding wizard's screens (5–7) are written by the data pane's
	// test of the same name (app/ui/datapane).
}
