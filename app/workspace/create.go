package workspace

import (
	"fmt"
	"os"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// CreateParams describe a new workspace.
type CreateParams struct {
	// Tree is the initial tree (e.g. from kpitree.NewFromTemplate).
	Tree kpitree.Tree
	// Settings are the initial settings; the zero value means
	// DefaultSettings(Lang) with the tree calendar's fiscal-year start.
	Settings Settings
	// Lang chooses the default settings when Settings is zero: "en" or "ja".
	Lang string
	// AppVersion is recorded in the file; or "".
	AppVersion string
	// MaxHistory caps the undo history; 0 means DefaultMaxHistory.
	MaxHistory int
}

// Create makes a new workspace file at path holding p.Tree and opens it for
// editing. It fails with store.ErrExists when path exists. Creation itself
// is not an undoable action: the history starts empty.
func Create(path string, p CreateParams) (*Workspace, error) {
	set := p.Settings
	if set == (Settings{}) {
		set = defaultSettingsFor(p.Tree, p.Lang)
	}
	if err := set.Validate(); err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	if err := validIDs(p.Tree); err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	changes, err := treeChangesAll(p.Tree, set)
	if err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	return createWith(path, p.AppVersion, p.MaxHistory, changes)
}

// createWith creates a workspace file holding the given documents, written
// in one transaction without history, and opens it.
func createWith(path, appVersion string, maxHistory int, changes []docChange) (*Workspace, error) {
	st, err := store.Create(path, appVersion)
	if err != nil {
		return nil, err
	}
	err = st.Update(func(tx *store.Tx) error { return writeChanges(tx, changes) })
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path) // we just created it; do not leave a half-made file
		return nil, fmt.Errorf("create workspace %s: %w", path, err)
	}
	return Open(path, Options{AppVersion: appVersion, MaxHistory: maxHistory})
}
