package main

import (
	"context"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
)

// importIntoWorkspace stores ds in the workspace file and binds nodes to
// its columns (node id → column name; empty: match leaves to columns by
// name) as one undoable action. A rejected import leaves the file as it was.
func importIntoWorkspace(_ context.Context, file string, ds *dataio.Dataset, mapping map[string]string) error {
	// Validate on a read-only open first: even a writable open that changes
	// nothing rewrites the file's meta record, and a rejected import must
	// leave the file byte for byte as it was.
	if err := withWorkspace(file, true, func(w *workspace.Workspace) error { return w.CheckImport(ds, mapping) }); err != nil {
		return err
	}
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		_, err := w.ImportDataset(ds, mapping)
		return err
	})
}
