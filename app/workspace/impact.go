package workspace

import (
	"context"
	"fmt"

	"github.com/kpitree/kpitree/kpitree"
)

// Projection evaluates the tree over the history plus the forecast horizon
// for the base (scenario "") or a scenario, with forecast means for the
// bound leaves (forecasting first if the cache is stale). The returned
// State belongs to the caller; it feeds kpitree's impact functions and
// charts.
func (w *Workspace) Projection(ctx context.Context, scenario string) (*kpitree.State, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	var sc *kpitree.Scenario
	if scenario != "" {
		x, ok := s.scenarios[scenario]
		if !ok {
			return nil, fmt.Errorf("projection %s: %w", kpitree.Quote(scenario), ErrUnknownScenario)
		}
		sc = &x
	}
	futures, h, err := w.futures(ctx, s, 0, 0, false)
	if err != nil {
		return nil, fmt.Errorf("projection: %w", err)
	}
	t := s.evalTree()
	p, _, err := s.program()
	if err != nil {
		return nil, fmt.Errorf("projection: %w", err)
	}
	hist := t.Calendar.Periods
	st := p.NewState(hist + h)
	if err := st.SetScenario(sc); err != nil {
		return nil, fmt.Errorf("projection %s: %w", kpitree.Quote(scenario), err)
	}
	leafFiller(p, st, s.inputs(t.Calendar), futures, hist, h)(-1)
	st.Run()
	if err := overflowErr(p, st, scenario); err != nil {
		return nil, fmt.Errorf("projection: %w", err)
	}
	return st, nil
}

// Attribute explains how a scenario changes a node's window value against
// the base, split over drivers (parts add up to the change).
func (w *Workspace) Attribute(ctx context.Context, scenario string, win kpitree.Window, opt kpitree.AttributionOptions) (*kpitree.Attribution, error) {
	if scenario == "" {
		return nil, fmt.Errorf("attribute: name a scenario to compare with the base: %w", ErrUnknownScenario)
	}
	base, err := w.Projection(ctx, "")
	if err != nil {
		return nil, err
	}
	next, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	a, err := kpitree.Attribute(base, next, win, opt)
	if err != nil {
		return nil, fmt.Errorf("attribute %s: %w", kpitree.Quote(scenario), err)
	}
	return a, nil
}

// AttributePeriods explains a node's change from period from to period to
// of the base or a scenario projection (e.g. this March against last).
func (w *Workspace) AttributePeriods(ctx context.Context, scenario string, from, to int, opt kpitree.AttributionOptions) (*kpitree.Attribution, error) {
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	a, err := kpitree.AttributePeriods(st, from, to, opt)
	if err != nil {
		return nil, fmt.Errorf("attribute periods: %w", err)
	}
	return a, nil
}

// Sensitivity moves each driver by ±opt.Delta on the projection and
// reports the node's window value each way (tornado chart data).
func (w *Workspace) Sensitivity(ctx context.Context, scenario string, opt kpitree.SensitivityOptions) ([]kpitree.SensitivityRow, error) {
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	rows, err := kpitree.Sensitivity(st, opt)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	return rows, nil
}

// RankDrivers ranks the drivers by impact the team can act on.
func (w *Workspace) RankDrivers(ctx context.Context, scenario string, opt kpitree.SensitivityOptions) ([]kpitree.DriverRank, error) {
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	// kpitree's errors already name the operation ("rank drivers: …").
	return kpitree.RankDrivers(st, opt)
}

// GoalSeek finds the driver value that makes the node reach the target on
// the projection of the base or a scenario.
func (w *Workspace) GoalSeek(ctx context.Context, scenario string, gs kpitree.GoalSeek) (*kpitree.GoalSeekResult, error) {
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	// kpitree's errors already name the operation ("goal seek: …").
	return kpitree.SeekGoal(st, gs)
}
