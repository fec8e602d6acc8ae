package forecast

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// minSimulations is the number of sample paths used to estimate intervals
// of models without closed-form variances; fewer makes 95 % bounds jumpy.
const minSimulations = 1000

// Interval is a central prediction interval.
type Interval struct {
	Level        float64   // coverage in percent, e.g. 80
	Lower, Upper []float64 // bounds per horizon step, len = Spec.Horizon
}

// Result is a forecast of one series.
type Result struct {
	// Model names the model that produced Mean, e.g. "ETS(M,Ad,M)", "Theta",
	// "naive", "combo(ETS(A,Ad,A), Theta)" or "combo(ETS(M,Ad,N) on
	// seasonally adjusted data, Theta(seasonally adjusted, multiplicative))".
	Model string
	// Reason says why this model was used, including any fallback, in
	// English: ReasonText(ReasonParts).
	Reason string
	// ReasonParts is Reason in machine-readable form, one part per
	// clause, for showing it in the user's language.
	ReasonParts []ReasonPart
	// Mean holds the point forecasts for steps 1..Spec.Horizon after the
	// last element of the input (even when trailing values were missing).
	Mean []float64
	// Intervals holds one interval per Spec level, in the order given.
	Intervals []Interval
	// Paths holds Spec.Paths simulated future paths, each of length
	// Spec.Horizon; nil when Spec.Paths is 0.
	Paths [][]float64
	// Fitted holds one-step in-sample fits aligned with the input; NaN
	// before the first and after the last observed value.
	Fitted []float64
	// Notes report data problems found and how they were handled: missing
	// values, zeros, possible outliers (1-based positions), in English:
	// NoteTexts(NoteParts).
	Notes []string
	// NoteParts is Notes in machine-readable form, one part per note, for
	// showing them in the user's language; nil when there are none.
	NoteParts []NotePart
	// AICc is the corrected Akaike criterion of the chosen ETS model; 0 for
	// other models.
	AICc float64
}

// Band returns the interval for the given level, or ok == false when the
// Spec did not ask for it.
func (r *Result) Band(level float64) (lower, upper []float64, ok bool) {
	for _, iv := range r.Intervals {
		if iv.Level == level {
			return iv.Lower, iv.Upper, true
		}
	}
	return nil, nil, false
}

// Forecast fits the model named by spec.Model to y (NaN marks missing
// values) and forecasts spec.Horizon steps ahead.
//
// "auto" uses the robust combination ("combo") when the series has enough
// history for ETS and Theta, and falls back to simpler models for short or
// constant series; Result.Reason says which and why. "ets" selects among the
// ETS family by AICc. A pinned model that the series is too short for falls
// back the same way; a pinned multiplicative ETS model on data with zeros or
// negatives fails with ErrNoModel. Forecast checks ctx inside every model
// fit and returns ctx.Err() (wrapped) soon after it is cancelled.
func Forecast(ctx context.Context, y []float64, spec Spec) (*Result, error) {
	return forecastWith(ctx, y, spec, defaultAuto())
}

// forecastWith is Forecast with the automatic combination's design choices
// as an argument, for the held-out experiment harness.
func forecastWith(ctx context.Context, y []float64, spec Spec, opts autoOpts) (*Result, error) {
	model, levels, err := spec.validate()
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	p, err := prepare(y)
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	m := spec.Season
	if m < 2 {
		m = 1
	}
	h := spec.Horizon + p.trail
	fc, why, err := choose(ctx, p, model, m, h, opts)
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	res := &Result{Model: fc.name, Reason: ReasonText(why), ReasonParts: why, AICc: fc.aicc}
	if err := assemble(res, fc, levels, spec, h, p.trail); err != nil {
		// A model that produces non-finite numbers is not trusted: fall
		// back to the naive forecast, which cannot.
		fc = fitNaive(p.y, h)
		why = []ReasonPart{reason(ReasonNonFinite, "Model", res.Model)}
		res = &Result{Model: fc.name, Reason: ReasonText(why), ReasonParts: why}
		if err := assemble(res, fc, levels, spec, h, p.trail); err != nil {
			return nil, fmt.Errorf("forecast: %w: %w", ErrNoModel, err)
		}
	}
	res.Fitted = make([]float64, len(y))
	for i := range res.Fitted {
		res.Fitted[i] = math.NaN()
	}
	copy(res.Fitted[p.lead:], fc.fitted)
	resid := make([]float64, len(p.y))
	for t, v := range p.y {
		resid[t] = v - fc.fitted[t]
	}
	notes := p.notes
	if out := outliers(p.y, resid, p.lead); len(out) > 0 {
		notes = append(notes, positionsNote(NoteOutliers, out))
	}
	if p.positive {
		for i, v := range res.Mean {
			if v <= 0 {
				notes = append(notes, note(NoteReachesZero, "Value", fmt.Sprintf("%.4g", v), "H", itoa(i+1)))
				break
			}
		}
	}
	res.NoteParts, res.Notes = notes, NoteTexts(notes)
	return res, nil
}

// assemble fills the result's mean, intervals and paths from fc, dropping
// the first skip steps (forecasts of missing trailing values).
func assemble(res *Result, fc *fcast, levels []float64, spec Spec, h, skip int) error {
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	res.Mean = fc.mean[skip:]
	var sims [][]float64
	needSim := fc.sd == nil && len(fc.parts) == 0
	if needSim {
		sims = fc.sim(h, max(spec.Paths, minSimulations), rng)
	}
	var mix *mixture
	if len(fc.parts) > 0 {
		mix = newMixture(fc.parts, h, rng)
	}
	res.Intervals = make([]Interval, len(levels))
	for i, lv := range levels {
		lo, hi := bandOf(fc, lv, h, sims, mix)
		res.Intervals[i] = Interval{Level: lv, Lower: lo[skip:], Upper: hi[skip:]}
	}
	if spec.Paths > 0 {
		if sims == nil {
			sims = fc.sim(h, spec.Paths, rng)
		}
		res.Paths = make([][]float64, spec.Paths)
		for i := range res.Paths {
			res.Paths[i] = sims[i][skip:]
		}
	}
	check := func(name string, v []float64) error {
		for i, x := range v {
			if !finite(x) {
				return fmt.Errorf("%s is %v at h=%d", name, x, i+1)
			}
		}
		return nil
	}
	if err := check("mean", res.Mean); err != nil {
		return err
	}
	for _, iv := range res.Intervals {
		if err := check(fmt.Sprintf("%v%% interval", iv.Level), iv.Lower); err != nil {
			return err
		}
		if err := check(fmt.Sprintf("%v%% interval", iv.Level), iv.Upper); err != nil {
			return err
		}
	}
	for _, p := range res.Paths {
		if err := check("sample path", p); err != nil {
			return err
		}
	}
	return nil
}

// bandOf returns the level-% interval of fc: Gaussian from analytic
// standard deviations, empirical quantiles of sims, or for a combination
// the quantiles of the mixture of its members' predictive distributions
// (mix, built once by newMixture).
func bandOf(fc *fcast, level float64, h int, sims [][]float64, mix *mixture) (lo, hi []float64) {
	lo, hi = make([]float64, h), make([]float64, h)
	a := (1 - level/100) / 2
	switch {
	case mix != nil && fc.avgBands:
		// The earlier rule, kept for the held-out comparison: average the
		// members' bounds.
		for _, part := range fc.parts {
			var ps [][]float64
			if part.sd == nil {
				ps = part.sim(h, minSimulations, mix.rng)
			}
			l, u := bandOf(part, level, h, ps, nil)
			for i := range lo {
				lo[i] += l[i] / float64(len(fc.parts))
				hi[i] += u[i] / float64(len(fc.parts))
			}
		}
	case mix != nil:
		w := fc.widen
		if w <= 0 {
			w = 1
		}
		for i := range lo {
			c := fc.mean[i]
			lo[i], hi[i] = c+w*(mix.quantile(i, a)-c), c+w*(mix.quantile(i, 1-a)-c)
		}
	case fc.sd != nil:
		z := -math.Sqrt2 * math.Erfinv(2*a-1)
		for i := range lo {
			lo[i] = fc.mean[i] - z*fc.sd[i]
			hi[i] = fc.mean[i] + z*fc.sd[i]
		}
	default:
		col := make([]float64, len(sims))
		for i := range lo {
			for j, p := range sims {
				col[j] = p[i]
			}
			sort.Float64s(col)
			lo[i] = quantileSorted(col, a)
			hi[i] = quantileSorted(col, 1-a)
		}
	}
	return lo, hi
}

// choose fits the requested model, or the fallback the data allows, and
// says why.
func choose(ctx context.Context, p prepared, model Model, m, h int, opts autoOpts) (*fcast, []ReasonPart, error) {
	y, n := p.y, len(p.y)
	pinned := []ReasonPart{reason(ReasonPinned)}
	if p.constant {
		return fitNaive(y, h), []ReasonPart{reason(ReasonConstant)}, nil
	}
	switch model.Kind {
	case KindNaive:
		return fitNaive(y, h), pinned, nil
	case KindMean:
		return fitMean(y, h), pinned, nil
	case KindDrift:
		return fitDrift(y, h), pinned, nil
	case KindSNaive:
		if m > 1 && n > m {
			return fitSNaive(y, m, h), pinned, nil
		}
		return fitNaive(y, h), []ReasonPart{reason(ReasonSNaiveShort, "N", itoa(n), "Season", itoa(m))}, nil
	case KindTheta:
		if f := fitTheta(ctx, y, m, h, p.positive); f != nil {
			return f, pinned, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		return fitNaive(y, h), []ReasonPart{reason(ReasonThetaShort, "Min", itoa(minETS), "N", itoa(n))}, nil
	case KindETS:
		if !p.positive && (model.Error == 'M' || model.Season == 'M') {
			return nil, nil, fmt.Errorf("%s needs strictly positive data and the series has zeros or negatives; pin an additive model: %w", model, ErrNoModel)
		}
		best, notes, err := selectETS(ctx, y, m, h, model, p.positive, opts.refine)
		if err != nil {
			return nil, nil, err
		}
		if best == nil {
			return fitNaive(y, h), []ReasonPart{reason(ReasonETSUnfittable, "Model", model.String(), "N", itoa(n))}, nil
		}
		why := pinned
		if model.Error == 'Z' || model.Trend == 'Z' || model.Season == 'Z' {
			why = []ReasonPart{reason(ReasonLowestAICc)}
		}
		return etsForecast(best, h), append(why, notes...), nil
	}
	// auto and combo.
	return fitAuto(ctx, p, m, h, opts)
}

// minETS is the shortest series an ETS model (ETS(A,N,N)) is fitted to.
const minETS = 4

// crossesZero reports whether a forecast reaches zero or below.
func crossesZero(v []float64) bool {
	for _, x := range v {
		if x <= 0 {
			return true
		}
	}
	return false
}

// combine averages component forecasts. Sample paths are a mixture: path i
// comes from component i mod k, so the paths carry every component's
// uncertainty.
func combine(parts []*fcast) *fcast {
	h, n := len(parts[0].mean), len(parts[0].fitted)
	names := make([]string, len(parts))
	f := &fcast{mean: make([]float64, h), fitted: make([]float64, n), parts: parts}
	k := float64(len(parts))
	for i, p := range parts {
		names[i] = p.name
		for t := range f.mean {
			f.mean[t] += p.mean[t] / k
		}
		for t := range f.fitted {
			f.fitted[t] += p.fitted[t] / k
		}
	}
	f.name = "combo(" + strings.Join(names, ", ") + ")"
	f.sim = func(hh, np int, rng *rand.Rand) [][]float64 {
		out := make([][]float64, 0, np)
		for i, p := range parts {
			cnt := np / len(parts)
			if i < np%len(parts) {
				cnt++
			}
			if cnt > 0 {
				out = append(out, p.sim(hh, cnt, rng)...)
			}
		}
		// Interleave so any prefix of the paths mixes the components.
		mixed := make([][]float64, np)
		idx := make([]int, len(parts))
		start := 0
		starts := make([]int, len(parts))
		for i := range parts {
			starts[i] = start
			cnt := np / len(parts)
			if i < np%len(parts) {
				cnt++
			}
			start += cnt
		}
		for j := range mixed {
			c := j % len(parts)
			mixed[j] = out[starts[c]+idx[c]]
			idx[c]++
		}
		return mixed
	}
	return f
}

// selectETS fits the ETS models allowed by model and the data and returns
// the one with the lowest AICc and notes on
// what was left out and why. Multiplicative components need positive data;
// additive errors with multiplicative seasonality are skipped as numerically
// unstable (Hyndman et al. 2008, §15.2); on positive data, models whose point
// forecast reaches zero are dropped.
//
// The refine best seasonal candidates (by AICc with heuristic initial
// seasonal states) are then refitted with those states free
// (refineSeason) before the final choice: refining every seasonal model, as
// R does, would cost several times as much for little change in which
// model wins.
func selectETS(ctx context.Context, y []float64, m, h int, model Model, positive bool, refine int) (best *etsFit, notes []ReasonPart, err error) {
	n := len(y)
	errs, trends, seasons := []byte{'A', 'M'}, []byte{'N', 'A', 'D'}, []byte{'N', 'A', 'M'}
	pick := func(c byte, all []byte) []byte {
		if c == 'Z' || c == 0 {
			return all
		}
		return []byte{c}
	}
	errs, trends, seasons = pick(model.Error, errs), pick(model.Trend, trends), pick(model.Season, seasons)
	if m > 1 && n < 2*m && model.Season != 'N' {
		notes = append(notes, reason(ReasonFewSeasons, "N", itoa(n), "Season", itoa(m)))
	}
	var dropped int
	var fits []*etsFit
	for _, e := range errs {
		for _, t := range trends {
			for _, s := range seasons {
				if err := ctx.Err(); err != nil {
					return nil, nil, err
				}
				if (s != 'N' && (m < 2 || n < 2*m)) || (!positive && (e == 'M' || s == 'M')) {
					continue
				}
				if e == 'A' && s == 'M' && model.Error == 'Z' {
					continue
				}
				f := fitETS(ctx, y, etsType{e, t, s}, m)
				if f == nil {
					continue
				}
				if positive && crossesZero(f.point(h)) {
					dropped++
					continue
				}
				fits = append(fits, f)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sort.SliceStable(fits, func(i, j int) bool { return fits[i].aicc < fits[j].aicc })
	for i, done := 0, 0; i < len(fits) && done < refine; i++ {
		if fits[i].typ.s == 'N' {
			continue
		}
		g := refineSeason(ctx, y, fits[i])
		if positive && crossesZero(g.point(h)) {
			g = fits[i]
		}
		fits[i] = g
		done++
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for _, f := range fits {
		if best == nil || f.aicc < best.aicc {
			best = f
		}
	}
	if dropped > 0 {
		notes = append(notes, reason(ReasonTrendsDropped, "Count", itoa(dropped)))
	}
	return best, notes, nil
}
