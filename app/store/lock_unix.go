//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockedByOther reports whether another open file description holds an
// exclusive flock on f (bbolt's writer lock). A shared probe lock is taken
// and released at once.
func lockedByOther(f *os.File) bool {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if err != nil {
		return err == syscall.EWOULDBLOCK
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}
