package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// saasSeries is a growing monthly KPI from April with a February–March
// peak (t%12 is 10 or 11) and seeded multiplicative noise.
func saasSeries(n int, peak, noise float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	y := make([]float64, n)
	for t := range y {
		s := 1.0
		if t%12 == 10 || t%12 == 11 {
			s += peak
		}
		y[t] = 1000 * (1 + 0.02*float64(t)) * s * (1 + noise*rng.NormFloat64())
	}
	return y
}

func TestSeasonalAnovaP(t *testing.T) {
	tests := []struct {
		name     string
		y        []float64
		m        int
		positive bool
		lo, hi   float64 // want lo ≤ p ≤ hi
	}{
		{"should find a spring peak in two years", saasSeries(24, 0.35, 0.03, 1), 12, true, 0, 0.01},
		{"should find it on the additive scale too", saasSeries(24, 0.35, 0.03, 2), 12, false, 0, 0.01},
		{"should not find a season in trend plus noise", saasSeries(36, 0, 0.05, 3), 12, true, 0.05, 1},
		{"should not run on fewer than two seasons", saasSeries(23, 0.35, 0.03, 4), 12, true, 1, 1},
		{"should not run without a season", saasSeries(30, 0.35, 0.03, 5), 1, true, 1, 1},
		{"should call a repeating pattern seasonal", []float64{-1, 2, -1, 2, -1, 2, -1, 2}, 2, false, 0, 0.01},
		{"should not call a constant series seasonal", []float64{3, 3, 3, 3, 3, 3, 3, 3}, 2, true, 1, 1},
		{"should not call a straight line seasonal", []float64{1, 2, 3, 4, 5, 6, 7, 8}, 2, false, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := seasonalAnovaP(tt.y, tt.m, tt.positive)
			if !(p >= tt.lo && p <= tt.hi) {
				t.Errorf("p = %.4g, want in [%g, %g]", p, tt.lo, tt.hi)
			}
		})
	}
	t.Run("should reject white noise at about the nominal rate", func(t *testing.T) {
		const trials = 400
		var rejected int
		for i := range trials {
			if seasonalAnovaP(saasSeries(36, 0, 0.05, uint64(100+i)), 12, true) < 0.05 {
				rejected++
			}
		}
		if rate := float64(rejected) / trials; rate > 0.09 {
			t.Errorf("false-positive rate %.3f at the 5 %% level", rate)
		}
	})
}

func TestFitSeasAdj(t *testing.T) {
	y := saasSeries(24, 0.35, 0.02, 7)
	t.Run("should carry a two-year season into the forecast", func(t *testing.T) {
		f := fitSeasAdj(context.Background(), y, 12, 12, true)
		if f == nil {
			t.Fatal("no fit")
		}
		// Forecast steps 11 and 12 are next February and March.
		var peak, rest float64
		for i, v := range f.mean {
			if i >= 10 {
				peak += v / 2
			} else {
				rest += v / 10
			}
		}
		if ratio := peak / rest; ratio < 1.2 || ratio > 1.55 {
			t.Errorf("peak/rest %.2f, want about 1.35 × growth", ratio)
		}
	})
	t.Run("should reseasonalise its sample paths", func(t *testing.T) {
		f := fitSeasAdj(context.Background(), y, 12, 12, true)
		paths := f.sim(12, 500, rand.New(rand.NewPCG(1, 2)))
		for _, h := range []int{0, 10} {
			var s float64
			for _, p := range paths {
				s += p[h]
			}
			if m := s / 500; math.Abs(m-f.mean[h]) > 0.03*f.mean[h] {
				t.Errorf("h=%d: path mean %.1f, point %.1f", h+1, m, f.mean[h])
			}
		}
	})
}

func TestMixture(t *testing.T) {
	g := func(mean, sd float64) *fcast {
		return &fcast{mean: []float64{mean}, sd: []float64{sd}}
	}
	t.Run("should equal the member when both members agree", func(t *testing.T) {
		mx := newMixture([]*fcast{g(10, 2), g(10, 2)}, 1, rand.New(rand.NewPCG(1, 1)))
		if q := mx.quantile(0, 0.9); math.Abs(q-(10+1.2815515655446004*2)) > 1e-9 {
			t.Errorf("90 %% quantile %v", q)
		}
	})
	t.Run("should cover both members when they disagree", func(t *testing.T) {
		mx := newMixture([]*fcast{g(0, 1), g(10, 1)}, 1, rand.New(rand.NewPCG(1, 1)))
		lo, hi := mx.quantile(0, 0.1), mx.quantile(0, 0.9)
		if lo > 0 || hi < 10 {
			t.Errorf("80 %% band %v…%v does not reach both means", lo, hi)
		}
		if med := mx.quantile(0, 0.5); math.Abs(med-5) > 1e-6 {
			t.Errorf("median %v, want 5 by symmetry", med)
		}
	})
	t.Run("should use simulated members' empirical distribution", func(t *testing.T) {
		sim := &fcast{mean: []float64{0}, sim: func(h, n int, rng *rand.Rand) [][]float64 {
			out := make([][]float64, n)
			for i := range out {
				out[i] = []float64{float64(i) / float64(n)} // uniform on [0, 1)
			}
			return out
		}}
		mx := newMixture([]*fcast{sim}, 1, rand.New(rand.NewPCG(1, 1)))
		if q := mx.quantile(0, 0.25); math.Abs(q-0.25) > 0.002 {
			t.Errorf("25 %% quantile %v, want 0.25", q)
		}
	})
}
