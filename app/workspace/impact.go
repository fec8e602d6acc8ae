package workspace

import (
	"context"
	"fmt"
	"sync"

	"github.com/kpitree/kpitree/kpitree"
)

// Projection evaluates the tree over the history plus the forecast horizon
// for the base (scenario "") or a scenario, with forecast means for the
// bound leaves (forecasting first if the cache is stale). The returned
// State belongs to the caller; it feeds kpitree's impact functions and
// charts.
func (w *Workspace) Projection(ctx context.Context, scenario string) (*kpitree.State, error) {
	pr, err := w.projector(ctx, scenario)
	if err != nil {
		return nil, err
	}
	return pr.project(scenario)
}

// projector holds what every projection of one state shares: the
// program, the leaves' futures and the horizon, so an attribution asks
// for the futures once and builds its two projections side by side.
type projector struct {
	s       *state
	p       *kpitree.Program
	futures map[string]leafFuture
	hist, h int
}

// projector prepares projections of the current state; scenario, when
// not empty, must exist (checked first, as Projection always did).
func (w *Workspace) projector(ctx context.Context, scenario string) (*projector, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	if _, ok := s.scenarios[scenario]; scenario != "" && !ok {
		return nil, fmt.Errorf("projection %s: %w", kpitree.Quote(scenario), ErrUnknownScenario)
	}
	futures, h, err := w.futures(ctx, s, 0, 0, false)
	if err != nil {
		return nil, fmt.Errorf("projection: %w", err)
	}
	p, _, err := s.program()
	if err != nil {
		return nil, fmt.Errorf("projection: %w", err)
	}
	return &projector{s: s, p: p, futures: futures, hist: s.calendar().Periods, h: h}, nil
}

// project evaluates one projection. It only reads pr, so several may run
// at once.
func (pr *projector) project(scenario string) (*kpitree.State, error) {
	var sc *kpitree.Scenario
	if scenario != "" {
		x, ok := pr.s.scenarios[scenario]
		if !ok {
			return nil, fmt.Errorf("projection %s: %w", kpitree.Quote(scenario), ErrUnknownScenario)
		}
		sc = &x
	}
	st := pr.p.NewState(pr.hist + pr.h)
	if err := st.SetScenario(sc); err != nil {
		return nil, fmt.Errorf("projection %s: %w", kpitree.Quote(scenario), err)
	}
	leafFiller(pr.p, st, pr.s.inputs(pr.s.calendar()), pr.futures, pr.hist, pr.h)(-1)
	st.Run()
	if err := overflowErr(pr.p, st, scenario); err != nil {
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
	pr, err := w.projector(ctx, scenario)
	if err != nil {
		return nil, err
	}
	// The base and the scenario are independent evaluations of one
	// program: on a 100k-node tree each is a third of the attribution,
	// so they run on two cores.
	var base *kpitree.State
	var baseErr error
	var wg sync.WaitGroup
	wg.Go(func() { base, baseErr = pr.project("") })
	next, err := pr.project(scenario)
	wg.Wait()
	if baseErr != nil {
		return nil, baseErr
	}
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
	return onProjection(ctx, w, scenario, "attribute periods", func(st *kpitree.State) (*kpitree.Attribution, error) {
		return kpitree.AttributePeriods(st, from, to, opt)
	})
}

// Sensitivity moves each driver by ±opt.Delta on the projection and
// reports the node's window value each way (tornado chart data).
func (w *Workspace) Sensitivity(ctx context.Context, scenario string, opt kpitree.SensitivityOptions) ([]kpitree.SensitivityRow, error) {
	// kpitree's errors already name the operation ("sensitivity: …").
	return onProjection(ctx, w, scenario, "", func(st *kpitree.State) ([]kpitree.SensitivityRow, error) {
		return kpitree.Sensitivity(st, opt)
	})
}

// RankDrivers ranks the drivers by impact the team can act on.
func (w *Workspace) RankDrivers(ctx context.Context, scenario string, opt kpitree.SensitivityOptions) ([]kpitree.DriverRank, error) {
	// kpitree's errors already name the operation ("rank drivers: …").
	return onProjection(ctx, w, scenario, "", func(st *kpitree.State) ([]kpitree.DriverRank, error) {
		return kpitree.RankDrivers(st, opt)
	})
}

// GoalSeek finds the driver value that makes the node reach the target on
// the projection of the base or a scenario.
func (w *Workspace) GoalSeek(ctx context.Context, scenario string, gs kpitree.GoalSeek) (*kpitree.GoalSeekResult, error) {
	// kpitree's errors already name the operation ("goal seek: …").
	return onProjection(ctx, w, scenario, "", func(st *kpitree.State) (*kpitree.GoalSeekResult, error) {
		return kpitree.SeekGoal(st, gs)
	})
}

// onProjection runs analysis f on the projection of scenario ("": the
// base). f's error is prefixed with op, and its result dropped, unless op
// is "" (for analyses whose errors already name themselves).
func onProjection[T any](ctx context.Context, w *Workspace, scenario, op string, f func(*kpitree.State) (T, error)) (T, error) {
	var zero T
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return zero, err
	}
	v, err := f(st)
	if err != nil && op != "" {
		return zero, fmt.Errorf("%s: %w", op, err)
	}
	return v, err
}
