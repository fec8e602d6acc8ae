package store

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Sentinel errors. Callers test them with errors.Is; the messages tell the
// user what to do next, and the wrapping context says which file and step.
var (
	// ErrLocked is returned by Open when another window or process holds the
	// workspace file open for editing (the bbolt file lock was not obtained
	// within Options.Timeout).
	ErrLocked = errors.New("the workspace is open for editing in another window; close it there first")

	// ErrNewerSchema is returned by Open when the file was written by a newer
	// version of the app. The file is left untouched.
	ErrNewerSchema = errors.New("the workspace was saved by a newer version of KPI Tree; update the app to open it")

	// ErrNotWorkspace is returned by Open when the file is not a KPI Tree
	// workspace at all (empty, not a bbolt file, or a bbolt file without a
	// workspace meta record).
	ErrNotWorkspace = errors.New("the file is not a KPI Tree workspace; choose a .kpitree file")

	// ErrCorrupt is returned when a workspace file is damaged: bbolt reports a
	// checksum or page error, the integrity check fails, or a record cannot be
	// decoded. Open adds the name of a backup beside the file when one
	// exists (see DamageAdvice).
	ErrCorrupt = errors.New("the workspace file is damaged")

	// ErrDamagedRecords is returned (through a *DamageError, which also
	// wraps ErrCorrupt) when records fail their checksum or a bucket's
	// records are missing, while the file's page structure is sound:
	// Salvage can then copy every intact record into a new file.
	ErrDamagedRecords = errors.New("some records of the workspace are damaged; salvage the intact ones into a new file")

	// ErrReadOnlyFS is returned by a writable Open when the file lies on a
	// read-only file system (a locked SD card, a read-only mount, a DVD).
	ErrReadOnlyFS = errors.New("the workspace is on a read-only disk; open it read-only or copy it to a writable folder")

	// ErrPermission is returned by Open when the operating system denies
	// access to the file (or, for a writable open, write access).
	ErrPermission = errors.New("you do not have permission to open the workspace; open it read-only or ask for access")

	// ErrReadOnly is returned by write operations on a Store opened with
	// Options.ReadOnly.
	ErrReadOnly = errors.New("the workspace is open read-only; reopen it for editing to make changes")

	// ErrExists is returned by Create when the target file already exists.
	ErrExists = errors.New("a file with that name already exists; choose another name or open it")

	// ErrNothingToUndo is returned by Undo when the history has no applied
	// entry left.
	ErrNothingToUndo = errors.New("nothing to undo")

	// ErrNothingToRedo is returned by Redo when no undone entry follows the
	// history cursor.
	ErrNothingToRedo = errors.New("nothing to redo")

	// ErrUnknownBucket is returned by Tx.Put and Tx.Delete for a bucket name
	// that is not one of the Bucket constants.
	ErrUnknownBucket = errors.New("unknown bucket; use one of the store.Bucket constants")

	// ErrClosed is returned by operations on a Store after Close.
	ErrClosed = errors.New("the workspace is closed; open it again")
)

// Backups returns the backups Open wrote beside path before migrating it
// (path.vN.bak, path.vN-TIME.bak), newest first; nil when there are none.
// Messages about a damaged file name only backups that exist.
func Backups(path string) []string {
	matches, _ := filepath.Glob(globEscape(path) + ".v*.bak")
	type bak struct {
		name string
		mod  time.Time
	}
	var baks []bak
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && fi.Mode().IsRegular() {
			baks = append(baks, bak{m, fi.ModTime()})
		}
	}
	sort.SliceStable(baks, func(i, j int) bool { return baks[i].mod.After(baks[j].mod) })
	out := make([]string, len(baks))
	for i, b := range baks {
		out[i] = b.name
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// globEscape escapes the glob metacharacters of a literal path.
func globEscape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[\`, r) && (r != '\\' || filepath.Separator != '\\') {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
