// Package evalset loads the comparison set written by
// forecast/internal/rcompare/compare.R and scores forecasters on it under
// the held-out protocol described in docs/bench/forecast.md: every series
// has a tuning origin (n−2H) and a held-out origin (n−H), each also with
// histories truncated to the last 24 and 36 values. Design choices are made
// on the "tune*" configurations only; "hold*" figures are reported.
//
// It knows nothing of package forecast (a forecaster is a plain function),
// so both the rcompare command and white-box experiments in package
// forecast can use it.
package evalset

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrBadSet reports a comparison directory that is missing files or holds
// inconsistent rows: re-run compare.R into an empty directory.
var ErrBadSet = errors.New("bad comparison set")

// Fc is one forecast with its 80 % and 95 % bands; bands may be nil.
type Fc struct {
	Mean, Lo80, Hi80, Lo95, Hi95 []float64
}

// Forecaster forecasts h steps of a training history with the given
// seasonal period.
type Forecaster func(ctx context.Context, train []float64, period, h int) (Fc, error)

// Case is one scored forecast problem: fit on Train, score on Test.
type Case struct {
	Series, Config string
	Period         int
	Train, Test    []float64
	// R holds R's forecasts by method ("R_ets", "R_thetaf") and R's fit
	// time in seconds.
	R        map[string]Fc
	RSeconds map[string]float64
}

// Set is the loaded comparison set.
type Set struct {
	Cases   []Case
	Version string // R and forecast package versions
}

// Load reads series.csv, meta.csv, configs.csv and r_forecasts.csv from dir.
func Load(dir string) (*Set, error) {
	files := [...]struct {
		name string
		cols int
	}{{"series.csv", 3}, {"meta.csv", 4}, {"configs.csv", 5}, {"r_forecasts.csv", 10}}
	var tables [len(files)][][]string
	for i, f := range files {
		rows, err := readCSV(filepath.Join(dir, f.name), f.cols)
		if err != nil {
			return nil, err
		}
		tables[i] = rows
	}
	srows, mrows, crows, frows := tables[0], tables[1], tables[2], tables[3]
	series := map[string][]float64{}
	for _, r := range srows {
		series[r[0]] = append(series[r[0]], num(r[2]))
	}
	period := map[string]int{}
	for _, r := range mrows {
		period[r[0]], _ = strconv.Atoi(r[2])
	}
	type key struct{ id, cfg string }
	rfc := map[key]map[string]*Fc{}
	rsec := map[key]map[string]float64{}
	for _, r := range frows {
		k := key{r[0], r[1]}
		if rfc[k] == nil {
			rfc[k], rsec[k] = map[string]*Fc{}, map[string]float64{}
		}
		f := rfc[k][r[2]]
		if f == nil {
			f = &Fc{}
			rfc[k][r[2]] = f
			rsec[k][r[2]] = num(r[9])
		}
		f.Mean = append(f.Mean, num(r[4]))
		f.Lo80, f.Hi80 = append(f.Lo80, num(r[5])), append(f.Hi80, num(r[6]))
		f.Lo95, f.Hi95 = append(f.Lo95, num(r[7])), append(f.Hi95, num(r[8]))
	}
	set := &Set{}
	if b, err := os.ReadFile(filepath.Join(dir, "versions.txt")); err == nil {
		set.Version = strings.TrimSpace(string(b))
	}
	for _, r := range crows {
		y := series[r[0]]
		start, _ := strconv.Atoi(r[2])
		origin, _ := strconv.Atoi(r[3])
		h, _ := strconv.Atoi(r[4])
		if start < 1 || origin < start || origin+h > len(y) || h < 1 {
			return nil, fmt.Errorf("configs.csv: %s %s: start %d origin %d horizon %d outside %d values: %w", r[0], r[1], start, origin, h, len(y), ErrBadSet)
		}
		c := Case{Series: r[0], Config: r[1], Period: max(period[r[0]], 1), Train: y[start-1 : origin], Test: y[origin : origin+h],
			R: map[string]Fc{}, RSeconds: rsec[key{r[0], r[1]}]}
		for m, f := range rfc[key{r[0], r[1]}] {
			c.R[m] = *f
		}
		set.Cases = append(set.Cases, c)
	}
	return set, nil
}

// Configs returns the configuration names present, sorted.
func (s *Set) Configs() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range s.Cases {
		if !seen[c.Config] {
			seen[c.Config] = true
			out = append(out, c.Config)
		}
	}
	sort.Strings(out)
	return out
}

// Summary is one method's accuracy on one configuration.
type Summary struct {
	Method, Config string
	N              int // series scored
	MeanSMAPE      float64
	MedianSMAPE    float64
	MeanMASE       float64
	MedianMASE     float64
	// SMAPEByH is the mean sMAPE per forecast step (index 0 = one step).
	SMAPEByH []float64
	// Cov80 and Cov95 are the shares of actuals inside the bands; NaN
	// without bands.
	Cov80, Cov95 float64
	Millis       float64 // mean fit time per series
}

// Score runs f on every case of the configuration and summarises.
func (s *Set) Score(ctx context.Context, method, config string, f Forecaster) (Summary, error) {
	return s.score(method, config, func(c Case) (Fc, float64, error) {
		t0 := time.Now()
		fc, err := f(ctx, c.Train, c.Period, len(c.Test))
		return fc, time.Since(t0).Seconds(), err
	})
}

// ScoreR summarises R's stored forecasts of the given method.
func (s *Set) ScoreR(method, config string) (Summary, error) {
	return s.score(method, config, func(c Case) (Fc, float64, error) {
		return c.R[method], c.RSeconds[method], nil
	})
}

func (s *Set) score(method, config string, run func(Case) (Fc, float64, error)) (Summary, error) {
	sum := Summary{Method: method, Config: config}
	var smapes, mases, secs []float64
	var byH []float64
	var nByH []int
	var in80, in95, nBand int
	for _, c := range s.Cases {
		if c.Config != config {
			continue
		}
		fc, sec, err := run(c)
		if err != nil {
			return sum, fmt.Errorf("%s %s %s: %w", method, c.Series, config, err)
		}
		secs = append(secs, sec)
		sm, ms := SMAPE(c.Test, fc.Mean), MASE(c.Train, c.Test, fc.Mean, c.Period)
		smapes = append(smapes, sm)
		mases = append(mases, ms)
		for h := range min(len(c.Test), len(fc.Mean)) {
			for len(byH) <= h {
				byH, nByH = append(byH, 0), append(nByH, 0)
			}
			if v := SMAPE(c.Test[h:h+1], fc.Mean[h:h+1]); !math.IsNaN(v) {
				byH[h] += v
				nByH[h]++
			}
			if len(fc.Lo80) > h && len(fc.Lo95) > h && finite(fc.Lo80[h]) && finite(c.Test[h]) {
				nBand++
				if y := c.Test[h]; y >= fc.Lo80[h] && y <= fc.Hi80[h] {
					in80++
				}
				if y := c.Test[h]; y >= fc.Lo95[h] && y <= fc.Hi95[h] {
					in95++
				}
			}
		}
	}
	sum.N = len(smapes)
	sum.MeanSMAPE, sum.MedianSMAPE = Mean(smapes), Median(smapes)
	sum.MeanMASE, sum.MedianMASE = Mean(mases), Median(mases)
	sum.Millis = 1000 * Mean(secs)
	for h := range byH {
		byH[h] /= float64(max(nByH[h], 1))
	}
	sum.SMAPEByH = byH
	sum.Cov80, sum.Cov95 = math.NaN(), math.NaN()
	if nBand > 0 {
		sum.Cov80, sum.Cov95 = float64(in80)/float64(nBand), float64(in95)/float64(nBand)
	}
	return sum, nil
}

// WriteTable prints summaries as a markdown table.
func WriteTable(w io.Writer, rows []Summary) {
	fmt.Fprintln(w, "| config | method | series | mean sMAPE % | median sMAPE % | mean MASE | median MASE | cover 80 | cover 95 | ms/series |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %.2f | %.2f | %.3f | %.3f | %s | %s | %.2f |\n", r.Config, r.Method, r.N,
			r.MeanSMAPE, r.MedianSMAPE, r.MeanMASE, r.MedianMASE, pct(r.Cov80), pct(r.Cov95), r.Millis)
	}
}

// WriteHorizons prints mean sMAPE per forecast step for the given rows,
// grouped in steps 1–3, 4–6, 7–12 and 13–18.
func WriteHorizons(w io.Writer, rows []Summary) {
	groups := [][2]int{{1, 3}, {4, 6}, {7, 12}, {13, 18}}
	fmt.Fprintln(w, "| config | method | h 1–3 | h 4–6 | h 7–12 | h 13–18 |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s |", r.Config, r.Method)
		for _, g := range groups {
			if g[0] > len(r.SMAPEByH) {
				fmt.Fprint(w, " – |")
				continue
			}
			fmt.Fprintf(w, " %.2f |", Mean(r.SMAPEByH[g[0]-1:min(g[1], len(r.SMAPEByH))]))
		}
		fmt.Fprintln(w)
	}
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*v)
}

// SMAPE is the mean of 200·|y−f|/(|y|+|f|) over usable pairs (0/0 counts
// as 0), NaN when there is none; a missing forecast counts as 200.
func SMAPE(actual, fc []float64) float64 {
	var s float64
	var k int
	for i, y := range actual {
		if !finite(y) {
			continue
		}
		k++
		if i >= len(fc) || !finite(fc[i]) {
			s += 200
			continue
		}
		if d := math.Abs(y) + math.Abs(fc[i]); d > 0 {
			s += 200 * math.Abs(y-fc[i]) / d
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return s / float64(k)
}

// MASE is the MAE of fc on actual over the in-sample seasonal-naive MAE of
// train (naive when train is not longer than a season); NaN when the scale
// is zero or a forecast is missing.
func MASE(train, actual, fc []float64, m int) float64 {
	if len(train) <= m {
		m = 1
	}
	var scale float64
	var k int
	for t := m; t < len(train); t++ {
		scale += math.Abs(train[t] - train[t-m])
		k++
	}
	if k == 0 || scale == 0 {
		return math.NaN()
	}
	scale /= float64(k)
	var s float64
	var j int
	for i, y := range actual {
		if !finite(y) {
			continue
		}
		if i >= len(fc) || !finite(fc[i]) {
			return math.NaN()
		}
		s += math.Abs(y - fc[i])
		j++
	}
	if j == 0 {
		return math.NaN()
	}
	return s / float64(j) / scale
}

// Mean is the mean of the finite values.
func Mean(v []float64) float64 {
	var s float64
	var k int
	for _, x := range v {
		if finite(x) {
			s += x
			k++
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return s / float64(k)
}

// Median is the median of the finite values.
func Median(v []float64) float64 {
	s := make([]float64, 0, len(v))
	for _, x := range v {
		if finite(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// readCSV reads a CSV file with a header and exactly cols columns a row.
func readCSV(path string, cols int) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open comparison file: %w: %w", err, ErrBadSet)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = cols
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w: %w", path, err, ErrBadSet)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no data rows: %w", path, ErrBadSet)
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
