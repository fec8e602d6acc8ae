package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/storage"

	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// showSaveForm asks where to write (Save As, Export, New from template)
// and calls then with the chosen absolute path; see uikit.ShowSaveForm.
func (s *Shell) showSaveForm(defaultName string, then func(path string)) {
	current := ""
	if s.ws != nil {
		current = s.ws.Path()
	}
	uikit.ShowSaveForm(s.win, s.defaultSaveFolder(), defaultName, current, then)
}

// lastFolderPref is where Fyne's file dialogs remember the last folder;
// the save form shares it so Open, Import and Save start in one place.
const lastFolderPref = "fyne:fileDialogLastFolder"

// defaultSaveFolder is the open workspace's folder, else the folder the
// file dialogs used last, else the home folder.
func (s *Shell) defaultSaveFolder() string {
	if s.ws != nil && s.ws.Path() != "" {
		return filepath.Dir(s.ws.Path())
	}
	if u, err := storage.ParseURI(s.app.Preferences().String(lastFolderPref)); err == nil && u.Scheme() == "file" {
		return platform.NativePath(u.Path())
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return "."
}
