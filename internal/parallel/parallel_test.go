package parallel_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/kpitree/kpitree/internal/parallel"
)

func TestEach(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		t.Run("should call fn once per index", func(t *testing.T) {
			counts := make([]atomic.Int32, n)
			if err := parallel.Each(context.Background(), n, func(i int) { counts[i].Add(1) }); err != nil {
				t.Fatal(err)
			}
			for i := range counts {
				if c := counts[i].Load(); c != 1 {
					t.Errorf("n=%d: index %d called %d times, want 1", n, i, c)
				}
			}
		})
	}
	t.Run("should hand out nothing when the context is already done", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var calls atomic.Int32
		err := parallel.Each(ctx, 100, func(int) { calls.Add(1) })
		if err != context.Canceled {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if c := calls.Load(); c != 0 {
			t.Errorf("%d calls after cancel, want 0", c)
		}
	})
	t.Run("should stop handing out indices once cancelled mid-way", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var calls atomic.Int32
		err := parallel.Each(ctx, 100000, func(i int) {
			if calls.Add(1) == 10 {
				cancel()
			}
		})
		if err != context.Canceled {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		// At most one call per worker can start after the tenth.
		if c := calls.Load(); c >= 100000 {
			t.Errorf("%d calls: the pool did not stop", c)
		}
	})
}
