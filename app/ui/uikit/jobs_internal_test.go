package uikit

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

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

func TestCoalescer_LatestWins(t *testing.T) {
	t.Run("should run the first value and then only the latest, never a backlog", func(t *testing.T) {
		// given a worker that blocks until released
		release := make(chan struct{})
		var mu sync.Mutex
		var got []int
		c := NewCoalescer(&Jobs{}, func(v int) {
			mu.Lock()
			got = append(got, v)
			first := len(got) == 1
			mu.Unlock()
			if first {
				<-release
			}
		})
		// when 100 values arrive while the first is being processed
		c.Submit(0)
		deadline := time.Now().Add(5 * time.Second)
		for {
			mu.Lock()
			started := len(got) == 1
			mu.Unlock()
			if started || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		for v := 1; v <= 100; v++ {
			c.Submit(v)
		}
		close(release)
		c.Wait()
		// then only the first and the last were processed
		if !slices.Equal(got, []int{0, 100}) {
			t.Fatalf("processed %v, want [0 100]", got)
		}
	})
	t.Run("should process values submitted after it went idle", func(t *testing.T) {
		var got []int
		c := NewCoalescer(&Jobs{}, func(v int) { got = append(got, v) })
		c.Submit(1)
		c.Wait()
		c.Submit(2)
		c.Wait()
		if !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("processed %v, want [1 2]", got)
		}
	})
}

func TestWriter(t *testing.T) {
	t.Run("should store in the order asked, replacing a waiting write of the same key", func(t *testing.T) {
		// given a writer whose first write blocks until released
		uitest.NewApp(t)
		j := &Jobs{}
		w := NewWriter(j)
		release, started := make(chan struct{}), make(chan struct{})
		var mu sync.Mutex
		var stored, done []string
		write := func(key, v string) {
			w.Write(key, func(context.Context) error {
				if v == "first" {
					close(started)
					<-release
				}
				mu.Lock()
				stored = append(stored, v)
				mu.Unlock()
				return nil
			}, func(error) { done = append(done, v) })
		}
		// when writes of several keys arrive while the first one runs
		write("a", "first")
		<-started
		write("a", "a1")
		write("a", "a2")    // replaces a1, still waiting
		write("", "rename") // no key: never replaced, keeps its place
		write("a", "a3")    // after the rename: must not replace a2
		write("a", "a4")    // replaces a3
		close(release)
		w.Wait()
		// then the store sees each change once, in order, and each done
		// that ran followed its write on the UI goroutine
		want := []string{"first", "a2", "rename", "a4"}
		if !slices.Equal(stored, want) {
			t.Fatalf("stored %v, want %v", stored, want)
		}
		if !slices.Equal(done, want) {
			t.Fatalf("done ran for %v, want %v", done, want)
		}
	})
	t.Run("should pass the error of a failed write to its done", func(t *testing.T) {
		uitest.NewApp(t)
		w := NewWriter(&Jobs{})
		boom := errors.New("disk full")
		var got error
		w.Write("", func(context.Context) error { return boom }, func(err error) { got = err })
		w.Wait()
		if !errors.Is(got, boom) {
			t.Fatalf("done got %v, want %v", got, boom)
		}
	})
	t.Run("should still write after the pane's scope closed, dropping only done", func(t *testing.T) {
		uitest.NewApp(t)
		scope := NewPaneScope()
		j := &Jobs{Scope: scope}
		w := NewWriter(j)
		scope.Close()
		wrote, applied := false, false
		w.Write("", func(ctx context.Context) error {
			wrote = ctx.Err() == nil
			return nil
		}, func(error) { applied = true })
		w.Wait()
		if !wrote || applied {
			t.Fatalf("wrote %v (with a live context), done applied %v; want true, false", wrote, applied)
		}
	})
}
