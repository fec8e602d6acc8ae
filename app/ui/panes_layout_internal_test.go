package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestShell_EnlargePanes(t *testing.T) {
	s := newCheckerShell(t, "en")
	t.Run("should give the bottom panes the tree's and the inspector's room", func(t *testing.T) {
		test.Tap(s.enlargeBtn)
		if !s.Enlarged() || s.centre.Visible() || s.inspector.Content().Visible() || !s.bottom.Visible() || !s.left.Visible() {
			t.Fatalf("enlarged %v: tree %v, inspector %v, panes %v, outline %v", s.Enlarged(), s.centre.Visible(),
				s.inspector.Content().Visible(), s.bottom.Visible(), s.left.Visible())
		}
		if !s.items.enlarge.Checked || s.items.showTree.Checked {
			t.Errorf("menu: enlarge %v, tree %v", s.items.enlarge.Checked, s.items.showTree.Checked)
		}
		if w := s.tabs.Size().Width; w < 0.7*s.win.Canvas().Size().Width {
			t.Errorf("the panes are %v wide in a %v window", w, s.win.Canvas().Size().Width)
		}
	})
	t.Run("should bring the tree and inspector back", func(t *testing.T) {
		s.items.enlarge.Action()
		if s.Enlarged() || !s.centre.Visible() || !s.inspector.Content().Visible() || s.items.enlarge.Checked {
			t.Fatalf("restored: enlarged %v, tree %v, inspector %v", s.Enlarged(), s.centre.Visible(), s.inspector.Content().Visible())
		}
	})
}

func TestShell_SplittersAreRemembered(t *testing.T) {
	a := uitest.NewApp(t)
	open := func() *Shell {
		s, err := New(Params{App: a, Opener: FileOpener{}, Panes: []Pane{}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Window().Close)
		return s
	}
	first := open()
	if first.splits.centre.Offset != splitCentre.def || first.splits.main.Offset != splitMain.def {
		t.Fatalf("a first run starts at %v, %v; want the defaults", first.splits.centre.Offset, first.splits.main.Offset)
	}
	first.splits.main.SetOffset(0.25)
	first.splits.right.SetOffset(0.6)
	first.splits.centre.SetOffset(0.5)
	first.saveSplits() // what quitting does
	next := open()
	for name, got := range map[string][2]float64{
		"outline": {next.splits.main.Offset, 0.25}, "inspector": {next.splits.right.Offset, 0.6}, "panes": {next.splits.centre.Offset, 0.5},
	} {
		if got[0] != got[1] {
			t.Errorf("%s splitter at %v after a restart, want %v", name, got[0], got[1])
		}
	}
	a.Preferences().SetFloat(splitMain.key, 7) // nonsense stored: the default
	if s := open(); s.splits.main.Offset != splitMain.def {
		t.Errorf("a stored offset of 7 gave %v, want the default %v", s.splits.main.Offset, splitMain.def)
	}
}

func TestShell_LegendSaysWhatTheBoxesShow(t *testing.T) {
	s := newCheckerShell(t, "en")
	if got := s.legend.Text; !strings.Contains(got, "2026-03") || !strings.Contains(got, "vs its target") {
		t.Errorf("legend %q, want the latest month and 'vs its target'", got)
	}
	a := s.Workspace().(*Adapter)
	snap := a.Snapshot()
	a.SetPreview(&Preview{Label: "draft", Actual: snap.Actual, Base: snap.Actual})
	s.WaitIdle()
	if got := s.legend.Text; !strings.Contains(got, "vs base") {
		t.Errorf("legend during a what-if preview %q, want 'vs base'", got)
	}
}

func TestShell_PanesFitTheDefaultWindow(t *testing.T) {
	inBothLanguages(t, "TestShell_PanesFitTheDefaultWindow", "fit-ja", panesFitCases)
}

// panesFitCases: in the default 1280×800 window, every bottom tab's pane
// fits the width the layout gives it. A pane wider than its room runs
// past the edge and its last widgets are cut off: the Review tab's
// comparison picker was, in both languages.
func panesFitCases(t *testing.T, code string) {
	op := FileOpener{Lang: code}
	ws, err := op.Create(t.Context(), filepath.Join(t.TempDir(), "sample.kpitree"), SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Params{App: uitest.NewApp(t), Opener: op, Workspace: ws})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() { s.WaitIdle(); _ = ws.Close(); s.Window().Close() })
	s.WaitIdle()
	for _, id := range []string{"addon_revenue", "active_rate"} {
		t.Run("should fit the inspector of "+id, func(t *testing.T) {
			s.canvas.Select(id)
			s.WaitIdle()
			var form *container.Scroll // the form's scroller, the widest one
			for _, o := range test.LaidOutObjects(s.inspector.Content()) {
				if sc, ok := o.(*container.Scroll); ok && sc.Direction == container.ScrollVerticalOnly &&
					(form == nil || sc.Size().Width > form.Size().Width) {
					form = sc
				}
			}
			if form == nil {
				t.Fatal("the inspector has no vertical scroller")
			}
			if need, got := form.Content.MinSize().Width, form.Size().Width; got == 0 || need > got+0.5 {
				t.Errorf("the inspector's form needs %.0f px and has %.0f", need, got)
			}
		})
	}
	for _, item := range s.tabs.Items {
		t.Run("should fit the "+item.Text+" pane", func(t *testing.T) {
			s.tabs.Select(item)
			s.WaitIdle()
			// A pane sits in a scroller: what runs past the edge needs
			// a sideways scroll to be seen.
			pane, got := item.Content, item.Content.Size().Width
			if sc, ok := pane.(*container.Scroll); ok {
				pane = sc.Content
			}
			if need := pane.MinSize().Width; got == 0 || need > got+0.5 {
				t.Errorf("the pane needs %.0f px and has %.0f", need, got)
			}
		})
	}
}
