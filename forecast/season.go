package forecast

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
)

// seasonalAnovaP is the p-value of a one-way analysis of variance of the
// detrended series by season: do the m seasonal means of y − trend differ
// more than the spread within seasons allows? The trend is a least-squares
// line (on log y when positive, so a multiplicative season with growth is
// tested on its natural scale). Unlike the autocorrelation test it needs
// only two full seasons to have power, which is what a 24-month KPI has.
// It returns 1 when the test cannot be run.
func seasonalAnovaP(y []float64, m int, positive bool) float64 {
	n := len(y)
	if m < 2 || n < 2*m {
		return 1
	}
	x := make([]float64, n)
	for t, v := range y {
		x[t] = v
		if positive {
			x[t] = math.Log(v)
		}
	}
	var level float64
	for _, v := range x {
		level += v * v
	}
	a, b := olsLine(x)
	sum := make([]float64, m)
	cnt := make([]float64, m)
	for t := range x {
		x[t] -= a + b*float64(t+1)
		sum[t%m] += x[t]
		cnt[t%m]++
	}
	var between, within float64
	for t, v := range x {
		mu := sum[t%m] / cnt[t%m]
		within += (v - mu) * (v - mu)
		between += mu * mu // residuals of a fitted line have mean 0
	}
	if between+within <= 1e-20*level {
		return 1 // a line up to rounding: nothing seasonal to test
	}
	d1, d2 := float64(m-1), float64(n-m-2) // two degrees of freedom went to the line
	if d2 < 1 || !(within > 0) {
		if between > 0 && !(within > 0) {
			return 0 // an exact repeating pattern
		}
		return 1
	}
	f := (between / d1) / (within / d2)
	p := mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
	if math.IsNaN(p) {
		return 1
	}
	return p
}

// fitSeasAdj fits the AICc-best non-seasonal ETS model to the seasonally
// adjusted series (classical decomposition, multiplicative for positive
// data) and reseasonalises its forecasts, paths and fitted values. It lets
// a short history with a clear season (two or three years of a KPI with a
// spring peak) keep its season: a seasonal ETS model would spend m−1 of its
// few degrees of freedom on the initial states and lose on AICc. It returns
// nil when nothing can be fitted.
func fitSeasAdj(ctx context.Context, y []float64, m, h int, positive bool) *fcast {
	n := len(y)
	idx := seasonalIndices(y, m, positive)
	x := make([]float64, n)
	for t, v := range y {
		if positive {
			x[t] = v / idx[t%m]
		} else {
			x[t] = v - idx[t%m]
		}
	}
	restore := func(v float64, t int) float64 {
		if positive {
			return v * idx[t%m]
		}
		return v + idx[t%m]
	}
	best, _, err := selectETS(ctx, x, 1, h, Model{Kind: KindETS, Error: 'Z', Trend: 'Z', Season: 'N'}, positive, 0)
	if err != nil || best == nil {
		return nil
	}
	base := etsForecast(best, h)
	f := &fcast{name: best.typ.String() + " on seasonally adjusted data", mean: make([]float64, h), fitted: make([]float64, n)}
	for i := range f.mean {
		f.mean[i] = restore(base.mean[i], n+i)
	}
	if base.sd != nil {
		f.sd = make([]float64, h)
		for i := range f.sd {
			f.sd[i] = base.sd[i]
			if positive {
				f.sd[i] *= idx[(n+i)%m]
			}
		}
	}
	for t := range f.fitted {
		f.fitted[t] = restore(base.fitted[t], t)
	}
	f.sim = func(hh, k int, rng *rand.Rand) [][]float64 {
		paths := base.sim(hh, k, rng)
		for _, p := range paths {
			for t := range p {
				p[t] = restore(p[t], n+t)
			}
		}
		return paths
	}
	return f
}
