package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/chartspane"
	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/ui/whatifpane"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/listeners"
	"github.com/kpitree/kpitree/kpitree"
)

// Adapter makes a file-backed *workspace.Workspace drive the UI: it
// implements the shell's Workspace over app/workspace (Snapshot evaluates
// the tree, Subscribe forwards workspace events as status-bar changes) and,
// by embedding the workspace, offers each pane the use cases its own small
// interface names. It also carries the what-if preview the tree canvas
// shows while a slider is dragged, and the tree's selection. An adapter
// wraps one file for its whole life: Save As opens the copy in a new one.
// Safe for concurrent use.
type Adapter struct {
	*workspace.Workspace

	mu      sync.Mutex
	preview *Preview
	// selected is the node last selected on the tree; "" for none.
	selected string
	unsub    func()

	changes   listeners.List[func(Change)]
	events    listeners.List[func(workspace.Event)]
	selection listeners.List[func(string)]
}

// Preview is a what-if overlay (whatifpane.Preview): while it is set,
// Snapshot shows its series instead of the evaluated history.
type Preview = whatifpane.Preview

// NewAdapter wraps ws. The adapter owns ws from now on: Close closes it.
func NewAdapter(ws *workspace.Workspace) *Adapter {
	a := &Adapter{Workspace: ws}
	a.unsub = ws.Subscribe(a.forward)
	return a
}

// forward turns workspace events into UI changes. Every user action raises
// HistoryChanged besides its specific kinds, so forwarding that one (plus
// forecasts, which are not history) reloads the views once per action.
func (a *Adapter) forward(e workspace.Event) {
	for _, fn := range a.events.Snapshot() {
		fn(e)
	}
	switch e.Kind {
	case workspace.HistoryChanged, workspace.ForecastsChanged:
		a.notify(Change{Action: uikit.Translator().EventText(e, a.nodeName)})
	}
}

// nodeName returns the name of node id in the open workspace, for action
// labels; or id when the node has no name or no longer exists.
func (a *Adapter) nodeName(id string) string {
	if n, ok := a.Node(id); ok && n.Name != "" {
		return n.Name
	}
	return id
}

func (a *Adapter) notify(c Change) {
	for _, fn := range a.changes.Snapshot() {
		fn(c)
	}
}

// SetPreview shows p on the tree (nil returns to the evaluated history)
// and notifies subscribers so the views redraw.
func (a *Adapter) SetPreview(p *Preview) {
	a.mu.Lock()
	a.preview = p
	a.mu.Unlock()
	label := ""
	if p != nil {
		label = p.Label
	}
	a.notify(Change{Action: label})
}

// Snapshot returns the tree with each node's evaluated history, or the
// what-if preview when one is set.
func (a *Adapter) Snapshot() Snapshot {
	a.mu.Lock()
	ws, p := a.Workspace, a.preview
	a.mu.Unlock()
	s := Snapshot{BoxSeries: report.BoxSeries{Tree: ws.Tree()}}
	// One peek at the history names the next undo and redo and says
	// whether they exist, without decoding their (possibly huge) records.
	if undo, redo, err := ws.NextActions(); err == nil {
		s.CanUndo, s.CanRedo = undo.OK, redo.OK
		if undo.OK {
			s.UndoName = uikit.Translator().ActionLabel(undo.Code, undo.Args, workspace.StepDo, a.nodeName)
		}
		if redo.OK {
			s.RedoName = uikit.Translator().ActionLabel(redo.Code, redo.Args, workspace.StepDo, a.nodeName)
		}
	} else {
		// Unnamed, the menu says plain Undo; the Undo itself reports why.
		s.CanUndo, s.CanRedo = ws.CanUndo(), ws.CanRedo()
	}
	e, err := ws.Evaluate("")
	if err != nil {
		return s // the checker shows why; the boxes stay empty
	}
	s.BoxSeries = report.EvaluatedSeries(s.Tree, e)
	if p != nil {
		// A preview's boxes show the end of the forecast horizon, where
		// nothing has been reported: a reconciliation line would only say
		// "–", so the boxes leave it out until the preview ends.
		s.Actual, s.Base, s.Reported = p.Actual, p.Base, nil
	}
	return s
}

// UpdateNode replaces the node (one undoable action).
func (a *Adapter) UpdateNode(n kpitree.Node) error { return a.Apply(kpitree.UpdateNode{Node: n}) }

// SaveAs copies the workspace file, undo history included, to path; the
// original stays open and unchanged (the shell then opens the copy).
func (a *Adapter) SaveAs(ctx context.Context, path string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("save as: %w", err)
	}
	if err := a.Workspace.SaveAs(path); err != nil {
		return fmt.Errorf("save as %s: %w", path, err)
	}
	return nil
}

// ImportData previews the file and commits it with the suggested bindings
// in one undoable action (the binding wizard lets the user review first).
func (a *Adapter) ImportData(ctx context.Context, path string, progress func(float64)) error {
	ws := a.Workspace
	p, err := ws.PreviewImport(ctx, path, dataio.Options{})
	if err != nil {
		return err
	}
	if progress != nil {
		progress(0.5)
	}
	// A file that is already a dataset refreshes it, as the CLI does.
	if _, err := ws.CommitPreview(p.AsRefresh(), p.Suggested); err != nil {
		return err
	}
	if progress != nil {
		progress(1)
	}
	return nil
}

// Export writes by path's extension: .csv or .xlsx numbers (history and
// forecast of every node, base and every scenario), .json the workspace,
// .png, .svg or .pdf the root's fan chart.
func (a *Adapter) Export(ctx context.Context, path string) error {
	ws := a.Workspace
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".csv", ".xlsx":
		return chartspane.WriteNumbers(ctx, ws, path)
	case ".json":
		return uikit.WriteFileAtomic(path, func(f *os.File) error { return ws.ExportJSON(f) })
	}
	format, err := chart.ParseFormat(ext)
	if err != nil {
		return fmt.Errorf("export %s: use .csv, .xlsx, .json, .png, .svg or .pdf: %w", path, err)
	}
	figs, err := uikit.BuildCharts(ctx, ws, report.Request{Node: ws.Tree().Root, Kinds: []report.Kind{report.Fan}})
	if err != nil {
		return err
	}
	if len(figs) == 0 {
		return fmt.Errorf("export %s: %w", path, chart.ErrNoData)
	}
	return uikit.WriteFileAtomic(path, func(f *os.File) error { return chart.Write(f, figs[0].Figure, format, chart.SizeSlide()) })
}

// Subscribe registers fn for changes (edits, undo, imports, forecasts,
// previews); fn may be called from any goroutine.
func (a *Adapter) Subscribe(fn func(Change)) func() { return a.changes.Add(fn) }

// SubscribeEvents registers fn for the workspace's own events (what
// changed: tree, data, scenarios, forecasts…), also across Save As, which
// switches to a new file; fn may be called from any goroutine.
func (a *Adapter) SubscribeEvents(fn func(workspace.Event)) func() { return a.events.Add(fn) }

// NodeOrder lists the node ids as the tree shows them, roots first,
// breadth-first (DeriveStructure): the charts pane lists nodes so.
func (a *Adapter) NodeOrder() []string { return report.DeriveStructure(a.Tree()).Order }

// SetSelection tells the analysis panes which node is selected on the tree
// (the charts follow it); the shell calls it from the canvas.
func (a *Adapter) SetSelection(id string) {
	a.mu.Lock()
	a.selected = id
	a.mu.Unlock()
	for _, fn := range a.selection.Snapshot() {
		fn(id)
	}
}

// SubscribeSelection registers fn for selection changes and calls it at
// once with the current selection, if there is one: a pane built after
// the user selected a node (a tab is built when first shown) starts on it.
func (a *Adapter) SubscribeSelection(fn func(id string)) func() {
	remove := a.selection.Add(fn)
	a.mu.Lock()
	current := a.selected
	a.mu.Unlock()
	if current != "" {
		fn(current)
	}
	return remove
}

// selectionSource is a workspace that reports the tree's selection.
type selectionSource interface {
	SubscribeSelection(fn func(id string)) (unsubscribe func())
}

// Close releases the workspace file.
func (a *Adapter) Close() error {
	a.mu.Lock()
	ws := a.Workspace
	a.unsub()
	a.unsub = func() {}
	a.mu.Unlock()
	a.changes.Clear()
	a.events.Clear()
	a.selection.Clear()
	return ws.Close()
}

// FileOpener opens and creates file-backed workspaces (app/workspace).
type FileOpener struct {
	// Lang is "en" or "ja": template names and new workspaces' settings.
	Lang string
	// AppVersion is recorded in files the app writes; or "".
	AppVersion string
}

// SampleTemplateID is the template id that creates the sample workspace
// (canonical tree with the sample data bound), offered first.
const SampleTemplateID = "sample"

// Open opens an existing workspace file for editing.
func (o FileOpener) Open(_ context.Context, path string) (Workspace, error) {
	ws, err := workspace.Open(path, workspace.Options{AppVersion: o.AppVersion})
	if err != nil {
		return nil, err
	}
	return NewAdapter(ws), nil
}

// Create makes a new workspace at path from template tmpl; SampleTemplateID
// also imports and binds the sample data.
func (o FileOpener) Create(_ context.Context, path, tmpl string) (Workspace, error) {
	lang := o.lang()
	if tmpl == SampleTemplateID {
		ws, err := workspace.CreateSample(path, lang)
		if err != nil {
			return nil, err
		}
		return NewAdapter(ws), nil
	}
	t, err := kpitree.NewFromTemplate(tmpl, lang)
	if err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	ws, err := workspace.Create(path, workspace.CreateParams{Tree: t, Lang: lang, AppVersion: o.AppVersion})
	if err != nil {
		return nil, err
	}
	return NewAdapter(ws), nil
}

// Templates lists the sample workspace first, then kpitree's templates.
func (o FileOpener) Templates() []TemplateInfo {
	l := o.lang()
	out := []TemplateInfo{{ID: SampleTemplateID, Name: lang.L("dialog.sample_template")}}
	for _, t := range kpitree.Templates() {
		name := t.Name[l]
		if name == "" {
			name = t.Name["en"]
		}
		out = append(out, TemplateInfo{ID: t.ID, Name: name})
	}
	return out
}

func (o FileOpener) lang() string {
	if o.Lang == "ja" {
		return "ja"
	}
	return "en"
}

// inspectorSource is the workspace the inspector edits and reads: the
// file-backed adapter behind ws, or nil when none is open.
func inspectorSource(ws Workspace) inspector.Workspace {
	if a, err := adapterOf(ws); err == nil {
		return a
	}
	return nil // not a typed nil: the inspector tests for nil
}

var _ Workspace = (*Adapter)(nil)
var _ inspector.Workspace = (*Adapter)(nil)
var _ Opener = FileOpener{}
