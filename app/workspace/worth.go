package workspace

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/kpitree/kpitree/kpitree"
)

// What a KPI is worth: for each node with a target, the root's fiscal-year
// change if the node reaches its target from the next period on, against
// the forecast. It is the number a team quotes to justify the resources
// spent on its KPI. The node is set to its target through a scenario
// override evaluated by WhatIf, the same path as a what-if draft, so the
// figure matches what the what-if pane shows for that draft.

// Worth is the worth of every node with a target in the planned fiscal year.
type Worth struct {
	// FiscalYear is the planned fiscal year (the one holding the first
	// forecast period).
	FiscalYear int    `json:"fiscal_year"`
	Root       string `json:"root"`
	RootName   string `json:"root_name"`
	RootUnit   string `json:"root_unit,omitempty"`
	// RootKind is how the root's FY value is formed.
	RootKind kpitree.AggKind `json:"root_kind"`
	// RootForecast is the root's FY value on the forecast.
	RootForecast float64 `json:"root_forecast"`
	// From is the first period set to target (the first forecast period).
	From      int    `json:"from"`
	FromLabel string `json:"from_label"`
	// Rows are the nodes below the root with a target, ranked by |Worth|,
	// largest first.
	Rows []WorthRow `json:"rows"`
	// RootTarget is the root reaching its own target (its worth is the
	// gap to that target: what the drivers' worth is measured against);
	// nil when the root has no target. It is not ranked among the rows:
	// it would always lead them.
	RootTarget *WorthRow `json:"root_target,omitempty"`
}

// WorthRow is one node with a target.
type WorthRow struct {
	Node         string `json:"node"`
	Name         string `json:"name"`
	Unit         string `json:"unit,omitempty"`
	Controllable bool   `json:"controllable"`
	// Kind is how the node's FY value is formed.
	Kind kpitree.AggKind `json:"kind"`
	// Target is the node's FY target, or NaN when it has period targets
	// only (PeriodTargets says how many periods of the year have one).
	Target        float64 `json:"target"`
	PeriodTargets int     `json:"period_targets,omitempty"`
	// Forecast is the node's FY value on the forecast; OnTarget its FY
	// value with the draft (the target, for a node whose FY value it
	// sets exactly).
	Forecast float64 `json:"forecast"`
	OnTarget float64 `json:"on_target"`
	// RootFY is the root's FY value with the node on target, and Worth
	// RootFY − Worth.RootForecast.
	RootFY float64 `json:"root_fy"`
	Worth  float64 `json:"worth"`
	// Scenario is the draft evaluated, so the UI can open it in what-if.
	Scenario kpitree.Scenario `json:"scenario"`
}

// Worth computes what reaching each node's target is worth to the root in
// the planned fiscal year.
func (w *Workspace) Worth(ctx context.Context) (*Worth, error) {
	e, err := w.WhatIf(ctx)
	if err != nil {
		return nil, fmt.Errorf("worth: %w", err)
	}
	return e.Worth()
}

// Worth computes the worth of every node with a target over this
// projection (see Workspace.Worth).
func (e *WhatIf) Worth() (*Worth, error) {
	p := e.base.Program()
	agg := e.agg
	fy := e.fy
	fyFrom, fyTo := e.cal.FiscalPeriods(fy)
	from := e.hist
	if fyTo > e.base.Periods() || fyFrom >= fyTo {
		return nil, fmt.Errorf("worth: fiscal year %d is not wholly inside the history and forecast: extend the horizon: %w", fy, kpitree.ErrBadWindow)
	}
	out := &Worth{FiscalYear: fy, Root: e.root.ID, RootName: e.root.Name, RootUnit: e.root.Unit,
		RootKind: agg.Info(e.rootIdx).Kind, RootForecast: e.fiscalValue(e.base, fy), From: from, FromLabel: e.cal.Label(from)}
	for i := range p.Len() {
		n := p.Node(i)
		if len(n.Targets) == 0 {
			continue
		}
		levels, periodTargets, target := e.targetLevels(n, i, agg, from, fyFrom, fyTo)
		if levels == nil {
			continue
		}
		sc := kpitree.Scenario{Name: "worth:" + n.ID}
		for t := from; t < fyTo; t++ {
			v := levels[t-from]
			if math.IsNaN(v) {
				continue
			}
			if k := len(sc.Overrides) - 1; k >= 0 && sc.Overrides[k].Value == v && sc.Overrides[k].To == t-1 {
				sc.Overrides[k].To = t // one override per run of equal levels
				continue
			}
			sc.Overrides = append(sc.Overrides, kpitree.Override{Node: n.ID, Op: kpitree.OpSet, Value: v, From: t, To: t})
		}
		if len(sc.Overrides) == 0 {
			continue
		}
		step, err := e.Step(&sc, fy)
		if err != nil {
			return nil, fmt.Errorf("worth of %s: %w", kpitree.Quote(n.ID), err)
		}
		row := WorthRow{Node: n.ID, Name: n.Name, Unit: n.Unit, Controllable: n.Controllable, Kind: agg.Info(i).Kind, Target: target,
			PeriodTargets: periodTargets, RootFY: step.FY, Worth: step.FY - step.BaseFY, Scenario: sc}
		row.Forecast, _ = agg.FiscalYear(i, e.base.Column, fy, e.base.Periods())
		e.mu.Lock()
		row.OnTarget, _ = agg.FiscalYear(i, e.scratch.Column, fy, e.scratch.Periods())
		e.mu.Unlock()
		if i == e.rootIdx {
			out.RootTarget = &row
			continue
		}
		out.Rows = append(out.Rows, row)
	}
	if _, err := e.Step(nil, fy); err != nil { // leave the scratch state at the base
		return nil, err
	}
	slices.SortStableFunc(out.Rows, func(a, b WorthRow) int {
		if c := cmp.Compare(math.Abs(b.Worth), math.Abs(a.Worth)); c != 0 && !math.IsNaN(a.Worth) && !math.IsNaN(b.Worth) {
			return c
		}
		return cmp.Compare(a.Node, b.Node)
	})
	return out, nil
}

// targetLevels returns the level node n (index i) takes in each period
// from..fyTo−1 to be on target: its period target where it has one, else
// the level that makes its FY value the FY target (for a flow what is left
// of the year's total spread evenly, for an average what brings the mean
// there, otherwise the target itself: a stock ends the year at it, a rate
// runs at it). It returns nil when the node has no target in the year.
func (e *WhatIf) targetLevels(n kpitree.Node, i int, agg *kpitree.Aggregator, from, fyFrom, fyTo int) (levels []float64, periodTargets int, fyTarget float64) {
	if from >= fyTo {
		return nil, 0, math.NaN()
	}
	fyTarget, hasFY := n.FiscalTarget(e.fy)
	if !hasFY {
		fyTarget = math.NaN()
	}
	levels = make([]float64, fyTo-from)
	col := e.base.Column(i)
	level := math.NaN()
	if hasFY {
		left := float64(fyTo - from)
		done := 0.0
		for t := fyFrom; t < from; t++ {
			done += col[t]
		}
		switch agg.Info(i).Kind {
		case kpitree.AggFlow:
			level = (fyTarget - done) / left
		case kpitree.AggAverage:
			level = (fyTarget*float64(fyTo-fyFrom) - done) / left
		case kpitree.AggOpening:
			if fyFrom < from {
				level = math.NaN() // the year's opening is history: nothing left to reach
			} else {
				level = fyTarget
			}
		default:
			level = fyTarget
		}
	}
	any := false
	for t := from; t < fyTo; t++ {
		v, ok := n.TargetFor(t)
		if ok {
			periodTargets++
		} else {
			v = level
		}
		levels[t-from] = v
		any = any || !math.IsNaN(v)
	}
	if !any {
		return nil, 0, fyTarget
	}
	return levels, periodTargets, fyTarget
}

// MarshalJSON writes missing values (NaN: no FY target, a year with a
// gap) as null; encoding/json refuses NaN.
func (r WorthRow) MarshalJSON() ([]byte, error) {
	type plain WorthRow
	num := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		plain
		Target   *float64 `json:"target"`
		Forecast *float64 `json:"forecast"`
		OnTarget *float64 `json:"on_target"`
		RootFY   *float64 `json:"root_fy"`
		Worth    *float64 `json:"worth"`
	}{plain(r), num(r.Target), num(r.Forecast), num(r.OnTarget), num(r.RootFY), num(r.Worth)})
}
