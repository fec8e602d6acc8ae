package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// NewSampleAdapter creates the sample workspace (canonical tree with the
// sample data bound) in a temporary directory and wraps it.
func NewSampleAdapter(t testing.TB) *Adapter { t.Helper(); return newSampleAdapterLang(t, "en") }

// newSampleAdapterLang is the sample workspace made for language lang.
func newSampleAdapterLang(t testing.TB, lang string) *Adapter {
	t.Helper()
	ws, err := workspace.CreateSample(filepath.Join(t.TempDir(), "sample.kpitree"), lang)
	if err != nil {
		t.Fatal(err)
	}
	a := NewAdapter(ws)
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// dataFile is a sample data file of the repository.
func dataFile(name string) string { return filepath.Join("..", "..", "assets", "data", name) }

// newEmptyAdapter is a workspace from the canonical template in lang with
// no data, so the binding wizard has something to bind.
func newEmptyAdapter(t *testing.T, lang string) *Adapter {
	t.Helper()
	tr, err := kpitree.NewFromTemplate(workspace.SampleTemplate, lang)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Create(filepath.Join(t.TempDir(), "w.kpitree"), workspace.CreateParams{Tree: tr, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	a := NewAdapter(ws)
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// newTestWindow is a headless window with the embedded-font light theme.
func newTestWindow(t *testing.T) fyne.Window {
	t.Helper()
	a := uitest.NewApp(t)
	w := a.NewWindow("test")
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	return w
}

// waiter is anything tests can wait on: jobs and coalescers.
type waiter interface{ Wait() }

// settle waits until none of ws has work left; work may start more work
// (a job's update submits a redraw), so it waits a few rounds.
func settle(ws ...waiter) {
	for range 4 {
		for _, w := range ws {
			w.Wait()
		}
	}
}

// forecastSample forecasts the sample workspace's leaves once, as the
// forecast pane does in the app.
func forecastSample(t *testing.T, a *Adapter) {
	t.Helper()
	if _, err := a.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		t.Fatal(err)
	}
}

// inBothLanguages runs cases in English here and, as test name, in a
// Japanese child process with the Japanese strings loaded; child names
// that process (uitest.LangChildEnv's value).
func inBothLanguages(t *testing.T, name, child string, cases func(t *testing.T, code string)) {
	t.Helper()
	if os.Getenv(uitest.LangChildEnv) == "" {
		cases(t, "en")
	}
	if uitest.InChild(t, name, child) {
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		cases(t, "ja")
	}
}
