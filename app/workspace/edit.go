package workspace

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// SetTree replaces the tree with t as one undoable action named label
// ("Rename node", "Add node"). Only the nodes that differ are written, so
// an edit of one node in a 10,000-node tree stays small on disk and in the
// history. Bindings of nodes that disappear or stop being inputs are
// removed in the same action. The tree may have check errors (users edit
// step by step), but every id must be valid and unique.
func (w *Workspace) SetTree(label string, t kpitree.Tree) error {
	if err := validIDs(t); err != nil {
		return fmt.Errorf("%s: %w", lower(label), err)
	}
	return w.change(actionFromLabel(label), func(s *state) ([]docChange, error) {
		return treeChanges(s, t)
	})
}

// EditTree applies fn to a copy of the current tree and stores the result
// like SetTree. fn's error aborts the edit.
func (w *Workspace) EditTree(label string, fn func(t *kpitree.Tree) error) error {
	return w.change(actionFromLabel(label), func(s *state) ([]docChange, error) {
		t := s.tree.Clone()
		if err := fn(&t); err != nil {
			return nil, fmt.Errorf("%s: %w", lower(label), err)
		}
		if err := validIDs(t); err != nil {
			return nil, fmt.Errorf("%s: %w", lower(label), err)
		}
		return treeChanges(s, t)
	})
}

// SetNode replaces the node with n's id by n. It writes only that node's
// document (and drops its binding when it stops being an input), so it
// stays fast in large trees.
func (w *Workspace) SetNode(n kpitree.Node) error { return w.setNode(act(LabelEditNode), n) }

func (w *Workspace) setNode(a action, n kpitree.Node) error {
	label := a.label()
	return w.change(a, func(s *state) ([]docChange, error) {
		old, ok := s.node(n.ID)
		if !ok {
			return nil, fmt.Errorf("%s: node %s: %w", lower(label), kpitree.Quote(n.ID), kpitree.ErrUnknownNode)
		}
		if nodeEqual(old, n) {
			return nil, nil
		}
		if err := kpitree.CheckNodeLimits(n); err != nil {
			return nil, fmt.Errorf("%s: %w", lower(label), err)
		}
		b, err := encodeNode(n)
		if err != nil {
			return nil, err
		}
		out := []docChange{{Bucket: store.BucketTrees, Key: nodeKeyPrefix + n.ID, After: b}}
		if _, bound := s.bindings[n.ID]; bound && n.Kind != kpitree.KindInput {
			out = append(out, docChange{Bucket: store.BucketBindings, Key: n.ID})
		}
		return out, nil
	})
}

// AddNode appends n to the tree.
func (w *Workspace) AddNode(n kpitree.Node) error {
	return w.EditTree("Add node", func(t *kpitree.Tree) error {
		t.Nodes = append(t.Nodes, n.Clone())
		return nil
	})
}

// RemoveNode removes the node id (and its binding). Formulas that refer to
// it become check errors until they are fixed.
func (w *Workspace) RemoveNode(id string) error {
	return w.EditTree("Remove node", func(t *kpitree.Tree) error {
		i := slices.IndexFunc(t.Nodes, func(n kpitree.Node) bool { return n.ID == id })
		if i < 0 {
			return fmt.Errorf("node %s: %w", kpitree.Quote(id), kpitree.ErrUnknownNode)
		}
		t.Nodes = slices.Delete(t.Nodes, i, i+1)
		return nil
	})
}

func validIDs(t kpitree.Tree) error {
	if t.Calendar.Periods < 0 || t.Calendar.Periods > maxPeriods {
		return fmt.Errorf("calendar of %d periods: use 0–%d: %w", t.Calendar.Periods, maxPeriods, ErrBadSettings)
	}
	if t.Name != "" {
		if err := kpitree.CheckTreeLimits(kpitree.Tree{Name: t.Name, Root: t.Root}); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(t.Nodes))
	for i, n := range t.Nodes {
		if len(n.ID) > kpitree.MaxIDBytes {
			return kpitree.CheckNodeLimits(kpitree.Node{ID: n.ID})
		}
		if !kpitree.ValidID(n.ID) {
			return fmt.Errorf("node %d id %s: %w: use letters, digits and _ and start with a letter", i+1, kpitree.Quote(n.ID), kpitree.ErrInvalidID)
		}
		if seen[n.ID] {
			return fmt.Errorf("node %s: %w: give each node its own id", kpitree.Quote(n.ID), kpitree.ErrDuplicateID)
		}
		seen[n.ID] = true
	}
	return nil
}

// treeChanges lists the document changes that turn s's tree into t.
func treeChanges(s *state, t kpitree.Tree) ([]docChange, error) {
	var out []docChange
	h := treeHeader{Name: t.Name, Root: t.Root, Calendar: t.Calendar, Order: make([]string, len(t.Nodes))}
	for i, n := range t.Nodes {
		h.Order[i] = n.ID
		if old, ok := s.node(n.ID); ok && nodeEqual(old, n) {
			continue
		}
		// Only changed nodes are checked against the limits, so a file
		// written before they existed stays editable.
		if err := kpitree.CheckNodeLimits(n); err != nil {
			return nil, err
		}
		b, err := encodeNode(n)
		if err != nil {
			return nil, err
		}
		out = append(out, docChange{Bucket: store.BucketTrees, Key: nodeKeyPrefix + n.ID, After: b})
	}
	kept := make(map[string]kpitree.Kind, len(t.Nodes))
	for _, n := range t.Nodes {
		kept[n.ID] = n.Kind
	}
	for _, id := range s.header.Order {
		if _, ok := kept[id]; !ok {
			out = append(out, docChange{Bucket: store.BucketTrees, Key: nodeKeyPrefix + id})
		}
	}
	if !headerEqual(s.header, h) {
		b, err := json.Marshal(h)
		if err != nil {
			return nil, fmt.Errorf("encode tree: %w", err)
		}
		out = append(out, docChange{Bucket: store.BucketTrees, Key: keyTree, After: b})
	}
	for _, id := range sortedKeys(s.bindings) {
		if kind, ok := kept[id]; !ok || kind != kpitree.KindInput {
			out = append(out, docChange{Bucket: store.BucketBindings, Key: id})
		}
	}
	// A reported actual suits any kind of node: only removal drops it.
	out = append(out, s.actualsDropped(func(id string) bool { _, ok := kept[id]; return ok })...)
	return out, nil
}

func headerEqual(a, b treeHeader) bool {
	return a.Name == b.Name && a.Root == b.Root && a.Calendar.Freq == b.Calendar.Freq &&
		a.Calendar.Start.Equal(b.Calendar.Start) && a.Calendar.Periods == b.Calendar.Periods &&
		a.Calendar.FiscalYearStart == b.Calendar.FiscalYearStart && slices.Equal(a.Order, b.Order)
}

// nodeEqual compares two nodes field by field without reflection, because
// SetTree compares every node of a 10,000-node tree on each edit. A
// white-box test guards that it knows every field of kpitree.Node.
func nodeEqual(a, b kpitree.Node) bool {
	if a.ID != b.ID || a.Name != b.Name || a.Unit != b.Unit || a.Kind != b.Kind ||
		a.Formula != b.Formula || !sameFloat(a.Value, b.Value) || a.Owner != b.Owner ||
		a.Controllable != b.Controllable || a.Description != b.Description ||
		a.Aggregation != b.Aggregation || a.AggregationNote != b.AggregationNote || a.FYRate != b.FYRate {
		return false
	}
	if !slices.EqualFunc(a.Values, b.Values, sameFloat) || !slices.Equal(a.Health, b.Health) ||
		!slices.Equal(a.Targets, b.Targets) {
		return false
	}
	if (a.RAG == nil) != (b.RAG == nil) || (a.RAG != nil && *a.RAG != *b.RAG) {
		return false
	}
	return slices.Equal(a.Silenced, b.Silenced) && slices.Equal(a.Alerts, b.Alerts)
}

// sameFloat is == except that NaN equals NaN (missing equals missing).
func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// Apply applies a kpitree edit operation (AddNode, RenameID, Reparent, …)
// as one undoable action. The history stores the resulting document
// changes, so undo restores exactly what the operation changed.
func (w *Workspace) Apply(op kpitree.Op) error { return w.applyAs(opAction(op), op) }

// AddDriver adds n under parent, joined to parent's formula by join: "*"
// (a factor of a product) or "+" (a term of a sum); the user chooses, since
// guessing from the formula's own operator turned a / b into a / b / n.
// An input parent becomes a formula of n. One undoable action.
func (w *Workspace) AddDriver(parent string, n kpitree.Node, join string) error {
	op, err := kpitree.AddDriverOp(w.Tree(), parent, n, join)
	if err != nil {
		return fmt.Errorf("%s: %w", lower(act(LabelAddNode).label()), err)
	}
	return w.applyAs(act(LabelAddNode), op)
}

// DeleteNodes removes the nodes, dropping each from the sums and products
// that use it (one undoable action). It refuses, naming the formula, when a
// node is used in another shape (the divisor of a ratio, say).
func (w *Workspace) DeleteNodes(ids []string) error {
	op, err := kpitree.RemoveNodesOp(w.Tree(), ids)
	if err != nil {
		return fmt.Errorf("%s: %w", lower(act(LabelDeleteNodes).label()), err)
	}
	return w.applyAs(act(LabelDeleteNodes), op)
}

// MoveDriver makes node a driver of to instead of from (its parent on the
// tree; "" when it has none), through kpitree.Reparent: joined by × to a
// product or ratio and by + to a sum. It refuses (kpitree.ErrCycle) a move
// under the node itself or one of its drivers.
func (w *Workspace) MoveDriver(node, from, to string) error {
	if from == to {
		return nil
	}
	var op kpitree.Op = kpitree.Reparent{ID: node, From: from, To: to}
	if from == "" {
		var err error
		if op, err = kpitree.JoinDriverOp(w.Tree(), to, node, "*"); err != nil {
			return fmt.Errorf("%s: %w", lower(act(LabelMoveNode).label()), err)
		}
	}
	return w.applyAs(act(LabelMoveNode), op)
}

// NewNodeID is a readable id for a new node named name under parent:
// derived from the name (Japanese kana transliterated, common KPI words
// translated), numbered when taken, from the parent's id when the name has
// nothing to derive from.
func (w *Workspace) NewNodeID(name, parent string) string {
	t := w.Tree()
	taken := make(map[string]bool, len(t.Nodes))
	for _, n := range t.Nodes {
		taken[n.ID] = true
	}
	return kpitree.DeriveID(name, parent, func(id string) bool { return taken[id] })
}

// DriverPreview is what adding a driver would do to its parent: the unit
// the parent's formula would compute, and the checker's new findings.
type DriverPreview struct {
	// Formula is the parent's formula after the driver joins it.
	Formula string
	// Unit is the unit the formula would compute ("" when unknown).
	Unit string
	// Diagnostics are the checker's findings on the parent and the new
	// node that the tree does not have yet (a unit mismatch, say).
	Diagnostics []kpitree.Diagnostic
}

// PreviewDriver says what AddDriver(parent, n, join) would do, without
// doing it, so the add dialog can show the resulting unit and warn first.
func (w *Workspace) PreviewDriver(parent string, n kpitree.Node, join string) (DriverPreview, error) {
	op, err := kpitree.AddDriverOp(w.Tree(), parent, n, join)
	if err != nil {
		return DriverPreview{}, err
	}
	next, diags, err := w.previewOp(op)
	if err != nil {
		return DriverPreview{}, err
	}
	var pv DriverPreview
	if p, ok := nodeIn(next, parent); ok {
		pv.Formula = p.Formula
	}
	pv.Unit, _ = kpitree.InferredUnit(next, parent)
	for _, d := range diags {
		if d.Node == parent || d.Node == n.ID {
			pv.Diagnostics = append(pv.Diagnostics, d)
		}
	}
	return pv, nil
}

// PreviewEdit returns the checker's findings that op would add to the tree
// (a unit mismatch, an unknown name, a division by zero in the data),
// without applying it: the inspector asks before saving an edit that
// introduces one.
func (w *Workspace) PreviewEdit(op kpitree.Op) ([]kpitree.Diagnostic, error) {
	_, diags, err := w.previewOp(op)
	return diags, err
}

// previewOp applies op to a copy of the evaluated tree and returns it with
// the findings Check reports on the copy but not on the tree.
func (w *Workspace) previewOp(op kpitree.Op) (kpitree.Tree, []kpitree.Diagnostic, error) {
	s, err := w.snapshot()
	if err != nil {
		return kpitree.Tree{}, nil, err
	}
	t := s.evalTree()
	next, _, err := op.Apply(t.Clone())
	if err != nil {
		return kpitree.Tree{}, nil, err
	}
	in := s.inputs(t.Calendar)
	type key struct{ node, code, msg string }
	old := map[key]bool{}
	for _, d := range kpitree.Check(t, in) {
		old[key{d.Node, d.Code, d.Message}] = true
	}
	var added []kpitree.Diagnostic
	for _, d := range kpitree.Check(next, in) {
		if !old[key{d.Node, d.Code, d.Message}] {
			added = append(added, d)
		}
	}
	return next, added, nil
}

func nodeIn(t kpitree.Tree, id string) (kpitree.Node, bool) {
	for _, n := range t.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return kpitree.Node{}, false
}

// applyAs applies op as one undoable action named a.
func (w *Workspace) applyAs(a action, op kpitree.Op) error {
	label := a.label()
	// UpdateNode touches one node: skip cloning the whole tree.
	switch u := op.(type) {
	case kpitree.UpdateNode:
		return w.setNode(a, u.Node)
	case *kpitree.UpdateNode:
		if u != nil {
			return w.setNode(a, u.Node)
		}
	}
	return w.change(a, func(s *state) ([]docChange, error) {
		t, _, err := op.Apply(s.tree.Clone())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lower(label), err)
		}
		if err := validIDs(t); err != nil {
			return nil, fmt.Errorf("%s: %w", lower(label), err)
		}
		changes, err := treeChanges(s, t)
		if err != nil {
			return nil, err
		}
		// A renamed node keeps its data: move its binding, its reported
		// actual and its model override to the new id.
		r, ok := op.(kpitree.RenameID)
		if p, isPtr := op.(*kpitree.RenameID); isPtr && p != nil {
			r, ok = *p, true
		}
		if b, bound := s.bindings[r.From]; ok && bound {
			b.Node = r.To
			c, err := putDoc(store.BucketBindings, r.To, b)
			if err != nil {
				return nil, err
			}
			changes = append(changes, c)
		}
		if b, has := s.actuals[r.From]; ok && has {
			b.Node = r.To
			c, err := actualChange(b)
			if err != nil {
				return nil, err
			}
			changes = append(changes, c)
		}
		if ok { // and its forecast model override
			extra, err := s.leafModelRename(r.From, r.To)
			if err != nil {
				return nil, err
			}
			changes = append(changes, extra...)
		}
		return changes, nil
	})
}

// opAction names an operation for the undo menu.
func opAction(op kpitree.Op) action {
	switch op.(type) {
	case kpitree.AddNode, *kpitree.AddNode:
		return act(LabelAddNode)
	case kpitree.RemoveNode, *kpitree.RemoveNode:
		return act(LabelRemoveNode)
	case kpitree.UpdateNode, *kpitree.UpdateNode:
		return act(LabelEditNode)
	case kpitree.SetFormula, *kpitree.SetFormula:
		return act(LabelEditFormula)
	case kpitree.SetRoot, *kpitree.SetRoot:
		return act(LabelSetRoot)
	case kpitree.MoveNode, *kpitree.MoveNode:
		return act(LabelMoveNode)
	case kpitree.Reparent, *kpitree.Reparent:
		return act(LabelReparentNode)
	case kpitree.RenameID, *kpitree.RenameID:
		return act(LabelRenameID)
	}
	return act(LabelEditTree)
}
