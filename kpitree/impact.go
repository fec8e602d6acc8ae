package kpitree

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Drivers says what an attribution splits a change over.
type Drivers int

const (
	// DriversLeaves splits the change over the inputs and constants the node
	// depends on (and over overridden intermediate nodes, whose change no
	// child explains).
	DriversLeaves Drivers = iota
	// DriversChildren splits the change over the node's direct children.
	DriversChildren
)

// AttributionMethod chooses how a product or ratio is split.
type AttributionMethod int

const (
	// MethodShapley averages each driver's marginal effect over every order
	// in which the drivers could change. It works for any formula and is the
	// default.
	MethodShapley AttributionMethod = iota
	// MethodLMDI splits products and ratios by the log-mean Divisia index
	// (each factor gets L(y₁, y₀)·ln(x₁/x₀)), the convention of growth
	// accounting. Periods with non-positive values fall back to Shapley.
	MethodLMDI
)

// maxExactPlayers is the most players for which Shapley values are computed
// exactly (2^n formula evaluations); beyond it attribution averages over
// shapleyPermutations fixed permutations, which still sums exactly.
const (
	maxExactPlayers     = 12
	shapleyPermutations = 256
)

// AttributionOptions tune Attribute. The zero value explains the root's
// change over the leaves with Shapley values.
type AttributionOptions struct {
	// Node is the id of the node whose change is explained; or "" for the root.
	Node    string
	Drivers Drivers
	Method  AttributionMethod
}

// Attribution explains the change of one node over a window.
type Attribution struct {
	Node string `json:"node"`
	// Base and Next are the node's window values (Aggregator.Value: summed
	// for flows, last for stocks, the formula over the year's inputs for
	// ratios) in the two evaluations; Change = Next − Base.
	Base   float64 `json:"base"`
	Next   float64 `json:"next"`
	Change float64 `json:"change"`
	// Parts add up to Change; sorted by |Value|, largest first.
	Parts []AttributionPart `json:"parts"`
	// NoChange is true when Change is zero as shown (¥0) or within
	// rounding of the values: the parts then have no share (Share is 0),
	// since "122.9 % of ¥0" means nothing.
	NoChange bool `json:"no_change,omitempty"`
}

// noChange reports whether change is zero for the user: exactly zero,
// below a billionth of the values compared (rounding noise), or shown as
// zero in the node's unit (a ¥0.4 change reads "¥0").
func noChange(change, base, next float64, unit string) bool {
	scale := max(math.Abs(base), math.Abs(next))
	return change == 0 || math.Abs(change) <= 1e-9*scale || FormatValue(change, unit) == FormatValue(0, unit)
}

// AttributionPart is one driver's share of a change.
type AttributionPart struct {
	Node string `json:"node"`
	Name string `json:"name"`
	// Value is the driver's contribution, in the explained node's unit.
	Value float64 `json:"value"`
	// Share is Value ÷ Change; 0 when the change is zero as shown
	// (Attribution.NoChange).
	Share float64 `json:"share"`
	// Controllable copies the driver's flag so a UI can rank what to act on.
	Controllable bool `json:"controllable"`
	// Residual is true for an intermediate node whose change its children do
	// not explain (its values were overridden by a scenario, or its formula
	// mixes periods so that a period comparison cannot look inside it).
	Residual bool `json:"residual,omitempty"`
}

// Attribute splits the change of a node between two evaluations of the
// same tree, base and next (scenario vs base, or this forecast vs the
// plan), over its drivers so that the parts sum to the change of the node's
// window value. Both states must come from one Program and horizon.
//
// Sums split into deltas, other formulas into Shapley values (exact up to 12
// changing children; a fixed set of permutations beyond). Leaves are reached
// by exact Shapley over the leaves when at most 12 of them changed and no
// intermediate node was overridden, and otherwise by passing each node's
// share to its children in proportion to their Shapley values, which keeps
// the sum exact all the way down.
func Attribute(base, next *State, w Window, opt AttributionOptions) (*Attribution, error) {
	if base == nil || next == nil || !sameStructure(base.Program(), next.Program()) || base.Periods() != next.Periods() {
		return nil, fmt.Errorf("attribute: %w: evaluate both sides of the same tree over the same horizon", ErrMismatch)
	}
	g, err := buildGraph(base.Program())
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	h := base.Periods()
	periods, err := w.periods(base.p.tree.Calendar, h)
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	return g.attribute(g.stateValues(base), g.stateValues(next), h, periods, opt)
}

// AttributePeriods explains the change of a node from period from to period
// to of one evaluation, e.g. March this year against March last year. It
// compares each node's series with itself shifted by to − from periods, so
// a formula that accumulates over time (cumsum) shows as a residual driver.
func AttributePeriods(s *State, from, to int, opt AttributionOptions) (*Attribution, error) {
	if s == nil {
		return nil, fmt.Errorf("attribute periods: %w: evaluate the tree first", ErrMissingValue)
	}
	g, err := buildGraph(s.Program())
	if err != nil {
		return nil, fmt.Errorf("attribute periods: %w", err)
	}
	h := s.Periods()
	if from < 0 || to < 0 || from >= h || to >= h || from == to {
		return nil, fmt.Errorf("attribute periods %d → %d: choose two different periods in 0..%d: %w", from, to, h-1, ErrBadWindow)
	}
	next := g.stateValues(s)
	base := make([][]float64, len(next))
	shift := to - from
	for i, col := range next {
		b := make([]float64, h)
		for k := range b {
			b[k] = math.NaN()
			if j := k - shift; j >= 0 && j < h {
				b[k] = col[j]
			}
		}
		base[i] = b
	}
	return g.attribute(base, next, h, []int{to}, opt)
}

// sameStructure reports whether two programs compile the same nodes and
// formulas (Evaluate compiles afresh, so the programs of a base and a
// scenario evaluation are usually different values).
func sameStructure(a, b *Program) bool {
	if a == b {
		return true
	}
	if a.Len() != b.Len() {
		return false
	}
	// Read the nodes in place: Node(i) clones, and 2 × 100k clones were
	// a tenth of an attribution.
	for i := range a.tree.Nodes {
		x, y := &a.tree.Nodes[i], &b.tree.Nodes[i]
		if x.ID != y.ID || x.Kind != y.Kind || x.Formula != y.Formula {
			return false
		}
	}
	return true
}

// stateValues returns every node's evaluated column of s, in graph order
// (which is the tree's node order, as in the Program). The columns are
// views into s, not copies: attribution only reads them and keeps none
// past its return, and copying two 100k-node states was a third of an
// attribution (fresh memory is expensive to touch). Each view is capped
// at its own column, so an append can never write into a neighbour.
func (g *vgraph) stateValues(s *State) [][]float64 {
	out := make([][]float64, len(g.nodes))
	for i := range g.nodes {
		j := i
		if j >= len(s.p.ids) || s.p.ids[j] != g.nodes[i].id {
			j = s.p.Index(g.nodes[i].id)
		}
		if j >= 0 {
			out[i] = s.col(j)
		}
	}
	return out
}

func (g *vgraph) attribute(base, next [][]float64, h int, periods []int, opt AttributionOptions) (*Attribution, error) {
	target := g.root
	if opt.Node != "" {
		var ok bool
		if target, ok = g.index[opt.Node]; !ok {
			return nil, fmt.Errorf("attribute %s: %w: choose a node of the tree", Quote(opt.Node), ErrUnknownNode)
		}
	}
	tn := &g.nodes[target]
	agg := g.aggregator()
	from, to := span(periods)
	wts, linear := linearWeights(agg.Info(target), len(periods))
	res := &Attribution{Node: tn.id}
	for _, t := range periods {
		b, n := base[target][t], next[target][t]
		if math.IsInf(b, 0) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("attribute %s: the value at period %d is too large to compute: look for an absurd input or scenario value such as 1e308: %w", Quote(tn.id), t, ErrOverflow)
		}
		if math.IsNaN(b) || math.IsNaN(n) {
			return nil, fmt.Errorf("attribute %s: no value at period %d: bind data for its inputs or choose other periods: %w", Quote(tn.id), t, ErrMissingValue)
		}
	}
	if linear {
		for k, t := range periods {
			res.Base += wts[k] * base[target][t]
			res.Next += wts[k] * next[target][t]
		}
	} else {
		res.Base = agg.Value(target, func(j int) []float64 { return base[j] }, from, to)
		res.Next = agg.Value(target, func(j int) []float64 { return next[j] }, from, to)
		if math.IsNaN(res.Base) || math.IsNaN(res.Next) {
			return nil, fmt.Errorf("attribute %q: no value over the window: bind data for its inputs or choose other periods: %w", tn.id, ErrMissingValue)
		}
	}
	res.Change = res.Next - res.Base

	a := &attributor{g: g, base: base, next: next, h: h, periods: periods, method: opt.Method}
	parts := make(map[int]float64)
	residual := make(map[int]bool)
	switch {
	case g.leaf(target):
		parts[target] = res.Change
	case !linear:
		// A ratio over a year is its formula over the year's inputs, not a
		// weighted sum of its periods: explain it through that function,
		// over the leaves when exact Shapley applies, else over its inputs.
		measure := func(vals [][]float64) float64 {
			return agg.Value(target, func(j int) []float64 { return vals[j] }, from, to)
		}
		if opt.Drivers == DriversChildren || !a.globalShapley(target, nil, measure, parts) {
			clear(parts)
			if !a.windowChildren(target, from, to, parts) {
				clear(parts)
				parts[target] = res.Change
				residual[target] = true
			}
		}
	case opt.Drivers == DriversChildren:
		psi, ok := a.local(target)
		if !ok {
			parts[target] = res.Change
			residual[target] = true
			break
		}
		for c, s := range psi {
			for k, t := range periods {
				parts[tn.children[c]] += wts[k] * s[t]
			}
		}
	default:
		if !a.globalShapley(target, wts, nil, parts) {
			a.recursive(target, wts, parts, residual)
		}
	}
	res.NoChange = noChange(res.Change, res.Base, res.Next, tn.unit)
	for i, v := range parts {
		vn := &g.nodes[i]
		p := AttributionPart{Node: vn.id, Name: vn.name, Value: v, Controllable: vn.controllable, Residual: residual[i]}
		if !res.NoChange {
			p.Share = v / res.Change
		}
		res.Parts = append(res.Parts, p)
	}
	slices.SortFunc(res.Parts, func(x, y AttributionPart) int {
		if c := cmp.Compare(math.Abs(y.Value), math.Abs(x.Value)); c != 0 {
			return c
		}
		return cmp.Compare(x.Node, y.Node)
	})
	return res, nil
}
