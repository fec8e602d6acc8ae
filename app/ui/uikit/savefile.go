package uikit

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
)

// Saving a file the user names: the form that asks where (ShowSaveForm),
// its checks (CheckSavePath), and the write that never leaves a
// half-written file under the user's name (WriteFileAtomic).

// ShowSaveForm asks in window w for a folder (starting at folder) and a
// file name (starting at name) and calls then with the chosen absolute
// path, on the UI goroutine. current is the open workspace's file (or ""):
// choosing it is refused with ErrSameFile, and an existing file is
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
	ShowSaveFormTitled(w, lang.L("dialog.save_title"), lang.L("dialog.save"), folder, name, current, nil, then)
}

// ShowSaveFormTitled is ShowSaveForm with its own title and confirm
// button (what it will do: "Salvage"), and with same
// reported instead of ErrSameFile when current is chosen (nil: ErrSameFile).
// Salvage uses it: current is then the damaged file, not an open one.
func ShowSaveFormTitled(w fyne.Window, title, confirm, folder, name, current string, same error, then func(path string)) {
	folderEntry := widget.NewEntry()
	folderEntry.SetText(folder)
	nameEntry := widget.NewEntry()
	nameEntry.SetText(name)
	choose := widget.NewButton(lang.L("dialog.save_choose"), func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				dialog.ShowError(errors.New(UserMessage(err)), w)
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
// file: the open workspace's own file is refused with ErrSameFile, and an
// existing file is replaced only after the user confirms.
func submitSave(w fyne.Window, dir, name, current string, same error, then func(path string)) {
	path, err := CheckSavePath(dir, name, current)
	if errors.Is(err, ErrSameFile) && same != nil {
		err = same
	}
	if err != nil {
		dialog.ShowError(errors.New(UserMessage(err)), w)
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

// CheckSavePath joins the folder and file name chosen in the save form
// into an absolute path and checks it without opening anything. It fails
// with ErrBadFileName when the name is empty, contains a folder separator
// or names a folder, or the folder is missing, and with ErrSameFile when
// the path is the open workspace's file current (the same file under
// another spelling or through a link counts too).
func CheckSavePath(dir, name, current string) (string, error) {
	dir, name = strings.TrimSpace(dir), strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("check file name %q: %w", name, ErrBadFileName)
	}
	if dir == "" {
		return "", fmt.Errorf("check folder: no folder chosen: %w", ErrBadFileName)
	}
	path, err := filepath.Abs(filepath.Join(dir, name))
	if err != nil {
		return "", fmt.Errorf("check path %s: %w", name, ErrBadFileName)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return "", fmt.Errorf("check folder %s: not a folder: %w", filepath.Dir(path), ErrBadFileName)
	}
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return "", fmt.Errorf("check file name %s: it is a folder: %w", path, ErrBadFileName)
	}
	if current != "" {
		if SamePath(path, current) {
			return "", fmt.Errorf("save to %s: %w", path, ErrSameFile)
		}
	}
	return path, nil
}

// SamePath reports whether a and b name the same file: the same cleaned
// absolute path, or (for existing files) the same file on disk, which also
// catches links and case-insensitive file systems.
func SamePath(a, b string) bool {
	if ab, err := filepath.Abs(b); err == nil && filepath.Clean(a) == filepath.Clean(ab) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// WriteFileAtomic writes through a temporary file renamed into place, so a
// failed export never leaves a half-written file under the user's name.
func WriteFileAtomic(path string, write func(f *os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".kpitree-export-*")
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}
