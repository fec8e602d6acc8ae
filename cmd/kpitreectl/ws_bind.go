package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// runBind binds a node to a dataset column: an input leaf's data, or with
// --actual any node's reported actual (shown beside the computed value,
// never fed into the tree).
func runBind(_ context.Context, s streams, args []string) error {
	fs := newFlags("bind")
	node := fs.String("node", "", "node id")
	dataset := fs.String("dataset", "", "dataset id or name (may be left out when the workspace has one dataset)")
	column := fs.String("column", "", "column name in the dataset")
	actual := fs.Bool("actual", false, "bind the node's reported actual (any node, formulas included) instead of its input data")
	file, err := parseFile(fs, args, required("--node and --column are required", node, column))
	if err != nil {
		return err
	}
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		id, err := datasetID(w, *dataset)
		if err != nil {
			return err
		}
		what := "data"
		if *actual {
			what = "reported actual"
			err = w.BindActual(*node, id, *column)
		} else {
			err = w.Bind(*node, id, *column)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(s.out, "bound the %s of %s to %s.%s\n", what, *node, id, *column)
		return nil
	})
}

// runUnbind removes a node's input binding, or with --actual its reported
// actual. A node without one is left as it is.
func runUnbind(_ context.Context, s streams, args []string) error {
	fs := newFlags("unbind")
	node := fs.String("node", "", "node id")
	actual := fs.Bool("actual", false, "remove the node's reported actual instead of its input data")
	file, err := parseFile(fs, args, required("--node is required", node))
	if err != nil {
		return err
	}
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		what := "data"
		if *actual {
			what = "reported actual"
			err = w.UnbindActual(*node)
		} else {
			err = w.Unbind(*node)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(s.out, "unbound the %s of %s\n", what, *node)
		return nil
	})
}

// datasetID resolves a --dataset value (an id, or a name when no id
// matches) to a dataset id; empty means the only dataset.
func datasetID(w *workspace.Workspace, ref string) (string, error) {
	ds := w.Datasets()
	if ref == "" {
		if len(ds) == 1 {
			return ds[0].ID, nil
		}
		return "", fmt.Errorf("the workspace has %d datasets; name one with --dataset (%s): %w", len(ds), datasetNames(ds), errUsage)
	}
	for _, d := range ds {
		if d.ID == ref {
			return d.ID, nil
		}
	}
	for _, d := range ds {
		if d.Name == ref {
			return d.ID, nil
		}
	}
	return "", fmt.Errorf("--dataset %s (have %s): %w", kpitree.Quote(ref), datasetNames(ds), workspace.ErrUnknownDataset)
}

// datasetNames lists datasets as "id (name)" for messages.
func datasetNames(ds []*workspace.Dataset) string {
	if len(ds) == 0 {
		return "none; import data first"
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.ID
		if d.Name != d.ID {
			parts[i] += " (" + d.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}
