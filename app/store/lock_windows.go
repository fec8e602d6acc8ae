//go:build windows

package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockedByOther reports whether another handle holds bbolt's exclusive
// writer lock on f. bbolt locks the byte range at offset 2^64-1 with
// LockFileEx; a shared, non-blocking lock on the same range fails with
// ERROR_LOCK_VIOLATION while a writer has it, and is released at once.
func lockedByOther(f *os.File) bool {
	const m1 = ^uint32(0)
	h := windows.Handle(f.Fd())
	ol := windows.Overlapped{Offset: m1, OffsetHigh: m1}
	err := windows.LockFileEx(h, windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if err != nil {
		return errors.Is(err, windows.ERROR_LOCK_VIOLATION)
	}
	ol = windows.Overlapped{Offset: m1, OffsetHigh: m1}
	_ = windows.UnlockFileEx(h, 0, 1, 0, &ol)
	return false
}
