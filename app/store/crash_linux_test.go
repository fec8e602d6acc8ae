//go:build linux

package store_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// TestCrashSafety kills an editing child process with SIGKILL at random
// moments and checks after every kill that the file opens, passes the
// integrity check and holds every edit the child acknowledged.
func TestCrashSafety(t *testing.T) {
	kills := 100
	if testing.Short() {
		kills = 20
	}
	s, path := newStore(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 2026))
	var acked uint64
	start := time.Now()
	for i := range kills {
		acked = max(acked, killEditor(t, path, time.Duration(5+rng.IntN(36))*time.Millisecond))
		// Alternate: a read-only open leaves the unclean flag for the next
		// child to find; a writable one repairs it.
		verifyAfterCrash(t, path, acked, i%2 == 0)
		if t.Failed() {
			t.Fatalf("after kill %d (acknowledged edit %d)", i+1, acked)
		}
	}
	if acked < uint64(kills) {
		t.Errorf("only %d edits acknowledged over %d kills; the test did not exercise writes", acked, kills)
	}
	t.Logf("%d kills, %d acknowledged edits, %v", kills, acked, time.Since(start))
}

// killEditor runs the editing child, kills it delay after it opened the
// file, and returns the last sequence number it acknowledged.
func killEditor(t *testing.T, path string, delay time.Duration) uint64 {
	t.Helper()
	cmd := helperCommand(t, "edit", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	lastAck := make(chan uint64, 1)
	go func() {
		var last uint64
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "ready" {
				close(ready)
				continue
			}
			if n, ok := parseSeq(sc.Text()); ok {
				last = n
			}
		}
		lastAck <- last
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Error("child never opened the file")
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	ack := <-lastAck
	_ = cmd.Wait()
	return ack
}

func verifyAfterCrash(t *testing.T, path string, acked uint64, readOnly bool) {
	t.Helper()
	s, err := store.Open(path, store.Options{ReadOnly: readOnly})
	if err != nil {
		t.Errorf("open after kill: %v", err)
		return
	}
	defer s.Close()
	if err := s.Check(context.Background()); err != nil {
		t.Errorf("integrity after kill: %v", err)
	}
	var counter uint64
	var slotDoc []byte
	err = s.View(func(tx *store.Tx) error {
		if v := tx.Get(store.BucketTrees, "counter"); v != nil {
			counter, _ = strconv.ParseUint(string(v), 10, 64)
		}
		slotDoc = tx.Get(store.BucketDatasets, crashSlot(acked))
		return nil
	})
	if err != nil {
		t.Errorf("read after kill: %v", err)
		return
	}
	if counter < acked {
		t.Errorf("counter = %d, but edit %d was acknowledged", counter, acked)
	}
	// Later, unacknowledged edits may have landed in the same slot (50 apart).
	if acked > 0 && counter < acked+50 && !bytes.Equal(slotDoc, crashDoc(acked)) {
		t.Errorf("dataset %s does not hold acknowledged edit %d", crashSlot(acked), acked)
	}
	entries, cursor, err := s.History()
	if err != nil {
		t.Errorf("history after kill: %v", err)
		return
	}
	if uint64(len(entries)) != counter || uint64(cursor) != counter {
		t.Errorf("history has %d entries, cursor %d; want %d each", len(entries), cursor, counter)
	}
	for i, e := range entries {
		if want := fmt.Sprintf("edit %d", i+1); e.Seq != uint64(i+1) || e.Label != want {
			t.Errorf("history[%d] = %d %q, want %d %q", i, e.Seq, e.Label, i+1, want)
			break
		}
	}
}
