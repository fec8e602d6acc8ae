package kpitree

import "slices"

// InferredUnit returns the unit node id's formula computes from the
// declared units of what it uses (JPY/customer/month × customers reads
// JPY/month), and whether it is known: an editor shows it when a driver is
// added, before the user saves a unit that disagrees.
func InferredUnit(t Tree, id string) (string, bool) {
	p, _, err := Compile(t)
	if err != nil {
		return "", false
	}
	i, ok := p.index[id]
	if !ok || p.exprs[i] == nil || p.broken[i] {
		return "", false
	}
	c := &unitChecker{p: p, units: slices.Clone(p.nodeUnits())}
	c.node = id
	u := c.infer(p.exprs[i])
	if !u.known || u.literal {
		return "", false
	}
	return u.arg(), true
}
