package forecast

import (
	"context"
	"math"
	"math/rand/v2"
)

// seasonalTest reports whether y has significant seasonality of period m at
// the 90 % level: |r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n), the test used
// with the Theta method in the M3 competition (Assimakopoulos & Nikolopoulos
// 2000). It needs at least two seasons of data.
func seasonalTest(y []float64, m int) bool {
	n := len(y)
	if m < 2 || n < 2*m {
		return false
	}
	mean, c0 := meanSS(y)
	if c0 == 0 {
		return false
	}
	acf := func(k int) float64 {
		var c float64
		for t := k; t < n; t++ {
			c += (y[t] - mean) * (y[t-k] - mean)
		}
		return c / c0
	}
	var sum float64
	for k := 1; k < m; k++ {
		r := acf(k)
		sum += r * r
	}
	stat := math.Sqrt((1 + 2*sum) / float64(n))
	return math.Abs(acf(m)) > 1.6448536269514722*stat
}

// fitTheta is the standard Theta method: seasonally adjust with a classical
// multiplicative decomposition when seasonalTest says so (additive when the
// data has zeros or negatives), forecast the adjusted series with simple
// exponential smoothing plus half the slope of its linear trend (Hyndman &
// Billah 2003: ŷ(h) = ℓ_n + b/2·(h − 1 + (1 − (1−α)^n)/α)), and
// reseasonalise. Intervals are those of the underlying SES model.
func fitTheta(ctx context.Context, y []float64, m, h int, positive bool) *fcast {
	return fitThetaSeasonal(ctx, y, m, h, positive, seasonalTest(y, m))
}

// fitThetaSeasonal is fitTheta with the seasonality decision made by the
// caller.
func fitThetaSeasonal(ctx context.Context, y []float64, m, h int, positive, seasonal bool) *fcast {
	n := len(y)
	mult := positive
	idx := []float64{0}
	if seasonal {
		idx = seasonalIndices(y, m, mult)
	} else {
		m = 1
		if mult {
			idx[0] = 1
		}
	}
	adjust := func(v float64, t int) float64 {
		if !seasonal {
			return v
		}
		if mult {
			return v / idx[t%m]
		}
		return v - idx[t%m]
	}
	restore := func(v float64, t int) float64 {
		if !seasonal {
			return v
		}
		if mult {
			return v * idx[t%m]
		}
		return v + idx[t%m]
	}
	x := make([]float64, n)
	for t, v := range y {
		x[t] = adjust(v, t)
	}
	ses := fitETS(ctx, x, etsType{'A', 'N', 'N'}, 1)
	if ses == nil {
		return nil
	}
	_, b := olsLine(x)
	alpha := ses.p.alpha
	drift := func(hh int, origin int) float64 {
		return b / 2 * (float64(hh-1) + (1-math.Pow(1-alpha, float64(origin)))/alpha)
	}
	sesMean := ses.point(h)
	sesSD := ses.sd(h)
	f := &fcast{name: "Theta", mean: make([]float64, h), sd: make([]float64, h), fitted: make([]float64, n)}
	for i := range f.mean {
		f.mean[i] = restore(sesMean[i]+drift(i+1, n), n+i)
		f.sd[i] = sesSD[i]
		if seasonal && mult {
			f.sd[i] *= idx[(n+i)%m]
		}
	}
	for t := range f.fitted {
		f.fitted[t] = restore(ses.fitted[t]+drift(1, t), t)
	}
	if seasonal {
		if mult {
			f.name = "Theta(seasonally adjusted, multiplicative)"
		} else {
			f.name = "Theta(seasonally adjusted, additive)"
		}
	}
	f.sim = func(hh, k int, rng *rand.Rand) [][]float64 {
		paths := ses.simulate(hh, k, rng)
		for _, p := range paths {
			for t := range p {
				p[t] = restore(p[t]+drift(t+1, n), n+t)
			}
		}
		return paths
	}
	return f
}
