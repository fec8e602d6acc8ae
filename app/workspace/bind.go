package workspace

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// Bind binds the input node to a dataset column, replacing any binding it
// had, as one undoable action.
func (w *Workspace) Bind(node, dataset, column string) error {
	b := Binding{Node: node, Dataset: dataset, Column: column}
	return w.change(act(LabelBind, node), func(s *state) ([]docChange, error) {
		if err := s.checkBinding(b, s.datasets[dataset]); err != nil {
			return nil, fmt.Errorf("bind %s: %w", node, err)
		}
		return putOnly(store.BucketBindings, node, b)
	})
}

// Unbind removes the node's binding; unbinding an unbound node does nothing.
func (w *Workspace) Unbind(node string) error {
	return w.change(act(LabelUnbind, node), func(s *state) ([]docChange, error) {
		if _, ok := s.bindings[node]; !ok {
			return nil, nil
		}
		return []docChange{{Bucket: store.BucketBindings, Key: node}}, nil
	})
}

// checkBinding validates b against the state's tree and dataset d: what
// checkActual checks, and the node must be an input (only inputs take their
// values from data; any node may carry a reported actual).
func (s *state) checkBinding(b Binding, d *Dataset) error {
	if n, ok := s.node(b.Node); ok && n.Kind != kpitree.KindInput {
		return fmt.Errorf("node %s is a %s node: %w", kpitree.Quote(b.Node), n.Kind, ErrNotInput)
	}
	return s.checkActual(b, d)
}

// validateDataset checks a dataset's shape.
func validateDataset(d *Dataset) error {
	if !validName(d.Name) {
		return fmt.Errorf("dataset name %s: %w", kpitree.Quote(d.Name), ErrBadName)
	}
	if len(d.Columns) == 0 {
		return fmt.Errorf("dataset %s has no columns: %w", kpitree.Quote(d.Name), ErrBadDataset)
	}
	if d.Calendar.Periods < 1 || d.Calendar.Periods > maxPeriods || d.Calendar.Start.IsZero() {
		return fmt.Errorf("dataset %s has no periods: %w", kpitree.Quote(d.Name), ErrBadDataset)
	}
	switch d.Calendar.Freq {
	case kpitree.Day, kpitree.Week, kpitree.Month, kpitree.Quarter, kpitree.Year:
	default:
		return fmt.Errorf("dataset %s frequency %s: %w", kpitree.Quote(d.Name), kpitree.Quote(string(d.Calendar.Freq)), ErrBadDataset)
	}
	seen := map[string]bool{}
	for _, c := range d.Columns {
		if seen[c.Name] || c.Name == "" {
			return fmt.Errorf("dataset %s column %s is empty or repeated: %w", kpitree.Quote(d.Name), kpitree.Quote(c.Name), ErrBadDataset)
		}
		seen[c.Name] = true
		if len(c.Values) != d.Calendar.Periods {
			return fmt.Errorf("dataset %q column %q has %d values for %d periods: %w",
				d.Name, c.Name, len(c.Values), d.Calendar.Periods, ErrBadDataset)
		}
	}
	return nil
}

// datasetID derives a stable, readable id from a name, unique in s.
func (s *state) datasetID(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	base := strings.Trim(b.String(), "_")
	if base == "" {
		base = "data"
	}
	id := base
	for i := 2; s.datasets[id] != nil; i++ {
		id = base + "_" + strconv.Itoa(i)
	}
	return id
}

// CommitImport stores dataset d and the given bindings as one undoable
// action: either all of it is written or nothing (a rejected import leaves
// the file untouched). When d.ID is empty a new id is derived from d.Name;
// when it names an existing dataset, that dataset is replaced. It returns
// the dataset id.
func (w *Workspace) CommitImport(d Dataset, binds []Binding) (string, error) {
	var id string
	err := w.change(act(LabelImport, d.Name), func(s *state) ([]docChange, error) {
		changes, did, err := s.importChanges(d, binds, nil)
		id = did
		return changes, err
	})
	return id, err
}

// importChanges validates an import with its input bindings and reported
// actuals against s and returns its document changes and the dataset id.
func (s *state) importChanges(d Dataset, binds, actuals []Binding) ([]docChange, string, error) {
	if err := validateDataset(&d); err != nil {
		return nil, "", fmt.Errorf("import: %w", err)
	}
	if d.ID == "" {
		d.ID = s.datasetID(d.Name)
	}
	var out []docChange
	for _, b := range binds {
		b.Dataset = d.ID
		if err := s.checkBinding(b, &d); err != nil {
			return nil, "", fmt.Errorf("import: bind %s: %w", b.Node, err)
		}
		c, err := putDoc(store.BucketBindings, b.Node, b)
		if err != nil {
			return nil, "", err
		}
		out = append(out, c)
	}
	// A replaced dataset must still have every column its other bindings use.
	rebound := map[string]bool{}
	for _, b := range binds {
		rebound[b.Node] = true
	}
	for _, node := range sortedKeys(s.bindings) {
		b := s.bindings[node]
		if b.Dataset == d.ID && !rebound[node] && d.column(b.Column) == nil {
			return nil, "", fmt.Errorf("import: %s is bound to column %q, which the new data lacks; bind it to another column or unbind it first: %w",
				node, b.Column, ErrUnknownColumn)
		}
	}
	acts, err := s.actualImportChanges(&d, actuals)
	if err != nil {
		return nil, "", err
	}
	out = append(out, acts...)
	dc, err := putDoc(store.BucketDatasets, d.ID, &d)
	if err != nil {
		return nil, "", err
	}
	// The dataset first, so the in-memory bindings never point at nothing.
	return append([]docChange{dc}, out...), d.ID, nil
}

// RemoveDataset deletes a dataset and every binding to it (reported
// actuals included) as one action.
func (w *Workspace) RemoveDataset(id string) error {
	return w.change(act(LabelRemoveDataset), func(s *state) ([]docChange, error) {
		if s.datasets[id] == nil {
			return nil, fmt.Errorf("remove dataset %s: %w", kpitree.Quote(id), ErrUnknownDataset)
		}
		out := []docChange{{Bucket: store.BucketDatasets, Key: id}}
		for _, n := range sortedKeys(s.bindings) {
			if s.bindings[n].Dataset == id {
				out = append(out, docChange{Bucket: store.BucketBindings, Key: n})
			}
		}
		for _, n := range s.actualsOf(id) {
			out = append(out, docChange{Bucket: store.BucketBindings, Key: actualKeyPrefix + n})
		}
		return out, nil
	})
}
