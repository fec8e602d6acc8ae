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
	fail := func(err error) (*InitiativeEffect, error) {
		return nil, fmt.Errorf("initiative effect %s: %w", kpitree.Quote(name), err)
	}
	var sc *kpitree.Scenario
	missing := false
	if in.Scenario != "" {
		if x, ok := s.scenarios[in.Scenario]; ok {
			sc = &x
		} else {
			missing = true // deleted after the initiative named it
		}
	}
	e, err := w.Evaluate("")
	if err != nil {
		return fail(err)
	}
	p := e.st.Program()
	cal := e.Calendar
	ni, ri := p.Index(in.Node), p.Index(s.tree.Root)
	if ni < 0 {
		return fail(fmt.Errorf("node %s: %w", kpitree.Quote(in.Node), kpitree.ErrUnknownNode))
	}
	if ri < 0 {
		return fail(fmt.Errorf("the tree has no root: %w", kpitree.ErrUnknownNode))
	}
	agg := kpitree.NewAggregator(p)
	out := &InitiativeEffect{Initiative: in, HasScenario: sc != nil, ScenarioMissing: missing,
		Node: effectNode(p, agg, ni), Root: effectNode(p, agg, ri)}
	start, err := PeriodIndex(cal, in.Start)
	if err != nil {
		return fail(err)
	}
	hist := cal.Periods
	out.LastActual = "-" // no data yet
	if hist > 0 {
		out.LastActual = cal.Label(hist - 1)
	}
	switch {
	case start >= hist:
		out.Why = EffectNotYet
		out.Reason = fmt.Sprintf("not measurable yet: it starts in %s and the actuals run to %s", in.Start, out.LastActual)
		return out, nil
	case start < 1:
		out.Why = EffectBeforeData
		out.Reason = fmt.Sprintf("not measurable: the data starts at %s, so no forecast can be made from before %s", cal.Label(0), in.Start)
		return out, nil
	}
	runs, err := holdOutRuns(ctx, s, p, start, []*kpitree.Scenario{sc})
	if err != nil {
		return fail(fmt.Errorf("the forecast made before %s: %w", in.Start, err))
	}
	base, scen, actual := runs[0], runs[1], e.st.Columns()
	out.Measurable, out.RefFrom, out.Through = true, cal.Label(start-1), cal.Label(hist-1)
	expected := func(i, t int) float64 {
		if sc == nil {
			return math.NaN()
		}
		return scen[i][t] - base[i][t]
	}
	for t := start; t < hist; t++ {
		out.Periods = append(out.Periods, EffectPeriod{Label: cal.Label(t),
			Expected: expected(ni, t), Measured: actual[ni][t] - base[ni][t],
			RootExpected: expected(ri, t), RootMeasured: actual[ri][t] - base[ri][t]})
	}
	total := func(cols [][]float64, i int) float64 {
		return agg.Value(i, func(j int) []float64 { return cols[j] }, start, hist)
	}
	for _, x := range []struct {
		n *EffectNode
		i int
	}{{&out.Node, ni}, {&out.Root, ri}} {
		x.n.Measured = total(actual, x.i) - total(base, x.i)
		x.n.Expected = math.NaN()
		if sc != nil {
			x.n.Expected = total(scen, x.i) - total(base, x.i)
		}
	}
	return out, nil
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

// InitiativeEffects computes the effect of each of ins, keyed by name: what
// the initiative lists of the CLI, the review pack and the inspector show.
// An initiative whose effect cannot be computed (its scenario was deleted,
// a leaf has too little data to forecast) is left out rather than failing
// the whole list; only a cancelled ctx fails it.
func (w *Workspace) InitiativeEffects(ctx context.Context, ins []Initiative) (map[string]*InitiativeEffect, error) {
	out := make(map[string]*InitiativeEffect, len(ins))
	for _, in := range ins {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if e, err := w.InitiativeEffect(ctx, in.Name); err == nil {
			out[in.Name] = e
		}
	}
	return out, nil
}
