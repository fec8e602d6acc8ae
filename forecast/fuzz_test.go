package forecast_test

import (
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/kpitree/kpitree/forecast"
)

func FuzzParseModel(f *testing.F) {
	for _, s := range []string{"auto", "ETS", "ets(A,Ad,N)", " ets ( m , z , m ) ", "theta", "combo", "ets(A,Ad)", "ets(", "snaive", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := forecast.ParseModel(s)
		if err != nil {
			return
		}
		again, err := forecast.ParseModel(m.String())
		if err != nil || again != m {
			t.Fatalf("%q → %q → %+v, %v; want %+v", s, m.String(), again, err, m)
		}
	})
}

// FuzzForecast feeds arbitrary series (8 bytes a value) and settings:
// Forecast must never panic and never return non-finite numbers.
func FuzzForecast(f *testing.F) {
	enc := func(v ...float64) []byte {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return b
	}
	f.Add(enc(1, 2, 3, 4, 5, 6, 7, 8), uint8(0), uint8(4), uint8(3))
	f.Add(enc(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1), uint8(1), uint8(4), uint8(12))
	f.Add(enc(1e300, -1e300, 1e300, 5, math.NaN(), 7, 1e-300), uint8(2), uint8(2), uint8(5))
	f.Add(enc(5, 5, 5, 5.0000001, 5), uint8(7), uint8(12), uint8(24))
	// Two seasons with a spring peak: the seasonal ANOVA and the
	// seasonally adjusted ETS member run.
	f.Add(enc(10, 11, 10, 12, 11, 12, 13, 12, 13, 14, 19, 20, 14, 15, 14, 16, 15, 16, 17, 16, 17, 18, 25, 26), uint8(0), uint8(12), uint8(12))
	f.Add(enc(-3, 1, -2, 0, -3, 2, -2, 1, -4, 1, -2, 0), uint8(0), uint8(4), uint8(6))
	models := []string{"auto", "ets", "theta", "naive", "snaive", "drift", "mean", "combo", "ets(M,Ad,M)", "ets(A,A,A)"}
	f.Fuzz(func(t *testing.T, data []byte, model, season, horizon uint8) {
		y := make([]float64, len(data)/8)
		for i := range y {
			y[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
		}
		spec := forecast.Spec{Model: models[int(model)%len(models)], Season: int(season % 14), Horizon: int(horizon%30) + 1, Paths: 3}
		r, err := forecast.Forecast(context.Background(), y, spec)
		if err != nil {
			return
		}
		if !allFinite(r.Mean) || len(r.Mean) != spec.Horizon {
			t.Fatalf("mean %v", r.Mean)
		}
		for _, iv := range r.Intervals {
			if !allFinite(iv.Lower) || !allFinite(iv.Upper) {
				t.Fatalf("interval %+v", iv)
			}
		}
		for _, p := range r.Paths {
			if !allFinite(p) {
				t.Fatalf("path %v", p)
			}
		}
	})
}
