package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/kpitree"
)

// The tree edits the canvas offers, as functions over a tree so any
// workspace can run them inside one undoable action (Demo.edit,
// workspace.EditTree). The display tree comes from formula references, so
// moving a node means editing formulas.

func nodeIndex(t *kpitree.Tree, id string) int {
	return slices.IndexFunc(t.Nodes, func(n kpitree.Node) bool { return n.ID == id })
}

// AddDriver adds n to t and, when parent is not "", makes it a driver of
// parent (appended to the parent's formula with the formula's own operator).
func AddDriver(t *kpitree.Tree, parent string, n kpitree.Node) error {
	if !kpitree.ValidID(n.ID) {
		return fmt.Errorf("add node %q: %w", n.ID, kpitree.ErrInvalidID)
	}
	if nodeIndex(t, n.ID) >= 0 {
		return fmt.Errorf("add node %q: %w", n.ID, kpitree.ErrDuplicateID)
	}
	if parent != "" {
		p := nodeIndex(t, parent)
		if p < 0 {
			return fmt.Errorf("add node under %q: %w", parent, kpitree.ErrUnknownNode)
		}
		addRef(&t.Nodes[p], n.ID)
	}
	t.Nodes = append(t.Nodes, n)
	return nil
}

// RemoveNodes deletes the nodes and drops them from formulas that use them
// (where the formula is a plain sum or product; other formulas keep the
// reference, which the checker then reports).
func RemoveNodes(t *kpitree.Tree, ids []string) error {
	for _, id := range ids {
		if nodeIndex(t, id) < 0 {
			return fmt.Errorf("delete node %q: %w", id, kpitree.ErrUnknownNode)
		}
	}
	t.Nodes = slices.DeleteFunc(t.Nodes, func(n kpitree.Node) bool { return slices.Contains(ids, n.ID) })
	for i := range t.Nodes {
		for _, id := range ids {
			removeRef(&t.Nodes[i], id)
		}
	}
	return nil
}

// MoveNode makes node a driver of newParent instead of its display parent.
// It fails with kpitree.ErrCycle when newParent is node or below it.
func MoveNode(t *kpitree.Tree, node, newParent string) error {
	if nodeIndex(t, node) < 0 || nodeIndex(t, newParent) < 0 {
		return fmt.Errorf("move %q under %q: %w", node, newParent, kpitree.ErrUnknownNode)
	}
	st := DeriveStructure(*t)
	for p := newParent; p != ""; p = st.Parent[p] {
		if p == node {
			return fmt.Errorf("move %q under its own driver %q: %w", node, newParent, kpitree.ErrCycle)
		}
	}
	if st.Parent[node] == newParent {
		return nil
	}
	if old := st.Parent[node]; old != "" {
		removeRef(&t.Nodes[nodeIndex(t, old)], node)
	}
	addRef(&t.Nodes[nodeIndex(t, newParent)], node)
	return nil
}

// addRef makes id a driver of n: appended to a product or sum formula with
// the formula's own operator (× when unknown), or n becomes a formula of id.
func addRef(n *kpitree.Node, id string) {
	if n.Kind != kpitree.KindFormula || strings.TrimSpace(n.Formula) == "" {
		n.Kind, n.Formula = kpitree.KindFormula, id
		return
	}
	op := "*"
	if e, err := kpitree.Parse(n.Formula); err == nil {
		if b, ok := e.(*kpitree.Binary); ok {
			op = b.Op.String()
		}
	}
	n.Formula = "(" + n.Formula + ") " + op + " " + id
	if e, err := kpitree.Parse(n.Formula); err == nil {
		n.Formula = e.String()
	}
}

// removeRef drops id from a flat chain of one operator (a × b × c); other
// formula shapes keep the reference and the checker will flag it, because
// guessing what the user meant could silently change the numbers.
func removeRef(n *kpitree.Node, id string) {
	if n.Kind != kpitree.KindFormula {
		return
	}
	e, err := kpitree.Parse(n.Formula)
	if err != nil {
		return
	}
	b, ok := e.(*kpitree.Binary)
	if !ok {
		if r, ok := e.(*kpitree.Ref); ok && r.Name == id {
			n.Kind, n.Formula = kpitree.KindInput, ""
		}
		return
	}
	var operands []kpitree.Expr
	flat := true
	var walk func(x kpitree.Expr)
	walk = func(x kpitree.Expr) {
		if bb, ok := x.(*kpitree.Binary); ok && bb.Op == b.Op {
			walk(bb.X)
			walk(bb.Y)
			return
		}
		operands = append(operands, x)
	}
	walk(b)
	if b.Op != kpitree.BinAdd && b.Op != kpitree.BinMul {
		flat = false
	}
	if !flat {
		return
	}
	var keep []string
	for _, o := range operands {
		if r, ok := o.(*kpitree.Ref); ok && r.Name == id {
			continue
		}
		keep = append(keep, o.String())
	}
	if len(keep) == len(operands) {
		return
	}
	if len(keep) == 0 {
		n.Kind, n.Formula = kpitree.KindInput, ""
		return
	}
	n.Formula = strings.Join(keep, " "+b.Op.String()+" ")
}
