package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/store"
)

// peekWant is what Peek should report for one side (undo or redo).
type peekWant struct {
	ok    bool
	label string
	head  string // the payload's head: the op the step would apply
}

func checkPeek(t *testing.T, side string, got store.Peeked, want peekWant) {
	t.Helper()
	if got.OK != want.ok || got.Label != want.label || string(got.Head) != want.head {
		t.Errorf("%s peek = {OK:%v Label:%q Head:%q}, want {OK:%v Label:%q Head:%q}",
			side, got.OK, got.Label, got.Head, want.ok, want.label, want.head)
	}
	if got.OK && got.Size != len(want.head) {
		t.Errorf("%s peek Size = %d, want %d (whole payload)", side, got.Size, len(want.head))
	}
	if !got.OK && (got.Seq != 0 || got.Head != nil || !got.Time.IsZero()) {
		t.Errorf("%s peek without an entry should be zero, got %+v", side, got)
	}
	if got.OK && got.Time.IsZero() {
		t.Errorf("%s peek has no time", side)
	}
}

func TestPeek(t *testing.T) {
	none := peekWant{}
	tests := []struct {
		name    string
		steps   []string // "edit:label:value", "undo", "redo"
		undo    peekWant
		redo    peekWant
		undoSeq uint64
		redoSeq uint64
	}{
		{name: "should report nothing on an empty history", undo: none, redo: none},
		{name: "should name the last recorded action for undo, with its inverse",
			steps: []string{"edit:Rename node:1", "edit:Add scenario Upside:2"},
			undo:  peekWant{true, "Add scenario Upside", "k=1"}, redo: none, undoSeq: 2},
		{name: "should name the undone action for redo, with its forward op",
			steps: []string{"edit:first:1", "edit:second:2", "undo"},
			undo:  peekWant{true, "first", "k="}, redo: peekWant{true, "second", "k=2"}, undoSeq: 1, redoSeq: 2},
		{name: "should report only redo after undoing everything",
			steps: []string{"edit:only:1", "undo"},
			undo:  none, redo: peekWant{true, "only", "k=1"}, redoSeq: 1},
		{name: "should follow a redo back to the undo side",
			steps: []string{"edit:a:1", "edit:b:2", "undo", "undo", "redo"},
			undo:  peekWant{true, "a", "k="}, redo: peekWant{true, "b", "k=2"}, undoSeq: 1, redoSeq: 2},
		{name: "should forget the redo tail once a new action is recorded",
			steps: []string{"edit:a:1", "edit:b:2", "undo", "edit:c:3"},
			undo:  peekWant{true, "c", "k=1"}, redo: none, undoSeq: 2},
		{name: "should keep an empty label",
			steps: []string{"edit::1"},
			undo:  peekWant{true, "", "k="}, redo: none, undoSeq: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			for _, st := range tt.steps {
				var err error
				switch {
				case st == "undo":
					_, err = s.Undo(applyOp)
				case st == "redo":
					_, err = s.Redo(applyOp)
				default:
					rest, ok := strings.CutPrefix(st, "edit:")
					i := strings.LastIndexByte(rest, ':')
					if !ok || i < 0 {
						t.Fatalf("bad step %q", st)
					}
					edit(t, s, rest[:i], "k", rest[i+1:])
				}
				if err != nil {
					t.Fatalf("%s: %v", st, err)
				}
			}
			undo, redo, err := s.Peek()
			if err != nil {
				t.Fatalf("Peek: %v", err)
			}
			checkPeek(t, "undo", undo, tt.undo)
			checkPeek(t, "redo", redo, tt.redo)
			if undo.Seq != tt.undoSeq || redo.Seq != tt.redoSeq {
				t.Errorf("Seq = %d/%d, want %d/%d", undo.Seq, redo.Seq, tt.undoSeq, tt.redoSeq)
			}
			if undo.OK != s.CanUndo() || redo.OK != s.CanRedo() {
				t.Errorf("Peek OK = %v/%v, CanUndo/CanRedo = %v/%v; they must agree",
					undo.OK, redo.OK, s.CanUndo(), s.CanRedo())
			}
		})
	}
}

func TestPeekHeadIsBounded(t *testing.T) {
	s, _ := newStore(t)
	big := bytes.Repeat([]byte("0123456789"), 100_000) // 1 MB
	err := s.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.BucketTrees, "k", []byte("v")); err != nil {
			return err
		}
		return tx.Record("Import sales", big, big[:10])
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should copy only the head of a large inverse", func(t *testing.T) {
		undo, _, err := s.Peek()
		if err != nil {
			t.Fatal(err)
		}
		if undo.Size != 10 || string(undo.Head) != "0123456789" {
			t.Errorf("undo = Size %d Head %q, want the whole 10-byte inverse", undo.Size, undo.Head)
		}
	})
	t.Run("should copy only the head of a large forward", func(t *testing.T) {
		if _, err := s.Undo(func(*store.Tx, []byte) error { return nil }); err != nil {
			t.Fatal(err)
		}
		_, redo, err := s.Peek()
		if err != nil {
			t.Fatal(err)
		}
		if redo.Size != len(big) || len(redo.Head) != store.PeekHeadSize || !bytes.Equal(redo.Head, big[:store.PeekHeadSize]) {
			t.Errorf("redo = Size %d len(Head) %d, want %d and the first %d bytes", redo.Size, len(redo.Head), len(big), store.PeekHeadSize)
		}
		if cap(redo.Head) > 2*store.PeekHeadSize {
			t.Errorf("cap(Head) = %d: the head should be a small copy, not the payload", cap(redo.Head))
		}
	})
	t.Run("should give the caller a copy it may change", func(t *testing.T) {
		_, redo, _ := s.Peek()
		redo.Head[0] = 'X'
		_, again, _ := s.Peek()
		if again.Head[0] != '0' {
			t.Error("changing a peeked head changed the stored entry")
		}
	})
}

func TestPeekAfterHistoryTrim(t *testing.T) {
	s, path := newStore(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, path, store.Options{MaxHistory: 2})
	for i := range 4 {
		edit(t, s, fmt.Sprint("edit ", i), "k", fmt.Sprint(i+1))
	}
	for range 2 {
		if _, err := s.Undo(applyOp); err != nil {
			t.Fatal(err)
		}
	}
	undo, redo, err := s.Peek()
	if err != nil {
		t.Fatal(err)
	}
	if undo.OK || s.CanUndo() {
		t.Errorf("undo peek = %+v, want none: the older entries were trimmed", undo)
	}
	if !redo.OK || redo.Label != "edit 2" {
		t.Errorf("redo peek = %+v, want edit 2", redo)
	}
}

func TestPeekReadOnlyAndClosed(t *testing.T) {
	s, path := newStore(t)
	edit(t, s, "Edit node", "k", "1")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("should peek a read-only store", func(t *testing.T) {
		r := openStore(t, path, store.Options{ReadOnly: true})
		undo, _, err := r.Peek()
		if err != nil || undo.Label != "Edit node" {
			t.Errorf("Peek = %+v, %v; want Edit node", undo, err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.Peek(); !errors.Is(err, store.ErrClosed) {
			t.Errorf("Peek after Close: %v, want ErrClosed", err)
		}
	})
}

// BenchmarkPeek shows that naming the next undo costs the same whatever the
// recorded payload's size: the entry is sliced in place, only the label
// and a 512-byte head are copied.
func BenchmarkPeek(b *testing.B) {
	for _, size := range []int{64, 64 << 10, 10 << 20} {
		b.Run(fmt.Sprintf("payload=%dB", size), func(b *testing.B) {
			s, _ := newStore(b)
			payload := bytes.Repeat([]byte("x"), size)
			err := s.Update(func(tx *store.Tx) error {
				if err := tx.Put(store.BucketTrees, "k", []byte("v")); err != nil {
					return err
				}
				return tx.Record("Import sales", payload, payload)
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				undo, _, err := s.Peek()
				if err != nil || !undo.OK {
					b.Fatal(undo, err)
				}
			}
		})
	}
}
