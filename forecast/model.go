package forecast

import (
	"math"
	"math/rand/v2"
)

// fcast is one fitted model's forecast before intervals are assembled.
type fcast struct {
	name   string
	mean   []float64
	sd     []float64                                  // analytic h-step standard deviations; nil: intervals are simulated
	sim    func(h, n int, rng *rand.Rand) [][]float64 // sample paths of length h
	fitted []float64                                  // one-step in-sample fits, len(y)
	aicc   float64                                    // ETS only; 0 otherwise
	parts  []*fcast                                   // components of a combination
	// avgBands makes a combination's bands the average of its members'
	// bounds instead of the mixture's quantiles (experiment harness only).
	avgBands bool
	// widen scales a combination's bands and paths about its point
	// forecast (calibration, see autoOpts.widenA); 0 or 1 leaves them.
	widen float64
}

// gaussianPaths simulates paths y_h = mean_h + noise where the noise is a
// Gaussian random walk scaled so the h-step standard deviation is sd[h];
// simple benchmark models are random walks or iid, and this reproduces both
// marginals and the positive correlation along a path.
func gaussianPaths(mean, sd []float64, walk bool) func(h, n int, rng *rand.Rand) [][]float64 {
	return func(h, n int, rng *rand.Rand) [][]float64 {
		paths := make([][]float64, n)
		for i := range paths {
			p := make([]float64, h)
			var acc, prevVar float64
			for t := range p {
				v := sd[t] * sd[t]
				if walk {
					acc += rng.NormFloat64() * math.Sqrt(math.Max(v-prevVar, 0))
					prevVar = v
					p[t] = mean[t] + acc
				} else {
					p[t] = mean[t] + rng.NormFloat64()*sd[t]
				}
			}
			paths[i] = p
		}
		return paths
	}
}

// rmsStep is the root mean square of y[t] − y[t−lag] − c over the series,
// the residual scale of naive-type models.
func rmsStep(y []float64, lag int, c float64) float64 {
	var ss float64
	var k int
	for t := lag; t < len(y); t++ {
		d := y[t] - y[t-lag] - c
		ss += d * d
		k++
	}
	if k == 0 {
		return 0
	}
	return math.Sqrt(ss / float64(k))
}

// fitNaive carries the last value forward (a random walk).
func fitNaive(y []float64, h int) *fcast {
	n := len(y)
	sigma := rmsStep(y, 1, 0)
	f := &fcast{name: "naive", mean: make([]float64, h), sd: make([]float64, h), fitted: make([]float64, n)}
	for i := range f.mean {
		f.mean[i] = y[n-1]
		f.sd[i] = sigma * math.Sqrt(float64(i+1))
	}
	f.fitted[0] = y[0]
	copy(f.fitted[1:], y[:n-1])
	f.sim = gaussianPaths(f.mean, f.sd, true)
	return f
}

// fitSNaive repeats the last season; it needs more than m values.
func fitSNaive(y []float64, m, h int) *fcast {
	n := len(y)
	sigma := rmsStep(y, m, 0)
	f := &fcast{name: "snaive", mean: make([]float64, h), sd: make([]float64, h), fitted: make([]float64, n)}
	for i := range f.mean {
		f.mean[i] = y[n-m+i%m]
		f.sd[i] = sigma * math.Sqrt(float64(i/m+1))
	}
	copy(f.fitted, y[:m])
	copy(f.fitted[m:], y[:n-m])
	f.sim = func(hh, k int, rng *rand.Rand) [][]float64 {
		paths := make([][]float64, k)
		for p := range paths {
			path := make([]float64, hh)
			for t := range path {
				prev := y[n-m+t%m]
				if t >= m {
					prev = path[t-m]
				}
				path[t] = prev + rng.NormFloat64()*sigma
			}
			paths[p] = path
		}
		return paths
	}
	return f
}

// fitDrift extends the line through the first and last values.
func fitDrift(y []float64, h int) *fcast {
	n := len(y)
	c := (y[n-1] - y[0]) / float64(n-1)
	sigma := rmsStep(y, 1, c)
	f := &fcast{name: "drift", mean: make([]float64, h), sd: make([]float64, h), fitted: make([]float64, n)}
	for i := range f.mean {
		hh := float64(i + 1)
		f.mean[i] = y[n-1] + hh*c
		f.sd[i] = sigma * math.Sqrt(hh*(1+hh/float64(n)))
	}
	f.fitted[0] = y[0]
	for t := 1; t < n; t++ {
		f.fitted[t] = y[t-1] + c
	}
	f.sim = gaussianPaths(f.mean, f.sd, true)
	return f
}

// meanSS returns y's mean and the sum of squared deviations from it.
func meanSS(y []float64) (mean, ss float64) {
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	for _, v := range y {
		ss += (v - mean) * (v - mean)
	}
	return mean, ss
}

// fitMean forecasts the historical mean.
func fitMean(y []float64, h int) *fcast {
	n := len(y)
	mu, ss := meanSS(y)
	sigma := math.Sqrt(ss / float64(max(n-1, 1)))
	f := &fcast{name: "mean", mean: make([]float64, h), sd: make([]float64, h), fitted: make([]float64, n)}
	for i := range f.mean {
		f.mean[i] = mu
		f.sd[i] = sigma * math.Sqrt(1+1/float64(n))
	}
	for t := range f.fitted {
		f.fitted[t] = mu
	}
	f.sim = gaussianPaths(f.mean, f.sd, false)
	return f
}

// etsForecast wraps a fitted ETS model.
func etsForecast(e *etsFit, h int) *fcast {
	return &fcast{name: e.typ.String(), mean: e.point(h), sd: e.sd(h), sim: e.simulate, fitted: e.fitted, aicc: e.aicc}
}
