package datapane

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

// TestReliabilityScreenshots writes what the date-order question and the
// re-import choice look like to PNG files in $KPITREE_SHOTS (skipped when
// unset), in the language $KPITREE_SHOTS_LANG (en or ja), for a person to
// look at (the salvage screens, 1–4, come from the test of the same name
// in app/ui):
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

	w := uitest.NewWindow(t)
	bw := NewWizard(w, emptyWorkspace(t, language), nil)
	bw.load(ambiguousCSV(t))
	bw.Wait()
	shot(w, "5-date-order")
	r := topRadio(t, bw)
	r.SetSelected(r.Options[0])
	test.Tap(uitest.TopButton(t, w, lang.L("dateorder.read")))
	bw.Wait()
	shot(w, "6-date-order-read")

	rw, _, _ := reimportScene(t, language)
	shot(rw.win, "7-reimport")
}
