package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// showSaveForm asks where to write (Save As, Export, New from template)
// and calls then with the chosen absolute path; see ShowSaveForm.
func (s *Shell) showSaveForm(defaultName string, then func(path string)) {
	current := ""
	if s.ws != nil {
		current = s.ws.Path()
	}
	ShowSaveForm(s.win, s.defaultSaveFolder(), defaultName, current, then)
}

// ShowSaveForm asks in window w for a folder (starting at folder) and a
// file name (starting at name) and calls then with the chosen absolute
// path, on the UI goroutine. current is the open workspace's file (or ""):
// choosing it is refused with uikit.ErrSameFile, and an existing file is
// replaced only after the user confirms. Panes that export should use it
// instead of dialog.NewFileSave.
//
// It deliberately does not use dialog.NewFileSave: in Fyne 2.7 that dialog
// asks "Overwrite?" itself and then opens storage.Writer on the chosen file,
// which creates or truncates it before our callback runs. Had the user
// picked the workspace that is open, its bbolt file would be truncated under
// its memory map. This form only collects a folder (through a folder
// picker, which never writes) and a name; nothing opens the file until the
// workspace writes a temporary file beside it and renames it over the
// target once it is complete (store.SaveAs and the exporters do that).
func ShowSaveForm(w fyne.Window, folder, name, current string, then func(path string)) {
	showSaveFormTitled(w, lang.L("dialog.save_title"), lang.L("dialog.save"), folder, name, current, nil, then)
}

// showSaveFormTitled is ShowSaveForm with its own title and confirm
// button (what it will do: "Salvage"), and with same
// reported instead of uikit.ErrSameFile when current is chosen (nil: uikit.ErrSameFile).
// Salvage uses it: current is then the damaged file, not an open one.
func showSaveFormTitled(w fyne.Window, title, confirm, folder, name, current string, same error, then func(path string)) {
	folderEntry := widget.NewEntry()
	folderEntry.SetText(folder)
	nameEntry := widget.NewEntry()
	nameEntry.SetText(name)
	choose := widget.NewButton(lang.L("dialog.save_choose"), func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				dialog.ShowError(errors.New(uikit.UserMessage(err)), w)
				return
			}
			if u != nil {
				folderEntry.SetText(platform.NativePath(u.Path()))
			}
		}, w)
		if l, err := storage.ListerForURI(storage.NewFileURI(folderEntry.Text)); err == nil {
			d.SetLocation(l)
		}
		d.Show()
	})
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("dialog.save_folder"), container.NewBorder(nil, nil, nil, choose, folderEntry)),
		widget.NewFormItem(lang.L("dialog.save_name"), nameEntry),
	}
	d := dialog.NewForm(title, confirm, lang.L("dialog.cancel"), items,
		func(ok bool) {
			if ok {
				submitSave(w, folderEntry.Text, nameEntry.Text, current, same, then)
			}
		}, w)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// submitSave checks the chosen folder and name before anything touches the
// file: the open workspace's own file is refused with uikit.ErrSameFile, and an
// existing file is replaced only after the user confirms.
func submitSave(w fyne.Window, dir, name, current string, same error, then func(path string)) {
	path, err := CheckSavePath(dir, name, current)
	if errors.Is(err, uikit.ErrSameFile) && same != nil {
		err = same
	}
	if err != nil {
		dialog.ShowError(errors.New(uikit.UserMessage(err)), w)
		return
	}
	if _, err := os.Stat(path); err != nil {
		then(path) // a new file
		return
	}
	msg := lang.L("dialog.overwrite_message", map[string]any{"Name": filepath.Base(path)})
	dialog.ShowConfirm(lang.L("dialog.overwrite_title"), msg, func(ok bool) {
		if ok {
			then(path)
		}
	}, w)
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

// CheckSavePath joins the folder and file name chosen in the save form
// into an absolute path and checks it without opening anything. It fails
// with uikit.ErrBadFileName when the name is empty, contains a folder separator
// or names a folder, or the folder is missing, and with uikit.ErrSameFile when
// the path is the open workspace's file current (the same file under
// another spelling or through a link counts too).
func CheckSavePath(dir, name, current string) (string, error) {
	dir, name = strings.TrimSpace(dir), strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("check file name %q: %w", name, uikit.ErrBadFileName)
	}
	if dir == "" {
		return "", fmt.Errorf("check folder: no folder chosen: %w", uikit.ErrBadFileName)
	}
	path, err := filepath.Abs(filepath.Join(dir, name))
	if err != nil {
		return "", fmt.Errorf("check path %s: %w", name, uikit.ErrBadFileName)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return "", fmt.Errorf("check folder %s: not a folder: %w", filepath.Dir(path), uikit.ErrBadFileName)
	}
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return "", fmt.Errorf("check file name %s: it is a folder: %w", path, uikit.ErrBadFileName)
	}
	if current != "" {
		if samePath(path, current) {
			return "", fmt.Errorf("save to %s: %w", path, uikit.ErrSameFile)
		}
	}
	return path, nil
}

// samePath reports whether a and b name the same file: the same cleaned
// absolute path, or (for existing files) the same file on disk, which also
// catches links and case-insensitive file systems.
func samePath(a, b string) bool {
	if ab, err := filepath.Abs(b); err == nil && filepath.Clean(a) == filepath.Clean(ab) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
