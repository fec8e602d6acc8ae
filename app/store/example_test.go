package store_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/kpitree/kpitree/app/store"
)

// Example shows the workspace layer's pattern: each user action is one
// Update that changes documents and records its inverse; Undo hands the
// inverse back to be applied inside a new transaction.
func Example() {
	dir, _ := os.MkdirTemp("", "kpitree-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "plan.kpitree")

	s, err := store.Create(path, "1.0.0")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	rename := func(tx *store.Tx, name []byte) error { return tx.Put(store.BucketTrees, "main", name) }
	err = s.Update(func(tx *store.Tx) error {
		old := tx.Get(store.BucketTrees, "main")
		if err := rename(tx, []byte("アドオン売上")); err != nil {
			return err
		}
		return tx.Record("Rename tree", []byte("アドオン売上"), old)
	})
	if err != nil {
		log.Fatal(err)
	}

	label, err := s.Undo(rename)
	if err != nil {
		log.Fatal(err)
	}
	var name []byte
	_ = s.View(func(tx *store.Tx) error { name = tx.Get(store.BucketTrees, "main"); return nil })
	fmt.Printf("undid %q; name is now %q; can redo: %v\n", label, name, s.CanRedo())
	// Output: undid "Rename tree"; name is now ""; can redo: true
}
