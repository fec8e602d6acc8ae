//go:build !unix && !windows

package store

import "os"

// lockedByOther cannot probe the lock on this platform; bbolt's own Open
// still reports ErrLocked.
func lockedByOther(*os.File) bool { return false }
