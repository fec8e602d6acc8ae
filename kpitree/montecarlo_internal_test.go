package kpitree

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQuantiles_MatchSortedReference checks the multi-way quickselect
// against the textbook definition on a sorted copy, including heavy ties.
func TestQuantiles_MatchSortedReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 500 {
		n := 1 + rng.IntN(3000)
		x := make([]float64, n)
		levels := 1 + rng.IntN(n)
		for i := range x {
			x[i] = float64(rng.IntN(levels)) * rng.Float64()
			if trial%3 == 0 {
				x[i] = float64(rng.IntN(levels))
			}
		}
		if trial%7 == 0 {
			slices.Sort(x) // already sorted input: the quickselect worst case
		}
		qs := []float64{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, rng.Float64()}
		ref := slices.Sorted(slices.Values(x))
		got := make([]float64, len(qs))
		quantiles(x, qs, got)
		for i, p := range qs {
			pos := p * float64(n-1)
			lo := int(pos)
			want := ref[lo]
			if lo < n-1 {
				want += (pos - float64(lo)) * (ref[lo+1] - ref[lo])
			}
			if math.Abs(got[i]-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Fatalf("trial %d n=%d q=%v: got %v, want %v", trial, n, p, got[i], want)
			}
		}
	}
}

func TestQuantiles_EmptyIsNaN(t *testing.T) {
	out := make([]float64, 2)
	quantiles(nil, []float64{0.1, 0.9}, out)
	if !math.IsNaN(out[0]) || !math.IsNaN(out[1]) {
		t.Fatalf("got %v, want NaN", out)
	}
}

func BenchmarkQuantiles10k(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	src := make([]float64, 10000)
	for i := range src {
		src[i] = rng.NormFloat64()
	}
	x := make([]float64, len(src))
	qs := []float64{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95}
	out := make([]float64, len(qs))
	b.Run("multiselect", func(b *testing.B) {
		for b.Loop() {
			copy(x, src)
			quantiles(x, qs, out)
		}
	})
	b.Run("sort", func(b *testing.B) {
		for b.Loop() {
			copy(x, src)
			slices.Sort(x)
		}
	})
}
