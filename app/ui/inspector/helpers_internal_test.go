package inspector

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestMain loads the English strings; the Japanese cases run in child
// processes (uitest.RunLanguageChild).
func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}

// The workspace the inspector is given is the one the shell gives it:
// uitest.Workspace is the file-backed workspace with SubscribeEvents.
var _ Workspace = uitest.Workspace{}

// sample is the sample workspace made for language lang ("en", "ja").
func sample(t testing.TB, lang string) uitest.Workspace {
	t.Helper()
	return uitest.Sample(t, lang)
}

// shownTree is ws's tree as the shell shows it: on the calendar of the
// bound data, so targets and periods name real months.
func shownTree(t testing.TB, ws uitest.Workspace) kpitree.Tree {
	t.Helper()
	tr := ws.Tree()
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	tr.Calendar = e.Calendar
	return tr
}

// forecastSample forecasts the sample workspace's leaves once, so the
// inspector has forecasts to show (the forecast pane's work in the app).
func forecastSample(t *testing.T, ws uitest.Workspace) {
	t.Helper()
	if _, err := ws.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		t.Fatal(err)
	}
}

// settle waits until none of ws has work left (uitest.Settle).
func settle(ws ...uitest.Waiter) { uitest.Settle(ws...) }

// japaneseChild is uitest.LangChildEnv's value in the Japanese child
// processes of this package's tests.
const japaneseChild = "inspector-ja"

// inJapanese reports whether the caller is test name's Japanese child
// process, with the Japanese strings loaded, and should run its cases;
// otherwise it runs that child and fails unless the child's cases passed.
func inJapanese(t *testing.T, name string) bool {
	t.Helper()
	if !uitest.InChild(t, name, japaneseChild) {
		return false
	}
	if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
		t.Fatal(err)
	}
	return true
}
