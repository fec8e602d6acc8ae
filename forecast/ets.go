package forecast

import (
	"context"
	"math"
	"math/rand/v2"
)

// etsType names one member of the ETS family: error 'A'/'M', trend
// 'N'/'A'/'D' (additive damped) and season 'N'/'A'/'M'.
type etsType struct{ e, t, s byte }

func (k etsType) String() string { return "ETS(" + etsName(k.e, k.t, k.s) + ")" }

// linear reports Hyndman et al.'s (2008) class 1: additive errors and no
// multiplicative component, where h-step variances have a closed form.
func (k etsType) linear() bool { return k.e == 'A' && k.s != 'M' }

// Usual parameter bounds (Hyndman et al. 2008, §5.2): 0 < β < α < 1,
// 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98. The small margins keep the optimiser off
// the edges, where the likelihood surface is flat and fits degenerate.
const (
	boundLo = 1e-4
	boundHi = 0.9999
	phiLo   = 0.8
	phiHi   = 0.98
	penalty = 1e12
	nmEvals = 400 // Nelder–Mead budget per model; fits converge well before it
)

// etsParams are the smoothing parameters and initial level and slope.
type etsParams struct{ alpha, beta, gamma, phi, l0, b0 float64 }

// etsFit is a fitted ETS model.
type etsFit struct {
	typ    etsType
	m      int // seasonal period; 1 when typ.s == 'N'
	p      etsParams
	s0     []float64 // initial seasonal states: s0[j] applies to t ≡ j (mod m)
	n      int
	k      int     // estimated parameters, including σ
	sigma2 float64 // innovation variance (relative for multiplicative errors)
	lik    float64 // −2 log-likelihood up to a constant shared by the family
	aicc   float64
	fitted []float64
	l, b   float64   // states after the last observation
	s      []float64 // seasonal states after the last observation, same indexing as s0
}

// etsFilter runs y through the model and returns −2 log-likelihood (up to a
// constant), the final level and slope, and false when the model breaks down
// (non-positive states or means in a multiplicative model). s holds the
// initial seasonal states on entry and the final ones on return. fitted may be
// nil.
func etsFilter(y []float64, k etsType, m int, p etsParams, s, fitted []float64) (lik, l, b float64, ok bool) {
	l, b = p.l0, p.b0
	phi := 1.0
	switch k.t {
	case 'N':
		phi, b = 0, 0
	case 'D':
		phi = p.phi
	}
	// Σ log μ_t is kept as a running product, folded into a log only when it
	// nears the float range: one math.Log per step was a third of fit time.
	var sse, sumLog float64
	prod := 1.0
	for t, yt := range y {
		q := l + phi*b
		j := 0
		if m > 1 {
			j = t % m
		}
		mu := q
		switch k.s {
		case 'A':
			mu = q + s[j]
		case 'M':
			if q <= 0 || s[j] <= 0 {
				return 0, 0, 0, false
			}
			mu = q * s[j]
		}
		if fitted != nil {
			fitted[t] = mu
		}
		e := yt - mu
		if k.e == 'M' {
			if mu <= 0 {
				return 0, 0, 0, false
			}
			e /= mu
			prod *= mu
			if prod > 1e200 || prod < 1e-200 {
				sumLog += math.Log(prod)
				prod = 1
			}
		}
		sse += e * e
		// Error-correction form of the state equations (Hyndman et al. 2008,
		// Table 2.3): the same in y for additive and multiplicative errors.
		pa := yt
		switch k.s {
		case 'A':
			pa = yt - s[j]
		case 'M':
			pa = yt / s[j]
		}
		lNew := q + p.alpha*(pa-q)
		if k.t != 'N' {
			b = phi*b + p.beta*(pa-q)
		}
		switch k.s {
		case 'A':
			s[j] += p.gamma * (yt - q - s[j])
		case 'M':
			s[j] += p.gamma * (yt/q - s[j])
		}
		l = lNew
	}
	sumLog += math.Log(prod)
	n := float64(len(y))
	if !(sse > 0) {
		// A perfect fit would make the likelihood infinite; floor it so
		// constant-like series still compare sensibly.
		sse = 1e-300
	}
	lik = n*math.Log(sse/n) + 2*sumLog
	if math.IsNaN(lik) || math.IsInf(lik, 0) {
		return 0, 0, 0, false
	}
	return lik, l, b, true
}

// etsInitStates gives heuristic initial states (Hyndman et al. 2002, §2.6):
// seasonal indices from a classical decomposition of the first years, level
// and slope from a regression on the first seasonally adjusted values.
func etsInitStates(y []float64, k etsType, m int) (l0, b0 float64, s0 []float64) {
	n := len(y)
	s0 = make([]float64, max(m, 1))
	adj := y
	if k.s != 'N' {
		nn := min(n, 3*m)
		s0 = seasonalIndices(y[:nn], m, k.s == 'M')
		adj = make([]float64, n)
		for t, v := range y {
			if k.s == 'M' {
				adj[t] = v / s0[t%m]
			} else {
				adj[t] = v - s0[t%m]
			}
		}
	} else {
		s0[0] = 0
	}
	maxn := min(max(10, 2*m), n)
	if k.t == 'N' {
		var sum float64
		for _, v := range adj[:maxn] {
			sum += v
		}
		return sum / float64(maxn), 0, s0
	}
	a, sl := olsLine(adj[:maxn])
	return a, sl, s0
}

// olsLine fits v[t] = a + b·(t+1) by least squares, so a is the level one
// period before the first observation.
func olsLine(v []float64) (a, b float64) {
	n := float64(len(v))
	if len(v) < 2 {
		return v[0], 0
	}
	var sx, sy, sxx, sxy float64
	for i, y := range v {
		x := float64(i + 1)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	b = (n*sxy - sx*sy) / (n*sxx - sx*sx)
	a = (sy - b*sx) / n
	return a, b
}

// seasonalIndices returns classical-decomposition seasonal indices of y
// (len(y) ≥ 2m): ratios (multiplicative) or differences to a centred
// moving average, averaged per season and normalised to mean 1 or 0.
func seasonalIndices(y []float64, m int, mult bool) []float64 {
	trend := centredMA(y, m)
	sum := make([]float64, m)
	cnt := make([]float64, m)
	for t, tr := range trend {
		if math.IsNaN(tr) {
			continue
		}
		d := y[t] - tr
		if mult {
			if tr == 0 {
				continue
			}
			d = y[t] / tr
		}
		sum[t%m] += d
		cnt[t%m]++
	}
	idx := make([]float64, m)
	var tot float64
	for j := range idx {
		switch {
		case cnt[j] > 0:
			idx[j] = sum[j] / cnt[j]
		case mult:
			idx[j] = 1
		}
		tot += idx[j]
	}
	for j := range idx {
		if mult {
			if tot > 0 {
				idx[j] *= float64(m) / tot
			} else {
				idx[j] = 1
			}
		} else {
			idx[j] -= tot / float64(m)
		}
	}
	return idx
}

// centredMA is the centred moving average of order m (2×m when m is even),
// NaN where the window does not fit.
func centredMA(y []float64, m int) []float64 {
	n := len(y)
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	h := m / 2
	for t := h; t+h < n; t++ {
		var s float64
		if m%2 == 1 {
			for i := t - h; i <= t+h; i++ {
				s += y[i]
			}
			out[t] = s / float64(m)
			continue
		}
		if t+h >= n {
			break
		}
		s = 0.5*y[t-h] + 0.5*y[t+h]
		for i := t - h + 1; i < t+h; i++ {
			s += y[i]
		}
		out[t] = s / float64(m)
	}
	return out
}

// nParams counts the model's estimated parameters excluding σ.
func (k etsType) nParams(m int) int {
	n := 2 // α, ℓ0
	if k.t != 'N' {
		n += 2 // β, b0
	}
	if k.t == 'D' {
		n++
	}
	if k.s != 'N' {
		n += m // γ and m−1 free initial seasonal states
	}
	return n
}

// etsCoder maps the optimiser's coordinates to ETS parameters and initial
// states: x = (α, [β], [γ], [φ], ℓ0 offset, [b0 offset], [seasonal
// offsets]). Offsets are in units of the data's scale so one simplex size
// suits every series. With freeSeason the first m−1 initial seasonal states
// are free and the last keeps them normalised (sum 0, or mean 1 for a
// multiplicative season), as in Hyndman et al. (2008, §5.2).
type etsCoder struct {
	k          etsType
	m, n       int
	l0, b0     float64
	s0         []float64 // heuristic initial seasonal states
	scale      float64
	sscale     float64 // unit of a seasonal offset
	freeSeason bool
}

// decode writes the initial seasonal states to s and reports whether the
// parameters are inside the usual region (0 < β < α < 1, 0 < γ < 1 − α,
// 0.8 ≤ φ ≤ 0.98) and, for a multiplicative season, all states positive.
func (c *etsCoder) decode(x, s []float64) (etsParams, bool) {
	k := c.k
	p := etsParams{alpha: x[0], phi: 1}
	i := 1
	if k.t != 'N' {
		p.beta = x[i]
		i++
	}
	if k.s != 'N' {
		p.gamma = x[i]
		i++
	}
	if k.t == 'D' {
		p.phi = x[i]
		i++
	}
	p.l0 = c.l0 + x[i]*c.scale
	i++
	if k.t != 'N' {
		p.b0 = c.b0 + x[i]*c.scale/float64(c.n)
		i++
	}
	copy(s, c.s0)
	ok := p.alpha >= boundLo && p.alpha <= boundHi
	if c.freeSeason {
		var shift float64
		for j := range c.m - 1 {
			d := x[i+j] * c.sscale
			s[j] += d
			shift += d
		}
		s[c.m-1] -= shift
		if k.s == 'M' {
			for _, v := range s {
				ok = ok && v > 0
			}
		}
	}
	if k.t != 'N' {
		ok = ok && p.beta >= boundLo && p.beta <= p.alpha
	}
	if k.s != 'N' {
		ok = ok && p.gamma >= boundLo && p.gamma <= 1-p.alpha
	}
	if k.t == 'D' {
		ok = ok && p.phi >= phiLo && p.phi <= phiHi
	}
	return p, ok
}

// encode is decode's inverse for the smoothing parameters, level and
// slope; seasonal offsets start at zero (the states of c.s0).
func (c *etsCoder) encode(p etsParams) []float64 {
	x := []float64{p.alpha}
	if c.k.t != 'N' {
		x = append(x, p.beta)
	}
	if c.k.s != 'N' {
		x = append(x, p.gamma)
	}
	if c.k.t == 'D' {
		x = append(x, p.phi)
	}
	x = append(x, (p.l0-c.l0)/c.scale)
	if c.k.t != 'N' {
		x = append(x, (p.b0-c.b0)*float64(c.n)/c.scale)
	}
	if c.freeSeason {
		x = append(x, make([]float64, c.m-1)...)
	}
	return x
}

// objective is −2 log-likelihood at x, or penalty outside the region.
func (c *etsCoder) objective(y, sbuf []float64) func([]float64) float64 {
	return func(x []float64) float64 {
		p, ok := c.decode(x, sbuf)
		if !ok {
			return penalty
		}
		lik, _, _, ok := etsFilter(y, c.k, c.m, p, sbuf, nil)
		if !ok {
			return penalty
		}
		return lik
	}
}

// fitETS estimates one ETS model by maximum likelihood with Nelder–Mead
// over the smoothing parameters and the initial level and slope; the
// seasonal initial states stay at their heuristic values, which keeps a fit
// to a few milliseconds (refineSeason frees them for the chosen model). It
// returns nil when the model cannot be fitted or ctx is cancelled during the
// fit.
func fitETS(ctx context.Context, y []float64, k etsType, m int) *etsFit {
	if k.s == 'N' {
		m = 1
	}
	n := len(y)
	np := k.nParams(m)
	if n < np+2 || (k.s != 'N' && n < 2*m) {
		return nil
	}
	l0, b0, s0 := etsInitStates(y, k, m)
	c := &etsCoder{k: k, m: m, n: n, l0: l0, b0: b0, s0: s0, scale: scaleOf(y)}
	sbuf := make([]float64, len(s0))
	// Start inside the usual region; steps point into it so every vertex
	// of the first simplex is admissible.
	x0, step := []float64{0.5}, []float64{0.1}
	if k.s != 'N' {
		x0[0] = 0.3
	}
	if k.t != 'N' {
		x0, step = append(x0, 0.1*x0[0]), append(step, 0.02)
	}
	if k.s != 'N' {
		x0, step = append(x0, 0.05*(1-x0[0])), append(step, 0.05)
	}
	if k.t == 'D' {
		x0, step = append(x0, 0.95), append(step, -0.05)
	}
	x0, step = append(x0, 0), append(step, 0.1)
	if k.t != 'N' {
		x0, step = append(x0, 0), append(step, 0.2)
	}
	obj := c.objective(y, sbuf)
	if obj(x0) >= penalty {
		return nil
	}
	x, _ := nelderMead(ctx.Done(), obj, x0, step, nmEvals, 1e-7)
	if ctx.Err() != nil {
		// A fit cut short is not a fit: callers report ctx.Err().
		return nil
	}
	p, _ := c.decode(x, sbuf)
	return finishETS(y, k, m, p, sbuf)
}

// refineEvals is the Nelder–Mead budget of each of refineSeason's two
// starts. 1,500 gave the same tuning-set accuracy as 600 at 2.5× the cost:
// the refit starts near an optimum and the seasonal offsets matter little
// once they are roughly right.
const refineEvals = 600

// refineSeason re-estimates a fitted seasonal model with its initial
// seasonal states free as well (R's ets() does this for every model) and
// returns the refit when its likelihood is better, else f. It starts twice:
// from f's optimum, and from a nearly fixed season (γ ≈ 0, α 0.6), because
// with free initial states the best fit often has a stable season that the
// fixed-state optimum (large γ, to repair poor initial states) never
// reaches. The parameter count (and so AICc's penalty) already included the
// m−1 free states.
func refineSeason(ctx context.Context, y []float64, f *etsFit) *etsFit {
	if f == nil || f.typ.s == 'N' || f.m < 2 {
		return f
	}
	c := &etsCoder{k: f.typ, m: f.m, n: len(y), l0: f.p.l0, b0: f.p.b0, s0: f.s0, scale: scaleOf(y), freeSeason: true}
	c.sscale = 0.1
	if f.typ.s == 'A' {
		c.sscale = 0.1 * c.scale
	}
	stable := f.p
	stable.alpha, stable.beta, stable.gamma, stable.phi = 0.6, 0.01, 0.005, 0.97
	best := f
	for _, start := range []etsParams{f.p, stable} {
		if g := refineFrom(ctx, y, f, c, start); g.lik < best.lik {
			best = g
		}
	}
	return best
}

// refineFrom runs refineSeason's optimisation from one start.
func refineFrom(ctx context.Context, y []float64, f *etsFit, c *etsCoder, start etsParams) *etsFit {
	k, m := f.typ, f.m
	x0 := c.encode(start)
	step := make([]float64, len(x0))
	for i := range step {
		step[i] = 0.02
	}
	// Smoothing-parameter steps point towards the region's inside.
	step[0] = -0.02
	if k.t == 'D' {
		step[len(x0)-(m-1)-3] = -0.01
	}
	for i := len(x0) - (m - 1); i < len(x0); i++ {
		step[i] = 0.2
	}
	sbuf := make([]float64, m)
	obj := c.objective(y, sbuf)
	if obj(x0) >= penalty {
		return f
	}
	x, v := nelderMead(ctx.Done(), obj, x0, step, refineEvals, 1e-9)
	if ctx.Err() != nil || !(v < f.lik) {
		return f
	}
	p, _ := c.decode(x, sbuf)
	g := finishETS(y, k, m, p, sbuf)
	if g == nil || !(g.lik < f.lik) {
		return f
	}
	return g
}

// finishETS runs the final filter pass for parameters p and initial
// seasonal states s0 and fills in the fit's states, variance and AICc; nil
// when the filter breaks down.
func finishETS(y []float64, k etsType, m int, p etsParams, s0 []float64) *etsFit {
	n := len(y)
	np := k.nParams(m)
	f := &etsFit{typ: k, m: m, p: p, s0: append([]float64(nil), s0...), n: n, fitted: make([]float64, n), s: make([]float64, len(s0))}
	copy(f.s, s0)
	lik, l, b, ok := etsFilter(y, k, m, p, f.s, f.fitted)
	if !ok {
		return nil
	}
	f.lik, f.l, f.b = lik, l, b
	f.k = np + 1
	var sse float64
	for t, v := range y {
		e := v - f.fitted[t]
		if k.e == 'M' {
			e /= f.fitted[t]
		}
		sse += e * e
	}
	f.sigma2 = sse / float64(max(n-np, 1))
	kk := float64(f.k)
	f.aicc = lik + 2*kk + 2*kk*(kk+1)/float64(n-f.k-1)
	if math.IsNaN(f.aicc) || math.IsInf(f.aicc, 0) {
		return nil
	}
	return f
}

// scaleOf is a positive measure of the size of y's movements, used to scale
// the optimiser's level and slope coordinates.
func scaleOf(y []float64) float64 {
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ss float64
	for _, v := range y {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(y)))
	if sd > 0 {
		return sd
	}
	if mean != 0 {
		return math.Abs(mean)
	}
	return 1
}

// point returns the h-step point forecasts from the final states.
func (f *etsFit) point(h int) []float64 {
	out := make([]float64, h)
	phiH := 0.0
	pw := 1.0
	for i := range out {
		switch f.typ.t {
		case 'A':
			phiH++
		case 'D':
			pw *= f.p.phi
			phiH += pw
		}
		v := f.l + phiH*f.b
		switch f.typ.s {
		case 'A':
			v += f.s[(f.n+i)%f.m]
		case 'M':
			v *= f.s[(f.n+i)%f.m]
		}
		out[i] = v
	}
	return out
}

// sd returns analytic h-step forecast standard deviations for class-1
// models (Hyndman et al. 2008, Table 6.1: c_j = α + βφ_j + γ·[j mod m = 0]),
// or nil when the model has no closed form and intervals are simulated.
func (f *etsFit) sd(h int) []float64 {
	if !f.typ.linear() {
		return nil
	}
	out := make([]float64, h)
	var sum, phiJ, pw float64 = 0, 0, 1
	for i := range out {
		out[i] = math.Sqrt(f.sigma2 * (1 + sum))
		j := i + 1
		switch f.typ.t {
		case 'A':
			phiJ = float64(j)
		case 'D':
			pw *= f.p.phi
			phiJ += pw
		}
		c := f.p.alpha + f.p.beta*phiJ
		if f.typ.s == 'A' && j%f.m == 0 {
			c += f.p.gamma
		}
		sum += c * c
	}
	return out
}

// simulate draws n future sample paths of length h from the fitted model,
// feeding each simulated observation back through the state equations.
func (f *etsFit) simulate(h, n int, rng *rand.Rand) [][]float64 {
	paths := make([][]float64, n)
	s := make([]float64, len(f.s))
	sigma := math.Sqrt(f.sigma2)
	phi := 1.0
	switch f.typ.t {
	case 'N':
		phi = 0
	case 'D':
		phi = f.p.phi
	}
	for i := range paths {
		path := make([]float64, h)
		copy(s, f.s)
		l, b := f.l, f.b
		for t := range path {
			j := (f.n + t) % f.m
			q := l + phi*b
			mu := q
			switch f.typ.s {
			case 'A':
				mu = q + s[j]
			case 'M':
				mu = q * s[j]
			}
			e := rng.NormFloat64() * sigma
			y := mu + e
			if f.typ.e == 'M' {
				y = mu * (1 + e)
			}
			path[t] = y
			pa := y
			switch f.typ.s {
			case 'A':
				pa = y - s[j]
			case 'M':
				if s[j] > 0 {
					pa = y / s[j]
				}
			}
			lNew := q + f.p.alpha*(pa-q)
			if f.typ.t != 'N' {
				b = phi*b + f.p.beta*(pa-q)
			}
			switch f.typ.s {
			case 'A':
				s[j] += f.p.gamma * (y - q - s[j])
			case 'M':
				if q > 0 {
					s[j] += f.p.gamma * (y/q - s[j])
				}
			}
			l = lNew
		}
		paths[i] = path
	}
	return paths
}
