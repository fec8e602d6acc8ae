package forecast_test

import (
	"context"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/forecast"
)

// syntheticMonthly is a positive trending seasonal series with
// deterministic noise, different for each k.
func syntheticMonthly(k, n int) []float64 {
	y := make([]float64, n)
	for t := range y {
		noise := math.Sin(float64(t*7+k*13)) * 4
		y[t] = 200 + float64(k%40) + 0.8*float64(t) + 25*math.Sin(2*math.Pi*float64(t)/12+float64(k)) + noise
	}
	return y
}

func BenchmarkForecastAuto36(b *testing.B) {
	y := syntheticMonthly(1, 36)
	spec := forecast.Spec{Season: 12, Horizon: 12}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := forecast.Forecast(context.Background(), y, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForecastAuto24 is the users' shortest typical leaf: two years
// of a seasonal KPI, where the seasonal ANOVA and the seasonally adjusted
// ETS member run.
func BenchmarkForecastAuto24(b *testing.B) {
	y := syntheticMonthly(3, 24)
	spec := forecast.Spec{Season: 12, Horizon: 12}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := forecast.Forecast(context.Background(), y, spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForecastETS120(b *testing.B) {
	y := syntheticMonthly(2, 120)
	spec := forecast.Spec{Model: "ets", Season: 12, Horizon: 18}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := forecast.Forecast(context.Background(), y, spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForecastPaths1000(b *testing.B) {
	y := airPassengers()
	spec := forecast.Spec{Model: "ets(M,Ad,M)", Season: 12, Horizon: 12, Paths: 1000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := forecast.Forecast(context.Background(), y, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForecast1500x120 forecasts 1,500 series of 120 months with
// automatic selection on all cores, one op being the whole batch.
func BenchmarkForecast1500x120(b *testing.B) {
	series := make([][]float64, 1500)
	for i := range series {
		series[i] = syntheticMonthly(i, 120)
	}
	spec := forecast.Spec{Season: 12, Horizon: 18}
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan []float64)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for y := range next {
					if _, err := forecast.Forecast(context.Background(), y, spec); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, y := range series {
			next <- y
		}
		close(next)
		wg.Wait()
	}
}
