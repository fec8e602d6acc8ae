package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// readSnapshot copies the last committed state of a workspace file that a
// writer holds open into a private temporary file, without taking the
// writer's lock.
//
// Why this is consistent: bbolt never overwrites a page reachable from the
// newest committed meta page. A commit writes its new pages into free
// space, fsyncs, and only then writes a meta page; the pages it freed are
// reused by a later transaction, after that meta page is on disk. So a copy
// of the whole file taken while neither meta page changed holds every page
// that the newer of the two meta pages reaches, as committed. The copy
// reads both meta pages before and after; if they differ a commit
// happened meanwhile and the copy is retried, until timeout.
func readSnapshot(path string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for attempt := 1; ; attempt++ {
		tmp, ok, err := trySnapshot(path)
		if err != nil {
			return "", err
		}
		if ok {
			return tmp, nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("the file changed during each of %d copies: %w", attempt, ErrLocked)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// trySnapshot makes one copy; ok is false when a commit raced it.
func trySnapshot(path string) (tmp string, ok bool, err error) {
	src, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer src.Close()
	before, err := readMetaPages(src)
	if err != nil {
		return "", false, err
	}
	dst, err := os.CreateTemp("", "kpitree-snapshot-*.kpitree")
	if err != nil {
		return "", false, fmt.Errorf("copy for reading: %w", err)
	}
	defer func() {
		if !ok {
			_ = os.Remove(dst.Name())
		}
	}()
	_, err = io.Copy(dst, io.NewSectionReader(src, 0, 1<<62))
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", false, fmt.Errorf("copy for reading: %w", err)
	}
	after, err := readMetaPages(src)
	if err != nil {
		return "", false, err
	}
	if !bytes.Equal(before, after) {
		return "", false, nil
	}
	return dst.Name(), true, nil
}

// readMetaPages returns the bytes of both meta pages (the first two pages;
// the page size comes from meta page 0, or the common default).
func readMetaPages(f *os.File) ([]byte, error) {
	head := make([]byte, 4096)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	ps := int64(4096)
	if m, ok := parseMeta(head[:n]); ok && m.pageSize >= 1024 && m.pageSize <= 1<<20 {
		ps = int64(m.pageSize)
	}
	buf := make([]byte, 2*ps)
	n, err = f.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}

// CheckNotHeld returns an error wrapping ErrLocked when a writer (a window
// of this or another process) holds the workspace file at path, waiting at
// most timeout. Read-only Opens no longer tell (they read a copy beside a
// writer); callers about to replace or delete the file ask this instead.
// A file that is missing, no workspace or damaged is not held.
func CheckNotHeld(path string, timeout time.Duration) error {
	if err := probeLock(path); err != nil {
		return err
	}
	db, err := openBolt(path, true, timeout)
	if errors.Is(err, ErrLocked) {
		return err
	}
	if db != nil {
		_ = guard("close", nil, func() error { contain(func() { _ = db.Close() }); return nil })
	}
	return nil
}
