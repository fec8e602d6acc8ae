package datapane

import (
	"testing"

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
	sh := uitest.Shots(t)
	language := sh.Lang
	if err := uikit.SetupLanguage(uikit.Language(language)); err != nil {
		t.Fatal(err)
	}

	w := uitest.NewWindow(t)
	bw := NewWizard(w, emptyWorkspace(t, language), nil)
	bw.load(ambiguousCSV(t))
	bw.Wait()
	sh.Shot(w, "5-date-order")
	r := topRadio(t, bw)
	r.SetSelected(r.Options[0])
	test.Tap(uitest.TopButton(t, w, lang.L("dateorder.read")))
	bw.Wait()
	sh.Shot(w, "6-date-order-read")

	rw, _, _ := reimportScene(t, language)
	sh.Shot(rw.win, "7-reimport")
}
