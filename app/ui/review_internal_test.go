package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/reviewpane"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// reviewChild names the Japanese child processes of the tests below.
const reviewChild = "review-ja"

// reviewLang is the language of this run: English, or Japanese in the
// child process runJapanese starts.
func reviewLang(t *testing.T) (report.Lang, string) {
	t.Helper()
	if os.Getenv(uitest.LangChildEnv) == reviewChild {
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		return report.Japanese, "ja"
	}
	return report.English, "en"
}

// runJapanese runs test name in a Japanese child process and reports
// whether the caller is that child (and should run the cases).
func runJapanese(t *testing.T, name string) bool {
	t.Helper()
	return uitest.InChild(t, name, reviewChild)
}

func TestShell_ReviewAlertBadge(t *testing.T) { alertBadgeCases(t) }
func TestShell_ReviewAlertBadgeJapanese(t *testing.T) {
	if runJapanese(t, "TestShell_ReviewAlertBadgeJapanese") {
		alertBadgeCases(t)
	}
}

// alertBadgeCases: with alert rules set, an import that plants a deviation
// marks the Review tab's title with the number of alerts that fired,
// without the tab being opened; a clean import clears it.
func alertBadgeCases(t *testing.T) {
	l, code := reviewLang(t)
	tr := report.For(l)
	app := uitest.NewApp(t)
	op := FileOpener{Lang: code}
	ws, err := op.Create(context.Background(), filepath.Join(t.TempDir(), "sample.kpitree"), SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	review := Pane{TitleKey: "pane.review", MakeBadged: ReviewPane, BadgeKey: "pane.review_alerts"}
	s, err := New(Params{App: app, Opener: op, Workspace: ws, Panes: []Pane{{TitleKey: "pane.data", Make: DataPane}, review}})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		s.WaitIdle()
		_ = s.Workspace().Close()
		s.Window().Close()
	})
	s.WaitIdle()
	plain := tr.L("pane.review")
	if !slices.Contains(s.TabTitles(), plain) {
		t.Fatalf("tabs %q: want %q", s.TabTitles(), plain)
	}
	w := ws.(*Adapter).Workspace
	for id, rules := range map[string][]kpitree.AlertRule{
		"addon_revenue": {{Kind: kpitree.AlertBand95}},
		"active_rate":   {{Kind: kpitree.AlertBand95}, {Kind: kpitree.AlertBand80}},
	} {
		n, _ := w.Node(id)
		n.Alerts = rules
		if err := w.SetNode(n); err != nil {
			t.Fatal(err)
		}
	}
	importAlertsCSV := func(name string) {
		ds, _, err := dataio.Read(context.Background(), filepath.Join("..", "workspace", "testdata", "alerts", name), dataio.Options{FiscalYearStart: time.April})
		if err != nil {
			t.Fatal(err)
		}
		ds.Source = "cs_monthly.csv"
		if _, err := w.ImportOrRefresh(ds, map[string]string{"unit_price": "unit_price_jpy", "csm_count": "csm_count",
			"onboarded_per_csm": "onboarded_per_csm", "active_rate": "active_rate"}); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
	}
	t.Run("should count the alerts of an import that plants a deviation on the Review tab", func(t *testing.T) {
		importAlertsCSV("cs_monthly_planted.csv")
		alerts, err := w.Alerts(context.Background())
		if err != nil || len(alerts) != 3 {
			t.Fatalf("alerts %+v, %v: want 3", alerts, err)
		}
		want := tr.L("pane.review_alerts", map[string]any{"Count": len(alerts)})
		if !slices.Contains(s.TabTitles(), want) {
			t.Errorf("tabs %q: want %q", s.TabTitles(), want)
		}
	})
	t.Run("should clear the count when a clean import fires none", func(t *testing.T) {
		importAlertsCSV("cs_monthly.csv")
		if !slices.Contains(s.TabTitles(), plain) {
			t.Errorf("tabs %q: want %q again", s.TabTitles(), plain)
		}
	})
}

// TestReviewPane_EmptyWorkspace: over the template with no data the
// Review tab says there is nothing to review yet and lists no windows.
func TestReviewPane_EmptyWorkspace(t *testing.T) {
	w := newTestWindow(t)
	a := newEmptyAdapter(t, "en")
	v := reviewpane.New(w, a, nil, nil)
	w.SetContent(v.Content())
	settle(v)
	if v.Period() != "" || len(v.Kinds()) != 0 || v.Note() != "No actuals yet: import data to review them." {
		t.Errorf("period %q, kinds %q, note %q", v.Period(), v.Kinds(), v.Note())
	}
}
