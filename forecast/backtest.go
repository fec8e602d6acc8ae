package forecast

import (
	"context"
	"fmt"
	"math"
)

// Accuracy summarises forecast errors over a backtest. Percentage metrics
// are in percent. Metrics with no usable terms (MAPE when every actual is
// zero) are NaN.
type Accuracy struct {
	MAE, RMSE float64
	MAPE      float64 // mean of 100·|y−f|/|y| over non-zero actuals
	SMAPE     float64 // mean of 200·|y−f|/(|y|+|f|)
	MASE      float64 // MAE scaled by the in-sample seasonal-naive MAE at each origin
	// Coverage80 and Coverage95 are the shares (0–1) of actuals inside the
	// 80 % and 95 % intervals.
	Coverage80, Coverage95 float64
	// Horizon is the forecast step the figures refer to, or the largest step
	// for the overall summary.
	Horizon int
	// N is the number of forecast–actual pairs scored.
	N int
	// ByHorizon holds the same metrics per step h = 1..Horizon (ByHorizon[0]
	// is one step ahead); nil inside the per-step entries.
	ByHorizon []Accuracy
}

// accum accumulates error terms for one Accuracy.
type accum struct {
	ae, se, ape, sape, sae, in80, in95 float64
	n, nPct, nS, nScaled               int
}

func (a *accum) add(y, f, lo80, hi80, lo95, hi95, scale float64) {
	e := math.Abs(y - f)
	a.ae += e
	a.se += e * e
	a.n++
	if y != 0 {
		a.ape += 100 * e / math.Abs(y)
		a.nPct++
	}
	if d := math.Abs(y) + math.Abs(f); d > 0 {
		a.sape += 200 * e / d
		a.nS++
	} else {
		a.nS++ // both zero: a perfect forecast
	}
	if scale > 0 {
		a.sae += e / scale
		a.nScaled++
	}
	if y >= lo80 && y <= hi80 {
		a.in80++
	}
	if y >= lo95 && y <= hi95 {
		a.in95++
	}
}

func (a *accum) result(h int) Accuracy {
	div := func(x float64, k int) float64 {
		if k == 0 {
			return math.NaN()
		}
		return x / float64(k)
	}
	return Accuracy{
		MAE: div(a.ae, a.n), RMSE: math.Sqrt(div(a.se, a.n)), MAPE: div(a.ape, a.nPct),
		SMAPE: div(a.sape, a.nS), MASE: div(a.sae, a.nScaled),
		Coverage80: div(a.in80, a.n), Coverage95: div(a.in95, a.n), Horizon: h, N: a.n,
	}
}

// Backtest evaluates spec on y by rolling origin: for each of the last
// origins forecast origins it fits on the history up to the origin and
// scores the next spec.Horizon values (or fewer, at the end of the series)
// against the actuals. Missing actuals are skipped. spec.Levels and
// spec.Paths are ignored: coverage is always measured at 80 % and 95 %.
// progress, if not nil, is called after each origin with (done, total).
func Backtest(ctx context.Context, y []float64, spec Spec, origins int, progress func(done, total int)) (Accuracy, error) {
	if origins < 1 {
		return Accuracy{}, fmt.Errorf("backtest: origins %d: must be at least 1: %w", origins, ErrBadSpec)
	}
	if _, _, err := spec.validate(); err != nil {
		return Accuracy{}, fmt.Errorf("backtest: %w", err)
	}
	n := len(y)
	first := n - origins
	if first < MinObservations {
		return Accuracy{}, fmt.Errorf("backtest: %d values leave fewer than %d to fit at the first of %d origins; use fewer origins: %w", n, MinObservations, origins, ErrTooShort)
	}
	spec.Levels, spec.Paths = []float64{80, 95}, 0
	m := max(spec.Season, 1)
	var all accum
	per := make([]accum, spec.Horizon)
	for o := first; o < n; o++ {
		if err := ctx.Err(); err != nil {
			return Accuracy{}, fmt.Errorf("backtest: %w", err)
		}
		train := y[:o]
		res, err := Forecast(ctx, train, spec)
		if err != nil {
			return Accuracy{}, fmt.Errorf("backtest: origin %d: %w", o, err)
		}
		scale := snaiveMAE(train, m)
		for h := 0; h < spec.Horizon && o+h < n; h++ {
			act := y[o+h]
			if !finite(act) {
				continue
			}
			lo80, hi80, _ := res.Band(80)
			lo95, hi95, _ := res.Band(95)
			all.add(act, res.Mean[h], lo80[h], hi80[h], lo95[h], hi95[h], scale)
			per[h].add(act, res.Mean[h], lo80[h], hi80[h], lo95[h], hi95[h], scale)
		}
		if progress != nil {
			progress(o-first+1, origins)
		}
	}
	acc := all.result(spec.Horizon)
	acc.ByHorizon = make([]Accuracy, spec.Horizon)
	for h := range per {
		acc.ByHorizon[h] = per[h].result(h + 1)
	}
	return acc, nil
}

// snaiveMAE is the in-sample mean absolute error of the seasonal naive
// forecast (naive when the series is shorter than two seasons), the MASE
// denominator; missing values are skipped. It returns 0 when undefined.
func snaiveMAE(y []float64, m int) float64 {
	if len(y) <= m {
		m = 1
	}
	var s float64
	var k int
	for t := m; t < len(y); t++ {
		if finite(y[t]) && finite(y[t-m]) {
			s += math.Abs(y[t] - y[t-m])
			k++
		}
	}
	if k == 0 {
		return 0
	}
	return s / float64(k)
}

// SMAPE is the symmetric mean absolute percentage error in percent, the mean
// of 200·|y−f|/(|y|+|f|) over pairs where both are numbers (0/0 counts as 0).
// It is NaN when no pair is usable.
func SMAPE(actual, forecast []float64) float64 {
	var s float64
	var k int
	for i := range min(len(actual), len(forecast)) {
		y, f := actual[i], forecast[i]
		if !finite(y) || !finite(f) {
			continue
		}
		if d := math.Abs(y) + math.Abs(f); d > 0 {
			s += 200 * math.Abs(y-f) / d
		}
		k++
	}
	if k == 0 {
		return math.NaN()
	}
	return s / float64(k)
}

// MASE is the mean absolute scaled error: the forecast's MAE on actual
// divided by the in-sample MAE of the seasonal naive forecast (period m) on
// train. It is NaN when the scale is zero or no pair is usable.
func MASE(train, actual, forecast []float64, m int) float64 {
	scale := snaiveMAE(train, max(m, 1))
	var s float64
	var k int
	for i := range min(len(actual), len(forecast)) {
		if finite(actual[i]) && finite(forecast[i]) {
			s += math.Abs(actual[i] - forecast[i])
			k++
		}
	}
	if k == 0 || scale == 0 {
		return math.NaN()
	}
	return s / float64(k) / scale
}
