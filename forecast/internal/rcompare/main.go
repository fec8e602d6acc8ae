// Command rcompare scores package forecast against R's forecast package on
// the set written by compare.R, under the protocol of docs/bench/forecast.md:
// every series is forecast from a tuning origin (n−2H) and a held-out origin
// (n−H), each also from histories cut to the last 24 and 36 values. It
// prints markdown tables of mean and median sMAPE and MASE, interval
// coverage and time per series for our models and R's ets() and thetaf(),
// sMAPE by horizon, and the 80 %/95 % coverage of rolling-origin backtests.
// run.sh drives it; it is not part of the test path.
//
// With -speed it only times "auto" on the held-out configuration (CPU
// and wall time per series, the counterpart of timing.R).
//
// Usage: go run ./forecast/internal/rcompare [-speed] DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/forecast/internal/evalset"
)

func main() {
	speed := flag.Bool("speed", false, "only time auto on the held-out configuration")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: rcompare [-speed] DIR (written by compare.R)")
		os.Exit(2)
	}
	run := run
	if *speed {
		run = timeAuto
	}
	if err := run(context.Background(), flag.Arg(0), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rcompare:", err)
		os.Exit(1)
	}
}

func forecaster(model string) evalset.Forecaster {
	return func(ctx context.Context, train []float64, period, h int) (evalset.Fc, error) {
		r, err := forecast.Forecast(ctx, train, forecast.Spec{Model: model, Season: period, Horizon: h})
		if err != nil {
			return evalset.Fc{}, err
		}
		lo80, hi80, _ := r.Band(80)
		lo95, hi95, _ := r.Band(95)
		return evalset.Fc{Mean: r.Mean, Lo80: lo80, Hi80: hi80, Lo95: lo95, Hi95: hi95}, nil
	}
}

func run(ctx context.Context, dir string, w io.Writer) error {
	set, err := evalset.Load(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s; %d forecast problems\n\n", set.Version, len(set.Cases))
	// Our models scored besides R's.
	ours := []string{"auto", "ets", "theta", "ets(Z,Ad,Z)", "snaive", "naive"}
	var rows, hold []evalset.Summary
	for _, cfg := range []string{"hold", "hold36", "hold24", "tune", "tune36", "tune24"} {
		for _, m := range ours {
			s, err := set.Score(ctx, m, cfg, forecaster(m))
			if err != nil {
				return err
			}
			rows = append(rows, s)
		}
		for _, m := range []string{"R_ets", "R_thetaf"} {
			s, err := set.ScoreR(m, cfg)
			if err != nil {
				return err
			}
			rows = append(rows, s)
		}
	}
	for _, r := range rows {
		if strings.HasPrefix(r.Config, "hold") && (r.Method == "auto" || strings.HasPrefix(r.Method, "R_")) {
			hold = append(hold, r)
		}
	}
	evalset.WriteTable(w, rows)
	fmt.Fprintln(w, "\nmean sMAPE % by horizon (held-out origin):")
	fmt.Fprintln(w)
	evalset.WriteHorizons(w, hold)
	fmt.Fprintln(w, "\nrolling-origin backtests (last 12 origins of every full series, horizon 12):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| method | forecasts scored | cover 80 | cover 95 | mean sMAPE % |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	series := map[string][]float64{}
	for _, c := range set.Cases {
		if c.Config == "hold" {
			series[c.Series] = append(append([]float64(nil), c.Train...), c.Test...)
		}
	}
	for _, m := range []string{"auto", "ets", "theta"} {
		var in80, in95, sm float64
		var n int
		for _, y := range series {
			acc, err := forecast.Backtest(ctx, y, forecast.Spec{Model: m, Season: 12, Horizon: 12}, 12, nil)
			if err != nil {
				return fmt.Errorf("backtest %s: %w", m, err)
			}
			in80 += acc.Coverage80 * float64(acc.N)
			in95 += acc.Coverage95 * float64(acc.N)
			sm += acc.SMAPE * float64(acc.N)
			n += acc.N
		}
		fmt.Fprintf(w, "| %s | %d | %.1f %% | %.1f %% | %.2f |\n", m, n, 100*in80/float64(n), 100*in95/float64(n), sm/float64(n))
	}
	return nil
}

// timeAuto forecasts every held-out case with auto, five times over, and
// prints CPU and wall time per series.
func timeAuto(ctx context.Context, dir string, w io.Writer) error {
	set, err := evalset.Load(dir)
	if err != nil {
		return err
	}
	const rounds = 5
	var n int
	cpu0, wall0 := cpuTime(), time.Now()
	for range rounds {
		for _, c := range set.Cases {
			if c.Config != "hold" {
				continue
			}
			if _, err := forecast.Forecast(ctx, c.Train, forecast.Spec{Season: c.Period, Horizon: len(c.Test)}); err != nil {
				return fmt.Errorf("series %s: %w", c.Series, err)
			}
			n++
		}
	}
	cpu, wall := cpuTime()-cpu0, time.Since(wall0)
	fmt.Fprintf(w, "Go auto: %d series, %.2f ms CPU and %.2f ms wall per series\n", n/rounds,
		1000*cpu.Seconds()/float64(n), 1000*wall.Seconds()/float64(n))
	return nil
}
