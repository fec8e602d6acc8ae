package kpitree

import "fmt"

// Len returns the number of nodes.
func (p *Program) Len() int { return len(p.ids) }

// Tree returns a copy of the compiled tree.
func (p *Program) Tree() Tree { return p.tree.Clone() }

// Index returns the node number of id, or -1.
func (p *Program) Index(id string) int {
	if i, ok := p.index[id]; ok {
		return i
	}
	return -1
}

// NodeOrRoot returns the node number of the node an analysis is about: id,
// or the tree's root when id is "". An id not in the tree gives an error
// wrapping ErrUnknownNode that names it; callers add their own context.
func (p *Program) NodeOrRoot(id string) (int, error) {
	if id == "" {
		id = p.tree.Root
	}
	m := p.Index(id)
	if m < 0 {
		return -1, fmt.Errorf("node %s: %w: choose a node of the tree", Quote(id), ErrUnknownNode)
	}
	return m, nil
}

// ID returns the id of node i.
func (p *Program) ID(i int) string { return p.ids[i] }

// Node returns a copy of node i.
func (p *Program) Node(i int) Node { return p.tree.Nodes[i].Clone() }

// Expr returns node i's parsed formula; or nil when it is not a formula or
// did not parse.
func (p *Program) Expr(i int) Expr { return p.exprs[i] }

// Broken reports whether node i evaluates to missing because of an error
// diagnostic (syntax, unknown reference, cycle, bad health component).
func (p *Program) Broken(i int) bool { return p.broken[i] }

// ChildIndexes returns the node numbers node i refers to directly, in
// source order without duplicates. The slice must not be modified.
func (p *Program) ChildIndexes(i int) []int { return p.children[i] }

// ParentIndexes returns the node numbers that refer to node i directly.
// The slice must not be modified.
func (p *Program) ParentIndexes(i int) []int { return p.parents[i] }

// Children returns the ids node id refers to directly; or nil for an
// unknown id.
func (p *Program) Children(id string) []string { return p.idsOf(p.childrenOf(id)) }

// Parents returns the ids of the nodes that refer to id directly.
func (p *Program) Parents(id string) []string {
	i := p.Index(id)
	if i < 0 {
		return nil
	}
	return p.idsOf(p.parents[i])
}

func (p *Program) childrenOf(id string) []int {
	i := p.Index(id)
	if i < 0 {
		return nil
	}
	return p.children[i]
}

func (p *Program) idsOf(ns []int) []string {
	out := make([]string, len(ns))
	for k, n := range ns {
		out[k] = p.ids[n]
	}
	return out
}

// Leaves returns the ids of the input nodes in tree order: the drivers data
// is bound to and scenarios usually change.
func (p *Program) Leaves() []string {
	var out []string
	for i, nd := range p.tree.Nodes {
		if nd.Kind == KindInput {
			out = append(out, p.ids[i])
		}
	}
	return out
}

// Topo returns all ids in evaluation order: every node after the nodes it
// refers to (nodes on a cycle come last).
func (p *Program) Topo() []string {
	out := make([]string, len(p.order))
	for k, i := range p.order {
		out[k] = p.ids[i]
	}
	return out
}

// Reachable returns, per node number, whether the node is the root or
// something the root depends on.
func (p *Program) Reachable() []bool {
	seen := make([]bool, len(p.ids))
	root, ok := p.index[p.tree.Root]
	if !ok {
		return seen
	}
	stack := []int{root}
	seen[root] = true
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range p.children[i] {
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return seen
}
