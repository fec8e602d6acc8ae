package kpitree

import (
	"fmt"
	"slices"
)

// Carry returns a State of p (a recompiled, edited tree) that continues
// old: same horizon and scenario, the input data old held for inputs that
// still exist (typed Values that the edit changed win), and old's values
// for every node whose definition did not change. Only changed nodes and
// the nodes above them are recomputed, so after a one-formula edit the
// cost is that node's ancestors, not the whole tree. The error is non-nil
// when old's scenario names a node the edit removed.
func (p *Program) Carry(old *State) (*State, error) {
	s := p.NewState(old.periods)
	if err := s.SetScenario(old.scen); err != nil {
		return nil, fmt.Errorf("carry evaluation over: %w", err)
	}
	var dirty []int
	for i, id := range p.ids {
		j := old.p.Index(id)
		if j < 0 {
			dirty = append(dirty, i)
			continue
		}
		nn, on := &p.tree.Nodes[i], &old.p.tree.Nodes[j]
		// Bound data stays with an input; a kind change or new typed values
		// mean the new node's own values apply.
		if nn.Kind == KindInput && on.Kind == KindInput && p.srcOf[i] >= 0 && old.p.srcOf[j] >= 0 && sameFloats(nn.Values, on.Values) {
			copy(s.rawCol(i), old.rawCol(j))
		}
		if !sameDefinition(s, i, old, j) {
			dirty = append(dirty, i)
			continue
		}
		if !s.alias[i] {
			copy(s.col(i), old.col(j))
		}
		s.divz[i] = old.divz[j]
	}
	s.UpdateMany(dirty...)
	return s, nil
}

// sameDefinition reports whether node i of s's program computes exactly
// what node j of old's program computed: same kind, formula, value, typed
// values, health components, compile outcome, children (by id) and
// scenario overrides.
func sameDefinition(s *State, i int, old *State, j int) bool {
	p, op := s.p, old.p
	a, b := &p.tree.Nodes[i], &op.tree.Nodes[j]
	if a.Kind != b.Kind || a.Formula != b.Formula || !sameFloats([]float64{a.Value}, []float64{b.Value}) ||
		!slices.Equal(a.Health, b.Health) || !sameFloats(a.Values, b.Values) ||
		p.broken[i] != op.broken[j] || len(p.children[i]) != len(op.children[j]) ||
		!slices.Equal(s.ovr[i], old.ovr[j]) {
		return false
	}
	// A quoted name may now resolve to another node: compare children by id.
	for k, c := range p.children[i] {
		if p.ids[c] != op.ids[op.children[j][k]] {
			return false
		}
	}
	return true
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] && !(a[k] != a[k] && b[k] != b[k]) {
			return false
		}
	}
	return true
}
