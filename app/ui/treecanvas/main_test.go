package treecanvas_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestMain loads the English strings: the context menus' labels and the
// boxes' numbers are asserted in English.
func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}

// sampleBoxes are the boxes of the sample workspace made for lang ("en"
// or "ja"), as the shell builds them: numbers in the UI language, which
// is English here.
func sampleBoxes(t testing.TB, lang string) []report.BoxModel {
	t.Helper()
	ws := uitest.Sample(t, lang)
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	return report.BuildBoxes(report.EvaluatedSeries(ws.Tree(), e), uikit.Translator())
}
