package workspace

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// alignSlow is alignSeries without the index fast path: the reference.
func alignSlow(dst, src kpitree.Calendar, values []float64) []float64 {
	out := make([]float64, dst.Periods)
	for i := range out {
		t := periodStart(dst.Freq, dst.Start, i)
		j, ok := periodIndex(src.Freq, src.Start, t)
		if ok && j < len(values) && periodStart(src.Freq, src.Start, j).Equal(t) {
			out[i] = values[j]
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// TestAlignSeriesMatchesDateArithmetic: the index fast path gives what
// aligning period by period by date gives, for every frequency, starts
// before, after and between the other calendar's periods, and zones.
func TestAlignSeriesMatchesDateArithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	jst := time.FixedZone("JST", 9*3600)
	freqs := []kpitree.Freq{kpitree.Day, kpitree.Week, kpitree.Month, kpitree.Quarter, kpitree.Year}
	date := func() time.Time {
		loc := time.UTC
		if rng.IntN(8) == 0 {
			loc = jst
		}
		hour := 0
		if rng.IntN(8) == 0 {
			hour = 12
		}
		return time.Date(2020+rng.IntN(4), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), hour, 0, 0, 0, loc)
	}
	for range 3000 {
		f := freqs[rng.IntN(len(freqs))]
		dst := kpitree.Calendar{Freq: f, Start: date(), Periods: rng.IntN(60)}
		src := kpitree.Calendar{Freq: f, Start: date(), Periods: rng.IntN(60)}
		if rng.IntN(3) == 0 {
			src.Start = periodStart(f, dst.Start, rng.IntN(40)-20) // on dst's grid
		}
		vals := make([]float64, src.Periods)
		for i := range vals {
			vals[i] = float64(i + 1)
		}
		got, want := alignSeries(dst, src, vals), alignSlow(dst, src, vals)
		for i := range want {
			if !sameFloat(got[i], want[i]) {
				t.Fatalf("%s dst %v src %v: period %d = %v, want %v", f, dst.Start, src.Start, i, got[i], want[i])
			}
		}
	}
}
