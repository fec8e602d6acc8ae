package kpitree

import (
	"fmt"
	"slices"
	"strings"
)

// Op is an edit of a tree that can be undone. Apply never modifies its
// input: it returns the edited tree and the operation that restores the
// input exactly (apply the inverse to the result). Ops encode to JSON with
// MarshalOp so the store can keep undo/redo history.
type Op interface {
	Apply(t Tree) (Tree, Op, error)
	opName() string
}

// AddNode inserts Node at Index in Tree.Nodes (Index < 0 or = len: append).
type AddNode struct {
	Node  Node
	Index int
}

// RemoveNode deletes a node that no formula or health score uses.
type RemoveNode struct{ ID string }

// UpdateNode replaces every field of the node with Node.ID by Node's.
type UpdateNode struct{ Node Node }

// SetFormula sets the formula text of a formula node.
type SetFormula struct{ ID, Formula string }

// SetRoot makes ID the root. Force skips the existence check; inverses use
// it to restore a root that was already missing.
type SetRoot struct {
	ID    string
	Force bool
}

// MoveNode moves a node to Index in Tree.Nodes (display order only).
type MoveNode struct {
	ID    string
	Index int
}

// Reparent moves child ID from formula node From to formula node To: the
// term is removed from From's formula and appended to To's with Operator
// ("+" or "*"; empty: "*" when To's formula is a product or ratio, "+"
// when it is a sum, else "*"). It refuses (ErrCycle) when To depends on ID.
type Reparent struct {
	ID, From, To string
	Operator     string
}

// RenameID changes a node's id and rewrites every reference to it (formulas
// keep their exact text elsewhere, health components, the root).
type RenameID struct{ From, To string }

// UpdateTree sets the tree's name and calendar.
type UpdateTree struct {
	Name     string
	Calendar Calendar
}

// Batch applies Ops in order as one undoable step.
type Batch struct{ Ops []Op }

func (AddNode) opName() string    { return "add_node" }
func (RemoveNode) opName() string { return "remove_node" }
func (UpdateNode) opName() string { return "update_node" }
func (SetFormula) opName() string { return "set_formula" }
func (SetRoot) opName() string    { return "set_root" }
func (MoveNode) opName() string   { return "move_node" }
func (Reparent) opName() string   { return "reparent" }
func (RenameID) opName() string   { return "rename_id" }
func (UpdateTree) opName() string { return "update_tree" }
func (Batch) opName() string      { return "batch" }

func nodeIndex(t Tree, id, op string) (int, error) {
	_, i, ok := t.NodeByID(id)
	if !ok {
		return -1, fmt.Errorf("%s: node %s: %w: refresh and try again", op, Quote(id), ErrUnknownNode)
	}
	return i, nil
}

// Apply inserts the node.
func (o AddNode) Apply(t Tree) (Tree, Op, error) {
	if !ValidID(o.Node.ID) {
		return t, nil, fmt.Errorf("add node: id %s: %w: use letters, digits and _ and start with a letter", Quote(o.Node.ID), ErrInvalidID)
	}
	if _, _, dup := t.NodeByID(o.Node.ID); dup {
		return t, nil, fmt.Errorf("add node: %s: %w: choose another id", Quote(o.Node.ID), ErrDuplicateID)
	}
	at := o.Index
	if at < 0 {
		at = len(t.Nodes)
	}
	if at > len(t.Nodes) {
		return t, nil, fmt.Errorf("add node: position %d of %d: %w", o.Index, len(t.Nodes), ErrBadOp)
	}
	out := t.Clone()
	out.Nodes = slices.Insert(out.Nodes, at, o.Node.Clone())
	return out, RemoveNode{ID: o.Node.ID}, nil
}

// Apply deletes the node if nothing uses it.
func (o RemoveNode) Apply(t Tree) (Tree, Op, error) {
	i, err := nodeIndex(t, o.ID, "remove node")
	if err != nil {
		return t, nil, err
	}
	if users := usersOf(t, o.ID); len(users) > 0 {
		return t, nil, fmt.Errorf("remove node %s: %w: it is used by %s; remove those references first", Quote(o.ID), ErrBadOp, strings.Join(users, ", "))
	}
	out := t.Clone()
	n := out.Nodes[i]
	out.Nodes = slices.Delete(out.Nodes, i, i+1)
	return out, AddNode{Node: n, Index: i}, nil
}

// Apply replaces the node's fields.
func (o UpdateNode) Apply(t Tree) (Tree, Op, error) {
	i, err := nodeIndex(t, o.Node.ID, "update node")
	if err != nil {
		return t, nil, err
	}
	out := t.Clone()
	old := out.Nodes[i]
	out.Nodes[i] = o.Node.Clone()
	return out, UpdateNode{Node: old}, nil
}

// Apply sets the formula text; the formula may be invalid (Check reports it).
func (o SetFormula) Apply(t Tree) (Tree, Op, error) {
	i, err := nodeIndex(t, o.ID, "set formula")
	if err != nil {
		return t, nil, err
	}
	if k := t.Nodes[i].Kind; k != KindFormula {
		return t, nil, fmt.Errorf("set formula of %s: %w: it is a %s node; change its kind to formula first", Quote(o.ID), ErrBadOp, k)
	}
	out := t.Clone()
	old := out.Nodes[i].Formula
	out.Nodes[i].Formula = o.Formula
	return out, SetFormula{ID: o.ID, Formula: old}, nil
}

// Apply sets the root.
func (o SetRoot) Apply(t Tree) (Tree, Op, error) {
	if !o.Force {
		if _, err := nodeIndex(t, o.ID, "set root"); err != nil {
			return t, nil, err
		}
	}
	out := t.Clone()
	old := out.Root
	out.Root = o.ID
	return out, SetRoot{ID: old, Force: true}, nil
}

// Apply moves the node.
func (o MoveNode) Apply(t Tree) (Tree, Op, error) {
	i, err := nodeIndex(t, o.ID, "move node")
	if err != nil {
		return t, nil, err
	}
	if o.Index < 0 || o.Index >= len(t.Nodes) {
		return t, nil, fmt.Errorf("move node %s to position %d of %d: %w", Quote(o.ID), o.Index, len(t.Nodes), ErrBadOp)
	}
	out := t.Clone()
	n := out.Nodes[i]
	out.Nodes = slices.Delete(out.Nodes, i, i+1)
	out.Nodes = slices.Insert(out.Nodes, o.Index, n)
	return out, MoveNode{ID: o.ID, Index: i}, nil
}

// Apply edits the formulas of the old and new parent.
func (o Reparent) Apply(t Tree) (Tree, Op, error) {
	where := fmt.Sprintf("move %s from %s to %s", Quote(o.ID), Quote(o.From), Quote(o.To))
	if _, err := nodeIndex(t, o.ID, where); err != nil {
		return t, nil, err
	}
	fi, err := nodeIndex(t, o.From, where)
	if err != nil {
		return t, nil, err
	}
	ti, err := nodeIndex(t, o.To, where)
	if err != nil {
		return t, nil, err
	}
	if o.To == o.ID || treeDependsOn(t, o.ID, o.To) {
		return t, nil, fmt.Errorf("%s: %w: %s is computed from %s already", where, ErrCycle, Quote(o.ID), Quote(o.To))
	}
	for _, k := range []int{fi, ti} {
		if t.Nodes[k].Kind != KindFormula {
			return t, nil, fmt.Errorf("%s: %w: %s is not a formula node", where, ErrBadOp, Quote(t.Nodes[k].ID))
		}
	}
	fromExpr, err := Parse(t.Nodes[fi].Formula)
	if err != nil {
		return t, nil, fmt.Errorf("%s: fix the formula of %s first: %w", where, Quote(o.From), err)
	}
	toExpr, err := Parse(t.Nodes[ti].Formula)
	if err != nil {
		return t, nil, fmt.Errorf("%s: fix the formula of %s first: %w", where, Quote(o.To), err)
	}
	names := nameIndex(t)
	newFrom, ok := removeTerm(fromExpr, func(r *Ref) bool { return refersTo(r, o.ID, names) })
	if !ok {
		return t, nil, fmt.Errorf("%s: %w: %s is not a term of %s's formula; edit the formula instead", where, ErrBadOp, Quote(o.ID), Quote(o.From))
	}
	op := BinMul
	switch o.Operator {
	case "+":
		op = BinAdd
	case "*":
	case "":
		if b, ok := toExpr.(*Binary); ok && (b.Op == BinAdd || b.Op == BinSub) {
			op = BinAdd
		} else if c, ok := toExpr.(*Call); ok && c.Func == "sum" {
			op = BinAdd
		}
	default:
		return t, nil, fmt.Errorf("%s: operator %s: %w: use + or *", where, Quote(o.Operator), ErrBadOp)
	}
	newTo := &Binary{Op: op, X: toExpr, Y: &Ref{Name: o.ID}}
	return Batch{Ops: []Op{
		SetFormula{ID: o.From, Formula: newFrom.String()},
		SetFormula{ID: o.To, Formula: newTo.String()},
	}}.Apply(t)
}

// Apply renames the node and rewrites references to it.
func (o RenameID) Apply(t Tree) (Tree, Op, error) {
	where := fmt.Sprintf("rename %s to %s", Quote(o.From), Quote(o.To))
	i, err := nodeIndex(t, o.From, where)
	if err != nil {
		return t, nil, err
	}
	if !ValidID(o.To) {
		return t, nil, fmt.Errorf("%s: %w: use letters, digits and _ and start with a letter", where, ErrInvalidID)
	}
	if _, _, dup := t.NodeByID(o.To); dup {
		return t, nil, fmt.Errorf("%s: %w: choose another id", where, ErrDuplicateID)
	}
	names := nameIndex(t)
	for _, n := range t.Nodes {
		e, err := Parse(n.Formula)
		if n.Kind != KindFormula || err != nil {
			continue
		}
		for _, r := range Refs(e) {
			if refersByID(r, o.To, names) {
				return t, nil, fmt.Errorf("%s: %w: %s's formula already mentions %s; fix that reference first", where, ErrDuplicateID, Quote(n.ID), Quote(o.To))
			}
		}
	}
	out := t.Clone()
	out.Nodes[i].ID = o.To
	if out.Root == o.From {
		out.Root = o.To
	}
	for k := range out.Nodes {
		n := &out.Nodes[k]
		for h := range n.Health {
			if n.Health[h].Ref == o.From {
				n.Health[h].Ref = o.To
			}
			if n.Health[h].Per == o.From {
				n.Health[h].Per = o.To
			}
		}
		if n.Kind == KindFormula {
			n.Formula = rewriteRefs(n.Formula, o.From, o.To, names)
		}
	}
	return out, RenameID{From: o.To, To: o.From}, nil
}

// Apply sets the name and calendar.
func (o UpdateTree) Apply(t Tree) (Tree, Op, error) {
	out := t.Clone()
	old := UpdateTree{Name: out.Name, Calendar: out.Calendar}
	out.Name, out.Calendar = o.Name, o.Calendar
	return out, old, nil
}

// Apply runs the ops in order; on error nothing is applied.
func (o Batch) Apply(t Tree) (Tree, Op, error) {
	inv := make([]Op, len(o.Ops))
	cur := t
	for k, op := range o.Ops {
		if op == nil {
			return t, nil, fmt.Errorf("batch step %d: %w: empty operation", k+1, ErrBadOp)
		}
		next, undo, err := op.Apply(cur)
		if err != nil {
			return t, nil, fmt.Errorf("batch step %d: %w", k+1, err)
		}
		cur = next
		inv[len(o.Ops)-1-k] = undo
	}
	if len(o.Ops) == 0 {
		cur = t.Clone()
	}
	return cur, Batch{Ops: inv}, nil
}
