package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Entry is one recorded user action. Forward re-applies it and Inverse undoes
// it; both are opaque to the store (the workspace encodes them).
type Entry struct {
	// Seq numbers the entry; entries are contiguous and increasing.
	Seq uint64
	// Time is when the action was recorded.
	Time time.Time
	// Label names the action for menus ("Rename node"); may be "".
	Label string
	// Forward is the redo operation; or nil.
	Forward []byte
	// Inverse is the undo operation; or nil.
	Inverse []byte
}

// entryFormat versions the binary entry encoding independently of the schema
// so a future format can be told apart from damage.
const entryFormat = 1

// encodeEntry lays an entry out as
//
//	format byte | uvarint len | time (MarshalBinary) | uvarint len | label |
//	uvarint len | forward | uvarint len | inverse
//
// The sequence number is the bbolt key and is not repeated.
func encodeEntry(e Entry) []byte {
	tb, err := e.Time.MarshalBinary()
	if err != nil {
		// Only years outside [-32768, 32767] fail; store the zero time.
		tb, _ = time.Time{}.MarshalBinary()
	}
	n := 1 + 4*binary.MaxVarintLen64 + len(tb) + len(e.Label) + len(e.Forward) + len(e.Inverse)
	out := make([]byte, 0, n)
	out = append(out, entryFormat)
	for _, part := range [][]byte{tb, []byte(e.Label), e.Forward, e.Inverse} {
		out = binary.AppendUvarint(out, uint64(len(part)))
		out = append(out, part...)
	}
	return out
}

// splitEntry cuts an encoded entry into its time, label, forward and
// inverse fields without copying: the slices alias b, so a peek at a
// 10 MB entry costs four varint reads, not a copy. Damaged input yields
// ErrCorrupt, never a panic.
func splitEntry(seq uint64, b []byte) ([4][]byte, error) {
	var parts [4][]byte
	if len(b) == 0 || b[0] != entryFormat {
		return parts, fmt.Errorf("history entry %d: unknown format: %w", seq, ErrCorrupt)
	}
	rest := b[1:]
	for i := range parts {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return parts, fmt.Errorf("history entry %d: field %d truncated: %w", seq, i, ErrCorrupt)
		}
		parts[i] = rest[w : w+int(n)]
		rest = rest[w+int(n):]
	}
	if len(rest) != 0 {
		return parts, fmt.Errorf("history entry %d: %d trailing bytes: %w", seq, len(rest), ErrCorrupt)
	}
	return parts, nil
}

// decodeEntry is the inverse of encodeEntry. Damaged input yields ErrCorrupt,
// never a panic; the returned slices are copies.
func decodeEntry(seq uint64, b []byte) (Entry, error) {
	parts, err := splitEntry(seq, b)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Seq: seq, Label: string(parts[1])}
	if err := e.Time.UnmarshalBinary(parts[0]); err != nil {
		return Entry{}, fmt.Errorf("history entry %d: time: %v: %w", seq, err, ErrCorrupt)
	}
	if len(parts[2]) > 0 {
		e.Forward = append([]byte(nil), parts[2]...)
	}
	if len(parts[3]) > 0 {
		e.Inverse = append([]byte(nil), parts[3]...)
	}
	return e, nil
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), seq)
}

// readCursor returns the sequence number of the last applied entry (0: none).
func readCursor(tx *bolt.Tx) (uint64, error) {
	b := tx.Bucket([]byte(bucketHistoryState))
	if b == nil {
		return 0, fmt.Errorf("history state bucket missing: %w", ErrCorrupt)
	}
	raw := b.Get([]byte(keyCursor))
	if raw == nil {
		return 0, damaged(bucketHistoryState, []byte(keyCursor))
	}
	v, _, err := unseal(bucketHistoryState, []byte(keyCursor), raw)
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, damaged(bucketHistoryState, []byte(keyCursor))
	}
	return binary.BigEndian.Uint64(v), nil
}

func writeCursor(tx *bolt.Tx, seq uint64) error {
	b := tx.Bucket([]byte(bucketHistoryState))
	if b == nil {
		return fmt.Errorf("history state bucket missing: %w", ErrCorrupt)
	}
	if err := b.Put([]byte(keyCursor), seal(bucketHistoryState, []byte(keyCursor), seqKey(seq))); err != nil {
		return fmt.Errorf("write history cursor: %w", translate(err))
	}
	return nil
}

func historyBucket(tx *bolt.Tx) (*bolt.Bucket, error) {
	b := tx.Bucket([]byte(bucketHistory))
	if b == nil {
		return nil, fmt.Errorf("history bucket missing: %w", ErrCorrupt)
	}
	return b, nil
}

// historyAt returns the history bucket and the cursor (the sequence number
// of the last applied entry; 0: none).
func historyAt(tx *bolt.Tx) (*bolt.Bucket, uint64, error) {
	cur, err := readCursor(tx)
	if err != nil {
		return nil, 0, err
	}
	hb, err := historyBucket(tx)
	return hb, cur, err
}

// Record appends a history entry for the action performed in this same
// transaction, so the action and its entry commit (or roll back) together.
// Recording discards every undone entry after the cursor (the redo tail).
// It must not be called from an Undo or Redo apply callback.
func (t *Tx) Record(label string, forward, inverse []byte) error {
	if !t.btx.Writable() {
		return fmt.Errorf("record %q: %w", label, ErrReadOnly)
	}
	if t.inHistoryOp {
		return fmt.Errorf("record %q: called while applying undo/redo; apply the operation without recording it", label)
	}
	var err error
	contain(func() { err = t.record(label, forward, inverse) })
	if err != nil {
		return fmt.Errorf("record %q: %w", label, err)
	}
	t.changed = true
	return nil
}

// deleteEntries deletes the history entries from key first (as c stands on
// it) up to and including key last, or to the end when last is nil.
// Deleting through a cursor while iterating skips keys in bbolt, so it
// collects the keys first. The walk is bounded by the bucket's size and
// stops at a key out of order, so damage cannot make it loop.
func (t *Tx) deleteEntries(hb *bolt.Bucket, c *bolt.Cursor, first, last []byte) error {
	var keys [][]byte
	var prev []byte
	for k := first; k != nil && (last == nil || string(k) <= string(last)); k, _ = c.Next() {
		if len(k) != 8 || (prev != nil && string(k) <= string(prev)) {
			return damaged(bucketHistory, k)
		}
		prev = append(prev[:0], k...)
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := t.deleteRecord(bucketHistory, hb, k); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) record(label string, forward, inverse []byte) error {
	hb, cur, err := historyAt(t.btx)
	if err != nil {
		return err
	}
	// Drop the redo tail.
	c := hb.Cursor()
	first, _ := c.Seek(seqKey(cur + 1))
	if err := t.deleteEntries(hb, c, first, nil); err != nil {
		return err
	}
	seq := cur + 1
	e := Entry{Seq: seq, Time: time.Now().UTC(), Label: label, Forward: forward, Inverse: inverse}
	if err := t.putRecord(bucketHistory, hb, seqKey(seq), encodeEntry(e)); err != nil {
		return err
	}
	// The entry just written must be the last and no key may lie beyond
	// it; otherwise the page's keys are out of order and bbolt's search
	// (which Delete relies on) cannot be trusted.
	if k, _ := c.Last(); string(k) != string(seqKey(seq)) {
		return damaged(bucketHistory, k)
	}
	if k, _ := c.First(); len(k) != 8 || string(k) > string(seqKey(seq)) {
		return damaged(bucketHistory, k)
	}
	if t.maxHistory > 0 && seq > uint64(t.maxHistory) {
		// Drop the oldest entries, those numbered ≤ seq-maxHistory, in a
		// forward walk: never "delete First until done", which loops
		// forever when a damaged page hides a key from Delete.
		first, _ := c.First()
		if err := t.deleteEntries(hb, c, first, seqKey(seq-uint64(t.maxHistory))); err != nil {
			return err
		}
	}
	return writeCursor(t.btx, seq)
}

// Undo applies the inverse of the entry at the history cursor and moves the
// cursor back, in one durable transaction. apply receives a writable Tx and
// must not call Record. It returns the undone entry's label, or
// ErrNothingToUndo.
func (s *Store) Undo(apply func(tx *Tx, inverse []byte) error) (label string, err error) {
	return s.step("undo", -1, apply)
}

// Redo re-applies the forward operation of the entry after the cursor and
// moves the cursor forward. It returns the entry's label, or ErrNothingToRedo.
func (s *Store) Redo(apply func(tx *Tx, forward []byte) error) (label string, err error) {
	return s.step("redo", +1, apply)
}

func (s *Store) step(op string, dir int, apply func(tx *Tx, payload []byte) error) (string, error) {
	if apply == nil {
		return "", fmt.Errorf("%s: nil apply function", op)
	}
	var label string
	err := s.update(op, func(t *Tx) error {
		cur, err := readCursor(t.btx)
		if err != nil {
			return err
		}
		target, next := cur, cur-1
		if dir > 0 {
			target, next = cur+1, cur+1
		}
		e, ok, err := loadEntry(t.btx, target)
		if err != nil {
			return err
		}
		if !ok || target == 0 {
			if dir > 0 {
				return ErrNothingToRedo
			}
			return ErrNothingToUndo
		}
		payload := e.Inverse
		if dir > 0 {
			payload = e.Forward
		}
		t.inHistoryOp = true
		if err := callUser(func() error { return apply(t, payload) }); err != nil {
			return fmt.Errorf("apply %q: %w", e.Label, err)
		}
		t.inHistoryOp = false
		label = e.Label
		return writeCursor(t.btx, next)
	})
	if err != nil {
		return "", err
	}
	return label, nil
}

func loadEntry(tx *bolt.Tx, seq uint64) (Entry, bool, error) {
	hb, err := historyBucket(tx)
	if err != nil {
		return Entry{}, false, err
	}
	raw := hb.Get(seqKey(seq))
	if raw == nil {
		return Entry{}, false, nil
	}
	v, _, err := unseal(bucketHistory, seqKey(seq), raw)
	if err != nil {
		return Entry{}, false, err
	}
	e, err := decodeEntry(seq, v)
	return e, err == nil, err
}

// History returns every stored entry, oldest first, and the cursor: the
// number of entries currently applied (entries[:cursor] can be undone,
// entries[cursor:] redone).
func (s *Store) History() (entries []Entry, cursor int, err error) {
	err = s.view("history", func(t *Tx) error {
		cur, err := readCursor(t.btx)
		if err != nil {
			return err
		}
		return scanBucket(t.btx, bucketHistory, false, func(k, v []byte) error {
			if len(k) != 8 {
				return damaged(bucketHistory, k)
			}
			seq := binary.BigEndian.Uint64(k)
			e, err := decodeEntry(seq, v)
			if err != nil {
				return err
			}
			entries = append(entries, e)
			if seq <= cur {
				cursor++
			}
			return nil
		})
	})
	if err != nil {
		return nil, 0, err
	}
	return entries, cursor, nil
}

// CanUndo reports whether Undo has an entry to undo. It reports false when
// the file cannot be read; the next Undo returns that error.
func (s *Store) CanUndo() bool { return s.canStep(0) }

// CanRedo reports whether Redo has an entry to redo.
func (s *Store) CanRedo() bool { return s.canStep(1) }

func (s *Store) canStep(offset uint64) bool {
	ok := false
	err := s.view("history", func(t *Tx) error {
		hb, cur, err := historyAt(t.btx)
		if err != nil || cur+offset == 0 {
			return err
		}
		raw := hb.Get(seqKey(cur + offset))
		if raw == nil {
			return nil
		}
		_, _, err = unseal(bucketHistory, seqKey(cur+offset), raw)
		ok = err == nil
		return nil
	})
	return err == nil && ok
}

// PeekHeadSize is how many leading bytes of a payload Peek copies into
// Peeked.Head: enough for the workspace's record head (version, kind,
// label code and args), never the document changes behind it.
const PeekHeadSize = 512

// Peeked is the history entry the next Undo or Redo would apply, read
// without its payloads: menus name the action from it on every reload.
type Peeked struct {
	// OK is false when there is nothing to undo (or redo); the other
	// fields are then zero.
	OK bool
	// Seq numbers the entry (see Entry.Seq).
	Seq uint64
	// Time is when the action was recorded.
	Time time.Time
	// Label names the action ("Rename node"); may be "".
	Label string
	// Head holds at most PeekHeadSize leading bytes of the payload that
	// step would apply (Entry.Inverse for undo, Entry.Forward for redo);
	// a copy the caller owns, or nil for an empty payload.
	Head []byte
	// Size is the whole payload's length in bytes.
	Size int
}

// Peek returns the entries the next Undo and Redo would apply, in one
// read-only transaction. Only the labels and the payload heads are copied,
// so its cost does not grow with the size of the recorded changes. A
// damaged entry yields ErrCorrupt.
func (s *Store) Peek() (undo, redo Peeked, err error) {
	err = s.view("peek history", func(t *Tx) error {
		hb, cur, err := historyAt(t.btx)
		if err != nil {
			return err
		}
		if cur > 0 {
			if undo, err = peekEntry(hb, cur, 3); err != nil {
				return err
			}
		}
		redo, err = peekEntry(hb, cur+1, 2)
		return err
	})
	if err != nil {
		return Peeked{}, Peeked{}, err
	}
	return undo, redo, nil
}

// peekEntry reads entry seq's label and the head of its payload field
// (2: forward, 3: inverse); a missing entry (nothing to step to, or
// trimmed by MaxHistory) is a zero Peeked.
func peekEntry(hb *bolt.Bucket, seq uint64, field int) (Peeked, error) {
	raw := hb.Get(seqKey(seq))
	if raw == nil {
		return Peeked{}, nil
	}
	v, _, err := unseal(bucketHistory, seqKey(seq), raw)
	if err != nil {
		return Peeked{}, err
	}
	parts, err := splitEntry(seq, v)
	if err != nil {
		return Peeked{}, err
	}
	p := Peeked{OK: true, Seq: seq, Label: string(parts[1]), Size: len(parts[field])}
	if err := p.Time.UnmarshalBinary(parts[0]); err != nil {
		return Peeked{}, fmt.Errorf("history entry %d: time: %v: %w", seq, err, ErrCorrupt)
	}
	if head := parts[field][:min(len(parts[field]), PeekHeadSize)]; len(head) > 0 {
		p.Head = append([]byte(nil), head...)
	}
	return p, nil
}
