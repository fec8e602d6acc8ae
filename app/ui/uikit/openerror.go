package uikit

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
)

// OpenError is a failure to open the workspace file Path. Its message is
// one sentence that names the file and says what to do, without repeating
// the wrapped error's own wording: "sample.kpitree is open in another
// window. Close it there, or open a copy."
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string { return "open " + e.Path + ": " + e.Err.Error() }

func (e *OpenError) Unwrap() error { return e.Err }

// openMessage is the sentence for an OpenError whose cause is a state of
// the file; ok is false for other causes, which UserMessage words as usual.
func openMessage(e *OpenError) (string, bool) {
	file := filepath.Base(e.Path)
	args := map[string]any{"File": file}
	switch {
	case errors.Is(e.Err, ErrFileMissing), errors.Is(e.Err, fs.ErrNotExist):
		return lang.L("error.open.missing", args), true
	case errors.Is(e.Err, store.ErrLocked):
		return lang.L("error.open.locked", args), true
	case errors.Is(e.Err, store.ErrNewerSchema), errors.Is(e.Err, workspace.ErrNewerFormat):
		return lang.L("error.open.newer", args), true
	case errors.Is(e.Err, fs.ErrPermission):
		return lang.L("error.open.permission", args), true
	case errors.Is(e.Err, store.ErrDamagedRecords):
		// Salvage can help (salvage.go offers it): say so, not "open a copy".
		args["Count"] = damagedCount(e.Err)
		return lang.L("salvage.open_damaged", args), true
	case errors.Is(e.Err, store.ErrCorrupt), errors.Is(e.Err, store.ErrNotWorkspace):
		if st, err := os.Stat(e.Path); err == nil && st.Size() == 0 {
			return lang.L("error.open.empty", args), true
		}
		// Name a backup only when one is there: beside a backup, even a
		// file no longer recognisable was a workspace once.
		if bak := newestBackup(e.Path); bak != "" {
			args["Backup"] = filepath.Base(bak)
			return lang.L("error.open.corrupt_backup", args), true
		}
		if errors.Is(e.Err, store.ErrNotWorkspace) {
			return lang.L("error.open.not_workspace", args), true
		}
		return lang.L("error.open.corrupt", args), true
	}
	return "", false
}

// newestBackup is the newest "<path>.v<N>….bak" copy the store wrote
// before a migration, or "".
func newestBackup(path string) string {
	baks, _ := filepath.Glob(path + ".v*.bak")
	slices.Sort(baks) // the schema number, then the timestamp, grows
	for i := len(baks) - 1; i >= 0; i-- {
		if st, err := os.Stat(baks[i]); err == nil && st.Size() > 0 {
			return baks[i]
		}
	}
	return ""
}

// damagedCount is how many damaged records err names (at least 1).
func damagedCount(err error) int {
	var de *store.DamageError
	if errors.As(err, &de) && len(de.Records)+len(de.Other) > 0 {
		return len(de.Records) + len(de.Other)
	}
	return 1
}
