package kpitree

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// SetScenario makes sc the scenario applied by the next Run (nil clears it).
// Overrides take effect after a node is computed, so overriding a formula
// node replaces its subtree's result for the override window, and every
// node above sees the overridden value. With Ramp r > 0, period From+k
// gets (k+1)/r of the effect until the full effect is reached (set moves
// linearly from the computed value to Value). Periods past the horizon are
// ignored. It validates every override first and leaves the state
// unchanged on error. Call Run (or Update for the overridden nodes) next.
func (s *State) SetScenario(sc *Scenario) error {
	ovr, err := s.p.compileScenario(sc)
	if err != nil {
		return err
	}
	for i := range s.ovr {
		s.ovr[i] = s.ovr[i][:0]
	}
	for i, os := range ovr {
		s.ovr[i] = append(s.ovr[i], os...)
	}
	s.scen = sc
	s.relink()
	return nil
}

// ApplyScenario makes sc the state's scenario and brings every column up
// to date, as SetScenario then Run would, but re-evaluates only the nodes
// whose overrides changed and the nodes above them: a what-if slider that
// moves one override pays for that node's ancestors, not the whole tree.
// The state must be up to date for its current scenario (after Run). It
// returns the nodes it re-evaluated, children first (overridden inputs
// and constants included); on error the state is unchanged.
func (s *State) ApplyScenario(sc *Scenario) ([]int, error) {
	ovr, err := s.p.compileScenario(sc)
	if err != nil {
		return nil, err
	}
	var dirty []int
	for i := range s.ovr {
		if !slices.Equal(s.ovr[i], ovr[i]) {
			dirty = append(dirty, i)
			s.ovr[i] = append(s.ovr[i][:0], ovr[i]...)
		}
	}
	s.scen = sc
	s.relink()
	s.UpdateMany(dirty...)
	out := make([]int, len(s.queue))
	for k, r := range s.queue {
		out[k] = int(s.p.order[r])
	}
	return out, nil
}

// Scenario returns the scenario set by SetScenario; or nil for the base.
func (s *State) Scenario() *Scenario { return s.scen }

// compileScenario validates sc and groups its overrides by node.
func (p *Program) compileScenario(sc *Scenario) (map[int][]override, error) {
	if sc == nil {
		return nil, nil
	}
	out := map[int][]override{}
	for k, o := range sc.Overrides {
		where := fmt.Sprintf("scenario %s override %d", Quote(sc.Name), k+1)
		i := p.Index(o.Node)
		if i < 0 {
			return nil, fmt.Errorf("%s: node %s: %w: pick a node of this tree", where, Quote(o.Node), ErrUnknownNode)
		}
		switch o.Op {
		case OpSet, OpScale, OpAdd:
		default:
			return nil, fmt.Errorf("%s: operation %s: %w: use set, scale or add", where, Quote(string(o.Op)), ErrBadScenario)
		}
		switch {
		case math.IsNaN(o.Value) || math.IsInf(o.Value, 0):
			return nil, fmt.Errorf("%s: value is not a finite number: %w: enter a number", where, ErrBadScenario)
		case o.From < 0:
			return nil, fmt.Errorf("%s: starts at period %d: %w: periods count from 0", where, o.From, ErrBadScenario)
		case o.To >= 0 && o.To < o.From:
			return nil, fmt.Errorf("%s: ends (period %d) before it starts (period %d): %w: swap them", where, o.To, o.From, ErrBadScenario)
		case o.Ramp < 0:
			return nil, fmt.Errorf("%s: ramp of %d periods: %w: use 0 for an immediate change", where, o.Ramp, ErrBadScenario)
		}
		out[i] = append(out[i], override{op: o.Op, v: o.Value, from: o.From, to: o.To, ramp: o.Ramp})
	}
	return out, nil
}

// Evaluate compiles t and evaluates it over a horizon with the given input
// series and scenario (nil for the base). periods ≤ 0 means the longest of
// Calendar.Periods and the input series. The diagnostics combine the
// compile findings with the evaluation's (missing data, division by zero).
// The error is non-nil when the tree cannot be compiled, an input names an
// unknown or non-input node, or the scenario is invalid.
func Evaluate(t Tree, in Inputs, sc *Scenario, periods int) (*State, []Diagnostic, error) {
	p, diags, err := Compile(t)
	if err != nil {
		return nil, nil, fmt.Errorf("evaluate: %w", err)
	}
	if periods <= 0 {
		periods = t.Calendar.Periods
		for _, nd := range t.Nodes {
			periods = max(periods, len(nd.Values))
		}
		for _, v := range in {
			periods = max(periods, len(v))
		}
	}
	s := p.NewState(periods)
	if err := s.SetInputs(in); err != nil {
		return nil, nil, fmt.Errorf("evaluate: %w", err)
	}
	if err := s.SetScenario(sc); err != nil {
		return nil, nil, fmt.Errorf("evaluate: %w", err)
	}
	s.Run()
	diags = append(diags, s.Diagnostics(in)...)
	sortDiagnostics(diags, p.index)
	return s, diags, nil
}

// Diagnostics reports what the last evaluation found: divisions by zero
// (warning, naming the first period), inputs that are neither in bound nor
// typed in (unbound), and inputs with missing periods inside the horizon.
// bound is the set of inputs that were given data (SetInputs); it may be nil.
func (s *State) Diagnostics(bound Inputs) []Diagnostic {
	var out []Diagnostic
	p := s.p
	cal := p.tree.Calendar
	for i, nd := range p.tree.Nodes {
		if t := int(s.divz[i]) - 1; t >= 0 {
			d := diag(nd.ID, SevWarning, CodeDivZero, -1, MsgDataDivZero, cal.Label(t))
			d.Period = t
			out = append(out, d)
		}
		if t := s.overflowAt(i); t >= 0 {
			d := diag(nd.ID, SevError, CodeOverflow, -1, MsgDataOverflow, cal.Label(t))
			d.Period = t
			out = append(out, d)
		}
		if nd.Kind != KindInput || p.broken[i] {
			continue
		}
		if _, ok := bound[nd.ID]; !ok && len(nd.Values) == 0 {
			out = append(out, diag(nd.ID, SevWarning, CodeUnbound, -1, MsgDataUnbound))
			continue
		}
		missing, first := 0, -1
		for t, v := range s.rawCol(i) {
			if math.IsNaN(v) {
				missing++
				if first < 0 {
					first = t
				}
			}
		}
		if missing > 0 {
			d := diag(nd.ID, SevWarning, CodeMissing, -1, MsgDataMissing,
				strconv.Itoa(missing), strconv.Itoa(s.periods), cal.Label(first))
			d.Period = first
			out = append(out, d)
		}
	}
	return out
}

// overflowAt returns the first period in which node i's value is ±Inf
// while the values it is computed from are finite, or -1. Flagging only
// where the overflow starts names the input or formula to fix instead of
// every node above it; the nodes above are missing (NaN) or infinite and
// the diagnostic explains why. Evaluation keeps the Inf (cheaper than
// testing every operation), so the check is here, after Run.
func (s *State) overflowAt(i int) int {
	col := s.col(i)
	for t, v := range col {
		if !math.IsInf(v, 0) {
			continue
		}
		origin := true
		for _, c := range s.p.children[i] {
			if math.IsInf(s.col(c)[t], 0) {
				origin = false
				break
			}
		}
		if origin {
			return t
		}
	}
	return -1
}

// Overflows lists the nodes where a value first becomes ±Inf (too large
// for float64) while the values it is computed from are finite, with that
// period, in node order: the inputs or formulas to look at. Callers that
// show numbers use it to refuse to present them as results.
func (s *State) Overflows() []Overflow {
	var out []Overflow
	for i, id := range s.p.ids {
		if t := s.overflowAt(i); t >= 0 {
			out = append(out, Overflow{Node: id, Period: t})
		}
	}
	return out
}

// Overflow is a node whose value overflows to ±Inf, from Period on.
type Overflow struct {
	Node   string // node id
	Period int    // first period with an infinite value
}

// Compare returns, for every node id in base that other also has,
// other − base per period. The states may come from different compiles of
// the tree (Evaluate compiles each time) but must share the horizon.
func Compare(base, other *State) (map[string][]float64, error) {
	if base == nil || other == nil || base.periods != other.periods {
		return nil, fmt.Errorf("compare: %w: evaluate both scenarios over the same horizon", ErrMismatch)
	}
	out := make(map[string][]float64, len(base.p.ids))
	for i, id := range base.p.ids {
		j := other.p.Index(id)
		if j < 0 {
			continue
		}
		a, b := base.col(i), other.col(j)
		d := make([]float64, len(a))
		for t := range d {
			d[t] = b[t] - a[t]
		}
		out[id] = d
	}
	return out, nil
}
