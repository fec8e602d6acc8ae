package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/store"
)

// newStore creates a workspace in a temp dir. Its cleanup checks the file's
// integrity (reopening it if the test closed it) and closes it.
func newStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ws.kpitree")
	s, err := store.Create(path, "test-1.0")
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { checkAndClose(t, s, path) })
	return s, path
}

// openStore opens path for writing with the same integrity cleanup.
func openStore(t testing.TB, path string, opts store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", filepath.Base(path), err)
	}
	t.Cleanup(func() { checkAndClose(t, s, path) })
	return s
}

func checkAndClose(t testing.TB, s *store.Store, path string) {
	t.Helper()
	err := s.Check(context.Background())
	if errors.Is(err, store.ErrClosed) {
		r, oerr := store.Open(path, store.Options{ReadOnly: true})
		if oerr != nil {
			if errors.Is(oerr, store.ErrLocked) {
				return // another store in this test still holds it and checks it
			}
			t.Errorf("cleanup: reopen %s: %v", path, oerr)
			return
		}
		err = r.Check(context.Background())
		_ = r.Close()
	}
	if err != nil {
		t.Errorf("cleanup: integrity check: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("cleanup: close: %v", err)
	}
}

// put stores one document in its own Update.
func put(t testing.TB, s *store.Store, bucket, key, value string) {
	t.Helper()
	if err := s.Update(func(tx *store.Tx) error { return tx.Put(bucket, key, []byte(value)) }); err != nil {
		t.Fatalf("put %s/%s: %v", bucket, key, err)
	}
}

// get reads one document in its own View; "" when missing.
func get(t testing.TB, s *store.Store, bucket, key string) string {
	t.Helper()
	var v []byte
	if err := s.View(func(tx *store.Tx) error { v = tx.Get(bucket, key); return nil }); err != nil {
		t.Fatalf("get %s/%s: %v", bucket, key, err)
	}
	return string(v)
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
