package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/store"
)

// TestConcurrentUse runs edits, reads and a compaction from several
// goroutines: no edit may be lost when Compact swaps the file underneath.
func TestConcurrentUse(t *testing.T) {
	s, _ := newStore(t)
	store.SetNoSync(s, true)
	const writers, edits = 4, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range edits {
				edit(t, s, "e", fmt.Sprintf("w%d-%d", w, i), "v")
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range edits {
				_ = s.View(func(tx *store.Tx) error { _ = tx.Keys(store.BucketTrees); return nil })
				s.CanUndo()
			}
		})
	}
	wg.Go(func() {
		for range 3 {
			if err := s.Compact(t.Context(), nil); err != nil {
				t.Errorf("Compact: %v", err)
			}
		}
	})
	wg.Wait()
	var n int
	_ = s.View(func(tx *store.Tx) error { n = len(tx.Keys(store.BucketTrees)); return nil })
	entries, cursor, err := s.History()
	if n != writers*edits || len(entries) != writers*edits || cursor != len(entries) || err != nil {
		t.Errorf("%d documents, %d entries, cursor %d, %v; want %d each", n, len(entries), cursor, err, writers*edits)
	}
}
