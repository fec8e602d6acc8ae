package ui

import (
	"context"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Workspace is what the shell needs from an open workspace (Adapter
// implements it over app/workspace). Methods may be called from
// the UI goroutine and must not block on long work: the UI runs SaveAs,
// ImportData and Export in a goroutine and applies the result with fyne.Do.
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
