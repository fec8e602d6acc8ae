package ui

import (
	"context"

	"github.com/kpitree/kpitree/kpitree"
)

// Workspace is what the UI needs from an open workspace (app/workspace
// implements it; the in-memory Demo does too). Methods may be called from
// the UI goroutine and must not block on long work: the UI runs SaveAs,
// ImportData and Export in a goroutine and applies the result with fyne.Do.
type Workspace interface {
	// Path is the workspace file, or "" for an unsaved workspace.
	Path() string
	// Snapshot returns the current tree and its computed series.
	Snapshot() Snapshot
	// UpdateNode replaces the node with the same ID (an undoable edit).
	UpdateNode(n kpitree.Node) error
	// AddNode adds n as a driver of parent (an undoable edit); parent "" adds
	// a new root-level node.
	AddNode(parent string, n kpitree.Node) error
	// DeleteNodes removes the nodes and their references (one undoable edit).
	DeleteNodes(ids []string) error
	// Reparent moves node under newParent; it returns an error wrapping
	// kpitree.ErrCycle when newParent is node or one of its descendants.
	Reparent(node, newParent string) error
	// Undo reverts the last edit; Redo re-applies it. Both return the
	// edit's label, or an error when there is nothing to undo or redo.
	Undo() (string, error)
	Redo() (string, error)
	// SaveAs writes the workspace to path and makes it the current file.
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

// Snapshot is the state the views draw: the tree and its series.
type Snapshot struct {
	Tree kpitree.Tree
	// Actual holds each node's series by node id (NaN for missing); or nil.
	Actual map[string][]float64
	// Base holds each node's base-scenario series for Δ; or nil, in which
	// case Δ is against the node's latest target.
	Base map[string][]float64
	// Reported holds the reported actual (what finance booked) of the nodes
	// that have one, by node id, aligned to Actual's periods (NaN where the
	// data has none); or nil. The boxes show it beside the computed value.
	Reported map[string][]float64
	// CanUndo and CanRedo say whether Undo and Redo would do anything.
	CanUndo, CanRedo bool
	// UndoName and RedoName name the actions Undo and Redo would take back
	// or re-apply, in the UI language ("Add scenario Upside 2026"), so the
	// Edit menu can say "Undo Add scenario Upside 2026"; "" when unknown
	// (the demo, an unreadable history), and the menu then says plain
	// "Undo" / "Redo".
	UndoName, RedoName string
}

// Change describes one change to a workspace, for the status bar.
type Change struct {
	// Action is a short description of what changed, e.g. "edit active_rate".
	Action string
}
