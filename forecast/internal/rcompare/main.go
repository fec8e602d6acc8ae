// Command rcompare scores package forecast against R's forecast package on
// the series written by compare.R: for each series it holds out the last
// horizon values, forecasts them with our models and reads R's ets() and
// thetaf() forecasts, then prints mean sMAPE, mean MASE and time per series
// as a markdown table. run.sh drives it; it is not part of the test path.
//
// Usage: go run ./forecast/internal/rcompare DIR
package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/kpitree/kpitree/forecast"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rcompare DIR (written by compare.R)")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rcompare:", err)
		os.Exit(1)
	}
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no data", path)
	}
	return rows[1:], nil
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

type score struct {
	smape, mase []float64
	seconds     float64
}

func run(ctx context.Context, dir string, w io.Writer) error {
	srows, err := readCSV(filepath.Join(dir, "series.csv"))
	if err != nil {
		return err
	}
	mrows, err := readCSV(filepath.Join(dir, "meta.csv"))
	if err != nil {
		return err
	}
	frows, err := readCSV(filepath.Join(dir, "r_forecasts.csv"))
	if err != nil {
		return err
	}
	series := map[string][]float64{}
	for _, r := range srows {
		series[r[0]] = append(series[r[0]], num(r[2]))
	}
	rfc := map[string]map[string][]float64{}
	rsec := map[string]float64{}
	for _, r := range frows {
		if rfc[r[1]] == nil {
			rfc[r[1]] = map[string][]float64{}
		}
		rfc[r[1]][r[0]] = append(rfc[r[1]][r[0]], num(r[3]))
		if r[2] == "1" {
			rsec[r[1]] += num(r[4])
		}
	}
	ours := []string{"auto", "ets", "theta", "ets(A,Ad,N)", "snaive", "naive"}
	scores := map[string]*score{}
	for _, k := range append(append([]string{}, ours...), "R_ets", "R_thetaf") {
		scores[k] = &score{}
	}
	var ids []string
	short := map[string]bool{}
	for _, r := range mrows {
		ids = append(ids, r[0])
		period, _ := strconv.Atoi(r[2])
		h, _ := strconv.Atoi(r[3])
		y := series[r[0]]
		if h >= len(y) {
			return fmt.Errorf("series %s: horizon %d too long", r[0], h)
		}
		if len(y) < 72 {
			short[r[0]] = true
		}
		train, test := y[:len(y)-h], y[len(y)-h:]
		for _, mod := range ours {
			start := time.Now()
			res, err := forecast.Forecast(ctx, train, forecast.Spec{Model: mod, Season: period, Horizon: h})
			scores[mod].seconds += time.Since(start).Seconds()
			if err != nil {
				return fmt.Errorf("series %s model %s: %w", r[0], mod, err)
			}
			scores[mod].smape = append(scores[mod].smape, forecast.SMAPE(test, res.Mean))
			scores[mod].mase = append(scores[mod].mase, forecast.MASE(train, test, res.Mean, period))
		}
		for _, meth := range []string{"R_ets", "R_thetaf"} {
			f := rfc[meth][r[0]]
			scores[meth].smape = append(scores[meth].smape, forecast.SMAPE(test, f))
			scores[meth].mase = append(scores[meth].mase, forecast.MASE(train, test, f, period))
		}
	}
	scores["R_ets"].seconds = rsec["R_ets"]
	scores["R_thetaf"].seconds = rsec["R_thetaf"]
	fmt.Fprintf(w, "%d series (%d with ≤ 36 months), held-out horizon 18 (12 for short series)\n\n", len(ids), len(short))
	fmt.Fprintln(w, "| method | mean sMAPE % | median sMAPE % | mean MASE | ms per series |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	names := append(append([]string{}, ours...), "R_ets", "R_thetaf")
	for _, k := range names {
		s := scores[k]
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.3f | %.2f |\n", k, mean(s.smape), median(s.smape), mean(s.mase), 1000*s.seconds/float64(len(ids)))
	}
	return nil
}

// mean skips NaN (series whose scale is zero).
func mean(v []float64) float64 {
	var s float64
	var k int
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			s += x
			k++
		}
	}
	return s / float64(k)
}

func median(v []float64) float64 {
	s := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	sort.Float64s(s)
	return s[len(s)/2]
}
