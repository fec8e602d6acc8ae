package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// setOp is a toy operation for tests: "key=value" sets trees/key; "key="
// deletes it. The workspace layer will have its own encoding.
func setOp(key, value string) []byte { return []byte(key + "=" + value) }

func applyOp(tx *store.Tx, op []byte) error {
	k, v, ok := strings.Cut(string(op), "=")
	if !ok {
		return fmt.Errorf("bad op %q", op)
	}
	if v == "" {
		return tx.Delete(store.BucketTrees, k)
	}
	return tx.Put(store.BucketTrees, k, []byte(v))
}

// edit sets key to value and records the inverse, in one Update.
func edit(t testing.TB, s *store.Store, label, key, value string) {
	t.Helper()
	err := s.Update(func(tx *store.Tx) error {
		old := string(tx.Get(store.BucketTrees, key))
		if err := tx.Put(store.BucketTrees, key, []byte(value)); err != nil {
			return err
		}
		return tx.Record(label, setOp(key, value), setOp(key, old))
	})
	if err != nil {
		t.Fatalf("edit %s: %v", label, err)
	}
}

func TestUndoRedo(t *testing.T) {
	type step struct {
		do        string // "edit:label:value", "undo", "redo"
		wantLabel string
		wantErr   error
		wantValue string
		canUndo   bool
		canRedo   bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"should undo and redo a single edit", []step{
			{do: "edit:a:1", wantValue: "1", canUndo: true},
			{do: "undo", wantLabel: "a", wantValue: "", canRedo: true},
			{do: "redo", wantLabel: "a", wantValue: "1", canUndo: true},
		}},
		{"should walk back through several edits and forward again", []step{
			{do: "edit:a:1", wantValue: "1", canUndo: true},
			{do: "edit:b:2", wantValue: "2", canUndo: true},
			{do: "edit:c:3", wantValue: "3", canUndo: true},
			{do: "undo", wantLabel: "c", wantValue: "2", canUndo: true, canRedo: true},
			{do: "undo", wantLabel: "b", wantValue: "1", canUndo: true, canRedo: true},
			{do: "redo", wantLabel: "b", wantValue: "2", canUndo: true, canRedo: true},
			{do: "redo", wantLabel: "c", wantValue: "3", canUndo: true},
		}},
		{"should discard the redo tail when a new edit is recorded", []step{
			{do: "edit:a:1", wantValue: "1", canUndo: true},
			{do: "edit:b:2", wantValue: "2", canUndo: true},
			{do: "undo", wantLabel: "b", wantValue: "1", canUndo: true, canRedo: true},
			{do: "edit:x:9", wantValue: "9", canUndo: true},
			{do: "redo", wantErr: store.ErrNothingToRedo, wantValue: "9", canUndo: true},
			{do: "undo", wantLabel: "x", wantValue: "1", canUndo: true, canRedo: true},
		}},
		{"should report the ends of the history", []step{
			{do: "undo", wantErr: store.ErrNothingToUndo},
			{do: "redo", wantErr: store.ErrNothingToRedo},
			{do: "edit:a:1", wantValue: "1", canUndo: true},
			{do: "undo", wantLabel: "a", canRedo: true},
			{do: "undo", wantErr: store.ErrNothingToUndo, canRedo: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			for i, st := range tt.steps {
				var label string
				var err error
				switch {
				case strings.HasPrefix(st.do, "edit:"):
					parts := strings.Split(st.do, ":")
					edit(t, s, parts[1], "k", parts[2])
				case st.do == "undo":
					label, err = s.Undo(applyOp)
				case st.do == "redo":
					label, err = s.Redo(applyOp)
				}
				if !errors.Is(err, st.wantErr) || label != st.wantLabel {
					t.Fatalf("step %d %s: (%q, %v), want (%q, %v)", i, st.do, label, err, st.wantLabel, st.wantErr)
				}
				if got := get(t, s, store.BucketTrees, "k"); got != st.wantValue {
					t.Errorf("step %d %s: k = %q, want %q", i, st.do, got, st.wantValue)
				}
				if s.CanUndo() != st.canUndo || s.CanRedo() != st.canRedo {
					t.Errorf("step %d %s: CanUndo/CanRedo = %v/%v, want %v/%v", i, st.do, s.CanUndo(), s.CanRedo(), st.canUndo, st.canRedo)
				}
			}
		})
	}
}

func TestHistory(t *testing.T) {
	t.Run("should list entries oldest first with the applied count as cursor", func(t *testing.T) {
		s, _ := newStore(t)
		edit(t, s, "first", "k", "1")
		edit(t, s, "second", "k", "2")
		edit(t, s, "third", "k", "3")
		if _, err := s.Undo(applyOp); err != nil {
			t.Fatal(err)
		}
		entries, cursor, err := s.History()
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, e := range entries {
			labels = append(labels, e.Label)
		}
		if strings.Join(labels, ",") != "first,second,third" || cursor != 2 {
			t.Errorf("History = %v cursor %d, want first,second,third cursor 2", labels, cursor)
		}
		if e := entries[1]; !bytes.Equal(e.Forward, setOp("k", "2")) || !bytes.Equal(e.Inverse, setOp("k", "1")) || e.Time.IsZero() {
			t.Errorf("entry 2 = %+v, want forward k=2, inverse k=1 and a time", e)
		}
	})
	t.Run("should survive closing and reopening", func(t *testing.T) {
		s, path := newStore(t)
		edit(t, s, "a", "k", "1")
		edit(t, s, "b", "k", "2")
		if _, err := s.Undo(applyOp); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		r := openStore(t, path, store.Options{})
		if !r.CanUndo() || !r.CanRedo() {
			t.Fatalf("after reopen CanUndo/CanRedo = %v/%v, want true/true", r.CanUndo(), r.CanRedo())
		}
		if label, err := r.Redo(applyOp); err != nil || label != "b" || get(t, r, store.BucketTrees, "k") != "2" {
			t.Errorf("Redo after reopen = %q, %v; k = %q", label, err, get(t, r, store.BucketTrees, "k"))
		}
	})
	t.Run("should leave document and cursor alone when apply fails", func(t *testing.T) {
		s, _ := newStore(t)
		edit(t, s, "a", "k", "1")
		boom := errors.New("boom")
		_, err := s.Undo(func(tx *store.Tx, inverse []byte) error {
			_ = applyOp(tx, inverse)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if get(t, s, store.BucketTrees, "k") != "1" || !s.CanUndo() || s.CanRedo() {
			t.Error("a failed undo changed the document or the cursor")
		}
	})
	t.Run("should refuse Record inside an undo", func(t *testing.T) {
		s, _ := newStore(t)
		edit(t, s, "a", "k", "1")
		_, err := s.Undo(func(tx *store.Tx, inverse []byte) error {
			return tx.Record("nested", nil, nil)
		})
		if err == nil {
			t.Fatal("Record inside Undo succeeded")
		}
		if !s.CanUndo() || s.CanRedo() {
			t.Error("the refused undo moved the cursor")
		}
	})
	t.Run("should refuse undo in a read-only store", func(t *testing.T) {
		s, path := newStore(t)
		edit(t, s, "a", "k", "1")
		_ = s.Close()
		r := openStore(t, path, store.Options{ReadOnly: true})
		if _, err := r.Undo(applyOp); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Undo read-only: %v, want ErrReadOnly", err)
		}
	})
	t.Run("should keep only MaxHistory entries when set", func(t *testing.T) {
		s, path := newStore(t)
		_ = s.Close()
		c := openStore(t, path, store.Options{MaxHistory: 3})
		for i := range 6 {
			edit(t, c, fmt.Sprint("e", i), "k", fmt.Sprint(i))
		}
		entries, cursor, err := c.History()
		if err != nil || len(entries) != 3 || cursor != 3 || entries[0].Label != "e3" {
			t.Fatalf("History = %d entries, cursor %d, first %q, %v; want e3..e5", len(entries), cursor, entries[0].Label, err)
		}
		for range 3 {
			if _, err := c.Undo(applyOp); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.Undo(applyOp); !errors.Is(err, store.ErrNothingToUndo) {
			t.Errorf("undo past the kept history: %v, want ErrNothingToUndo", err)
		}
		if get(t, c, store.BucketTrees, "k") != "2" {
			t.Errorf("k = %q after undoing e3..e5, want 2", get(t, c, store.BucketTrees, "k"))
		}
	})
}

// TestHistoryFileSizeBounded runs 10,000 edit/undo cycles of a fixed-size
// document: discarded redo entries free their pages, which bbolt reuses, so
// the file must stop growing after the first cycles.
func TestHistoryFileSizeBounded(t *testing.T) {
	cycles := 10000
	if testing.Short() {
		cycles = 1000
	}
	s, path := newStore(t)
	store.SetNoSync(s, true) // fsync does not change page reuse; it only costs time
	doc := strings.Repeat("x", 4096)
	sizeAt := map[int]int64{}
	for i := 1; i <= cycles; i++ {
		edit(t, s, "edit", "doc", fmt.Sprint(i, doc))
		if _, err := s.Undo(applyOp); err != nil {
			t.Fatal(err)
		}
		if i == 100 || i == cycles {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			sizeAt[i] = fi.Size()
		}
	}
	if sizeAt[cycles] > sizeAt[100] {
		t.Errorf("file grew from %d B after 100 cycles to %d B after %d", sizeAt[100], sizeAt[cycles], cycles)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("file %d B after %d cycles (%d B after 100), %d free B, %d history entries", st.FileSize, cycles, sizeAt[100], st.FreeBytes, st.HistoryEntries)
}

// TestCompact deletes a long history's worth of documents
// and checks that Compact shrinks the file and keeps every record.
func TestCompact(t *testing.T) {
	s, path := newStore(t)
	store.SetNoSync(s, true)
	big := strings.Repeat("y", 8192)
	for i := range 500 {
		edit(t, s, fmt.Sprint("e", i), fmt.Sprint("k", i), big)
	}
	err := s.Update(func(tx *store.Tx) error {
		for i := range 500 {
			if err := tx.Delete(store.BucketTrees, fmt.Sprint("k", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Stats()
	var calls int
	if err := s.Compact(t.Context(), func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Stats()
	if after.FileSize >= before.FileSize || calls == 0 {
		t.Errorf("Compact: %d B → %d B with %d progress calls; want smaller and progress", before.FileSize, after.FileSize, calls)
	}
	entries, cursor, err := s.History()
	if err != nil || len(entries) != 500 || cursor != 500 {
		t.Errorf("history after Compact: %d entries, cursor %d, %v", len(entries), cursor, err)
	}
	t.Run("should keep working and keep the lock on the new file", func(t *testing.T) {
		edit(t, s, "after", "k", "v")
		if _, err := store.Open(path, store.Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, store.ErrLocked) {
			t.Errorf("open beside a compacted store: %v, want ErrLocked", err)
		}
	})
}

func TestCompactOnClose(t *testing.T) {
	s, path := newStore(t)
	store.SetNoSync(s, true)
	big := strings.Repeat("y", 8192)
	for i := range 400 {
		edit(t, s, fmt.Sprint("e", i), fmt.Sprint("k", i), big)
	}
	// Undo everything, then one new edit discards all 400 entries.
	for range 400 {
		if _, err := s.Undo(applyOp); err != nil {
			t.Fatal(err)
		}
	}
	edit(t, s, "last", "k", "small")
	before, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after := int64(len(readFile(t, path)))
	if after*2 > before.FileSize {
		t.Errorf("file %d B before Close (%d B free), %d B after; want Close to compact", before.FileSize, before.FreeBytes, after)
	}
	r := openStore(t, path, store.Options{ReadOnly: true})
	if !r.Meta().CleanShutdown || get(t, r, store.BucketTrees, "k") != "small" || !r.CanUndo() {
		t.Error("compacted file lost its clean flag, document or history")
	}
}
