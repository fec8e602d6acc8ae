package main

import (
	"context"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
)

// importIntoWorkspace stores ds in the workspace file and binds nodes to
// its columns (node id → column name; empty: match leaves to columns by
// name) as one undoable action; a file that is already a dataset refreshes
// it, and the result says so. A rejected import leaves the file as it was.
func importIntoWorkspace(_ context.Context, file string, ds *dataio.Dataset, mapping map[string]string) (*workspace.ImportResult, error) {
	// Validate on a read-only open first: even a writable open that changes
	// nothing rewrites the file's meta record, and a rejected import must
	// leave the file byte for byte as it was.
	if err := withWorkspace(file, true, func(w *workspace.Workspace) error { return w.CheckImport(ds, mapping) }); err != nil {
		return nil, err
	}
	var res *workspace.ImportResult
	err := withWorkspace(file, false, func(w *workspace.Workspace) error {
		var err error
		res, err = w.ImportOrRefresh(ds, mapping)
		return err
	})
	return res, err
}
