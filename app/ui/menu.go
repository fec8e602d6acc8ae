package ui

import (
	"context"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/report"
	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/datapane"
	"github.com/kpitree/kpitree/app/ui/sources"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// menuItems keeps the items whose state changes (enabled, checked, children).
type menuItems struct {
	recent, undo, redo              *fyne.MenuItem
	showOutline, showTree, showPane *fyne.MenuItem
	enlarge                         *fyne.MenuItem
	orientation                     *fyne.MenuItem
	themes                          map[apptheme.Mode]*fyne.MenuItem
	langs                           map[uikit.Language]*fyne.MenuItem
}

// shortcut is Ctrl (Cmd on macOS) plus key, with extra modifiers.
func shortcut(key fyne.KeyName, extra fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | extra}
}

func item(key string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(lang.L(key), action)
	it.Shortcut = sc
	return it
}

func (s *Shell) buildMenu() {
	m := &s.items
	m.recent = fyne.NewMenuItem(lang.L("menu.open_recent"), nil)
	quit := item("menu.quit", shortcut(fyne.KeyQ, 0), s.quit)
	quit.IsQuit = true
	file := fyne.NewMenu(lang.L("menu.file"),
		item("menu.new_from_template", shortcut(fyne.KeyN, 0), s.newFromTemplate),
		item("menu.open", shortcut(fyne.KeyO, 0), s.openDialog),
		m.recent,
		fyne.NewMenuItemSeparator(),
		item("menu.save_as", shortcut(fyne.KeyS, fyne.KeyModifierShift), s.saveAs),
		item("menu.import", nil, s.importData),
		item("menu.data_sources", nil, func() {
			if a, err := adapterOf(s.ws); err == nil {
				sources.Show(s.win, a)
				return
			}
			s.showError(uikit.ErrNoWorkspace)
		}),
		item("menu.export", nil, s.export),
		item("menu.review_pack", nil, s.exportReviewPack),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	m.undo = item("menu.undo", shortcut(fyne.KeyZ, 0), s.undo)
	m.redo = item("menu.redo", shortcut(fyne.KeyY, 0), s.redo)
	edit := fyne.NewMenu(lang.L("menu.edit"), m.undo, m.redo,
		fyne.NewMenuItemSeparator(),
		item("canvas.add_child", nil, func() {
			if p := s.canvas.Primary(); p != "" {
				s.addNode(p)
			}
		}),
		item("canvas.delete", nil, func() { s.confirmDelete(s.canvas.Selected()) }),
	)

	prefs := s.app.Preferences()
	m.showOutline = item("menu.show_outline", nil, func() { s.toggle(s.left, prefShowOutline, m.showOutline) })
	m.showOutline.Checked = prefs.BoolWithFallback(prefShowOutline, true)
	m.showTree = item("menu.show_tree", nil, func() { s.toggle(s.centre, "", m.showTree) })
	m.showTree.Checked = true
	m.showPane = item("menu.show_charts", nil, func() { s.toggle(s.bottom, prefShowCharts, m.showPane) })
	m.showPane.Checked = prefs.BoolWithFallback(prefShowCharts, true)
	m.orientation = item("menu.top_down", nil, s.toggleOrientation)
	m.enlarge = item("menu.enlarge_panes", shortcut(fyne.KeyF, fyne.KeyModifierShift), s.toggleEnlarged)

	m.themes = map[apptheme.Mode]*fyne.MenuItem{}
	var themeItems []*fyne.MenuItem
	for _, mode := range apptheme.Modes() {
		it := item("theme."+string(mode), nil, func() { s.applyTheme(mode) })
		m.themes[mode] = it
		themeItems = append(themeItems, it)
	}
	themeMenu := fyne.NewMenuItem(lang.L("menu.theme"), nil)
	themeMenu.ChildMenu = fyne.NewMenu("", themeItems...)

	m.langs = map[uikit.Language]*fyne.MenuItem{}
	var langItems []*fyne.MenuItem
	for _, l := range uikit.Languages() {
		it := item("language."+string(l), nil, func() { s.setLanguage(l) })
		m.langs[l] = it
		langItems = append(langItems, it)
	}
	langMenu := fyne.NewMenuItem(lang.L("menu.language"), nil)
	langMenu.ChildMenu = fyne.NewMenu("", langItems...)

	view := fyne.NewMenu(lang.L("menu.view"),
		m.showOutline, m.showTree, m.showPane, m.enlarge,
		fyne.NewMenuItemSeparator(),
		item("menu.zoom_in", shortcut(fyne.KeyEqual, 0), s.canvas.ZoomIn),
		item("menu.zoom_out", shortcut(fyne.KeyMinus, 0), s.canvas.ZoomOut),
		item("menu.zoom_fit", shortcut(fyne.Key0, 0), s.canvas.Fit),
		m.orientation,
		fyne.NewMenuItemSeparator(),
		themeMenu, langMenu,
	)
	help := fyne.NewMenu(lang.L("menu.help"), item("menu.about", nil, s.about))
	s.menu = fyne.NewMainMenu(file, edit, view, help)
	s.rebuildRecent()
	s.updateMenuState()
	s.win.SetMainMenu(s.menu)
}

// registerShortcuts makes the menu shortcuts work even where the driver
// does not register menu shortcuts itself, plus Ctrl+Shift+Z for redo.
func (s *Shell) registerShortcuts() {
	c := s.win.Canvas()
	for _, m := range s.menu.Items {
		for _, it := range m.Items {
			if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok && it.Action != nil {
				action := it.Action
				c.AddShortcut(sc, func(fyne.Shortcut) { action() })
			}
		}
	}
	c.AddShortcut(shortcut(fyne.KeyZ, fyne.KeyModifierShift), func(fyne.Shortcut) { s.redo() })
	c.AddShortcut(shortcut(fyne.KeyPlus, 0), func(fyne.Shortcut) { s.canvas.ZoomIn() })
}

// updateMenuState reflects undo/redo availability and the checked settings.
func (s *Shell) updateMenuState() {
	m := &s.items
	if m.undo == nil {
		return
	}
	m.undo.Disabled = !s.snap.CanUndo
	m.redo.Disabled = !s.snap.CanRedo
	m.undo.Label = stepItemLabel("menu.undo", "undoname.undo", s.snap.CanUndo, s.snap.UndoName)
	m.redo.Label = stepItemLabel("menu.redo", "undoname.redo", s.snap.CanRedo, s.snap.RedoName)
	m.orientation.Checked = s.canvas.Orientation() == treecanvas.TopDown
	mode, _ := apptheme.ParseMode(s.app.Preferences().String(prefTheme))
	for k, it := range m.themes {
		it.Checked = k == mode
	}
	l := LanguagePreference(s.app.Preferences())
	for k, it := range m.langs {
		it.Checked = k == l
	}
	s.menu.Refresh()
}

// maxActionRunes caps the action named in the Undo/Redo item: a scenario
// or dataset name can be 200 characters, and a menu that wide is unusable.
const maxActionRunes = 40

// stepItemLabel is the Undo or Redo item's text: "Undo Add scenario
// Upside 2026" (namedKey filled with the action) when the step can run
// and its action is known, else the plain item (plainKey).
func stepItemLabel(plainKey, namedKey string, can bool, action string) string {
	if !can || action == "" {
		return lang.L(plainKey)
	}
	if r := []rune(action); len(r) > maxActionRunes {
		action = strings.TrimRightFunc(string(r[:maxActionRunes-1]), unicode.IsSpace) + "…"
	}
	return lang.L(namedKey, map[string]any{"Action": action})
}

func (s *Shell) rebuildRecent() {
	recent := RecentFiles(s.app.Preferences())
	var items []*fyne.MenuItem
	for _, p := range recent {
		items = append(items, fyne.NewMenuItem(p, func() { s.open(p) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem(lang.L("menu.no_recent"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	s.items.recent.ChildMenu = fyne.NewMenu("", items...)
	if s.menu != nil {
		s.menu.Refresh()
	}
}

// toggle shows or hides a view and remembers it under pref ("" = not kept).
func (s *Shell) toggle(obj fyne.CanvasObject, pref string, it *fyne.MenuItem) {
	if obj.Visible() {
		obj.Hide()
	} else {
		obj.Show()
	}
	it.Checked = obj.Visible()
	if pref != "" {
		s.app.Preferences().SetBool(pref, obj.Visible())
	}
	s.menu.Refresh()
	s.win.Content().Refresh()
}

func (s *Shell) toggleOrientation() {
	o := treecanvas.TopDown
	if s.canvas.Orientation() == treecanvas.TopDown {
		o = treecanvas.LeftToRight
	}
	s.canvas.SetOrientation(o)
	s.canvas.Fit()
	s.app.Preferences().SetString(prefOrientation, orientationPref(o))
	s.updateMenuState()
}

// setLanguage stores the language; Fyne's lang package cannot switch a
// running app, so it applies at the next start, as the dialog says.
func (s *Shell) setLanguage(l uikit.Language) {
	SetLanguagePreference(s.app.Preferences(), l)
	s.updateMenuState()
	dialog.ShowInformation(lang.L("dialog.language_title"), lang.L("dialog.language_restart"), s.win)
}

func (s *Shell) undo() { s.step(s.snap.CanUndo, Workspace.Undo) }
func (s *Shell) redo() { s.step(s.snap.CanRedo, Workspace.Redo) }

// step undoes or redoes when it can. Both rewrite the store: off the UI
// goroutine, in order with every other edit.
func (s *Shell) step(can bool, do func(Workspace) (string, error)) {
	if s.ws == nil || !can {
		return
	}
	s.edit(func(ws Workspace) error {
		_, err := do(ws)
		return err
	}, nil)
}

// zoomBar holds the canvas buttons: add child, zoom, fit, orientation.
func (s *Shell) zoomBar() fyne.CanvasObject {
	add := widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() {
		s.addNode(s.canvas.Primary())
	})
	s.legend = widget.NewLabel("")
	s.legend.Truncation = fyne.TextTruncateEllipsis
	buttons := container.NewHBox(
		add,
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), s.canvas.ZoomOut),
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), s.canvas.ZoomIn),
		widget.NewButtonWithIcon(lang.L("menu.zoom_fit"), theme.ZoomFitIcon(), s.canvas.Fit),
		widget.NewButtonWithIcon(lang.L("menu.rotate"), theme.ViewRefreshIcon(), s.toggleOrientation),
	)
	return container.NewBorder(nil, nil, buttons, nil, s.legend)
}

// legendText says what the boxes show: which period's values, and what
// the change under each value is measured against (the target; the base
// while a what-if draft is previewed), as the exported tree picture does.
func legendText(snap Snapshot) string {
	period := ""
	if root, ok := snap.Actual[snap.Tree.Root]; ok {
		if _, i := report.LastValue(root); i >= 0 {
			period = snap.Tree.Calendar.Label(i)
		}
	}
	if period == "" {
		return ""
	}
	if snap.Base != nil {
		return lang.L("canvas.legend_base", map[string]any{"Period": period})
	}
	return lang.L("canvas.legend_target", map[string]any{"Period": period})
}

// --- file actions ---

var workspaceFilter = storage.NewExtensionFileFilter([]string{".kpitree"})

func (s *Shell) openDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := platform.NativePath(r.URI().Path())
		_ = r.Close() // only the path is needed; the workspace opens the file itself
		s.open(path)
	}, s.win)
	d.SetFilter(workspaceFilter)
	d.Show()
}

// open opens path in the background and switches to it.
func (s *Shell) open(path string) {
	if s.skipOpen(path) { // shell_files.go: already open in this window
		return
	}
	s.leaveTypedEdit(func() { s.openNow(path) })
}

func (s *Shell) openNow(path string) {
	var ws Workspace
	s.runAsync(lang.L("status.opening", map[string]any{"Path": path}), func(ctx context.Context) error {
		var err error
		ws, err = s.opener.Open(ctx, path)
		return s.forgetIfMissing(path, err) // shell_files.go
	}, func() {
		s.SetWorkspace(ws, lang.L("status.opened"))
		s.setMessage("")
	})
}

func (s *Shell) newFromTemplate() {
	tmpls := s.opener.Templates()
	if len(tmpls) == 0 {
		s.showError(uikit.ErrNotSupported)
		return
	}
	s.leaveTypedEdit(func() { s.showGallery(tmpls) }) // newfromtemplate.go
}

// saveDialog asks for a path to write. It must not be Fyne's save dialog,
// which truncates the chosen file before calling back: see showSaveForm
// (saveform.go).
func (s *Shell) saveDialog(name string, then func(path string)) {
	s.showSaveForm(name, then)
}

func (s *Shell) saveAs() {
	if s.ws == nil {
		s.showError(uikit.ErrNoWorkspace)
		return
	}
	s.leaveTypedEdit(s.saveAsNow)
}

func (s *Shell) saveAsNow() {
	ws := s.ws
	s.saveDialog("workspace.kpitree", func(path string) {
		// The copy holds every edit made so far: the inspector's typed
		// edit and the writes still queued are stored before it is taken.
		s.inspector.Leave()
		stored := s.writes.Idle()
		// The copy is written first and then opened: the window goes on
		// with the copy, and the original closes unchanged.
		var saved Workspace
		s.runAsync(lang.L("status.saving"), func(ctx context.Context) error {
			select {
			case <-stored:
			case <-ctx.Done():
				return ctx.Err()
			}
			if err := ws.SaveAs(ctx, path); err != nil {
				return err
			}
			var err error
			saved, err = s.opener.Open(ctx, path)
			return err
		}, func() {
			s.SetWorkspace(saved, lang.L("status.saved"))
			s.setMessage("")
		})
	})
}

func (s *Shell) importData() {
	if s.ws == nil {
		s.showError(uikit.ErrNoWorkspace)
		return
	}
	// A workspace file gets the binding wizard: preview, column mapping and
	// quality report before one undoable import.
	if a, err := adapterOf(s.ws); err == nil {
		datapane.ShowWizard(s.win, a)
		return
	}
	ws := s.ws
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := platform.NativePath(r.URI().Path())
		_ = r.Close()
		bar := widget.NewProgressBar()
		prog := dialog.NewCustomWithoutButtons(lang.L("dialog.importing"), bar, s.win)
		prog.Show()
		s.runAsync(lang.L("status.importing"), func(ctx context.Context) error {
			defer uikit.Post(prog.Hide)
			return ws.ImportData(ctx, path, func(f float64) { uikit.Post(func() { bar.SetValue(f) }) })
		}, func() {
			s.reload(lang.L("status.imported"))
			s.setMessage("")
		})
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".xlsx"}))
	d.Show()
}

func (s *Shell) export() {
	if s.ws == nil {
		s.showError(uikit.ErrNoWorkspace)
		return
	}
	// A workspace file gets the export dialog: chart types, format, size,
	// nodes, folder, and optionally the numbers, with progress and cancel.
	if a, err := adapterOf(s.ws); err == nil {
		chartspane.ShowExportDialog(s.win, a, s.canvas.Primary())
		return
	}
	ws := s.ws
	s.saveDialog("kpitree.png", func(path string) {
		s.runAsync(lang.L("status.exporting"), func(ctx context.Context) error {
			return ws.Export(ctx, path)
		}, func() { s.setMessage(lang.L("status.exported", map[string]any{"Path": path})) })
	})
}

// exportReviewPack asks where to write the monthly review pack (HTML, or
// PDF when the name ends in .pdf) and writes it off the UI goroutine, in
// the UI's language — the document `kpitreectl review-pack` writes.
func (s *Shell) exportReviewPack() {
	a, err := adapterOf(s.ws)
	if err != nil {
		s.showError(err)
		return
	}
	ws := a.Workspace // app/pack builds from the workspace itself, as kpitreectl does
	s.saveDialog("review-"+time.Now().Format("2006-01")+".html", func(path string) {
		s.runAsync(lang.L("status.pack_writing"), func(ctx context.Context) error {
			return writeReviewPack(ctx, ws, path)
		}, func() { s.setMessage(lang.L("status.pack_written", map[string]any{"Path": path})) })
	})
}

// writeReviewPack builds the pack of ws in the UI's language and writes it
// to path through a temporary file, so a failure leaves nothing half written.
func writeReviewPack(ctx context.Context, ws *workspace.Workspace, path string) error {
	doc, err := pack.Build(ctx, ws, pack.Options{Lang: uikit.Translator().Lang()})
	if err != nil {
		return err
	}
	return uikit.WriteFileAtomic(path, func(f *os.File) error { return pack.Write(f, doc, path, time.Now()) })
}

func (s *Shell) about() {
	title := widget.NewLabelWithStyle(lang.L("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	version := widget.NewLabel(lang.L("about.version", map[string]any{"Version": s.version}))
	blurb := widget.NewLabel(lang.L("about.blurb"))
	blurb.Wrapping = fyne.TextWrapWord
	fontNote := widget.NewLabel(lang.L("about.font"))
	fontNote.Wrapping = fyne.TextWrapWord
	lic := widget.NewMultiLineEntry()
	lic.SetText(s.license)
	lic.Wrapping = fyne.TextWrapWord
	lic.SetMinRowsVisible(8)
	link := widget.NewHyperlink(lang.L("about.font_site"), mustURL("https://moji.or.jp/ipafont/"))
	content := container.NewBorder(container.NewVBox(title, version, blurb, fontNote, link), nil, nil, nil, lic)
	d := dialog.NewCustom(lang.L("menu.about"), lang.L("dialog.close"), content, s.win)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}
