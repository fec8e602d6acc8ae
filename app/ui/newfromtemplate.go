package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// showGallery runs File ▸ New from template…: the gallery, then the save
// dialog, then Opener.Create in the background.
func (s *Shell) showGallery(tmpls []TemplateInfo) {
	ShowGallery(s.win, GalleryParams{Templates: tmpls, OnChoose: func(tmpl string) {
		s.saveDialog("workspace.kpitree", func(path string) { s.createFromTemplate(path, tmpl) })
	}})
}

// createFromTemplate creates the workspace at path in the background and
// switches to it. An existing file at path (the save form has asked
// "Replace?") is replaced only once the new workspace is complete; the
// workspace open in this window is never replaced.
func (s *Shell) createFromTemplate(path, tmpl string) {
	if s.ws != nil && s.ws.Path() != "" && uikit.SamePath(path, s.ws.Path()) {
		// The save form refuses it already; this guards other callers.
		s.showError(fmt.Errorf("new from template over %s: %w", path, uikit.ErrSameFile))
		return
	}
	var ws Workspace
	s.runAsync(lang.L("status.creating"), func(ctx context.Context) error {
		var err error
		ws, err = createReplacing(ctx, s.opener, path, tmpl)
		return err
	}, func() {
		s.SetWorkspace(ws, lang.L("status.created"))
		s.setMessage("")
	})
}

// lockProbeTimeout bounds the check that no other window holds the file
// being replaced: the lock is either free at once or held for good.
const lockProbeTimeout = 200 * time.Millisecond

// createReplacing creates a workspace from tmpl at path. When path does
// not exist it is Opener.Create. Otherwise the workspace is made in a
// fresh folder beside path, closed, and renamed over path in one step
// (atomic on one file system), then opened there; until that rename the
// existing file is not touched, so any failure (template, disk full, the
// file open in another window) leaves it byte for byte as it was, and the
// temporary folder is removed.
func createReplacing(ctx context.Context, o Opener, path, tmpl string) (Workspace, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return o.Create(ctx, path, tmpl)
	}
	if err := checkNotLocked(path); err != nil {
		return nil, err
	}
	tmpDir, err := os.MkdirTemp(filepath.Dir(path), ".kpitree-new-*")
	if err != nil {
		return nil, fmt.Errorf("replace %s: make a temporary folder beside it: %w", path, err)
	}
	defer os.RemoveAll(tmpDir) // empty after a successful rename
	tmp := filepath.Join(tmpDir, filepath.Base(path))
	ws, err := o.Create(ctx, tmp, tmpl)
	if err != nil {
		return nil, fmt.Errorf("replace %s: %w", path, err)
	}
	// bbolt holds the file open and locked: close it before the rename, so
	// the workspace is reopened under its final name.
	if err := ws.Close(); err != nil {
		return nil, fmt.Errorf("replace %s: close the new workspace: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("replace %s: %w", path, err)
	}
	// Another window may have opened the file since the first check.
	if err := checkNotLocked(path); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("replace %s: %w", path, err)
	}
	ws, err = o.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open the new workspace %s: %w", path, err)
	}
	return ws, nil
}

// checkNotLocked fails with store.ErrLocked when a KPI Tree window (this
// process or another) has the workspace at path open: renaming a new file
// over it would leave that window writing to a file nobody can find.
// Files that are no workspace, or damaged, may be replaced.
func checkNotLocked(path string) error {
	// Not a read-only Open: that now succeeds beside a writer (it reads a
	// copy), so it cannot tell whether one holds the file.
	if err := store.CheckNotHeld(path, lockProbeTimeout); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}
