package ui

import (
	"strings"
	"testing"

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
