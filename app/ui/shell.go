package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/app/ui/problemspane"
	"github.com/kpitree/kpitree/app/ui/sources"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Workspace is what the shell needs from an open workspace (Adapter
// implements it over app/workspace). Methods may be called from
// the UI goroutine and must not block on long work: the shell runs every
// edit, SaveAs, ImportData and Export through uikit's job runner and
// store writer, off the UI goroutine.
type Workspace interface {
	// Path is the workspace file, or "" for an unsaved workspace.
	Path() string
	// Snapshot returns the current tree and its computed series.
	Snapshot() Snapshot
	// UpdateNode replaces the node with the same ID (an undoable edit).
	UpdateNode(n kpitree.Node) error
	// AddDriver adds n as a driver of parent joined by join ("*" or "+";
	// an undoable edit); parent "" adds an unattached node.
	AddDriver(parent string, n kpitree.Node, join string) error
	// PreviewDriver says what AddDriver would do to parent (its formula, the
	// unit it would compute, new checker findings) without doing it.
	PreviewDriver(parent string, n kpitree.Node, join string) (workspace.DriverPreview, error)
	// Check returns every finding of the checker (kpitree.Check and the
	// reconciliation of reported actuals: what `kpitreectl check` prints),
	// for the Problems tab, the boxes' badges and the inspector.
	Check() ([]kpitree.Diagnostic, error)
	// PreviewEdit returns the findings op would add, without applying it,
	// so an edit that breaks something says so before it is saved.
	PreviewEdit(op kpitree.Op) ([]kpitree.Diagnostic, error)
	// NewNodeID is a readable, unused id for a node named name under parent.
	NewNodeID(name, parent string) string
	// DeleteNodes removes the nodes and their references (one undoable edit).
	DeleteNodes(ids []string) error
	// MoveDriver makes node a driver of to instead of from (its parent on
	// the tree, or ""); it returns an error wrapping kpitree.ErrCycle when
	// to is node or one of its drivers.
	MoveDriver(node, from, to string) error
	// Undo reverts the last edit; Redo re-applies it. Both return the
	// edit's label, or an error when there is nothing to undo or redo.
	Undo() (string, error)
	Redo() (string, error)
	// SaveAs writes a copy of the workspace, history included, to path; the
	// shell then opens the copy.
	SaveAs(ctx context.Context, path string) error
	// ImportData imports a CSV or XLSX file, reporting progress in [0, 1].
	ImportData(ctx context.Context, path string, progress func(float64)) error
	// Export writes charts and numbers to path (format from its extension).
	Export(ctx context.Context, path string) error
	// Subscribe registers fn, called after every change (edit, undo,
	// import), possibly from another goroutine (the UI wraps it in
	// fyne.Do); the returned function unregisters it.
	Subscribe(fn func(Change)) (unsubscribe func())
	// Close releases the workspace (file locks).
	Close() error
}

// Opener opens and creates workspaces.
type Opener interface {
	// Open opens an existing workspace file.
	Open(ctx context.Context, path string) (Workspace, error)
	// Create makes a new workspace at path from the template with id tmpl.
	Create(ctx context.Context, path, tmpl string) (Workspace, error)
	// Templates lists the templates New from template… offers.
	Templates() []TemplateInfo
}

// TemplateInfo names a tree template.
type TemplateInfo struct {
	ID   string // stable id passed to Opener.Create
	Name string // display name, already in the user's language if known
}

// Snapshot is the state the views draw: the tree and its series (what
// report.BuildBoxes turns into boxes), and the undo state.
type Snapshot struct {
	report.BoxSeries
	// CanUndo and CanRedo say whether Undo and Redo would do anything.
	CanUndo, CanRedo bool
	// UndoName and RedoName name the actions Undo and Redo would take back
	// or re-apply, in the UI language ("Add scenario Upside 2026"), so the
	// Edit menu can say "Undo Add scenario Upside 2026"; "" when unknown
	// (an unreadable history), and the menu then says plain "Undo" / "Redo".
	UndoName, RedoName string
}

// Change describes one change to a workspace, for the status bar.
type Change struct {
	// Action is a short description of what changed, e.g. "edit active_rate".
	Action string
}

// Pane is a tab in the bottom area (charts, what-if). Screens are values:
// the shell builds each from the window and the open workspace (nil when
// none is open) and rebuilds it when the workspace changes.
type Pane struct {
	// TitleKey is the translation key of the tab title.
	TitleKey string
	// Make builds the pane's content. The pane ties its background work and
	// subscriptions to scope, which closes when the pane is replaced.
	Make func(w fyne.Window, ws Workspace, scope *uikit.PaneScope) fyne.CanvasObject
	// MakeBadged, when set, is used by the shell instead of Make and may
	// mark the tab's title with a count through badge, as BadgeKey words
	// it (panes_badge.go).
	MakeBadged badgedMaker
	BadgeKey   string
}

// Params are the shell's dependencies. App and Opener are required.
type Params struct {
	App    fyne.App
	Opener Opener
	// Workspace is opened at start; or nil for an empty window.
	Workspace Workspace
	// Version is shown in Help ▸ About; or "" for "dev".
	Version string
	// Panes are the bottom tabs; nil means placeholder charts and what-if tabs.
	Panes []Pane
	// FontLicense is the IPA font licence text shown in Help ▸ About.
	FontLicense string
	// StartupError is shown in an error dialog when the window opens (for
	// example the last workspace could not be opened); or nil.
	StartupError error
}

// Shell is the main window: menus, shortcuts, outline, tree canvas,
// inspector, bottom panes and status bar, driving one open Workspace.
type Shell struct {
	app     fyne.App
	win     fyne.Window
	opener  Opener
	version string
	license string
	panes   []Pane

	ws        Workspace
	unsub     func()
	snap      Snapshot
	paneScope *uikit.PaneScope // the bottom panes' lifetime
	// unbuilt holds the bottom tabs whose pane is built when first shown.
	unbuilt map[*container.TabItem]func() fyne.CanvasObject

	ctx    context.Context
	cancel context.CancelFunc
	// quitting is set once Quit has started storing the last edits.
	quitting bool
	// askingLeave is set while leaveTypedEdit's question is on screen.
	askingLeave bool
	// jobs runs the shell's long work (open, save, import, export) the way
	// the panes run theirs.
	jobs uikit.Jobs
	// writes runs the tree edits (add, move, delete) off the UI goroutine,
	// in the order the user made them.
	writes *uikit.Writer

	canvas    *treecanvas.Canvas
	outline   *treecanvas.Outline
	inspector *inspector.Inspector
	// problems is the Problems tab; checkGen counts checker runs, so an
	// older run's findings never replace a newer one's (checkProblems).
	problems *problemspane.View
	checkGen int
	tabs     *container.AppTabs
	// main holds the workspace views; start stands in for them while no
	// workspace is open.
	main   fyne.CanvasObject
	start  *startPage
	left   fyne.CanvasObject
	bottom fyne.CanvasObject
	centre fyne.CanvasObject

	statusPath, statusCount, statusAction, statusMsg *widget.Label

	// splits are the window's splitters; enlarged is true while the bottom
	// panes fill the window (panes_layout.go).
	splits     splits
	enlarged   bool
	enlargeBtn *widget.Button
	// legend says what the boxes show (menu.go, legendText).
	legend *widget.Label
	// statusBox holds the status bar's path, count and last action; it is
	// laid out again when they change, or a longer text overlaps the next.
	statusBox *fyne.Container

	menu  *fyne.MainMenu
	items menuItems
}

// New builds the main window. It fails with uikit.ErrMissingDependency when App
// or Opener is nil, so a wiring mistake shows at start, not on first use.
func New(p Params) (*Shell, error) {
	if p.App == nil {
		return nil, fmt.Errorf("new ui: app: %w", uikit.ErrMissingDependency)
	}
	if p.Opener == nil {
		return nil, fmt.Errorf("new ui: opener: %w", uikit.ErrMissingDependency)
	}
	if p.Version == "" {
		p.Version = "dev"
	}
	if p.Panes == nil {
		p.Panes = DefaultPanes()
	}
	s := &Shell{
		app: p.App, opener: p.Opener, version: p.Version, license: p.FontLicense, panes: p.Panes,
		statusPath: widget.NewLabel(""), statusCount: widget.NewLabel(""),
		statusAction: widget.NewLabel(""), statusMsg: widget.NewLabel(""),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.writes = uikit.NewWriter(&s.jobs)
	s.statusMsg.Truncation = fyne.TextTruncateEllipsis
	s.win = p.App.NewWindow(lang.L("app.title"))
	// Views after the window: building a widget may repaint, and Fyne's
	// headless driver (-tags ci) panics looking up a canvas when no window exists.
	s.canvas, s.outline, s.inspector = treecanvas.New(), treecanvas.NewOutline(), inspector.New(s.writes)
	s.problems = problemspane.New()
	s.win.Resize(windowSize(p.App.Preferences()))
	s.win.SetCloseIntercept(s.quit)
	s.wireViews()
	s.win.SetContent(s.layout())
	s.buildMenu()
	s.registerShortcuts()
	s.SetWorkspace(p.Workspace, "")
	switch {
	case p.StartupError != nil && p.Workspace == nil:
		s.showStartPage(p.StartupError) // said once, on the page
	case p.StartupError != nil:
		s.showError(p.StartupError)
	}
	return s, nil
}

// DefaultPanes are the bottom tabs when Params.Panes is nil: the analysis
// panes (what-if, charts, impact, forecast, data, review), which ask for
// a workspace file while none is open.
func DefaultPanes() []Pane { return AnalysisPanes() }

// Window returns the main window.
func (s *Shell) Window() fyne.Window { return s.win }

// Canvas returns the tree canvas.
func (s *Shell) Canvas() *treecanvas.Canvas { return s.canvas }

// Outline returns the outline view.
func (s *Shell) Outline() *treecanvas.Outline { return s.outline }

// Inspector returns the inspector view.
func (s *Shell) Inspector() *inspector.Inspector { return s.inspector }

// MainMenu returns the window's menu bar.
func (s *Shell) MainMenu() *fyne.MainMenu { return s.menu }

// Workspace returns the open workspace, or nil.
func (s *Shell) Workspace() Workspace { return s.ws }

// ShowAndRun shows the window and runs the app until it quits.
func (s *Shell) ShowAndRun() { s.win.ShowAndRun() }

// Status returns the status bar texts: path, node count, last action, message.
func (s *Shell) Status() (path, count, action, message string) {
	return s.statusPath.Text, s.statusCount.Text, s.statusAction.Text, s.statusMsg.Text
}

func (s *Shell) wireViews() {
	c := s.canvas
	if o, err := parseOrientation(s.app.Preferences().String(prefOrientation)); err == nil {
		c.SetOrientation(o)
	}
	c.OnSelect = func(primary string, _ []string) {
		s.outline.Select(primary)
		s.inspector.SetNode(s.snap.Tree, primary)
		s.propagateSelection(primary) // shell_files.go: charts follow the tree
		s.showGapNote(primary)        // the node's reconciliation warning
	}
	s.outline.OnSelect = func(id string) { c.Select(id) }
	s.problems.OnSelect = func(id string) { c.Select(id) }
	c.OnEdit = func(id string) {
		s.inspector.SetNode(s.snap.Tree, id)
		s.inspector.FocusName(s.win.Canvas())
	}
	c.OnDelete = s.confirmDelete
	c.OnAddChild = func(parent string) { s.addNode(parent) }
	c.OnAddSibling = func(id string) {
		st := report.DeriveStructure(s.snap.Tree)
		s.addNode(st.Parent[id])
	}
	c.OnReparent = func(node, parent string) {
		from := report.DeriveStructure(s.snap.Tree).Parent[node]
		s.edit(func(ws Workspace) error { return ws.MoveDriver(node, from, parent) }, nil)
	}
}

func (s *Shell) layout() fyne.CanvasObject {
	s.tabs = container.NewAppTabs()
	s.tabs.OnSelected = s.showTab
	s.left = s.outline
	s.bottom = container.NewStack(s.tabs, s.enlargeButton())
	zoomBar := s.zoomBar()
	s.centre = container.NewBorder(zoomBar, nil, nil, nil, s.canvas)
	prefs := s.app.Preferences()
	centre := container.NewVSplit(s.centre, s.bottom)
	centre.SetOffset(splitCentre.offset(prefs))
	right := container.NewHSplit(centre, s.inspector.Content())
	right.SetOffset(splitRight.offset(prefs))
	main := container.NewHSplit(s.left, right)
	main.SetOffset(splitMain.offset(prefs))
	s.splits = splits{main: main, right: right, centre: centre}
	s.main = main
	s.start = s.newStartPage()
	if !prefs.BoolWithFallback(prefShowOutline, true) {
		s.left.Hide()
	}
	if !prefs.BoolWithFallback(prefShowCharts, true) {
		s.bottom.Hide()
	}
	status := container.NewHBox(s.statusPath, widget.NewSeparator(), s.statusCount, widget.NewSeparator(), s.statusAction)
	s.statusBox = status
	bar := container.NewBorder(nil, nil, status, nil, s.statusMsg)
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), bar), nil, nil,
		container.NewStack(main, s.start.box))
}

// SetWorkspace makes ws the open workspace (closing the previous one);
// action is shown in the status bar. A nil ws shows an empty window.
func (s *Shell) SetWorkspace(ws Workspace, action string) {
	if s.ws != ws {
		s.inspector.Leave() // typed edits go to the file they were typed for
	}
	if s.unsub != nil {
		s.unsub()
		s.unsub = nil
	}
	// The panes' work reads the workspace: stop it before closing it.
	panes := s.paneScope
	panes.Close()
	if s.ws != nil && s.ws != ws {
		s.closeAfterWrites(s.ws, panes, func(err error) {
			if err != nil {
				s.setMessage(lang.L("error.close", map[string]any{"Err": err.Error()}))
			}
		})
	}
	s.ws = ws
	if ws == nil {
		s.showStartPage(nil)
	} else {
		s.hideStartPage()
	}
	if ws != nil {
		// Changes may arrive from a worker goroutine: apply them on the UI
		// goroutine. The workspace checked here guards a late event from a
		// workspace that has been replaced meanwhile.
		s.unsub = ws.Subscribe(func(c Change) {
			uikit.Post(func() {
				if s.ws == ws {
					s.reload(c.Action)
				}
			})
		})
		if p := ws.Path(); p != "" {
			AddRecentFile(s.app.Preferences(), p)
			s.rebuildRecent()
		}
		if a, err := adapterOf(ws); err == nil {
			sources.RefreshOnOpen(s.win, a, &s.jobs) // database datasets marked "refresh on open"
		}
	}
	s.reload(action)
	if s.canvas.Primary() == "" && s.snap.Tree.Root != "" {
		// Start with the root selected so the inspector shows something
		// useful and the arrow keys work at once.
		s.canvas.Select(s.snap.Tree.Root)
	}
	s.canvas.FitWhenShown()
	s.rebuildPanes()
	s.propagateSelection(s.canvas.Primary()) // shell_files.go: new panes start on the selected node
}

// reload redraws every view from the workspace's current snapshot.
func (s *Shell) reload(action string) {
	if s.ws == nil {
		s.snap = Snapshot{}
	} else {
		s.snap = s.ws.Snapshot()
	}
	boxes := report.BuildBoxes(s.snap.BoxSeries, uikit.Translator())
	s.canvas.SetBoxes(boxes)
	s.legend.SetText(legendText(s.snap))
	s.outline.SetBoxes(boxes)
	s.inspector.SetNode(s.snap.Tree, s.canvas.Primary())
	path := lang.L("status.unsaved")
	switch {
	case s.ws == nil:
		path = lang.L("status.no_workspace")
	case s.ws.Path() != "":
		path = s.ws.Path()
	}
	s.statusPath.SetText(path)
	s.statusCount.SetText(lang.L("status.nodes", map[string]any{"Count": len(s.snap.Tree.Nodes)}))
	if action != "" {
		s.statusAction.SetText(action)
	}
	s.statusBox.Refresh()
	title := lang.L("app.title")
	if s.snap.Tree.Name != "" {
		title = s.snap.Tree.Name + " — " + title
	}
	s.win.SetTitle(title)
	s.updateMenuState()
	s.checkProblems() // the checker's findings, off the UI goroutine
	s.markAnnotated() // the boxes with notes or initiatives
}

func (s *Shell) rebuildPanes() {
	s.paneScope.Close()
	s.paneScope = uikit.NewPaneScope()
	s.inspector.SetSource(inspectorSource(s.ws), s.paneScope) // the node's edits, data, forecast and notes
	s.tabs.Items = nil
	s.unbuilt = map[*container.TabItem]func() fyne.CanvasObject{}
	for _, p := range s.panes {
		s.tabs.Append(s.tabItem(p)) // panes_tabs.go
	}
	s.tabs.Append(s.problems.Tab())
	s.showTab(s.tabs.Selected())
	s.tabs.Refresh()
}

func (s *Shell) setMessage(msg string) { s.statusMsg.SetText(msg) }

// edit runs one workspace edit off the UI goroutine (a store write waits
// on the disk, which must not freeze the window), after the edits asked
// for before it, and reports a failure in a dialog. On success it reloads
// the views and then runs then (if not nil) on the UI goroutine, so the
// caller can act on the result, e.g. select the node it just added.
func (s *Shell) edit(fn func(ws Workspace) error, then func()) {
	ws := s.ws
	if ws == nil {
		s.showError(uikit.ErrNoWorkspace)
		return
	}
	s.writes.Write("", func(context.Context) error { return fn(ws) }, func(err error) {
		if s.ws != ws {
			// The workspace was replaced (and closed) meanwhile: nothing
			// here shows it, and a "file closed" error would only confuse.
			return
		}
		if err != nil {
			s.showError(err)
			return
		}
		// The workspace's change event is applied later through
		// uikit.Post; reload now so then sees the edit.
		s.reload("")
		if then != nil {
			then()
		}
	})
}

// runAsync runs long work off the UI goroutine and applies its outcome on
// it, through the same job runner as the panes, so error handling cannot
// drift.
func (s *Shell) runAsync(busy string, work func(ctx context.Context) error, done func()) {
	s.setMessage(busy)
	uikit.RunJob(&s.jobs, s.ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, work(ctx)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.setMessage("")
			s.showError(err)
			return
		}
		if done != nil {
			done()
		}
	})
}

// WaitIdle blocks until the background work started so far, the shell's
// and the panes', has finished and its outcome has been applied. Tests use
// it; never call it on the UI goroutine of a running app, which the work
// needs to finish.
func (s *Shell) WaitIdle() {
	// Under the test driver an update run while waiting may start more
	// work: repeat until a round finds nothing to run.
	for {
		scope := s.paneScope
		ran := uikit.WaitUI(s.jobs.Idle())
		if scope != nil {
			ran += uikit.WaitUI(scope.Idle())
		}
		if ran == 0 && s.paneScope == scope {
			return
		}
	}
}

// showError shows err in a dialog that says what to do next.
func (s *Shell) showError(err error) {
	if oe, ok := damagedOpen(err); ok { // salvage.go: damaged records can be salvaged
		s.offerSalvage(oe)
		return
	}
	dialog.ShowError(errors.New(uikit.UserMessage(err)), s.win) // uikit/errors.go: knows every sentinel
}

func (s *Shell) confirmDelete(ids []string) {
	if len(ids) == 0 || s.ws == nil {
		return
	}
	names := make([]string, 0, len(ids))
	for _, b := range s.canvas.Boxes() {
		for _, id := range ids {
			if b.ID == id {
				names = append(names, b.Name)
			}
		}
	}
	msg := lang.L("dialog.delete_message", map[string]any{"Names": strings.Join(names, ", ")})
	dialog.ShowConfirm(lang.L("dialog.delete_title"), msg, func(ok bool) {
		if ok {
			s.edit(func(ws Workspace) error { return ws.DeleteNodes(ids) }, nil)
		}
	}, s.win)
}

// quit remembers the window size, releases the workspace and quits, once
// the user has decided on a typed edit that cannot be stored.
func (s *Shell) quit() {
	if s.quitting {
		return // a second Quit while the last edits are stored
	}
	s.leaveTypedEdit(s.quitNow)
}

// leaveTypedEdit runs next unless the inspector holds a typed edit that
// cannot be stored (a bad number, a formula naming no KPI): then it asks
// whether to discard the edit and go on, or go back and fix it, so that
// opening another file or quitting never drops the edit unasked. A valid
// typed edit is stored by next's own Leave.
func (s *Shell) leaveTypedEdit(next func()) {
	name, err := s.inspector.Unstorable()
	if err == nil {
		next()
		return
	}
	if s.askingLeave {
		return // the question is on screen already (a second Quit)
	}
	s.askingLeave = true
	msg := widget.NewLabel(lang.L("dialog.unstored_message", map[string]any{"Name": name, "Err": err.Error()}))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("dialog.unstored_title"), lang.L("dialog.unstored_discard"),
		lang.L("dialog.unstored_back"), msg, func(discard bool) {
			s.askingLeave = false
			if discard {
				s.inspector.Discard()
				next()
			}
		}, s.win)
	d.Resize(fyne.NewSize(480, 0)) // the height follows the wrapped text
	d.Show()
}

func (s *Shell) quitNow() {
	if s.quitting {
		return
	}
	s.quitting = true
	s.inspector.Leave() // typed but not applied: stored, as on leaving the node
	saveWindowSize(s.app.Preferences(), s.win.Canvas().Size())
	s.saveSplits()
	panes := s.paneScope
	panes.Close()
	if s.unsub != nil {
		s.unsub()
	}
	done := func(error) { // quitting: nothing useful to do with a close error
		s.cancel()
		s.app.Quit()
	}
	if s.ws == nil {
		done(nil)
		return
	}
	s.closeAfterWrites(s.ws, panes, done)
}

// closeAfterWrites closes ws once the store writes asked for so far have
// run (the shell's, and those of the closed panes' scope, whose writes go
// on after it closes), off the UI goroutine, then calls done with the
// close's error on it: an edit made just before the workspace is replaced
// or the app quits is stored, not lost on a closed file.
func (s *Shell) closeAfterWrites(ws Workspace, panes *uikit.PaneScope, done func(error)) {
	shell, pending := s.writes.Idle(), panes.Idle()
	uikit.RunJob(&s.jobs, context.Background(), func(context.Context) (struct{}, error) {
		<-shell
		<-pending
		return struct{}{}, ws.Close()
	}, func(_ struct{}, err error) { done(err) })
}

func parseOrientation(s string) (treecanvas.Orientation, error) {
	switch s {
	case "", "ltr":
		return treecanvas.LeftToRight, nil
	case "ttb":
		return treecanvas.TopDown, nil
	}
	return treecanvas.LeftToRight, fmt.Errorf("parse orientation %q: unknown value", s)
}

func orientationPref(o treecanvas.Orientation) string {
	if o == treecanvas.TopDown {
		return "ttb"
	}
	return "ltr"
}

// applyTheme switches the theme live and remembers the choice.
func (s *Shell) applyTheme(m apptheme.Mode) {
	s.app.Preferences().SetString(prefTheme, string(m))
	s.app.Settings().SetTheme(apptheme.New(m))
	s.updateMenuState()
}

// showGapNote puts the reconciliation warning of the selected node
// (report.GapNote) in the status bar message, where the shell says what
// needs attention: the tree has no tooltips, and the box's own line has
// room for the latest gap only. Selecting a node without a warning clears
// a note shown for another node but leaves other messages (work in
// progress) alone.
func (s *Shell) showGapNote(id string) {
	tr := uikit.Translator()
	if note := report.GapNote(s.snap.BoxSeries, id, tr); note != "" {
		s.setMessage(note)
		return
	}
	cur := s.statusMsg.Text
	if cur == "" {
		return
	}
	for other := range s.snap.Reported {
		if report.GapNote(s.snap.BoxSeries, other, tr) == cur {
			s.setMessage("")
			return
		}
	}
}

// annotations is what markAnnotated needs of the open workspace: which
// nodes have notes or initiatives. The workspace counts them from its
// in-memory snapshot (no file read: 0.1 ms for 1,000 notes, see
// docs/benchmarks.md), so the UI goroutine asks directly, like reload's
// Snapshot.
type annotations interface {
	Annotated() (map[string]workspace.Annotations, error)
}

var _ annotations = (*Adapter)(nil)

// markAnnotated marks the boxes of the nodes with notes or initiatives; a
// workspace that cannot say (or fails to) shows no marks.
func (s *Shell) markAnnotated() {
	var marks map[string]int
	if src, ok := s.ws.(annotations); ok {
		if a, err := src.Annotated(); err == nil {
			marks = make(map[string]int, len(a))
			for id, n := range a {
				marks[id] = n.Notes + n.Initiatives
			}
		}
	}
	s.canvas.SetAnnotated(marks)
}

// checkProblems runs the checker on the open workspace off the UI
// goroutine and shows its findings in the Problems tab, on the boxes and
// in the inspector. An older run's result is dropped when a newer one has
// started (every change starts one).
func (s *Shell) checkProblems() {
	s.checkGen++
	ws, gen := s.ws, s.checkGen
	if ws == nil {
		s.applyProblems(nil)
		return
	}
	uikit.RunJob(&s.jobs, s.ctx, func(context.Context) ([]kpitree.Diagnostic, error) {
		return ws.Check()
	}, func(diags []kpitree.Diagnostic, err error) {
		if gen != s.checkGen || s.ws != ws {
			return
		}
		if err != nil {
			// The checker could not run (a store failure): say so rather
			// than show an empty, reassuring list.
			s.setMessage(uikit.UserMessage(err))
			return
		}
		s.applyProblems(diags)
	})
}

// applyProblems shows diags everywhere findings are shown.
func (s *Shell) applyProblems(diags []kpitree.Diagnostic) {
	s.problems.Set(s.snap.Tree, diags)
	s.tabs.Refresh()
	s.canvas.SetProblems(report.WorstByNode(diags))
	s.inspector.SetFindings(diags)
}
