package ui

import (
	"errors"

	"fyne.io/fyne/v2/lang"
)

// Sentinel errors of the file actions (Save As, Export, Open recent). They
// live here, beside the one function that translates them, because the
// shared errors.go belongs to another part of the UI.
var (
	// ErrSameFile means Save As or Export named the workspace file that is
	// open now; writing there would destroy it, so the user must pick
	// another name.
	ErrSameFile = errors.New("that is the workspace file that is open now")
	// ErrBadFileName means the file name typed in the save form is empty,
	// names a folder, or contains a path separator; the user should type a
	// plain file name.
	ErrBadFileName = errors.New("not a usable file name")
	// ErrFileMissing means a workspace chosen from Open recent no longer
	// exists; it has been removed from the list, and the user should open
	// the file from its new place with File ▸ Open.
	ErrFileMissing = errors.New("the file no longer exists")
)

// UserMessage turns any error the UI can meet (tree edits, workspace,
// store, import, chart, forecast and file-action sentinels) into one
// translated sentence saying what to do next, with the detail at the end.
// Every dialog and the inspector use it, so the Japanese UI never shows a
// raw English error. It adds the file-action sentinels and otherwise
// defers to AnalysisErrorMessage, which falls back to ErrorMessage: one
// chain, no duplicated tables.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	detail := map[string]any{"Err": err.Error()}
	switch {
	case errors.Is(err, ErrSameFile):
		return lang.L("error.same_file", detail)
	case errors.Is(err, ErrBadFileName):
		return lang.L("error.bad_file_name", detail)
	case errors.Is(err, ErrFileMissing):
		return lang.L("error.file_missing", detail)
	}
	return AnalysisErrorMessage(err)
}
