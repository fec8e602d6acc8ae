package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func TestARIMA(t *testing.T) {
	t.Run("should recover an AR(1) coefficient", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		y := make([]float64, 400)
		for i := 1; i < len(y); i++ {
			y[i] = 0.6*y[i-1] + rng.NormFloat64()
		}
		f := fitARIMAOrder(context.Background(), y, 1, 0, 0, true)
		if f == nil || math.Abs(f.phi[0]-0.6) > 0.1 || math.Abs(f.sigma2-1) > 0.2 {
			t.Fatalf("fit %+v", f)
		}
	})
	t.Run("should difference a random walk and forecast it flat", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		y := make([]float64, 200)
		for i := 1; i < len(y); i++ {
			y[i] = y[i-1] + rng.NormFloat64()
		}
		f := fitARIMA(context.Background(), y, 1, 5, false, false)
		if f == nil {
			t.Fatal("no fit")
		}
		if math.Abs(f.mean[4]-y[199]) > 3 {
			t.Errorf("h=5 forecast %v far from last value %v", f.mean[4], y[199])
		}
		if !(f.sd[4] > 1.8 && f.sd[4] < 2.8) {
			t.Errorf("h=5 sd %v, want about √5", f.sd[4])
		}
	})
	t.Run("should continue a line with drift after one difference", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		y := make([]float64, 120)
		for i := range y {
			y[i] = 10 + 2*float64(i) + rng.NormFloat64()*0.3
		}
		f := fitARIMA(context.Background(), y, 1, 3, true, false)
		if f == nil || math.Abs(f.mean[2]-(10+2*122)) > 2 {
			t.Fatalf("forecast %v, want about %v", f.mean, 10+2*122)
		}
	})
	t.Run("should keep pacf-mapped coefficients stationary", func(t *testing.T) {
		out := make([]float64, 2)
		pacfToCoef([]float64{5, -5}, out)
		// φ(z) = 1 − φ1 z − φ2 z²: stationarity triangle.
		if !(out[1] < 1 && out[1]+out[0] < 1 && out[1]-out[0] < 1) {
			t.Errorf("coefficients %v outside the stationary triangle", out)
		}
	})
}
