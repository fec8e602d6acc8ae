package inspector_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/workspace"
)

// visibleTexts collects the texts of the visible labels and selects under o.
func visibleTexts(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	switch w := o.(type) {
	case *widget.Label:
		return []string{w.Text}
	case *widget.Select:
		return []string{w.Selected}
	case *fyne.Container:
		var out []string
		for _, c := range w.Objects {
			out = append(out, visibleTexts(c)...)
		}
		return out
	case fyne.Widget:
		var out []string
		for _, c := range test.WidgetRenderer(w).Objects() {
			out = append(out, visibleTexts(c)...)
		}
		return out
	}
	return nil
}

// leafShell opens the sample workspace file with its leaves forecast, in
// a shell without bottom panes, and selects leaf.
func leafShell(t *testing.T, lang, leaf string) *ui.Shell {
	t.Helper()
	app := uitest.NewApp(t)
	op := ui.FileOpener{Lang: lang}
	ws, err := op.Create(context.Background(), filepath.Join(t.TempDir(), "s.kpitree"), ui.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := ws.(*ui.Adapter)
	if !ok {
		t.Fatalf("%T has no workspace file behind it", ws)
	}
	if _, err := a.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := ui.New(ui.Params{App: app, Opener: op, Workspace: ws, Panes: []ui.Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.WaitIdle()
		_ = ws.Close()
		s.Window().Close()
	})
	s.Canvas().Select(leaf)
	s.WaitIdle()
	return s
}

func TestShell_InspectorShowsLeafForecast(t *testing.T) {
	if c := os.Getenv(uitest.LangChildEnv); c != "" {
		if !strings.HasPrefix(c, "ja|leaf") {
			t.Skip("another test's child")
		}
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		s := leafShell(t, "ja", "active_rate")
		got := strings.Join(visibleTexts(s.Inspector().Content()), "\n")
		for _, want := range []string{"データと予測", "36期間、最終 2026-03", "既定（自動（最も当てはまるモデル））", "指数平滑法", "1か月先の誤差", "ロバストな組み合わせ"} {
			if !strings.Contains(got, want) {
				t.Errorf("Japanese inspector lacks %q:\n%s", want, got)
			}
		}
		return
	}
	t.Run("should show the selected leaf's binding, model, reason and accuracy", func(t *testing.T) {
		s := leafShell(t, "en", "active_rate")
		got := strings.Join(visibleTexts(s.Inspector().Content()), "\n")
		for _, want := range []string{"Data and forecast", "36 periods, last 2026-03", "Default (Automatic (best fit))", "Average of", "combo(", "robust combination", "one month ahead"} {
			if !strings.Contains(got, want) {
				t.Errorf("inspector lacks %q:\n%s", want, got)
			}
		}
	})
	t.Run("should show reasons and labels in Japanese", func(t *testing.T) {
		uitest.RunLanguageChild(t, "TestShell_InspectorShowsLeafForecast", "ja|leaf")
	})
}
