package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// leftovers lists the temporary files Create, Compact and SaveAs make
// beside a workspace (".NAME.creating-*", ".NAME.compact-*", ".NAME.tmp-*").
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// Windows refuses to remove a link to an open file: Create used to leave
// its ".creating-*" name behind on every new workspace there.
func TestCreateLeavesNoTemporaryFile(t *testing.T) {
	for _, name := range []string{"plan.kpitree", "計画 2026.kpitree"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := store.Create(filepath.Join(dir, name), "test")
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if l := leftovers(t, dir); len(l) != 0 {
				t.Errorf("Create left %v beside the open workspace", l)
			}
		})
	}
}

// Compact replaces the open file. On Windows an open or mapped file cannot
// be renamed over, so there it closes, renames and reopens; both ways must
// keep every record, shrink the file, keep the lock and leave nothing behind.
func TestCompactReplacement(t *testing.T) {
	tests := []struct {
		name    string
		compact func(*store.Store, context.Context) error
	}{
		{"rename while open (POSIX)", func(s *store.Store, ctx context.Context) error { return s.Compact(ctx, nil) }},
		{"close, rename, reopen (Windows)", store.CompactClosingFirst},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := newStore(t)
			store.SetNoSync(s, true)
			big := strings.Repeat("z", 8192)
			for i := range 200 {
				put(t, s, store.BucketTrees, fmt.Sprint("k", i), big)
			}
			for i := range 190 {
				if err := s.Update(func(tx *store.Tx) error { return tx.Delete(store.BucketTrees, fmt.Sprint("k", i)) }); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := s.Stats()
			if err := tt.compact(s, t.Context()); err != nil {
				t.Fatal(err)
			}
			after, _ := s.Stats()
			if after.FileSize >= before.FileSize {
				t.Errorf("file %d B → %d B, want smaller", before.FileSize, after.FileSize)
			}
			if got := get(t, s, store.BucketTrees, "k199"); got != big {
				t.Errorf("k199 lost after compaction (%d B)", len(got))
			}
			put(t, s, store.BucketTrees, "after", "v") // still writable
			if _, err := store.Open(path, store.Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, store.ErrLocked) {
				t.Errorf("second open after compaction: %v, want ErrLocked", err)
			}
			if l := leftovers(t, filepath.Dir(path)); len(l) != 0 {
				t.Errorf("compaction left %v", l)
			}
		})
	}
}
