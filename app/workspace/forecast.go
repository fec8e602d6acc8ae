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
	"github.com/kpitree/kpitree/kpitree"
)

// forecastCacheVersion is part of every cache key: bump it when the
// forecaster or the way inputs are prepared changes, so old results are
// recomputed instead of reused.
const forecastCacheVersion = "kpitree-forecast-2"

// pathsSuffix marks the document holding a leaf forecast's sample paths.
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
	// Paths is the number of sample paths stored beside the summary.
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

// forecastJobs lists the bound leaves with their inputs and cache keys.
func (s *state) forecastJobs() ([]forecastJob, kpitree.Calendar) {
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
				if !keep[strings.TrimSuffix(k, pathsSuffix)] {
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
				if err := tx.Put(store.BucketForecasts, f.lf.Node+pathsSuffix, encodePaths(f.paths)); err != nil {
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
	s, err := w.snapshot()
	if err != nil {
		return nil
	}
	jobs, _ := s.forecastJobs()
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[string]*LeafForecast{}
	for _, j := range jobs {
		if lf := w.forecasts[j.node]; lf != nil && lf.Hash == j.hash {
			out[j.node] = lf
		}
	}
	return out
}

// encodePaths lays sample paths out as uint32 count, uint32 length, then
// count×length little-endian float64s: compact and quick to load, unlike
// JSON, for 1,000 paths per leaf.
func encodePaths(paths [][]float64) []byte {
	h := 0
	if len(paths) > 0 {
		h = len(paths[0])
	}
	b := make([]byte, 8, 8+8*len(paths)*h)
	binary.LittleEndian.PutUint32(b[0:], uint32(len(paths)))
	binary.LittleEndian.PutUint32(b[4:], uint32(h))
	for _, p := range paths {
		for i := range h {
			v := math.NaN()
			if i < len(p) {
				v = p[i]
			}
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}

// decodePaths is the inverse of encodePaths; damaged input yields an error.
func decodePaths(b []byte) ([][]float64, error) {
	if len(b) < 8 {
		return nil, errBadPaths
	}
	n := uint64(binary.LittleEndian.Uint32(b[0:]))
	h := uint64(binary.LittleEndian.Uint32(b[4:]))
	if n*h*8 != uint64(len(b)-8) || n > maxPaths || h > maxHorizon {
		return nil, errBadPaths
	}
	out := make([][]float64, n)
	flat := make([]float64, n*h)
	off := 8
	for i := range flat {
		flat[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[off:]))
		off += 8
	}
	for i := range out {
		out[i] = flat[uint64(i)*h : uint64(i+1)*h : uint64(i+1)*h]
	}
	return out, nil
}

// leafPaths returns the sample paths of a leaf's current forecast, loading
// them from the file on first use.
func (w *Workspace) leafPaths(lf *LeafForecast) [][]float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p, ok := w.paths[lf.Node]; ok {
		return p
	}
	var raw []byte
	_ = w.st.View(func(tx *store.Tx) error {
		raw = tx.Get(store.BucketForecasts, lf.Node+pathsSuffix)
		return nil
	})
	p, err := decodePaths(raw)
	if err != nil || len(p) != lf.Paths {
		return nil
	}
	w.paths[lf.Node] = p
	return p
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
