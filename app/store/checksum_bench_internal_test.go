package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// checksumWorkspace writes a 4 MiB workspace like BenchmarkOpenReadAll's
// (a 3 MB tree document, 50 datasets, 20 scenarios) plus 500 history
// entries of 2 × 2 KB, all sealed.
func checksumWorkspace(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.kpitree")
	s, err := Create(path, "bench")
	if err != nil {
		b.Fatal(err)
	}
	SetNoSync(s, true)
	doc := func(n int, seed int) []byte {
		return bytes.Repeat([]byte(fmt.Sprintf(`{"k":%d,"v":"アドオン顧客数"},`, seed)), n/30+1)[:n]
	}
	err = s.Update(func(tx *Tx) error {
		if err := tx.Put(BucketTrees, "main", doc(3<<20, 0)); err != nil {
			return err
		}
		for d := range 50 {
			if err := tx.Put(BucketDatasets, fmt.Sprint("ds", d), doc(4000, d)); err != nil {
				return err
			}
		}
		for sc := range 20 {
			if err := tx.Put(BucketScenarios, fmt.Sprint("sc", sc), doc(300, sc)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 500 {
		if err := s.Update(func(tx *Tx) error { return tx.Record("edit", doc(2048, i), doc(2048, -i)) }); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkChecksumOpen measures what verifying every record costs on
// open: the whole read-only Open, and the verification pass alone (the
// checksum share of it), without and with the undo history (Open verifies
// documents; Check and History also verify history entries).
func BenchmarkChecksumOpen(b *testing.B) {
	path := checksumWorkspace(b)
	b.Run("open-read-only", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			_ = s.Close()
		}
	})
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, withHistory := range []bool{false, true} {
		b.Run(fmt.Sprintf("verify-only/history=%v", withHistory), func(b *testing.B) {
			for b.Loop() {
				if err := db.View(func(tx *bolt.Tx) error { return verifyRecords(tx, SchemaVersion, withHistory) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChecksumWrite measures one edit (a 4 KB document put) on the
// same 4 MiB file, sealed with the digest updated as every write is, and
// as schema 2 wrote it (a plain bbolt Put). fsync is off, so the
// difference is not hidden behind the disk.
func BenchmarkChecksumWrite(b *testing.B) {
	path := checksumWorkspace(b)
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	SetNoSync(s, true)
	val := bytes.Repeat([]byte("x"), 4096)
	b.Run("sealed", func(b *testing.B) {
		for b.Loop() {
			if err := s.Update(func(tx *Tx) error { return tx.Put(BucketDatasets, "ds7", val) }); err != nil {
				b.Fatal(err)
			}
		}
	})
	meta := []byte(`{"schema":2,"appVersion":"bench","created":"2026-12-05T09:00:00Z","modified":"2026-12-05T09:00:00Z","cleanShutdown":false}`)
	b.Run("unsealed", func(b *testing.B) {
		for b.Loop() {
			// What schema 2's Update did: the document and the meta record.
			err := s.db.Update(func(tx *bolt.Tx) error {
				if err := tx.Bucket([]byte(BucketDatasets)).Put([]byte("ds7"), val); err != nil {
					return err
				}
				return tx.Bucket([]byte(bucketMeta)).Put([]byte("meta-bench"), meta)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	// Leave the file as sealed as it was for Close.
	err = s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketMeta)).Delete([]byte("meta-bench")) })
	if err == nil {
		err = s.Update(func(tx *Tx) error { return tx.Put(BucketDatasets, "ds7", val) })
	}
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReadOnlyBesideWriter opens the 4 MiB workspace read-only while
// a writer holds it: copy of the last commit, structure check, full check
// (the copy is not marked clean while the writer has it open) and record
// verification. The README promises well under a second.
func BenchmarkReadOnlyBesideWriter(b *testing.B) {
	path := checksumWorkspace(b)
	w, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	for b.Loop() {
		r, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		if r.snapshot == "" && r.db.Path() == path {
			b.Fatal("read in place beside a writer")
		}
		_ = r.Close()
	}
}
