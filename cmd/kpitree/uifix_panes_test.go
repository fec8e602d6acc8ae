package main

import (
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui"
)

// TestRun_ShowsAnalysisPanes starts the app as a user would (headless
// under -tags ci, where ShowAndRun returns at once) on a new workspace
// file and checks that the bottom area holds the real analysis panes, not
// the placeholders.
func TestRun_ShowsAnalysisPanes(t *testing.T) {
	// Keep the app's preferences and storage out of the real home folder.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
	t.Setenv("LANGUAGE", "") // run sets it for --lang; restored after the test
	ws := filepath.Join(t.TempDir(), "sample.kpitree")
	if err := run([]string{"--workspace", ws, "--lang", "en"}); err != nil {
		t.Fatal(err)
	}
	a := fyne.CurrentApp()
	if a == nil || len(a.Driver().AllWindows()) == 0 {
		t.Fatal("run opened no window")
	}
	// The window stays open: the panes' background loads may still be
	// finishing, and Fyne's headless driver panics when one repaints after
	// the last window closed. The process ends with the tests.
	w := a.Driver().AllWindows()[len(a.Driver().AllWindows())-1]
	var titles []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if tabs, ok := o.(*container.AppTabs); ok {
			for _, it := range tabs.Items {
				titles = append(titles, it.Text)
			}
		}
	}
	for _, p := range ui.AnalysisPanes() {
		if want := lang.L(p.TitleKey); !slices.Contains(titles, want) {
			t.Errorf("bottom tabs %q lack %q: main does not pass ui.AnalysisPanes()", titles, want)
		}
	}
}
