package workspace

import (
	"fmt"
	"slices"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// actualKeyPrefix marks a reported-actual binding in BucketBindings. Node
// ids are letters, digits and _ (kpitree.ValidID), so no input binding's
// key can start with it, and a file written before reported actuals
// existed simply has none.
const actualKeyPrefix = "actual/"

// BindActual binds the reported actual of any node (a formula such as the
// root included) to a dataset column, replacing any it had, as one undoable
// action. The reported actual is never fed into the tree: it is shown next
// to the computed value so the reconciliation gap is visible (see
// Evaluation.Reported and Evaluation.Gap), and it does not extend the
// calendar, which spans the input data: periods it lacks are NaN and
// periods outside the calendar are not shown.
func (w *Workspace) BindActual(node, dataset, column string) error {
	b := Binding{Node: node, Dataset: dataset, Column: column}
	return w.change(act(LabelBindActual, node), func(s *state) ([]docChange, error) {
		if err := s.checkActual(b, s.datasets[dataset]); err != nil {
			return nil, fmt.Errorf("bind reported actual of %s: %w", node, err)
		}
		c, err := actualChange(b)
		if err != nil {
			return nil, err
		}
		return []docChange{c}, nil
	})
}

// UnbindActual removes the node's reported actual; a node without one is
// left as it is and nothing is recorded.
func (w *Workspace) UnbindActual(node string) error {
	return w.change(act(LabelUnbindActual, node), func(s *state) ([]docChange, error) {
		if _, ok := s.actuals[node]; !ok {
			return nil, nil
		}
		return []docChange{{Bucket: store.BucketBindings, Key: actualKeyPrefix + node}}, nil
	})
}

// Actuals returns the reported-actual bindings sorted by node id.
func (w *Workspace) Actuals() []Binding {
	s, err := w.snapshot()
	if err != nil {
		return nil
	}
	return s.sortedActuals()
}

// Actual returns node's reported-actual binding; ok is false when it has none.
func (w *Workspace) Actual(node string) (b Binding, ok bool) {
	s, err := w.snapshot()
	if err != nil {
		return Binding{}, false
	}
	b, ok = s.actuals[node]
	return b, ok
}

func (s *state) sortedActuals() []Binding {
	out := make([]Binding, 0, len(s.actuals))
	for _, k := range sortedKeys(s.actuals) {
		out = append(out, s.actuals[k])
	}
	return out
}

// actualChange is the document change that stores b.
func actualChange(b Binding) (docChange, error) {
	return putDoc(store.BucketBindings, actualKeyPrefix+b.Node, b)
}

// setActual decodes a reported-actual document into the (already copied)
// state; nil deletes.
func (s *state) setActual(node string, b []byte) error {
	if s.actuals == nil {
		s.actuals = map[string]Binding{}
	}
	return setDoc(s.actuals, node, b, "reported actual", func(bd *Binding) error {
		if bd.Node != node {
			return fmt.Errorf("reported actual stored for %s names node %s: %w", kpitree.Quote(node), kpitree.Quote(bd.Node), store.ErrCorrupt)
		}
		return nil
	})
}

// checkActual validates a binding of node to a dataset column without
// regard to the node's kind: the node, dataset and column exist and the
// dataset has the tree's frequency. Reported actuals use it as it is;
// checkBinding adds the input-only rule.
func (s *state) checkActual(b Binding, d *Dataset) error {
	if _, ok := s.node(b.Node); !ok {
		return fmt.Errorf("node %s: %w", kpitree.Quote(b.Node), kpitree.ErrUnknownNode)
	}
	if d == nil {
		return fmt.Errorf("dataset %s: %w", kpitree.Quote(b.Dataset), ErrUnknownDataset)
	}
	if d.column(b.Column) == nil {
		return fmt.Errorf("column %s of dataset %s: %w", kpitree.Quote(b.Column), kpitree.Quote(d.Name), ErrUnknownColumn)
	}
	freq := s.tree.Calendar.Freq
	if freq == "" {
		freq = kpitree.Month
	}
	if d.Calendar.Freq != freq {
		return fmt.Errorf("dataset %s is %s, the tree %s: %w", kpitree.Quote(d.Name), d.Calendar.Freq, freq, ErrCalendarMismatch)
	}
	return nil
}

// suggestActuals proposes reported actuals for an import: each formula node
// that has none yet is matched (app/dataio's matcher: ids, names,
// synonyms such as revenue_jpy ↔ addon_revenue) against the columns that
// no input binding uses. A column feeding a leaf is that leaf's data, not
// a formula's reported total, so those are left out.
func (s *state) suggestActuals(d *Dataset, inputs []Binding) []Binding {
	used := map[string]bool{}
	for _, b := range inputs {
		used[b.Column] = true
	}
	var refs []dataio.NodeRef
	for _, n := range s.tree.Nodes {
		if _, has := s.actuals[n.ID]; n.Kind == kpitree.KindFormula && !has {
			refs = append(refs, dataio.NodeRef{ID: n.ID, Name: n.Name, Unit: n.Unit})
		}
	}
	var cols []dataio.ColumnRef
	for _, c := range d.Columns {
		if !used[c.Name] {
			cols = append(cols, dataio.ColumnRef{Name: c.Name, Unit: c.Unit})
		}
	}
	if len(refs) == 0 || len(cols) == 0 {
		return nil
	}
	matched := dataio.Suggest(cols, refs)
	out := make([]Binding, 0, len(matched))
	for _, node := range sortedKeys(matched) {
		out = append(out, Binding{Node: node, Dataset: d.ID, Column: matched[node]})
	}
	return out
}

// actualImportChanges validates the reported actuals of an import of d and
// returns their documents, and checks that a replaced dataset still has
// every column the other reported actuals use.
func (s *state) actualImportChanges(d *Dataset, actuals []Binding) ([]docChange, error) {
	var out []docChange
	rebound := map[string]bool{}
	for _, b := range actuals {
		b.Dataset = d.ID
		if err := s.checkActual(b, d); err != nil {
			return nil, fmt.Errorf("import: reported actual of %s: %w", b.Node, err)
		}
		c, err := actualChange(b)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		rebound[b.Node] = true
	}
	for _, node := range sortedKeys(s.actuals) {
		b := s.actuals[node]
		if b.Dataset == d.ID && !rebound[node] && d.column(b.Column) == nil {
			return nil, fmt.Errorf("import: the reported actual of %s is column %q, which the new data lacks; bind it to another column or unbind it first: %w",
				node, b.Column, ErrUnknownColumn)
		}
	}
	return out, nil
}

// actualsDropped returns the deletions of the reported actuals whose node
// is not in keep.
func (s *state) actualsDropped(keep func(id string) bool) []docChange {
	var out []docChange
	for _, id := range sortedKeys(s.actuals) {
		if !keep(id) {
			out = append(out, docChange{Bucket: store.BucketBindings, Key: actualKeyPrefix + id})
		}
	}
	return out
}

// actualsOf returns the reported actuals bound to dataset id.
func (s *state) actualsOf(dataset string) []string {
	var out []string
	for _, id := range sortedKeys(s.actuals) {
		if s.actuals[id].Dataset == dataset {
			out = append(out, id)
		}
	}
	return slices.Clip(out)
}
