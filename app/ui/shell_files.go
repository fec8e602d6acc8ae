package ui

import (
	"errors"
	"fmt"
	"io/fs"

	"fyne.io/fyne/v2/lang"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// selectionSink is what the shell needs from a workspace whose analysis
// panes follow the tree selection (the file-backed Adapter implements it).
type selectionSink interface {
	// SetSelection tells the panes which node is selected; "" for none.
	SetSelection(id string)
}

// propagateSelection passes the canvas selection on to the charts and
// other panes, so they show the node the user is looking at.
func (s *Shell) propagateSelection(id string) {
	if sink, ok := s.ws.(selectionSink); ok {
		sink.SetSelection(id)
	}
}

// skipOpen reports whether opening path should not go ahead, and says why
// in the status bar. Re-opening the workspace that is open would hit its
// own bbolt lock after a one-second timeout and then blame "another
// window", so it does nothing but say the file is already open.
func (s *Shell) skipOpen(path string) bool {
	if s.ws != nil && s.ws.Path() != "" && uikit.SamePath(path, s.ws.Path()) {
		s.setMessage(lang.L("status.already_open", map[string]any{"Path": path}))
		return true
	}
	return false
}

// forgetIfMissing drops path from Open recent when opening it failed
// because the file no longer exists (moved, deleted, on an unplugged
// drive), so the menu stops offering it, and marks the error with
// uikit.ErrFileMissing for a message that says so. It runs on the worker
// goroutine and hands the menu update to the UI goroutine.
func (s *Shell) forgetIfMissing(path string, err error) error {
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return &uikit.OpenError{Path: path, Err: err}
	}
	uikit.Post(func() {
		RemoveRecentFile(s.app.Preferences(), path)
		s.rebuildRecent()
	})
	return &uikit.OpenError{Path: path, Err: fmt.Errorf("%w (%w)", uikit.ErrFileMissing, err)}
}
