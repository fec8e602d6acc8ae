package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The window's three splitters (outline | rest, centre | inspector, tree
// over bottom panes) are remembered between runs, and the bottom panes
// can take the whole window but the outline: charts, the impact table and
// the what-if sliders are too small to read beside the tree at 1280×800.

// splitPref is a splitter's preference key and default offset.
type splitPref struct {
	key string
	def float64
}

var (
	// The outline takes a sixth of the width.
	splitMain = splitPref{"view.split.main", 0.17}
	// The inspector a quarter of the rest.
	splitRight = splitPref{"view.split.right", 0.75}
	// The bottom panes (what-if sliders, charts) need nearly as much room
	// as the tree, which they are used with; 0.63 is the smallest share
	// at which the canonical tree still fits at ≥ 90 % top-down in the
	// default window (TestShell_FitReadable).
	splitCentre = splitPref{"view.split.centre", 0.63}
)

// offset is the remembered offset, the default when none (or a nonsense
// one) is stored.
func (sp splitPref) offset(p fyne.Preferences) float64 {
	v := p.FloatWithFallback(sp.key, sp.def)
	if !(v >= 0.05 && v <= 0.95) {
		return sp.def
	}
	return v
}

// splits are the shell's splitters, for saving their offsets.
type splits struct {
	main, right, centre *container.Split
}

// saveSplits stores the splitters' offsets (at quit).
func (s *Shell) saveSplits() {
	p := s.app.Preferences()
	for sp, c := range map[splitPref]*container.Split{splitMain: s.splits.main, splitRight: s.splits.right, splitCentre: s.splits.centre} {
		if c != nil {
			p.SetFloat(sp.key, c.Offset)
		}
	}
}

// enlargeButton is the toggle drawn at the right end of the bottom tabs'
// bar: it gives the panes the tree's and the inspector's room, and back.
func (s *Shell) enlargeButton() fyne.CanvasObject {
	s.enlargeBtn = widget.NewButtonWithIcon("", theme.ViewFullScreenIcon(), s.toggleEnlarged)
	s.enlargeBtn.Importance = widget.LowImportance
	return container.NewVBox(container.NewHBox(layout.NewSpacer(), s.enlargeBtn))
}

// Enlarged reports whether the bottom panes fill the window.
func (s *Shell) Enlarged() bool { return s.enlarged }

// toggleEnlarged switches the bottom panes between their place under the
// tree and the whole window but the outline (View ▸ Enlarge panes, the
// button on the tab bar); the bottom panes are shown if they were hidden.
func (s *Shell) toggleEnlarged() {
	s.enlarged = !s.enlarged
	ins := s.inspector.Content()
	if s.enlarged {
		s.bottom.Show()
		s.centre.Hide()
		ins.Hide()
		s.enlargeBtn.SetIcon(theme.ViewRestoreIcon())
	} else {
		s.centre.Show()
		ins.Show()
		s.enlargeBtn.SetIcon(theme.ViewFullScreenIcon())
	}
	if s.items.enlarge != nil {
		s.items.enlarge.Checked = s.enlarged
		s.items.showTree.Checked = s.centre.Visible()
		s.items.showPane.Checked = s.bottom.Visible()
		s.menu.Refresh()
	}
	if s.enlarged {
		s.setMessage(lang.L("status.enlarged"))
	} else {
		s.setMessage(lang.L("status.restored"))
	}
	s.win.Content().Refresh()
}
