package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// TestReadOnlySnapshotIsConsistent has a writer commit as fast as it can
// while readers open the file read-only beside it: every reader must see
// one whole commit (two documents written together always agree), never
// a mix, a damaged file or a wait for the lock.
func TestReadOnlySnapshotIsConsistent(t *testing.T) {
	s, path := newStore(t)
	store.SetNoSync(s, true)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			v := fmt.Sprintf("%d:%s", i, string(make([]byte, i%5000)))
			err := s.Update(func(tx *store.Tx) error {
				if err := tx.Put(store.BucketTrees, "a", []byte(v)); err != nil {
					return err
				}
				return tx.Put(store.BucketScenarios, "b", []byte(v))
			})
			if err != nil {
				t.Errorf("writer: %v", err)
				return
			}
		}
	}()
	reads := 10
	if testing.Short() {
		reads = 3
	}
	deadline := time.Now().Add(3 * time.Second)
	for n := 0; n < reads || time.Now().Before(deadline) && n < 10*reads; n++ {
		start := time.Now()
		r, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("read %d: %v", n, err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("read %d took %v", n, took)
		}
		var a, b string
		err = r.View(func(tx *store.Tx) error {
			a, b = string(tx.Get(store.BucketTrees, "a")), string(tx.Get(store.BucketScenarios, "b"))
			return nil
		})
		if err == nil {
			err = r.Check(context.Background())
		}
		_ = r.Close()
		if err != nil {
			t.Fatalf("read %d: %v", n, err)
		}
		if a != b {
			t.Fatalf("read %d saw a torn commit: %.20q vs %.20q", n, a, b)
		}
	}
	cancel()
	wg.Wait()
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "kpitree-snapshot-*")); len(left) > 0 {
		t.Logf("snapshot files left in %s: %d (other processes may own them)", os.TempDir(), len(left))
	}
}

func TestCheckNotHeld(t *testing.T) {
	s, path := newStore(t)
	t.Run("should report a writer holding the file", func(t *testing.T) {
		if err := store.CheckNotHeld(path, 100*time.Millisecond); !errors.Is(err, store.ErrLocked) {
			t.Errorf("err = %v, want ErrLocked", err)
		}
	})
	t.Run("should not count a reader as a writer", func(t *testing.T) {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		r := openStore(t, path, store.Options{ReadOnly: true})
		if err := store.CheckNotHeld(path, 100*time.Millisecond); err != nil {
			t.Errorf("err = %v beside a reader, want nil", err)
		}
		_ = r
	})
	t.Run("should not count a missing file as held", func(t *testing.T) {
		if err := store.CheckNotHeld(filepath.Join(t.TempDir(), "none"), 100*time.Millisecond); err != nil {
			t.Errorf("err = %v, want nil", err)
		}
	})
}
