package forecast

import (
	"context"
	"math"
	"testing"
)

func TestNelderMead(t *testing.T) {
	rosen := func(x []float64) float64 {
		return 100*math.Pow(x[1]-x[0]*x[0], 2) + math.Pow(1-x[0], 2)
	}
	t.Run("should find the Rosenbrock minimum", func(t *testing.T) {
		x, v := nelderMead(nil, rosen, []float64{-1.2, 1}, []float64{0.5, 0.5}, 5000, 1e-14)
		if math.Abs(x[0]-1) > 1e-3 || math.Abs(x[1]-1) > 1e-3 || v > 1e-6 {
			t.Errorf("got %v (f=%g), want (1, 1)", x, v)
		}
	})
	t.Run("should stop soon after done is closed", func(t *testing.T) {
		done := make(chan struct{})
		var evals int
		f := func(x []float64) float64 {
			evals++
			if evals == 40 {
				close(done)
			}
			return rosen(x)
		}
		nelderMead(done, f, []float64{-1.2, 1}, []float64{0.5, 0.5}, 5000, 1e-14)
		// The check runs every checkEvery evaluations, and one iteration
		// can add a shrink (d+1 evaluations) on top.
		if evals > 40+checkEvery+3 {
			t.Errorf("%d evaluations after cancelling at 40, want at most %d", evals, 40+checkEvery+3)
		}
	})
}

func TestFitETS_Cancelled(t *testing.T) {
	t.Run("should return no fit when the context is cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		y := make([]float64, 60)
		for i := range y {
			y[i] = 100 + float64(i) + 10*math.Sin(float64(i))
		}
		if f := fitETS(ctx, y, etsType{'A', 'D', 'A'}, 12); f != nil {
			t.Errorf("got a fit %v from a cancelled context", f.typ)
		}
		if f := fitETS(context.Background(), y, etsType{'A', 'D', 'A'}, 12); f == nil {
			t.Error("no fit with a live context")
		}
	})
}
