package ui

import (
	"context"

	"fyne.io/fyne/v2/lang"
)

// showGallery runs File ▸ New from template…: the gallery, then the save
// dialog, then Opener.Create in the background.
func (s *Shell) showGallery(tmpls []TemplateInfo) {
	ShowGallery(s.win, GalleryParams{Templates: tmpls, OnChoose: func(tmpl string) {
		s.saveDialog("workspace.kpitree", func(path string) { s.createFromTemplate(path, tmpl) })
	}})
}

// createFromTemplate creates the workspace at path in the background and
// switches to it.
func (s *Shell) createFromTemplate(path, tmpl string) {
	var ws Workspace
	s.runAsync(lang.L("status.creating"), func(ctx context.Context) error {
		var err error
		ws, err = s.opener.Create(ctx, path, tmpl)
		return err
	}, func() {
		s.SetWorkspace(ws, lang.L("status.created"))
		s.setMessage("")
	})
}
