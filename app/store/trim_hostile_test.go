package store_test

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// historyLeaf finds a bbolt leaf page (4 KB pages) holding at least two
// history entries and returns the file offset of its first key.
func historyLeaf(t *testing.T, data []byte) int {
	t.Helper()
	const ps = 4096
	for p := 2; (p+1)*ps <= len(data); p++ {
		pg := data[p*ps : (p+1)*ps]
		flags, count := binary.LittleEndian.Uint16(pg[8:]), binary.LittleEndian.Uint16(pg[10:])
		if flags != 0x02 || count < 2 {
			continue
		}
		pos, ksize := binary.LittleEndian.Uint32(pg[16+4:]), binary.LittleEndian.Uint32(pg[16+8:])
		at := 16 + int(pos)
		if ksize != 8 || at+10 > ps {
			continue
		}
		key, val := pg[at:at+8], pg[at+8:]
		if binary.BigEndian.Uint64(key) < 1<<20 && val[0] == 1 && val[1] == 15 {
			return p*ps + at
		}
	}
	t.Fatal("no history leaf page in the file")
	return 0
}

// TestRecordOnMisorderedHistoryTerminates is the regression test for the
// history trim hang (hostile case 454721 of the bit-flip campaign): a
// flipped byte makes a history key larger than every later one; the trim
// used to delete "the first key" until done, the Delete silently missed
// the misplaced key and the loop spun forever. Record must now end, and
// report the damage.
func TestRecordOnMisorderedHistoryTerminates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ws.kpitree")
	s, err := store.Create(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	store.SetNoSync(s, true)
	for i := 0; i < 60; i++ {
		if err := s.Update(func(tx *store.Tx) error {
			return tx.Record("edit", []byte("forward payload"), []byte("inverse payload"))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data := readFile(t, path)
	data[historyLeaf(t, data)+1] ^= 0xb6 // the same flip as the hostile file
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		s, err := store.Open(path, store.Options{MaxHistory: 10})
		if err != nil {
			done <- err
			return
		}
		defer s.Close()
		done <- s.Update(func(tx *store.Tx) error { return tx.Record("one more", nil, nil) })
	}()
	select {
	case err := <-done:
		if !errors.Is(err, store.ErrCorrupt) {
			t.Fatalf("write on a misordered history: %v, want ErrCorrupt", err)
		}
		t.Logf("reported: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("write on a misordered history hangs (history trim loop)")
	}
}
