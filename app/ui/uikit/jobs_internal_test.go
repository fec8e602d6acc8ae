package uikit

import (
	"context"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestPaneScope(t *testing.T) {
	t.Run("should drop a result that arrives after the pane is gone", func(t *testing.T) {
		uitest.NewApp(t)
		scope := NewPaneScope()
		j := &Jobs{Scope: scope}
		release := make(chan struct{})
		applied := false
		RunJob(j, j.Ctx(), func(ctx context.Context) (int, error) {
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
		if scope.Context().Err() != nil || scope.Closed() {
			t.Fatal("nil scope is done")
		}
	})
}
