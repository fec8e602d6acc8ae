package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/kpitree/kpitree/kpitree"
)

// InitiativeEffect compares what an initiative was expected to do with
// what happened, over the periods since its start that have actuals.
//
// Both are measured against the same counterfactual: the forecast the
// workspace would have made just before the start (every bound leaf
// refitted on its data up to then, as the variance bridge's "forecast
// made at that time"). Expected = that forecast with the initiative's
// scenario applied, minus that forecast; Measured = actual minus that
// forecast. So "measured" is the whole surprise since the start, the
// initiative's effect and everything else that moved the node.
type InitiativeEffect struct {
	Initiative Initiative `json:"initiative"`
	// Node and Root say which nodes are compared (the initiative's node
	// and the tree's root).
	Node EffectNode `json:"node"`
	Root EffectNode `json:"root"`
	// Measurable is false when no period since the start has actuals
	// yet (or the data starts at the start, so there is nothing to
	// forecast from); Reason then says why, and Periods is empty.
	Measurable bool   `json:"measurable"`
	Reason     string `json:"reason,omitempty"`
	// Why says in a word why it is not measurable, for translation:
	// EffectNotYet or EffectBeforeData; or "".
	Why string `json:"why,omitempty"`
	// LastActual is the label of the last period with actuals; or "".
	LastActual string `json:"last_actual,omitempty"`
	// RefFrom is the last period the counterfactual forecast saw.
	RefFrom string `json:"ref_from,omitempty"`
	// Through is the last period compared.
	Through string `json:"through,omitempty"`
	// Periods are the compared periods, in order.
	Periods []EffectPeriod `json:"periods,omitempty"`
	// HasScenario is false when the initiative names no scenario (or one
	// since deleted): the expected values are then NaN (shown as "–").
	HasScenario bool `json:"has_scenario"`
	// ScenarioMissing is true when the named scenario no longer exists;
	// what was measured is still compared with the forecast.
	ScenarioMissing bool `json:"scenario_missing,omitempty"`
}

// Why an initiative's effect is not measurable.
const (
	// EffectNotYet: it starts after the last period with actuals.
	EffectNotYet = "not_yet"
	// EffectBeforeData: it starts at or before the first period of data,
	// so no forecast can be made from before it.
	EffectBeforeData = "before_data"
)

// EffectNode names a compared node and holds its totals over the compared
// periods, each aggregated by the node's fiscal-year meaning (flows
// summed, stocks at the end, ratios over their inputs).
type EffectNode struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit,omitempty"`
	// Agg is how the totals are formed (kpitree.AggFlow: summed …).
	Agg      kpitree.AggKind `json:"aggregation"`
	Expected float64         `json:"expected"`
	Measured float64         `json:"measured"`
}

// EffectPeriod is one period's expected and measured effect at the node
// and at the root.
type EffectPeriod struct {
	Label        string  `json:"period"`
	Expected     float64 `json:"expected"`
	Measured     float64 `json:"measured"`
	RootExpected float64 `json:"root_expected"`
	RootMeasured float64 `json:"root_measured"`
}

// InitiativeEffect computes the expected effect of initiative name against
// the effect measured since its start (see InitiativeEffect the type).
func (w *Workspace) InitiativeEffect(ctx context.Context, name string) (*InitiativeEffect, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	in, ok := s.initiatives[name]
	if !ok {
		return nil, fmt.Errorf("initiative effect %s: %w", kpitree.Quote(name), ErrUnknownInitiative)
	}
	out, err := w.effects(ctx, s, []Initiative{in}, false)
	if err != nil {
		return nil, err
	}
	return out[name], nil
}

// InitiativeEffects computes the effect of each of ins, keyed by name: what
// the initiative lists of the CLI, the review pack and the inspector show.
// Initiatives starting in the same period share one refit of the leaves.
// An initiative whose effect cannot be computed (a leaf has too little
// data to forecast from before its start) is left out rather than failing
// the whole list; only a cancelled ctx fails it.
func (w *Workspace) InitiativeEffects(ctx context.Context, ins []Initiative) (map[string]*InitiativeEffect, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	return w.effects(ctx, s, ins, true)
}

// effect is one initiative's effect being computed: its output so far,
// its scenario (nil: none) and where its node and the root are.
type effect struct {
	out    *InitiativeEffect
	sc     *kpitree.Scenario
	ni, ri int
}

// effects computes the effects of ins on state s. With tolerant, an
// initiative that fails is left out; otherwise its error is returned.
func (w *Workspace) effects(ctx context.Context, s *state, ins []Initiative, tolerant bool) (map[string]*InitiativeEffect, error) {
	e, err := w.Evaluate("")
	if err != nil {
		return nil, fmt.Errorf("initiative effects: %w", err)
	}
	p, cal, hist := e.st.Program(), e.Calendar, e.Calendar.Periods
	agg := kpitree.NewAggregator(p)
	out := make(map[string]*InitiativeEffect, len(ins))
	byStart := map[int][]effect{}
	var failed error
	fail := func(in Initiative, err error) {
		if !tolerant && failed == nil {
			failed = fmt.Errorf("initiative effect %s: %w", kpitree.Quote(in.Name), err)
		}
	}
	for _, in := range ins {
		var sc *kpitree.Scenario
		missing := false
		if in.Scenario != "" {
			if x, ok := s.scenarios[in.Scenario]; ok {
				sc = &x
			} else {
				missing = true // deleted after the initiative named it
			}
		}
		ni, ri := p.Index(in.Node), p.Index(s.tree.Root)
		if ni < 0 {
			fail(in, fmt.Errorf("node %s: %w", kpitree.Quote(in.Node), kpitree.ErrUnknownNode))
			continue
		}
		if ri < 0 {
			fail(in, fmt.Errorf("the tree has no root: %w", kpitree.ErrUnknownNode))
			continue
		}
		start, err := PeriodIndex(cal, in.Start)
		if err != nil {
			fail(in, err)
			continue
		}
		o := &InitiativeEffect{Initiative: in, HasScenario: sc != nil, ScenarioMissing: missing,
			Node: effectNode(p, agg, ni), Root: effectNode(p, agg, ri), LastActual: "-"}
		if hist > 0 {
			o.LastActual = cal.Label(hist - 1)
		}
		switch {
		case start >= hist:
			o.Why = EffectNotYet
			o.Reason = fmt.Sprintf("not measurable yet: it starts in %s and the actuals run to %s", in.Start, o.LastActual)
			out[in.Name] = o
			continue
		case start < 1:
			o.Why = EffectBeforeData
			o.Reason = fmt.Sprintf("not measurable: the data starts at %s, so no forecast can be made from before %s", cal.Label(0), in.Start)
			out[in.Name] = o
			continue
		}
		byStart[start] = append(byStart[start], effect{out: o, sc: sc, ni: ni, ri: ri})
	}
	if failed != nil {
		return nil, failed
	}
	actual := e.st.Columns()
	starts := make([]int, 0, len(byStart))
	for st := range byStart {
		starts = append(starts, st)
	}
	sortInts(starts)
	for _, start := range starts {
		group := byStart[start]
		scs := make([]*kpitree.Scenario, len(group))
		for k, g := range group {
			scs[k] = g.sc
		}
		runs, err := holdOutRuns(ctx, s, p, start, scs)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			if !tolerant {
				in := group[0].out.Initiative
				return nil, fmt.Errorf("initiative effect %s: the forecast made before %s: %w", kpitree.Quote(in.Name), in.Start, err)
			}
			continue
		}
		for k, g := range group {
			fillEffect(g, cal, agg, start, hist, actual, runs[0], runs[1+k])
			out[g.out.Initiative.Name] = g.out
		}
	}
	return out, nil
}

// fillEffect completes g's output from the hold-out base and scenario runs.
func fillEffect(g effect, cal kpitree.Calendar, agg *kpitree.Aggregator, start, hist int, actual, base, scen [][]float64) {
	o := g.out
	o.Measurable, o.RefFrom, o.Through = true, cal.Label(start-1), cal.Label(hist-1)
	expected := func(i, t int) float64 {
		if g.sc == nil {
			return math.NaN()
		}
		return scen[i][t] - base[i][t]
	}
	for t := start; t < hist; t++ {
		o.Periods = append(o.Periods, EffectPeriod{Label: cal.Label(t),
			Expected: expected(g.ni, t), Measured: actual[g.ni][t] - base[g.ni][t],
			RootExpected: expected(g.ri, t), RootMeasured: actual[g.ri][t] - base[g.ri][t]})
	}
	total := func(cols [][]float64, i int) float64 {
		return agg.Value(i, func(j int) []float64 { return cols[j] }, start, hist)
	}
	for _, x := range []struct {
		n *EffectNode
		i int
	}{{&o.Node, g.ni}, {&o.Root, g.ri}} {
		x.n.Measured = total(actual, x.i) - total(base, x.i)
		x.n.Expected = math.NaN()
		if g.sc != nil {
			x.n.Expected = total(scen, x.i) - total(base, x.i)
		}
	}
}

func effectNode(p *kpitree.Program, agg *kpitree.Aggregator, i int) EffectNode {
	n := p.Node(i)
	return EffectNode{ID: n.ID, Name: n.Name, Unit: n.Unit, Agg: agg.Info(i).Kind, Expected: math.NaN(), Measured: math.NaN()}
}

// nullable is v for JSON: nil (null) for NaN, which encoding/json refuses.
func nullable(v float64) *float64 {
	if !finite(v) {
		return nil
	}
	return &v
}

// MarshalJSON writes a missing value (NaN) as null.
func (n EffectNode) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID       string          `json:"id"`
		Name     string          `json:"name"`
		Unit     string          `json:"unit,omitempty"`
		Agg      kpitree.AggKind `json:"aggregation"`
		Expected *float64        `json:"expected"`
		Measured *float64        `json:"measured"`
	}{n.ID, n.Name, n.Unit, n.Agg, nullable(n.Expected), nullable(n.Measured)})
}

// MarshalJSON writes a missing value (NaN) as null.
func (p EffectPeriod) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Label        string   `json:"period"`
		Expected     *float64 `json:"expected"`
		Measured     *float64 `json:"measured"`
		RootExpected *float64 `json:"root_expected"`
		RootMeasured *float64 `json:"root_measured"`
	}{p.Label, nullable(p.Expected), nullable(p.Measured), nullable(p.RootExpected), nullable(p.RootMeasured)})
}
