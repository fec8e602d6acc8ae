package ui

import (
	"context"
	"errors"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestPaneScope(t *testing.T) {
	t.Run("should drop the panes' subscriptions and cancel their work when the workspace is replaced", func(t *testing.T) {
		first, second := NewSampleAdapter(t), NewSampleAdapter(t)
		s, err := New(Params{App: uitest.NewApp(t), Opener: FileOpener{}, Workspace: first})
		if err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
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
	t.Run("should drop a result that arrives after the pane is gone", func(t *testing.T) {
		uitest.NewApp(t)
		scope := NewPaneScope()
		j := &jobs{scope: scope}
		release := make(chan struct{})
		applied := false
		runJob(j, j.ctx(), func(ctx context.Context) (int, error) {
			<-release
			return 1, ctx.Err()
		}, func(int, error) { applied = true })
		scope.Close()
		close(release)
		j.Wait()
		if applied {
			t.Fatal("a closed pane applied a late result")
		}
	})
	t.Run("should run a cleanup registered after closing at once", func(t *testing.T) {
		scope := NewPaneScope()
		scope.Close()
		ran := false
		scope.Defer(func() { ran = true })
		if !ran {
			t.Fatal("cleanup on a closed scope did not run")
		}
	})
	t.Run("should treat a nil scope as one that never closes", func(t *testing.T) {
		var scope *PaneScope
		scope.Defer(func() { t.Fatal("nil scope ran a cleanup") })
		scope.Close()
		if scope.Context().Err() != nil || scope.done() {
			t.Fatal("nil scope is done")
		}
	})
}

// eventSubscribers counts the workspace-event subscriptions on a.
func eventSubscribers(a *Adapter) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.evSubs) + len(a.selSubs)
}
