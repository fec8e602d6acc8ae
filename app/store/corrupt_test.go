package store_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/kpitree/kpitree/app/store"
)

// exercise opens path and reads everything a workspace reads, returning the
// first error. It must never panic, whatever the file holds.
func exercise(path string, readOnly bool) error {
	s, err := store.Open(path, store.Options{ReadOnly: readOnly})
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.View(func(tx *store.Tx) error {
		for _, b := range store.DocumentBuckets() {
			_ = tx.Keys(b)
			if err := tx.ForEach(b, func(string, []byte) error { return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, _, err := s.History(); err != nil {
		return err
	}
	s.CanUndo()
	s.CanRedo()
	return s.Check(context.Background())
}

// sampleFile returns a small valid workspace with documents and history;
// clean selects whether it was closed (clean flag set) or snapshotted open.
func sampleFile(t testing.TB, clean bool) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sample.kpitree")
	s, err := store.Create(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		err := s.Update(func(tx *store.Tx) error {
			doc := bytes.Repeat([]byte{byte('a' + i)}, 300*i)
			if err := tx.Put(store.BucketDatasets, string(rune('A'+i)), doc); err != nil {
				return err
			}
			return tx.Record("edit", doc[:min(len(doc), 10)], nil)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if !clean {
		if _, err := s.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if clean {
		return readFile(t, path)
	}
	return buf.Bytes()
}

func writeTemp(t testing.TB, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.kpitree")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// workspaceWith builds a closed workspace and then damages it with raw bbolt.
func workspaceWith(t testing.TB, damage func(tx *bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ws.kpitree")
	s, err := store.Create(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, damage)
	return path
}

func putRaw(bucket, key, value string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucket)).Put([]byte(key), []byte(value)) }
}

// putSealed stores a record with a valid checksum (but without updating
// the bucket's digest), as a buggy writer would.
func putSealed(bucket, key, value string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucket)).Put([]byte(key), store.Seal(bucket, key, []byte(value)))
	}
}

func TestOpenHostileFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randomBytes := make([]byte, 64<<10)
	for i := range randomBytes {
		randomBytes[i] = byte(rng.Uint32())
	}
	valid := sampleFile(t, true)
	flipBothMetas := bytes.Clone(valid)
	flipBothMetas[4096-1] ^= 0xff // inside page 0's meta? no: make sure below
	flipBothMetas[40] ^= 0xff     // meta 0 body (root pgid)
	flipBothMetas[4096+40] ^= 0xff

	tests := []struct {
		name    string
		path    func(t *testing.T) string
		wantErr error
	}{
		{"should reject a zero-length file", func(t *testing.T) string { return writeTemp(t, nil) }, store.ErrNotWorkspace},
		{"should reject random bytes", func(t *testing.T) string { return writeTemp(t, randomBytes) }, store.ErrNotWorkspace},
		{"should reject a text file", func(t *testing.T) string {
			return writeTemp(t, []byte("date,mrr\n2024-04,100\n"))
		}, store.ErrNotWorkspace},
		{"should reject a directory", func(t *testing.T) string { return t.TempDir() }, store.ErrNotWorkspace},
		{"should reject a bbolt file of another app", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "other.db")
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				_, err := tx.CreateBucket([]byte("settings"))
				return err
			})
			return path
		}, store.ErrNotWorkspace},
		// Found by the bit-flip campaign (copy 2287 of seed 20261205): a
		// flip in the root page renamed the "meta" bucket, and the file was
		// called "not a KPI Tree workspace".
		{"should report a workspace whose meta bucket lost its name as damage", func(t *testing.T) string {
			return workspaceWith(t, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("meta")) })
		}, store.ErrCorrupt},
		{"should report a missing meta record as damage", func(t *testing.T) string {
			return workspaceWith(t, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("meta")) })
		}, store.ErrCorrupt},
		{"should report meta that is not JSON", func(t *testing.T) string {
			return workspaceWith(t, putRaw("meta", "meta", "\x00\x01garbage"))
		}, store.ErrCorrupt},
		{"should report meta fields of the wrong type", func(t *testing.T) string {
			return workspaceWith(t, putRaw("meta", "meta", `{"schema":"two","cleanShutdown":"yes"}`))
		}, store.ErrCorrupt},
		{"should report meta without a schema", func(t *testing.T) string {
			return workspaceWith(t, putRaw("meta", "meta", `{}`))
		}, store.ErrCorrupt},
		{"should report a meta record that is a bucket", func(t *testing.T) string {
			return workspaceWith(t, func(tx *bolt.Tx) error {
				if err := tx.Bucket([]byte("meta")).Delete([]byte("meta")); err != nil {
					return err
				}
				_, err := tx.Bucket([]byte("meta")).CreateBucket([]byte("meta"))
				return err
			})
		}, store.ErrCorrupt},
		{"should report a missing document bucket", func(t *testing.T) string {
			return workspaceWith(t, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte(store.BucketCharts)) })
		}, store.ErrCorrupt},
		{"should report a document bucket that is a plain key", func(t *testing.T) string {
			return workspaceWith(t, func(tx *bolt.Tx) error {
				if err := tx.DeleteBucket([]byte(store.BucketTrees)); err != nil {
					return err
				}
				_, err := tx.CreateBucket([]byte("x"))
				return errors.Join(err, tx.DeleteBucket([]byte("x")))
			})
		}, store.ErrCorrupt},
		{"should report a damaged history cursor", func(t *testing.T) string {
			return workspaceWith(t, putRaw("historystate", "cursor", "abc"))
		}, store.ErrCorrupt},
		{"should report both meta pages damaged", func(t *testing.T) string { return writeTemp(t, flipBothMetas) }, store.ErrCorrupt},
		// Found by the bit-flip campaign (seed 1796470873724610162 after the
		// merge of 2026-12-05): the first meta page's magic number and the
		// second one's body both flipped, and the file was called "not a
		// KPI Tree workspace"; the second page's magic still says bbolt.
		{"should report damage when the first meta page lost its magic", func(t *testing.T) string {
			b := bytes.Clone(valid)
			b[18] ^= 0x12
			b[4096+47] ^= 0xd1
			return writeTemp(t, b)
		}, store.ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			before, _ := os.ReadFile(path)
			for _, readOnly := range []bool{true, false} {
				err := exercise(path, readOnly)
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("read-only=%v: err = %v, want %v", readOnly, err, tt.wantErr)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("a refused file was modified")
			}
		})
	}
}

func TestOpenDamagedHistoryEntry(t *testing.T) {
	path := workspaceWith(t, putSealed("history", "\x00\x00\x00\x00\x00\x00\x00\x01", "\x01\xff\xff"))
	rawUpdate(t, path, putSealed("historystate", "cursor", "\x00\x00\x00\x00\x00\x00\x00\x01"))
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("Open: %v (a bad entry should only fail history calls)", err)
	}
	defer s.Close()
	if _, _, err := s.History(); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("History: %v, want ErrCorrupt", err)
	}
	if _, err := s.Undo(applyOp); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Undo: %v, want ErrCorrupt", err)
	}
}

// usedSize is the part of a workspace file bbolt's pages occupy; a closed
// file may carry unused, preallocated space after it.
func usedSize(t testing.TB, data []byte) int {
	t.Helper()
	s, err := store.Open(writeTemp(t, data), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.WriteTo(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestOpenTruncated(t *testing.T) {
	for _, clean := range []bool{true, false} {
		valid := sampleFile(t, clean)
		used := usedSize(t, valid)
		for _, cut := range []int{1, 19, 100, 4096, 8192, 12288, used / 2, used - 4096, used - 1, used, len(valid) - 1} {
			if cut > len(valid) {
				continue
			}
			path := writeTemp(t, valid[:cut])
			err := exercise(path, false)
			var want error
			switch {
			case cut < 20: // bbolt's magic number is gone too
				want = store.ErrNotWorkspace
			case cut < used:
				want = store.ErrCorrupt
			}
			if !errors.Is(err, want) || (want == nil && err != nil) {
				t.Errorf("clean=%v cut at %d of %d (used %d): err = %v, want %v", clean, cut, len(valid), used, err, want)
			}
		}
	}
}

// TestOpenFlippedBytes flips bytes at random offsets inside the used part of
// a valid file: every result must be a working store or
// ErrCorrupt/ErrNotWorkspace, never a crash or another error. (bbolt has no
// checksums on data pages, so many flips inside values go unnoticed.)
func TestOpenFlippedBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	flips := 60
	if testing.Short() {
		flips = 15
	}
	for _, clean := range []bool{true, false} {
		valid := sampleFile(t, clean)
		used := usedSize(t, valid)
		corrupt := 0
		for i := range flips {
			data := bytes.Clone(valid)
			off := rng.IntN(used)
			if i < 8 { // page headers are where structure lives
				off = i*4096 + rng.IntN(16)
			}
			data[off] ^= byte(1 + rng.IntN(255))
			err := exercise(writeTemp(t, data), i%2 == 0)
			if err != nil && !errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrNotWorkspace) {
				t.Errorf("clean=%v flip at %d: unexpected error %v", clean, off, err)
			}
			if err != nil {
				corrupt++
			}
		}
		if corrupt == 0 {
			t.Errorf("clean=%v: no flip was detected; the test is not reaching the structure", clean)
		}
		t.Logf("clean=%v: %d of %d flips reported as damage", clean, corrupt, flips)
	}
}

// smallFile is a minimal workspace with a few documents and history
// entries: small seeds keep the fuzzer fast.
func smallFile(t testing.TB) []byte {
	t.Helper()
	s, _ := newStore(t)
	for i := range 3 {
		edit(t, s, "e", string(rune('a'+i)), "v")
	}
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzOpen(f *testing.F) {
	f.Add(smallFile(f))
	f.Add(readFile(f, filepath.Join("testdata", "v1.kpitree")))
	f.Add([]byte{})
	f.Add([]byte("not a workspace"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeTemp(t, data)
		for _, readOnly := range []bool{true, false} {
			err := exercise(path, readOnly)
			if err != nil && !errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrNotWorkspace) &&
				!errors.Is(err, store.ErrNewerSchema) && !errors.Is(err, store.ErrReadOnly) {
				t.Fatalf("read-only=%v: error wraps no sentinel: %v", readOnly, err)
			}
		}
	})
}

// TestOpenDamagedPageHeaders overwrites each header field of every page with
// all ones. Such headers once made tx.Check loop for hours (overflow count)
// or could send bbolt round a page cycle; each must now end promptly in a
// working store or a sentinel error.
func TestOpenDamagedPageHeaders(t *testing.T) {
	valid := smallFile(t)
	pages := len(valid) / 4096
	fields := []struct {
		name     string
		off, len int
	}{{"id", 0, 8}, {"flags", 8, 2}, {"count", 10, 2}, {"overflow", 12, 4}}
	detected := 0
	for p := range pages {
		for _, f := range fields {
			data := bytes.Clone(valid)
			for i := range f.len {
				data[p*4096+f.off+i] = 0xff
			}
			err := exercise(writeTemp(t, data), p%2 == 0)
			if err != nil && !errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrNotWorkspace) {
				t.Errorf("page %d %s: unexpected error %v", p, f.name, err)
			}
			if err != nil {
				detected++
			}
		}
	}
	if detected < pages { // every in-use page has at least its id checked
		t.Errorf("only %d of %d damaged headers detected", detected, pages*len(fields))
	}
}

// TestFaultContained truncates the file under an open store, so reading the
// mapped pages faults (SIGBUS). The boundary must turn that into ErrCorrupt,
// refuse further writes, and leave the process running.
func TestFaultContained(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ws.kpitree")
	s, err := store.Create(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put(t, s, store.BucketTrees, "big", string(bytes.Repeat([]byte("z"), 1<<20)))
	if err := os.Truncate(path, 8192); err != nil {
		t.Fatal(err)
	}
	err = s.View(func(tx *store.Tx) error {
		if v := tx.Get(store.BucketTrees, "big"); len(v) != 1<<20 {
			t.Errorf("read %d bytes", len(v))
		}
		return nil
	})
	if !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("View over a truncated mapping: %v, want ErrCorrupt", err)
	}
	t.Logf("contained: %v", err)
	if err := s.Update(func(tx *store.Tx) error { return tx.Put(store.BucketTrees, "x", nil) }); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Update after a fault: %v, want ErrCorrupt", err)
	}
}

// TestOpenDamagedFreelist: bbolt trusts the freelist when it allocates,
// so a freed page id past the end made the next commit write at a
// negative offset ("writeat …: negative offset", found by the bit-flip
// campaign), and a freed page the tree still uses would be overwritten.
// Open must report both as damage before anything is written.
func TestOpenDamagedFreelist(t *testing.T) {
	valid := sampleFile(t, true)
	le := binary.LittleEndian
	ps := int(le.Uint32(valid[16+8:]))
	meta := func(page int) (root, freelist, txid uint64) {
		m := valid[page*ps+16:]
		return le.Uint64(m[16:]), le.Uint64(m[32:]), le.Uint64(m[48:])
	}
	root, free, tx := meta(0)
	if r1, f1, tx1 := meta(1); tx1 > tx {
		root, free = r1, f1
	}
	fl := int(free) * ps
	if count := le.Uint16(valid[fl+10:]); count == 0 || count == 0xFFFF {
		t.Fatalf("the sample's freelist has %d ids: the test needs a short, non-empty one", count)
	}
	if err := exercise(writeTemp(t, valid), false); err != nil {
		t.Fatalf("the undamaged file: %v", err)
	}
	last := fl + 16 + 8*(int(le.Uint16(valid[fl+10:]))-1)
	for _, tt := range []struct {
		name string
		at   int
		id   uint64
	}{
		// The campaign's case: the id × the page size overflows.
		{"a page whose offset overflows", last, 52917295621603340},
		{"a page far past the end", fl + 16, 1 << 60},
		{"the page after the last", last, uint64(len(valid) / ps)},
		{"the root bucket's page, still in use", fl + 16, root},
	} {
		t.Run("should report a freelist listing "+tt.name, func(t *testing.T) {
			data := bytes.Clone(valid)
			le.PutUint64(data[tt.at:], tt.id)
			path := writeTemp(t, data)
			// The edit a user would make next: it allocates from the
			// freelist.
			s, err := store.Open(path, store.Options{})
			if err == nil {
				err = s.Update(func(tx *store.Tx) error {
					return tx.Put(store.BucketDatasets, "new", bytes.Repeat([]byte{'x'}, 3*ps))
				})
				if cerr := s.Close(); err == nil {
					err = cerr
				}
			}
			if !errors.Is(err, store.ErrCorrupt) {
				t.Fatalf("err = %v, want store.ErrCorrupt", err)
			}
		})
	}
}
