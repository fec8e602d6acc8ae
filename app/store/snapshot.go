package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SaveAs writes a consistent snapshot of the workspace to dst (through a
// temporary file that is fsynced and renamed into place) and marks the copy
// as cleanly closed. The store stays open on its original file. It refuses
// dst when it is the store's own file or open in another window (ErrLocked).
func (s *Store) SaveAs(dst string) error {
	if err := s.saveAs(dst); err != nil {
		return fmt.Errorf("save as %s: %w", dst, err)
	}
	return nil
}

func (s *Store) saveAs(dst string) error {
	db, release, err := s.handle()
	if err != nil {
		return err
	}
	defer release()
	if same, _ := sameFile(s.path, dst); same {
		return errors.New("that is this workspace's own file; choose another name")
	}
	if _, err := os.Stat(dst); err == nil {
		// Replacing a file another window edits would orphan its writes.
		other, err := openBolt(dst, true, 50*time.Millisecond)
		if errors.Is(err, ErrLocked) {
			return err
		}
		if other != nil {
			_ = other.Close()
		}
	}
	return writeFileAtomic(dst, func(w io.Writer) (int64, error) {
		var n int64
		err := guard("snapshot", s.poison, func() error {
			var err error
			contain(func() { err = db.View(func(tx *bolt.Tx) error { n, err = tx.WriteTo(w); return err }) })
			return err
		})
		if err != nil {
			return n, err
		}
		f, ok := w.(*os.File)
		if !ok {
			return n, nil
		}
		if err := f.Sync(); err != nil {
			return n, err
		}
		return n, markClean(f.Name())
	})
}

// markClean sets CleanShutdown in a fresh copy so opening it skips the
// full check; bbolt fsyncs the commit.
func markClean(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return translate(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		m, err := readMeta(tx)
		if err != nil {
			return err
		}
		m.CleanShutdown = true
		return writeMeta(tx, m)
	})
	return errors.Join(err, db.Close())
}

func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// WriteTo streams a consistent snapshot of the file to w (for export into
// an archive, say). The stream is a valid workspace file whose meta says it
// was not closed cleanly, so opening it runs the full check once.
func (s *Store) WriteTo(w io.Writer) (int64, error) {
	db, release, err := s.handle()
	if err != nil {
		return 0, fmt.Errorf("write snapshot: %w", err)
	}
	defer release()
	var n int64
	err = guard("write snapshot", s.poison, func() error {
		var err error
		contain(func() { err = db.View(func(tx *bolt.Tx) error { n, err = tx.WriteTo(w); return err }) })
		return err
	})
	if err != nil {
		return n, fmt.Errorf("write snapshot: %w", err)
	}
	return n, nil
}

// Stats describes the file's space use.
type Stats struct {
	// FileSize is the size of the file in bytes.
	FileSize int64
	// FreeBytes is the space held by free and pending pages, in bytes:
	// what Compact would give back (roughly).
	FreeBytes int64
	// HistoryEntries is the number of stored history entries.
	HistoryEntries int
}

// Stats reports the file size and reclaimable space.
func (s *Store) Stats() (Stats, error) {
	db, release, err := s.handle()
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	defer release()
	var st Stats
	err = guard("stats", s.poison, func() error {
		var err error
		contain(func() {
			bs := db.Stats()
			st.FreeBytes = int64(bs.FreePageN+bs.PendingPageN) * int64(db.Info().PageSize)
			err = db.View(func(tx *bolt.Tx) error {
				st.FileSize = tx.Size()
				if hb := tx.Bucket([]byte(bucketHistory)); hb != nil {
					st.HistoryEntries = hb.Stats().KeyN
				}
				return nil
			})
		})
		return err
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	if fi, err := os.Stat(s.path); err == nil {
		st.FileSize = fi.Size()
	}
	return st, nil
}

// Compact rewrites the file without its free pages: it copies every record
// into a new file beside it, renames that over the original and continues on
// the new file. The original stays locked until the rename, so no other
// window can slip in between. progress, when not nil, receives the number of
// buckets copied and the total. ctx cancels the copy (the original is kept).
func (s *Store) Compact(ctx context.Context, progress func(done, total int)) error {
	if err := s.compact(ctx, progress); err != nil {
		return fmt.Errorf("compact %s: %w", s.path, err)
	}
	return nil
}

func (s *Store) compact(ctx context.Context, progress func(done, total int)) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	s.life.Lock()
	defer s.life.Unlock()
	if s.closed {
		return ErrClosed
	}
	return s.compactLocked(ctx, progress)
}

// replaceWhileOpen is whether the OS lets a file be renamed over while it
// is open and mapped (POSIX). Windows refuses it with a sharing violation,
// so there Compact closes both files first and reopens the new one.
const replaceWhileOpen = runtime.GOOS != "windows"

// compactLocked is Compact with s.life held exclusively.
func (s *Store) compactLocked(ctx context.Context, progress func(done, total int)) error {
	return s.compactWith(ctx, progress, replaceWhileOpen)
}

// compactWith is compactLocked with the replacement strategy chosen by the
// caller, so tests on Linux run the Windows path too.
func (s *Store) compactWith(ctx context.Context, progress func(done, total int), whileOpen bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".compact-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	defer func() {
		if _, err := os.Stat(tmpPath); err == nil {
			_ = os.Remove(tmpPath)
		}
	}()
	dst, err := bolt.Open(tmpPath, 0o600, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return translate(err)
	}
	err = guard("copy", s.poison, func() error {
		var err error
		contain(func() { err = s.db.View(func(src *bolt.Tx) error { return copyAll(ctx, src, dst, progress) }) })
		return err
	})
	if err != nil {
		_ = dst.Close()
		return err
	}
	if !whileOpen {
		return s.replaceClosed(dst, tmpPath)
	}
	// Rename while both files are locked by us: the new inode takes the
	// name with its lock already held.
	if err := os.Rename(tmpPath, s.path); err != nil {
		_ = dst.Close()
		return err
	}
	syncDir(filepath.Dir(s.path))
	old := s.db
	s.db = dst
	if err := old.Close(); err != nil && !errors.Is(err, fs.ErrClosed) {
		return translate(err)
	}
	return nil
}

// replaceClosed puts the compacted copy at tmpPath in place where an open
// or mapped file cannot be replaced (Windows): it closes the copy and the
// original, renames, and reopens s.path, the new file or, when the rename
// failed, the untouched original. The lock is released for that moment; a
// window opening the file just then gets it first and this store reports
// ErrLocked on its next use rather than writing beside it.
func (s *Store) replaceClosed(dst *bolt.DB, tmpPath string) error {
	if err := dst.Close(); err != nil {
		return translate(err)
	}
	if err := s.db.Close(); err != nil && !errors.Is(err, fs.ErrClosed) {
		return translate(err)
	}
	renameErr := os.Rename(tmpPath, s.path)
	if renameErr == nil {
		syncDir(filepath.Dir(s.path))
	}
	db, err := openBolt(s.path, false, s.opts.Timeout)
	if err != nil {
		// Nothing is open any more: further use fails instead of writing
		// to a closed handle, and Close does not mark the file clean.
		s.poison()
		return errors.Join(renameErr, fmt.Errorf("reopen after compaction: %w", err))
	}
	s.db = db
	return renameErr
}

// Close compacts the file first when at least compactMinFree bytes and half
// of the file are free pages: a long session of edits and undos must not
// leave the file bloated, and Close is the one moment no edit is waiting.
const compactMinFree = 1 << 20

// wasteful reports whether the free pages of db justify compaction.
func wasteful(db *bolt.DB, path string) bool {
	bs := db.Stats()
	free := int64(bs.FreePageN+bs.PendingPageN) * int64(db.Info().PageSize)
	fi, err := os.Stat(path)
	return err == nil && free >= compactMinFree && 2*free >= fi.Size()
}

// copyAll copies every top-level bucket of src into dst, one transaction per
// bucket so memory stays bounded by the largest bucket.
func copyAll(ctx context.Context, src *bolt.Tx, dst *bolt.DB, progress func(done, total int)) error {
	var names [][]byte
	if err := src.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, append([]byte(nil), name...))
		return nil
	}); err != nil {
		return err
	}
	for i, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := dst.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			// History and documents are mostly appended in key order.
			b.FillPercent = 0.9
			return copyBucket(src.Bucket(name), b, 0)
		})
		if err != nil {
			return translate(err)
		}
		if progress != nil {
			progress(i+1, len(names))
		}
	}
	return nil
}

func copyBucket(from, to *bolt.Bucket, depth int) error {
	if depth > maxBucketDepth {
		return fmt.Errorf("buckets nested deeper than %d: %w", maxBucketDepth, ErrCorrupt)
	}
	if err := to.SetSequence(from.Sequence()); err != nil {
		return err
	}
	return from.ForEach(func(k, v []byte) error {
		if v != nil {
			return to.Put(k, v)
		}
		child, err := to.CreateBucket(k)
		if err != nil {
			return err
		}
		child.FillPercent = 0.9
		return copyBucket(from.Bucket(k), child, depth+1)
	})
}
