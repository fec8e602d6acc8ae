package store_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"

	"github.com/kpitree/kpitree/app/store"
)

// crashDocSize is the size of the dataset document each crash-test edit
// rewrites: a few KB, like a real dataset edit.
const crashDocSize = 2048

// crashDoc is the document edit seq writes; the parent recomputes it.
func crashDoc(seq uint64) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("%012d|", seq)), crashDocSize/13)
}

func crashSlot(seq uint64) string { return fmt.Sprintf("d%02d", seq%50) }

// runEditChild edits path in a loop until killed, printing each edit's
// sequence number only after Update (and so fsync) has returned.
func runEditChild(path string) error {
	s, err := store.Open(path, store.Options{AppVersion: "crash-child"})
	if err != nil {
		return err
	}
	var seq uint64
	err = s.View(func(tx *store.Tx) error {
		if v := tx.Get(store.BucketTrees, "counter"); v != nil {
			seq, err = strconv.ParseUint(string(v), 10, 64)
		}
		return err
	})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(os.Stdout, "ready"); err != nil {
		return err
	}
	for {
		seq++
		err := s.Update(func(tx *store.Tx) error {
			if err := tx.Put(store.BucketTrees, "counter", []byte(strconv.FormatUint(seq, 10))); err != nil {
				return err
			}
			if err := tx.Put(store.BucketDatasets, crashSlot(seq), crashDoc(seq)); err != nil {
				return err
			}
			return tx.Record(fmt.Sprintf("edit %d", seq), []byte("f"), []byte("i"))
		})
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintln(os.Stdout, seq); err != nil {
			return err
		}
	}
}
