package workspace

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/parallel"
)

// backtestOrigins is how many rolling origins score a leaf's forecasting:
// a year of one-month-ahead forecasts for monthly data.
const backtestOrigins = 12

// maxAccuracies bounds the accuracy cache: a long session that edits data
// all day must not grow it without end.
const maxAccuracies = 10000

// ForecastAccuracy says how far off the forecasting of input leaf node
// was one period ahead, the way a planner reads it: the mean absolute
// percentage error, in percent, of one-step forecasts of its history from
// the last 12 rolling origins (at most a third of the history), made as
// its forecast is (the same model setting and season). NaN when node is
// not a bound leaf, or its history is too short or holds zeros. The figure
// is remembered by the hash of the forecast's inputs, so asking again for
// an unchanged leaf costs nothing; only cancellation and a store failure
// are errors. The forecast tab, the inspector and `kpitreectl forecasts
// --accuracy` show it.
func (w *Workspace) ForecastAccuracy(ctx context.Context, node string) (float64, error) {
	m, err := w.ForecastAccuracies(ctx, []string{node}, nil)
	if v, ok := m[node]; ok {
		return v, err
	}
	return math.NaN(), err
}

// ForecastAccuracies is ForecastAccuracy of each of nodes (nil: every
// bound leaf), keyed by node, measured on all cores; progress, if not nil,
// is called after each leaf with the number done (rising) and the total,
// from the measuring goroutines, one call at a time. Nodes that are not
// bound leaves are left out.
func (w *Workspace) ForecastAccuracies(ctx context.Context, nodes []string, progress func(done, total int)) (map[string]float64, error) {
	jobs, err := w.forecastJobsOf(nodes)
	if err != nil {
		return nil, err
	}
	vals := make([]float64, len(jobs))
	// Progress is told under a lock, so the count a bar shows never steps
	// back when two workers finish at once.
	var mu sync.Mutex
	done := 0
	err = parallel.Each(ctx, len(jobs), func(i int) {
		vals[i] = w.accuracyOf(ctx, jobs[i])
		if progress != nil {
			mu.Lock()
			done++
			progress(done, len(jobs))
			mu.Unlock()
		}
	})
	if err != nil {
		return nil, fmt.Errorf("forecast accuracy: %w", err)
	}
	out := make(map[string]float64, len(jobs))
	for i, j := range jobs {
		out[j.node] = vals[i]
	}
	return out, nil
}

// CachedForecastAccuracy is ForecastAccuracy when it has been measured for
// the leaf's present inputs, without measuring it; ok is false otherwise.
func (w *Workspace) CachedForecastAccuracy(node string) (v float64, ok bool) {
	jobs, err := w.forecastJobsOf([]string{node})
	if err != nil || len(jobs) == 0 {
		return math.NaN(), false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	v, ok = w.accuracy[jobs[0].hash]
	return v, ok
}

// accuracyOf is job's backtest error, from the cache or measured (NaN
// when it cannot be measured, and when ctx is done).
func (w *Workspace) accuracyOf(ctx context.Context, j forecastJob) float64 {
	w.mu.Lock()
	v, ok := w.accuracy[j.hash]
	w.mu.Unlock()
	if ok {
		return v
	}
	v = math.NaN()
	if origins := min(backtestOrigins, len(j.y)/3); origins > 0 {
		acc, err := forecast.Backtest(ctx, j.y, forecast.Spec{Model: j.spec.Model, Season: j.spec.Season, Horizon: 1}, origins, nil)
		if ctx.Err() != nil {
			return math.NaN() // not remembered: it was not measured
		}
		if err == nil { // else not measurable: not a failure of the forecast
			v = acc.MAPE
		}
	}
	w.mu.Lock()
	if w.accuracy == nil || len(w.accuracy) >= maxAccuracies {
		w.accuracy = map[string]float64{}
	}
	w.accuracy[j.hash] = v
	w.mu.Unlock()
	return v
}

// forecastJobsOf is the forecast jobs (inputs and their hash) of nodes, in
// their order, or of every bound leaf when nodes is nil; nodes that are
// not bound input leaves are left out.
func (w *Workspace) forecastJobsOf(nodes []string) ([]forecastJob, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	jobs, _ := s.forecastJobs()
	if nodes == nil {
		return jobs, nil
	}
	byNode := make(map[string]forecastJob, len(jobs))
	for _, j := range jobs {
		byNode[j.node] = j
	}
	out := make([]forecastJob, 0, len(nodes))
	for _, n := range nodes {
		if j, ok := byNode[n]; ok {
			out = append(out, j)
		}
	}
	return out, nil
}
