package forecast

import (
	"math"
	"math/rand/v2"
	"sort"
)

// mixture is the equal-weight mixture of a combination's members'
// predictive distributions at each forecast step. Its quantiles are the
// combination's interval bounds: when the members disagree the band widens
// to cover both, which averaging the members' bounds (the earlier rule)
// does not do, and the combination's sample paths (drawn from the members
// in turn) follow the same distribution.
type mixture struct {
	parts []*fcast
	// sorted[i][t] holds member i's simulated values at step t, sorted, for
	// members without analytic standard deviations; nil otherwise.
	sorted [][][]float64
	rng    *rand.Rand
}

// newMixture prepares the mixture of parts for h steps, simulating the
// members that need it once.
func newMixture(parts []*fcast, h int, rng *rand.Rand) *mixture {
	mx := &mixture{parts: parts, sorted: make([][][]float64, len(parts)), rng: rng}
	for i, p := range parts {
		if p.sd != nil {
			continue
		}
		sims := p.sim(h, minSimulations, rng)
		cols := make([][]float64, h)
		for t := range cols {
			col := make([]float64, len(sims))
			for j, path := range sims {
				col[j] = path[t]
			}
			sort.Float64s(col)
			cols[t] = col
		}
		mx.sorted[i] = cols
	}
	return mx
}

// cdf is the mixture's distribution function at step t.
func (mx *mixture) cdf(t int, x float64) float64 {
	var s float64
	for i, p := range mx.parts {
		switch {
		case mx.sorted[i] != nil:
			col := mx.sorted[i][t]
			s += float64(sort.SearchFloat64s(col, x)) / float64(len(col))
		case p.sd[t] > 0:
			s += 0.5 * math.Erfc(-(x-p.mean[t])/(p.sd[t]*math.Sqrt2))
		case x >= p.mean[t]:
			s++
		}
	}
	return s / float64(len(mx.parts))
}

// quantile solves cdf(t, x) = q by bisection between the members' extreme
// plausible values; 60 halvings reach float64 resolution.
func (mx *mixture) quantile(t int, q float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range mx.parts {
		if col := mx.sorted[i]; col != nil {
			lo, hi = math.Min(lo, col[t][0]), math.Max(hi, col[t][len(col[t])-1])
			continue
		}
		lo, hi = math.Min(lo, p.mean[t]-10*p.sd[t]), math.Max(hi, p.mean[t]+10*p.sd[t])
	}
	if !finite(lo) || !finite(hi) {
		return math.NaN() // assemble rejects it and falls back to naive
	}
	for range 60 {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if mx.cdf(t, mid) < q {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}
