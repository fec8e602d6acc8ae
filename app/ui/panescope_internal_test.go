package ui

import (
	"context"
	"errors"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestShellPaneScope(t *testing.T) {
	t.Run("should drop the panes' subscriptions and cancel their work when the workspace is replaced", func(t *testing.T) {
		first, second := NewSampleAdapter(t), NewSampleAdapter(t)
		s, err := New(Params{App: uitest.NewApp(t), Opener: FileOpener{}, Workspace: first})
		if err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		for _, item := range s.tabs.Items { // a pane is built when first shown
			s.tabs.Select(item)
			s.WaitIdle()
		}
		if n := eventSubscribers(first); n < len(AnalysisPanes()) {
			t.Fatalf("%d event subscribers on the open workspace, want one per pane at least", n)
		}
		old := s.paneScope
		s.SetWorkspace(second, "")
		s.WaitIdle()
		if n := eventSubscribers(first); n != 0 {
			t.Errorf("%d event subscribers left on the replaced workspace", n)
		}
		if !errors.Is(old.Context().Err(), context.Canceled) {
			t.Errorf("old panes' context: %v, want cancelled", old.Context().Err())
		}
		if eventSubscribers(second) == 0 {
			t.Error("the new workspace's panes did not subscribe")
		}
	})
}

// eventSubscribers counts the workspace-event subscriptions on a.
func eventSubscribers(a *Adapter) int {
	return len(a.events.Snapshot()) + len(a.selection.Snapshot())
}
