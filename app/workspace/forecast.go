package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strings"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/parallel"
	"github.com/kpitree/kpitree/kpitree"
)

// forecastCacheVersion is part of every cache key: bump it when the
// forecaster, the way inputs are prepared or what the cache stores changes,
// so old results are recomputed instead of reused. Version 3 stores no
// sample paths (they are regenerated from the inputs and the seed).
const forecastCacheVersion = "kpitree-forecast-3"

// pathsSuffix marks the documents in which versions before 3 kept a leaf
// forecast's sample paths (8 bytes × paths × horizon each, 38 MB for 200
// leaves); they are deleted on the next ForecastAll.
const pathsSuffix = "#paths"

// LeafForecast is the forecast of one bound leaf, as cached.
type LeafForecast struct {
	Node string `json:"node"`
	// Hash identifies the inputs (data, settings, forecaster version) the
	// forecast was computed from; a different hash means it is stale.
	Hash  string `json:"hash"`
	Model string `json:"model"`
	// Reason says in English why Model was used (forecast.Result.Reason).
	Reason string `json:"reason,omitempty"`
	// ReasonParts is Reason in machine-readable form for translation; nil
	// in forecasts stored by versions before it existed (show Reason).
	ReasonParts []forecast.ReasonPart `json:"reason_parts,omitempty"`
	// Start is the period index of the first forecast period (the history
	// length when it was computed).
	Start   int    `json:"start"`
	Mean    Values `json:"mean"`
	Lower80 Values `json:"lower80"`
	Upper80 Values `json:"upper80"`
	Lower95 Values `json:"lower95"`
	Upper95 Values `json:"upper95"`
	// Notes are the data-quality notes in English (forecast.Result.Notes).
	Notes []string `json:"notes,omitempty"`
	// NoteParts is Notes in machine-readable form for translation; a
	// position t in it is the workspace calendar's period t−1 and a step h
	// is period Start+h−1. Nil when there are no notes, and in forecasts
	// stored by versions before it existed (show Notes then).
	NoteParts []forecast.NotePart `json:"note_parts,omitempty"`
	// Paths is the number of sample paths the forecast has. They are not
	// stored: the forecaster is deterministic for its inputs and seed, so
	// they are regenerated bit for bit on first use (see leafPaths).
	Paths int `json:"paths"`
}

// ForecastOptions control ForecastAll.
type ForecastOptions struct {
	// OnProgress, if not nil, is called after each leaf with the number of
	// leaves done and the total (from the calling goroutine).
	OnProgress func(done, total int)
}

// ForecastReport says what ForecastAll did.
type ForecastReport struct {
	// Computed and Cached count leaves forecast now and reused from cache.
	Computed, Cached int
	// Failed maps a leaf id to why it could not be forecast (too short a
	// history…); the other leaves are still forecast.
	Failed map[string]error
}

// Err returns nil when every bound leaf was forecast, else an error
// wrapping ErrNoForecast that names the leaves that failed (at most five,
// then how many more) and the first one's reason. The CLI's forecasts
// command exits 1 with it; the UI shows it.
func (r *ForecastReport) Err() error {
	if r == nil || len(r.Failed) == 0 {
		return nil
	}
	return noForecastErr(r.Failed)
}

// noForecastErr is the ErrNoForecast error for the failed leaves.
func noForecastErr(failed map[string]error) error {
	ids := sortedKeys(failed)
	shown := ids[:min(len(ids), 5)]
	names := make([]string, len(shown))
	for i, id := range shown {
		names[i] = kpitree.Quote(id)
	}
	more := ""
	if len(ids) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(ids)-len(shown))
	}
	return fmt.Errorf("no forecast for %s%s (%s: %v): %w", strings.Join(names, ", "), more, kpitree.Quote(ids[0]), failed[ids[0]], ErrNoForecast)
}

// forecastJob is one leaf to forecast, prepared under the lock.
type forecastJob struct {
	node string
	y    []float64
	spec forecast.Spec
	hash string
}

// horizon is the number of periods to forecast for a state.
func (s *state) horizon(cal kpitree.Calendar) int {
	if s.settings.Horizon > 0 {
		return s.settings.Horizon
	}
	return defaultHorizon(cal, s.settings.FiscalYearStart)
}

// forecastJobs lists the bound leaves with their inputs and cache keys,
// made once per state: every forecast read (Forecasts, the inspector's
// accuracy, alerts, the bridge) asks for them, and hashing every leaf's
// history each time grew with the leaves. Callers must not change the
// jobs' slices.
func (s *state) forecastJobs() ([]forecastJob, kpitree.Calendar) {
	c := s.compiled
	if c == nil { // only a state built outside apply: uncached
		return s.makeForecastJobs()
	}
	c.jobsOnce.Do(func() { c.jobs, c.jobsCal = s.makeForecastJobs() })
	return c.jobs, c.jobsCal
}

// makeForecastJobs is forecastJobs, made anew.
func (s *state) makeForecastJobs() ([]forecastJob, kpitree.Calendar) {
	cal := s.calendar()
	in := s.inputs(cal)
	h := s.horizon(cal)
	var jobs []forecastJob
	for _, id := range sortedKeys(in) {
		model := s.settings.Model
		// Overrides of deleted nodes are never looked up: they do no harm.
		if m, ok := s.settings.LeafModels.Model(id); ok {
			model = m
		}
		spec := forecast.Spec{Model: model, Season: cal.Freq.SeasonLength(), Horizon: h,
			Levels: []float64{80, 95}, Paths: s.settings.Paths, Seed: leafSeed(s.settings.Seed, id)}
		jobs = append(jobs, forecastJob{node: id, y: in[id], spec: spec, hash: forecastHash(in[id], spec)})
	}
	return jobs, cal
}

// leafSeed gives every leaf its own random stream: with one shared seed
// all leaves would draw the same shocks and Monte Carlo would overstate
// how much they move together.
func leafSeed(seed uint64, id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return seed ^ h.Sum64()
}

func forecastHash(y []float64, spec forecast.Spec) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%d|%d|%d|%d|%v|", forecastCacheVersion, strings.ToLower(spec.Model), spec.Season,
		spec.Horizon, spec.Paths, spec.Seed, spec.Levels)
	var b [8]byte
	for _, v := range y {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		_, _ = h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ForecastAll forecasts every bound leaf whose inputs changed since its
// cached forecast, reusing the others, and stores the results in the
// workspace file (not in the undo history: forecasts are derived data). It
// works on a snapshot, so edits may continue meanwhile; ctx cancels it. In a
// read-only workspace results are kept in memory only.
func (w *Workspace) ForecastAll(ctx context.Context, opt ForecastOptions) (*ForecastReport, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	jobs, _ := s.forecastJobs()
	if len(jobs) == 0 {
		return nil, fmt.Errorf("forecast: %w", ErrNoData)
	}
	w.mu.Lock()
	cached := w.forecasts
	w.mu.Unlock()
	rep := &ForecastReport{Failed: map[string]error{}}
	type fresh struct {
		lf    *LeafForecast
		paths [][]float64
	}
	var done []fresh
	for i, j := range jobs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("forecast: %w", err)
		}
		if c := cached[j.node]; c != nil && c.Hash == j.hash {
			rep.Cached++
		} else {
			r, err := forecast.Forecast(ctx, j.y, j.spec)
			switch {
			case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
				return nil, fmt.Errorf("forecast %s: %w", j.node, err)
			case err != nil:
				rep.Failed[j.node] = fmt.Errorf("forecast %s: %w", j.node, err)
			default:
				rep.Computed++
				done = append(done, fresh{toLeafForecast(j, r), r.Paths})
			}
		}
		if opt.OnProgress != nil {
			opt.OnProgress(i+1, len(jobs))
		}
	}
	keep := map[string]bool{}
	for _, j := range jobs {
		keep[j.node] = true
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil, ErrClosed
	}
	next := make(map[string]*LeafForecast, len(jobs))
	for id, lf := range w.forecasts {
		if keep[id] {
			next[id] = lf
		}
	}
	paths := map[string][][]float64{}
	for _, f := range done {
		next[f.lf.Node] = f.lf
		paths[f.lf.Node] = f.paths
	}
	var werr error
	if !w.st.ReadOnly() && (len(done) > 0 || len(next) != len(w.forecasts)) {
		werr = w.st.Update(func(tx *store.Tx) error {
			for _, k := range tx.Keys(store.BucketForecasts) {
				if !keep[k] || strings.HasSuffix(k, pathsSuffix) {
					if err := tx.Delete(store.BucketForecasts, k); err != nil {
						return err
					}
				}
			}
			for _, f := range done {
				b, err := json.Marshal(f.lf)
				if err != nil {
					return fmt.Errorf("encode forecast %s: %w", f.lf.Node, err)
				}
				if err := tx.Put(store.BucketForecasts, f.lf.Node, b); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if werr == nil {
		w.forecasts = next
		for id, p := range paths {
			w.paths[id] = p
		}
		for id := range w.paths {
			if next[id] == nil {
				delete(w.paths, id)
			}
		}
	}
	w.mu.Unlock()
	if werr != nil {
		return nil, fmt.Errorf("store forecasts: %w", werr)
	}
	if len(done) > 0 {
		w.emit([]Event{{Kind: ForecastsChanged, Label: "Forecast"}})
	}
	return rep, nil
}

func toLeafForecast(j forecastJob, r *forecast.Result) *LeafForecast {
	lf := &LeafForecast{Node: j.node, Hash: j.hash, Model: r.Model, Reason: r.Reason, ReasonParts: r.ReasonParts, Start: len(j.y),
		Mean: Values(r.Mean), Notes: r.Notes, NoteParts: r.NoteParts, Paths: len(r.Paths)}
	if lo, hi, ok := r.Band(80); ok {
		lf.Lower80, lf.Upper80 = lo, hi
	}
	if lo, hi, ok := r.Band(95); ok {
		lf.Lower95, lf.Upper95 = lo, hi
	}
	return lf
}

// Forecasts returns the cached forecasts that are current (computed from
// the present data and settings), keyed by leaf id. Stale ones are left
// out: run ForecastAll to refresh them.
func (w *Workspace) Forecasts() map[string]*LeafForecast {
	current, _, err := w.currentForecasts()
	if err != nil {
		return nil
	}
	return current
}

// ForecastsCurrent reports whether every bound leaf has a current cached
// forecast, so that projections need no forecasting (ForecastAll would
// compute nothing): a view that only reads can wait for ForecastsChanged
// instead of starting the work itself.
func (w *Workspace) ForecastsCurrent() bool {
	_, all, err := w.currentForecasts()
	return err == nil && all
}

// currentForecasts returns the cached forecasts that are current, keyed by
// leaf id, and whether every bound leaf has one.
func (w *Workspace) currentForecasts() (current map[string]*LeafForecast, all bool, err error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, false, err
	}
	jobs, _ := s.forecastJobs()
	w.mu.Lock()
	defer w.mu.Unlock()
	current, all = map[string]*LeafForecast{}, true
	for _, j := range jobs {
		if lf := w.forecasts[j.node]; lf != nil && lf.Hash == j.hash {
			current[j.node] = lf
		} else {
			all = false
		}
	}
	return current, all, nil
}

// leafPaths returns the sample paths of leaf forecasts lf (current, from
// the cache) for jobs, regenerating those not in memory: forecast.Forecast
// is deterministic for a series, spec and seed, so the paths are the ones
// computed when the forecast was cached, bit for bit. A regenerated
// forecast whose mean differs from the cached one (the forecaster changed
// without a version bump) is left out, and the caller computes it afresh.
// Leaves are regenerated in parallel; ctx cancels the work.
func (w *Workspace) leafPaths(ctx context.Context, jobs []forecastJob, lfs []*LeafForecast) ([][][]float64, error) {
	out := make([][][]float64, len(jobs))
	var todo []int
	w.mu.Lock()
	for k, j := range jobs {
		if p, ok := w.paths[j.node]; ok && len(p) == lfs[k].Paths {
			out[k] = p
		} else {
			todo = append(todo, k)
		}
	}
	w.mu.Unlock()
	err := parallel.Each(ctx, len(todo), func(n int) {
		k := todo[n]
		r, err := forecast.Forecast(ctx, jobs[k].y, jobs[k].spec)
		if err != nil || len(r.Paths) != lfs[k].Paths || !sameValues(r.Mean, lfs[k].Mean) {
			return
		}
		out[k] = r.Paths
	})
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	for _, k := range todo {
		if out[k] != nil && w.forecasts[jobs[k].node] == lfs[k] {
			w.paths[jobs[k].node] = out[k]
		}
	}
	w.mu.Unlock()
	return out, nil
}

// sameValues reports whether a and b hold the same numbers bit for bit
// (NaN equal to NaN).
func sameValues(a []float64, b Values) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// loadForecasts reads the cached forecast summaries (not their paths).
func loadForecasts(tx *store.Tx) map[string]*LeafForecast {
	out := map[string]*LeafForecast{}
	// Keys and Get rather than ForEach, which would copy every value,
	// including the sample paths (≈ 100 KB per leaf) that Open never reads.
	for _, k := range tx.Keys(store.BucketForecasts) {
		if strings.HasSuffix(k, pathsSuffix) {
			continue
		}
		lf := new(LeafForecast)
		if json.Unmarshal(tx.Get(store.BucketForecasts, k), lf) == nil && lf.Node == k {
			out[k] = lf // a damaged entry is just a cache miss
		}
	}
	return out
}

// ForecastCacheBytes returns the bytes the cached forecasts take in the
// workspace file (keys and values), for showing what the cache costs.
func (w *Workspace) ForecastCacheBytes() (int, error) {
	n := 0
	err := w.st.View(func(tx *store.Tx) error {
		for _, k := range tx.Keys(store.BucketForecasts) {
			n += len(k) + len(tx.Get(store.BucketForecasts, k))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("forecast cache size: %w", err)
	}
	return n, nil
}
