//go:build windows

package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockedByOther reports whether another handle holds bbolt's exclusive
// lock on f. bbolt locks one byte at offset 2^64-1 with LockFileEx; a
// shared lock on the same byte, failing at once, is taken and released.
func lockedByOther(f *os.File) bool {
	const m1 = ^uint32(0)
	ol := &windows.Overlapped{Offset: m1, OffsetHigh: m1}
	h := windows.Handle(f.Fd())
	if err := windows.LockFileEx(h, windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol); err != nil {
		return errors.Is(err, windows.ERROR_LOCK_VIOLATION)
	}
	_ = windows.UnlockFileEx(h, 0, 1, 0, ol)
	return false
}
