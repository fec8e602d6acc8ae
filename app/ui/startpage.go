package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// The start page stands where the tree would when no workspace is open:
// nothing editable is on screen (an edit there could never be saved), the
// reason the last open failed is said once, and the ways forward are
// buttons: Open…, New from template… and the recent files.

// startPage is the start page's widgets.
type startPage struct {
	box    *fyne.Container
	err    *widget.Label
	recent *fyne.Container
	// salvage offers to salvage the file the error names (salvage.go);
	// shown only when its records are damaged.
	salvage *widget.Button
	// damaged is the file salvage copies from.
	damaged string
}

func (s *Shell) newStartPage() *startPage {
	p := &startPage{err: widget.NewLabel(""), recent: container.NewVBox()}
	p.err.Wrapping = fyne.TextWrapWord
	p.err.Importance = widget.DangerImportance
	p.err.Hide()
	title := widget.NewLabelWithStyle(lang.L("start.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	next := widget.NewLabel(lang.L("start.what_next"))
	next.Wrapping = fyne.TextWrapWord
	open := widget.NewButtonWithIcon(lang.L("start.open"), theme.FolderOpenIcon(), s.openDialog)
	open.Importance = widget.HighImportance
	create := widget.NewButtonWithIcon(lang.L("start.new"), theme.ContentAddIcon(), s.newFromTemplate)
	p.salvage = widget.NewButtonWithIcon(lang.L("salvage.button"), theme.DocumentSaveIcon(), func() {
		s.chooseSalvageTarget(p.damaged)
	})
	p.salvage.Importance = widget.WarningImportance
	p.salvage.Hide()
	// Top left, the full width: wrapped text needs a width to wrap to.
	body := container.New(wrapColumn{}, title, p.err, container.NewHBox(p.salvage), next, container.NewHBox(open, create), widget.NewSeparator(), p.recent)
	p.box = container.NewPadded(container.NewPadded(body))
	p.box.Hide()
	return p
}

// show fills the page (the error, if any, and the recent files) and shows it.
func (s *Shell) showStartPage(err error) {
	p := s.start
	if err != nil {
		p.err.SetText(uikit.UserMessage(err))
		p.err.Show()
	} else {
		p.err.Hide()
	}
	if oe, ok := damagedOpen(err); ok {
		p.damaged = oe.Path
		p.salvage.Show()
	} else {
		p.damaged = ""
		p.salvage.Hide()
	}
	p.recent.RemoveAll()
	if files := RecentFiles(s.app.Preferences()); len(files) > 0 {
		p.recent.Add(widget.NewLabel(lang.L("start.recent")))
		for _, f := range files {
			path := f
			b := widget.NewButtonWithIcon(filepath.Base(path), theme.FileIcon(), func() { s.open(path) })
			b.Alignment = widget.ButtonAlignLeading
			p.recent.Add(b)
		}
	}
	p.box.Show()
	s.main.Hide()
	p.box.Refresh()
}

// hideStartPage shows the workspace views again.
func (s *Shell) hideStartPage() {
	s.start.box.Hide()
	s.main.Show()
}

// StartPage reports whether the start page is shown and the error it
// states ("" for none).
func (s *Shell) StartPage() (shown bool, message string) {
	if s.start.err.Visible() {
		message = s.start.err.Text
	}
	return s.start.box.Visible(), message
}

// wrapColumn stacks its objects like a VBox, but sizes each to the full
// width before asking its height, so a wrapped label (the start page's
// reason, which may take two lines) gets the height of its lines at the
// width it is shown at, in one layout pass, instead of overlapping what
// follows until the next one.
type wrapColumn struct{}

func (wrapColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	y, pad := float32(0), theme.Padding()
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		h := o.MinSize().Height // after the resize: wrapped at this width
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
	}
}

func (wrapColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
		n++
	}
	if n > 1 {
		h += theme.Padding() * float32(n-1)
	}
	return fyne.NewSize(w, h)
}
