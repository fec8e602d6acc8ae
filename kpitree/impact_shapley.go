package kpitree

import (
	"math"
	"math/rand/v2"
	"slices"
)

// attributor holds the two evaluations being compared.
type attributor struct {
	g          *vgraph
	base, next [][]float64
	h          int
	periods    []int
	method     AttributionMethod
}

// reproduces reports whether a formula's value x reproduces the recorded value y.
func reproduces(x, y float64) bool {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.IsNaN(x) && math.IsNaN(y)
	}
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
}

// changed reports whether node i differs between the sides at any period.
func (a *attributor) changed(i int) bool {
	b, n := a.base[i], a.next[i]
	for t := range b {
		if b[t] != n[t] && !(math.IsNaN(b[t]) && math.IsNaN(n[t])) {
			return true
		}
	}
	return false
}

// local splits node i's change over its children: psi[c][t] for child
// position c. It returns ok = false when the node's recorded values are not
// what its formula gives from its children (an override), so its change
// cannot be explained by them.
func (a *attributor) local(i int) (psi [][]float64, ok bool) {
	vn := &a.g.nodes[i]
	n := len(vn.children)
	psi = make([][]float64, n)
	for c := range psi {
		psi[c] = make([]float64, a.h)
	}
	var players []int
	for c, k := range vn.children {
		if a.changed(k) {
			players = append(players, c)
		}
	}
	eval := a.nodeEval(i)
	in := make([][]float64, n)
	for c, k := range vn.children {
		in[c] = a.base[k]
	}
	v0 := slices.Clone(eval(in))
	for _, c := range players {
		in[c] = a.next[vn.children[c]]
	}
	v1 := eval(in)
	for _, t := range a.periods {
		if !reproduces(v0[t], a.base[i][t]) || !reproduces(v1[t], a.next[i][t]) {
			return nil, false
		}
	}
	if len(players) == 0 {
		return psi, true
	}
	switch {
	case vn.lin != nil:
		for _, c := range players {
			k := vn.children[c]
			for _, t := range a.periods {
				psi[c][t] = vn.lin[c] * (a.next[k][t] - a.base[k][t])
			}
		}
	case len(players) <= maxExactPlayers:
		a.exactShapley(vn, players, eval, psi)
	default:
		a.sampledShapley(vn, players, eval, psi)
	}
	if a.method == MethodLMDI && vn.mono != nil {
		a.lmdi(i, vn, psi)
	}
	for _, t := range a.periods {
		for c := range psi {
			if math.IsNaN(psi[c][t]) || math.IsInf(psi[c][t], 0) {
				return nil, false
			}
		}
	}
	return psi, true
}

// nodeEval returns a function evaluating node i's formula on given child
// series; the returned slice is reused by the next call.
func (a *attributor) nodeEval(i int) func(in [][]float64) []float64 {
	p := a.g.nodes[i].prog
	out := make([]float64, a.h)
	regs := make([][]float64, p.nregs)
	for r := p.nin + 1; r < p.nregs; r++ {
		regs[r] = make([]float64, a.h)
	}
	regs[p.nin] = out
	return func(in [][]float64) []float64 {
		copy(regs, in)
		p.run(regs, a.h, a.h)
		return out
	}
}

// exactShapley fills psi with exact Shapley values over the players by
// evaluating the formula once per subset of players.
func (a *attributor) exactShapley(vn *vnode, players []int, eval func([][]float64) []float64, psi [][]float64) {
	m := len(players)
	in := make([][]float64, len(vn.children))
	vals := make([][]float64, 1<<m)
	for s := range vals {
		for c, k := range vn.children {
			in[c] = a.base[k]
		}
		for j, c := range players {
			if s&(1<<j) != 0 {
				in[c] = a.next[vn.children[c]]
			}
		}
		out := eval(in)
		v := make([]float64, len(a.periods))
		for k, t := range a.periods {
			v[k] = out[t]
		}
		vals[s] = v
	}
	wts := shapleyWeights(m)
	for j, c := range players {
		bit := 1 << j
		for s := range vals {
			if s&bit != 0 {
				continue
			}
			w := wts[popcount(s)]
			for k, t := range a.periods {
				psi[c][t] += w * (vals[s|bit][k] - vals[s][k])
			}
		}
	}
}

// shapleyWeights returns w[s] = s!(m−s−1)!/m!, the weight of a coalition of
// size s in a player's Shapley value.
func shapleyWeights(m int) []float64 {
	w := make([]float64, m)
	for s := range w {
		// s!(m−s−1)!/m! = 1 / (m · C(m−1, s))
		c := 1.0
		for k := 1; k <= s; k++ {
			c = c * float64(m-1-s+k) / float64(k)
		}
		w[s] = 1 / (float64(m) * c)
	}
	return w
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// sampledShapley averages marginal contributions over a fixed, seeded set
// of permutations. Each permutation's contributions telescope to the full
// change, so the average sums exactly too; the seed makes it repeatable.
func (a *attributor) sampledShapley(vn *vnode, players []int, eval func([][]float64) []float64, psi [][]float64) {
	rng := rand.New(rand.NewPCG(0x6b7069, uint64(len(players))))
	in := make([][]float64, len(vn.children))
	prev := make([]float64, a.h)
	perm := slices.Clone(players)
	for range shapleyPermutations {
		rng.Shuffle(len(perm), func(x, y int) { perm[x], perm[y] = perm[y], perm[x] })
		for c, k := range vn.children {
			in[c] = a.base[k]
		}
		copy(prev, eval(in))
		for _, c := range perm {
			in[c] = a.next[vn.children[c]]
			out := eval(in)
			for _, t := range a.periods {
				psi[c][t] += (out[t] - prev[t]) / shapleyPermutations
			}
			copy(prev, out)
		}
	}
}

// lmdi replaces psi with the log-mean Divisia split at periods where the
// node and all its factors are positive on both sides.
func (a *attributor) lmdi(i int, vn *vnode, psi [][]float64) {
	for _, t := range a.periods {
		y0, y1 := a.base[i][t], a.next[i][t]
		ok := y0 > 0 && y1 > 0
		for _, k := range vn.children {
			ok = ok && a.base[k][t] > 0 && a.next[k][t] > 0
		}
		if !ok {
			continue
		}
		l := logMean(y1, y0)
		for c, k := range vn.children {
			psi[c][t] = l * vn.mono[c] * math.Log(a.next[k][t]/a.base[k][t])
		}
	}
}

// logMean is L(a, b) = (a − b) / (ln a − ln b), with L(a, a) = a.
func logMean(a, b float64) float64 {
	if math.Abs(a-b) <= 1e-12*math.Max(a, b) {
		return (a + b) / 2
	}
	return (a - b) / (math.Log(a) - math.Log(b))
}

// recursive splits the target's change down the tree: each node passes its
// share to its children in proportion to their local Shapley values.
func (a *attributor) recursive(target int, wts []float64, parts map[int]float64, residual map[int]bool) {
	g := a.g
	share := make(map[int][]float64)
	s0 := make([]float64, len(a.periods))
	for k, t := range a.periods {
		s0[k] = a.next[target][t] - a.base[target][t]
	}
	share[target] = s0
	under := g.descendants(target)
	for o := len(g.order) - 1; o >= 0; o-- {
		i := g.order[o]
		s, ok := share[i]
		if !under[i] || !ok {
			continue
		}
		keep := func(k int) {
			parts[i] += wts[k] * s[k]
			if !g.leaf(i) {
				residual[i] = true
			}
		}
		if g.leaf(i) {
			for k := range s {
				keep(k)
			}
			continue
		}
		psi, ok := a.local(i)
		if !ok {
			for k := range s {
				keep(k)
			}
			continue
		}
		for k, t := range a.periods {
			if s[k] == 0 {
				continue
			}
			d := a.next[i][t] - a.base[i][t]
			if d == 0 || math.Abs(d) <= 1e-12*math.Max(math.Abs(a.next[i][t]), math.Abs(a.base[i][t])) {
				// The node did not change here but still carries a share (its
				// change elsewhere reaches the target through a lag): keep it.
				keep(k)
				continue
			}
			for c, child := range g.nodes[i].children {
				if psi[c][t] == 0 {
					continue
				}
				cs, ok := share[child]
				if !ok {
					cs = make([]float64, len(a.periods))
					share[child] = cs
				}
				cs[k] += s[k] * psi[c][t] / d
			}
		}
	}
}

// globalShapley computes exact Shapley values over the leaves under target
// when there are few enough changing leaves and every formula node under the
// target reproduces its recorded values (no overrides). It reports false
// when it does not apply.
//
// With measure non-nil the target's window value is measure(columns), for
// a value that is not a weighted sum of the target's periods (a ratio over
// a year), and wts is ignored.
func (a *attributor) globalShapley(target int, wts []float64, measure func([][]float64) float64, parts map[int]float64) bool {
	if measure != nil {
		wts = []float64{1}
	}
	g := a.g
	under := g.descendants(target)
	var leaves []int
	var nodes []int // formula nodes under target that a changed leaf reaches, in order
	hit := make([]bool, len(g.nodes))
	for _, i := range g.order {
		if !under[i] {
			continue
		}
		if g.leaf(i) {
			if a.changed(i) {
				hit[i] = true
				leaves = append(leaves, i)
			}
			continue
		}
		for _, c := range g.nodes[i].children {
			hit[i] = hit[i] || hit[c]
		}
		switch {
		case hit[i]:
			nodes = append(nodes, i)
		case a.changed(i):
			return false // changed with no changed leaf below: overridden
		}
	}
	// 2^m evaluations of the affected part of the tree; past this budget the
	// recursive split is both cheaper and still exact.
	if len(leaves) > maxExactPlayers || (1<<len(leaves))*max(1, len(nodes)) > 1<<16 {
		return false
	}
	ev := g.newEvaluator(a.h, a.h)
	for i := range g.nodes {
		if under[i] {
			copy(ev.vals[i], a.base[i]) // unaffected nodes keep their values
		}
	}
	eval := func(mask int) []float64 {
		for j, i := range leaves {
			if mask&(1<<j) != 0 {
				copy(ev.vals[i], a.next[i])
			} else {
				copy(ev.vals[i], a.base[i])
			}
		}
		for _, i := range nodes {
			ev.runNode(i)
		}
		if measure != nil {
			return []float64{measure(ev.vals)}
		}
		v := make([]float64, len(a.periods))
		for k, t := range a.periods {
			v[k] = ev.vals[target][t]
		}
		return v
	}
	m := len(leaves)
	vals := make([][]float64, 1<<m)
	vals[0] = eval(0)
	// Both ends must reproduce the recorded values at every node, or some
	// node was overridden and the leaves alone do not explain the change.
	for _, i := range nodes {
		for _, t := range a.periods {
			if !reproduces(ev.vals[i][t], a.base[i][t]) {
				return false
			}
		}
	}
	vals[len(vals)-1] = eval(len(vals) - 1)
	for _, i := range nodes {
		for _, t := range a.periods {
			if !reproduces(ev.vals[i][t], a.next[i][t]) {
				return false
			}
		}
	}
	for s := 1; s < len(vals)-1; s++ {
		vals[s] = eval(s)
	}
	w := shapleyWeights(m)
	for j, i := range leaves {
		bit := 1 << j
		sum := 0.0
		for s := range vals {
			if s&bit != 0 {
				continue
			}
			for k := range wts {
				sum += w[popcount(s)] * wts[k] * (vals[s|bit][k] - vals[s][k])
			}
		}
		if math.IsNaN(sum) || math.IsInf(sum, 0) {
			return false
		}
		parts[i] = sum
	}
	return true
}

// windowChildren splits the change of a ratio's window value over its
// direct children by exact Shapley values of the formula over the
// children's window values (at most maxExactPlayers children). It reports
// false when that does not apply or does not add up (an overridden node).
func (a *attributor) windowChildren(target, from, to int, parts map[int]float64) bool {
	g := a.g
	agg := g.aggregator()
	kids := g.nodes[target].children
	if len(kids) == 0 || len(kids) > maxExactPlayers {
		return false
	}
	bv := agg.Values(func(j int) []float64 { return a.base[j] }, from, to)
	nv := agg.Values(func(j int) []float64 { return a.next[j] }, from, to)
	override := slices.Clone(bv)
	col := func(j int) []float64 { return []float64{override[j]} }
	eval := func(mask int) float64 {
		copy(override, bv)
		for k, c := range kids {
			if mask&(1<<k) != 0 {
				override[c] = nv[c]
			}
		}
		// One period whose values are the children's window values: the
		// formula of the target over them.
		return agg.formulaOver(target, col)
	}
	m := len(kids)
	vals := make([]float64, 1<<m)
	for s := range vals {
		vals[s] = eval(s)
	}
	if !reproduces(vals[0], bv[target]) || !reproduces(vals[len(vals)-1], nv[target]) {
		return false
	}
	w := shapleyWeights(m)
	for k, c := range kids {
		bit := 1 << k
		sum := 0.0
		for s := range vals {
			if s&bit == 0 {
				sum += w[popcount(s)] * (vals[s|bit] - vals[s])
			}
		}
		if math.IsNaN(sum) || math.IsInf(sum, 0) {
			return false
		}
		parts[c] += sum
	}
	return true
}
