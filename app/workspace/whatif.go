package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/kpitree/kpitree/kpitree"
)

// WhatIf evaluates draft scenarios against the base projection (history
// plus forecast means) fast enough to follow a slider: the projection is
// computed once, and each draft only re-runs a cloned state. Eval is safe
// for concurrent use (calls are serialised); the accessors only read
// immutable data.
type WhatIf struct {
	base    *kpitree.State // read only after construction
	hist    int
	cal     kpitree.Calendar
	root    kpitree.Node
	rootIdx int
	fy      int
	nodes   map[string]kpitree.Node
	// baseCols holds every node's base series, shared by every result.
	baseCols map[string][]float64

	mu      sync.Mutex
	scratch *kpitree.State
	// agg aggregates the root's fiscal year as every other figure does.
	agg *kpitree.Aggregator
}

// WhatIf prepares draft evaluation over the current base projection.
func (w *Workspace) WhatIf(ctx context.Context) (*WhatIf, error) {
	e, err := w.Evaluate("")
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	st, err := w.Projection(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	return NewWhatIf(st, e.Calendar.Periods)
}

// NewWhatIf prepares drafts over base, whose first hist periods are history
// (Workspace.WhatIf builds base from the workspace; benchmarks use any state).
func NewWhatIf(base *kpitree.State, hist int) (*WhatIf, error) {
	p := base.Program()
	t := p.Tree()
	ri := p.Index(t.Root)
	if ri < 0 {
		return nil, fmt.Errorf("what-if: root %q: %w", t.Root, kpitree.ErrUnknownNode)
	}
	hist = min(hist, base.Periods())
	e := &WhatIf{base: base, scratch: base.Clone(), hist: hist, cal: t.Calendar, agg: kpitree.NewAggregator(p),
		root: p.Node(ri), rootIdx: ri, fy: t.Calendar.FiscalYear(hist),
		nodes: make(map[string]kpitree.Node, p.Len()), baseCols: make(map[string][]float64, p.Len())}
	for i := range p.Len() {
		e.baseCols[p.ID(i)] = slices.Clone(base.Column(i))
		e.nodes[p.ID(i)] = p.Node(i)
	}
	return e, nil
}

// History is the number of history periods; the horizon follows.
func (e *WhatIf) History() int { return e.hist }

// Periods is the projection's length (history + horizon).
func (e *WhatIf) Periods() int { return e.base.Periods() }

// Calendar is the projection's calendar (its start is the first history period).
func (e *WhatIf) Calendar() kpitree.Calendar { return e.cal }

// Root is the tree's root node.
func (e *WhatIf) Root() kpitree.Node { return e.root }

// FiscalYear is the planned fiscal year: the one holding the first
// forecast period, whose totals the what-if reports.
func (e *WhatIf) FiscalYear() int { return e.fy }

// Node returns the node with id and whether the projection has it.
func (e *WhatIf) Node(id string) (kpitree.Node, bool) {
	n, ok := e.nodes[id]
	return n, ok
}

// BaseValue is node id's base value at period i, clamped to the
// projection (NaN when unknown).
func (e *WhatIf) BaseValue(id string, i int) float64 {
	col := e.baseCols[id]
	if len(col) == 0 {
		return math.NaN()
	}
	return col[max(0, min(i, len(col)-1))]
}

// WhatIfResult is one evaluated draft.
type WhatIfResult struct {
	// Root is the root's series with the draft applied (history + horizon).
	Root []float64
	// BaseRoot is the root's base series.
	BaseRoot []float64
	// Series holds every node's series with the draft, ending with the
	// planned fiscal year (the tree shows each node's last value).
	Series map[string][]float64
	// Base holds every node's base series; shared, read only.
	Base map[string][]float64
	// FY and BaseFY are the root's planned-fiscal-year values with the
	// draft and without it (NaN when the year is not wholly projected).
	FY, BaseFY float64
	// Changed lists the ids of the nodes this draft recomputed since the
	// previous one (children first): a view redraws only those.
	Changed []string

	full map[string][]float64
}

// At returns node id's value with the draft and without it at period i
// (NaN when unknown): what a driver row shows at the end of its window.
func (r *WhatIfResult) At(id string, i int) (value, base float64) {
	value, base = math.NaN(), math.NaN()
	if c := r.full[id]; i >= 0 && i < len(c) {
		value = c[i]
	}
	if c := r.Base[id]; i >= 0 && i < len(c) {
		base = c[i]
	}
	return value, base
}

// Eval applies sc (nil = base) to the base projection.
func (e *WhatIf) Eval(sc *kpitree.Scenario) (*WhatIfResult, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	changed, err := e.apply(sc)
	if err != nil {
		return nil, err
	}
	p := e.scratch.Program()
	r := &WhatIfResult{Root: slices.Clone(e.scratch.Column(e.rootIdx)), BaseRoot: e.baseCols[e.root.ID],
		Series: make(map[string][]float64, p.Len()), Base: e.baseCols, full: make(map[string][]float64, p.Len()),
		Changed: changed}
	end := e.base.Periods()
	if _, to := e.cal.FiscalPeriods(e.fy); to > e.hist && to < end {
		end = to
	}
	for i := range p.Len() {
		col := slices.Clone(e.scratch.Column(i))
		r.full[p.ID(i)] = col
		r.Series[p.ID(i)] = col[:end]
	}
	r.FY, r.BaseFY = e.fiscalValue(e.scratch, e.fy), e.fiscalValue(e.base, e.fy)
	return r, nil
}

// WhatIfStep is one slider step: the root alone, for a view that follows a
// slider on a large tree without copying every node's series.
type WhatIfStep struct {
	// Root is the root's series with the draft applied (a copy).
	Root []float64
	// FY and BaseFY are the root's values for the fiscal year asked for,
	// with the draft and without it; NaN when the year is not wholly
	// inside the projection.
	FY, BaseFY float64
	// Changed lists the ids of the nodes this step recomputed, children
	// first.
	Changed []string
}

// Step applies draft sc (nil: the base) and returns the root's series and
// its value in fiscal year fy. An invalid draft returns an error and leaves
// the previous step in place.
func (e *WhatIf) Step(sc *kpitree.Scenario, fy int) (*WhatIfStep, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	changed, err := e.apply(sc)
	if err != nil {
		return nil, err
	}
	return &WhatIfStep{Root: slices.Clone(e.scratch.Column(e.rootIdx)),
		FY: e.fiscalValue(e.scratch, fy), BaseFY: e.fiscalValue(e.base, fy), Changed: changed}, nil
}

// apply applies draft sc (nil: the base) to the scratch state and returns
// the ids of the nodes it recomputed, children first. Only those nodes and
// the ones above them are re-evaluated: a slider step on a large tree pays
// for one driver's ancestors, not the whole tree.
func (e *WhatIf) apply(sc *kpitree.Scenario) ([]string, error) {
	changed, err := e.scratch.ApplyScenario(sc)
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	p := e.scratch.Program()
	ids := make([]string, len(changed))
	for k, i := range changed {
		ids[k] = p.ID(i)
	}
	return ids, nil
}

// Values returns a copy of node id's series as of the last draft, or nil
// for an unknown id.
func (e *WhatIf) Values(id string) []float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.scratch.Values(id))
}

// fiscalValue is the root's value over fiscal year fy in st (a ratio root
// reads its inputs' columns, hence the state); NaN when the year is not
// wholly inside the projection.
func (e *WhatIf) fiscalValue(st *kpitree.State, fy int) float64 {
	if v, ok := e.agg.FiscalYear(e.rootIdx, st.Column, fy, st.Periods()); ok {
		return v
	}
	return math.NaN()
}

// DriverChange is what a draft does to one driver, in the terms the user
// means: set it to a level, add to it (in its own unit: a fraction for a
// rate, so 0.05 is +5 pt), or scale it by a percentage. Add and scale keep
// the driver's seasonality; set replaces it with a level.
type DriverChange struct {
	Op kpitree.OverrideOp
	// Value is the level (set), the amount added (add) or the percentage
	// change (scale: 10 is +10 %).
	Value float64
}

// DefaultDriverOp is how a driver row starts: rates move by points (add),
// amounts and counts by a percentage (scale).
func DefaultDriverOp(unit string) kpitree.OverrideOp {
	if unit == "%" {
		return kpitree.OpAdd
	}
	return kpitree.OpScale
}

// Draft is a what-if being edited: one change per driver over a window
// with a ramp.
type Draft struct {
	Name string
	// Changes maps driver ids to what the draft does to them.
	Changes map[string]DriverChange
	// From and To are the window's first and last period (To < 0: to the end).
	From, To int
	// Ramp is the number of periods to reach the full change.
	Ramp int
	// Keep are overrides the driver rows do not edit (formula nodes,
	// second overrides of a driver), carried through unchanged.
	Keep []kpitree.Override
}

// Scenario turns the draft into a scenario: one override per driver whose
// change does something (a set to a different level, a non-zero add or
// scale); unmoved drivers add nothing. baseAt gives a driver's base value
// at a period (WhatIf.BaseValue).
func (d Draft) Scenario(baseAt func(id string, i int) float64) kpitree.Scenario {
	sc := kpitree.Scenario{Name: d.Name, Overrides: slices.Clone(d.Keep)}
	ids := make([]string, 0, len(d.Changes))
	for id := range d.Changes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := d.Changes[id]
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			continue
		}
		switch c.Op {
		case kpitree.OpSet:
			cur := baseAt(id, d.From)
			if math.Abs(c.Value-cur) <= 1e-9*math.Max(1, math.Abs(cur)) {
				continue
			}
		case kpitree.OpAdd, kpitree.OpScale:
			if c.Value == 0 {
				continue
			}
		default:
			continue
		}
		sc.Overrides = append(sc.Overrides, kpitree.Override{Node: id, Op: c.Op, Value: c.Value,
			From: d.From, To: d.To, Ramp: d.Ramp})
	}
	return sc
}

// Moved reports whether the draft changes anything.
func (d Draft) Moved(baseAt func(id string, i int) float64) bool {
	return len(d.Scenario(baseAt).Overrides) > 0
}

// DraftFrom reads a saved scenario back into a draft for drivers: each
// driver's first override becomes its change; the window and ramp come from
// the first such override (or from and to when there is none).
func DraftFrom(sc kpitree.Scenario, drivers map[string]bool, from, to int) Draft {
	d := Draft{Name: sc.Name, Changes: map[string]DriverChange{}, From: from, To: to}
	first := true
	for _, o := range sc.Overrides {
		if _, seen := d.Changes[o.Node]; seen || !drivers[o.Node] {
			d.Keep = append(d.Keep, o)
			continue
		}
		d.Changes[o.Node] = DriverChange{Op: o.Op, Value: o.Value}
		if first {
			d.From, d.To, d.Ramp, first = o.From, o.To, o.Ramp, false
		}
	}
	return d
}

// WindowEnd is the last period a draft's change covers within the
// projection: To, or the projection's end.
func (e *WhatIf) WindowEnd(d Draft) int {
	end := e.Periods() - 1
	if d.To >= 0 && d.To < end {
		end = d.To
	}
	return end
}

// ControllableDrivers lists the input nodes a what-if can move,
// controllable ones first, each group in tree order.
func ControllableDrivers(t kpitree.Tree) []kpitree.Node {
	var ctrl, other []kpitree.Node
	for _, n := range t.Nodes {
		if n.Kind != kpitree.KindInput && n.Kind != kpitree.KindConstant {
			continue
		}
		if n.Name == "" {
			n.Name = n.ID
		}
		if n.Controllable {
			ctrl = append(ctrl, n)
		} else {
			other = append(other, n)
		}
	}
	return append(ctrl, other...)
}
