package forecast

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/forecast/internal/evalset"
)

// TestHeldOutVariants re-scores the automatic combination's alternatives on
// the comparison set written by internal/rcompare/compare.R. It is the
// record of how defaultAuto() was chosen: variants are compared on the
// "tune*" configurations, and the "hold*" configurations are printed for
// the chosen one only after the choice. It runs only when
// FORECAST_EVALSET names the directory (it takes minutes):
//
//	FORECAST_EVALSET=/tmp/rcmp go test -run HeldOutVariants -v ./forecast/
func TestHeldOutVariants(t *testing.T) {
	dir := os.Getenv("FORECAST_EVALSET")
	if dir == "" {
		t.Skip("set FORECAST_EVALSET to a compare.R output directory")
	}
	set, err := evalset.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Each variant is defaultAuto() with one decision undone, plus the
	// first version ("first").
	without := func(f func(*autoOpts)) autoOpts { o := defaultAuto(); f(&o); return o }
	variants := map[string]autoOpts{
		"first":         {avgBands: true},
		"default":       defaultAuto(),
		"no-anova":      without(func(o *autoOpts) { o.anovaAlpha = 0 }),
		"anova-1%":      without(func(o *autoOpts) { o.anovaAlpha = 0.01 }),
		"no-seasadj":    without(func(o *autoOpts) { o.seasAdj = false }),
		"no-refine":     without(func(o *autoOpts) { o.refine = 0 }),
		"refine-2":      without(func(o *autoOpts) { o.refine = 2 }),
		"no-widen":      without(func(o *autoOpts) { o.widenA, o.widenB = 0, 0 }),
		"avg-bands":     without(func(o *autoOpts) { o.widenA, o.widenB, o.avgBands = 0, 0, true }),
		"damped-median": without(func(o *autoOpts) { o.damped, o.median = true, true }),
		"with-arima":    without(func(o *autoOpts) { o.arima = true }),
		"arima-median":  without(func(o *autoOpts) { o.arima, o.median = true, true }),
	}
	if only := os.Getenv("FORECAST_VARIANTS"); only != "" {
		for k := range variants {
			if !strings.Contains(","+only+",", ","+k+",") {
				delete(variants, k)
			}
		}
	}
	configs := strings.Split(os.Getenv("FORECAST_CONFIGS"), ",")
	if configs[0] == "" {
		configs = []string{"tune", "tune36", "tune24"}
	}
	var rows []evalset.Summary
	for _, cfg := range configs {
		for _, meth := range []string{"R_ets", "R_thetaf"} {
			s, err := set.ScoreR(meth, cfg)
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, s)
		}
		for name, o := range variants {
			s, err := set.Score(context.Background(), name, cfg, variantForecaster(o))
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, s)
		}
	}
	var b strings.Builder
	evalset.WriteTable(&b, rows)
	evalset.WriteHorizons(&b, rows)
	t.Log("\n" + b.String())
}

func variantForecaster(o autoOpts) evalset.Forecaster {
	return func(ctx context.Context, train []float64, period, h int) (evalset.Fc, error) {
		r, err := forecastWith(ctx, train, Spec{Season: period, Horizon: h}, o)
		if err != nil {
			return evalset.Fc{}, err
		}
		lo80, hi80, _ := r.Band(80)
		lo95, hi95, _ := r.Band(95)
		return evalset.Fc{Mean: r.Mean, Lo80: lo80, Hi80: hi80, Lo95: lo95, Hi95: hi95}, nil
	}
}
