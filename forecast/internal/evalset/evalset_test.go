package evalset_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/forecast/internal/evalset"
)

const goodConfigs = "series_id,config,start,origin,horizon\na,hold,1,6,2\na,hold24,3,6,2\nb,hold,1,4,2\n"

// writeSet writes a two-series comparison set to a temporary directory.
func writeSet(t testing.TB, configs string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"series.csv":  "series_id,t,value\n" + series("a", 1, 2, 3, 4, 5, 6, 7, 8) + series("b", 5, 5, 5, 5, 5, 5),
		"meta.csv":    "series_id,source,period,horizon\na,a,2,2\nb,b,1,2\n",
		"configs.csv": configs,
		"r_forecasts.csv": "series_id,config,method,h,value,lo80,hi80,lo95,hi95,seconds\n" +
			"a,hold,R_ets,1,7,6.5,8,5,9,0.5\na,hold,R_ets,2,9,8.5,9.5,6,10,0.5\n",
		"versions.txt": "R 4.2.2 forecast 8.20\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func series(id string, v ...float64) string {
	var b strings.Builder
	for i, x := range v {
		fmt.Fprintf(&b, "%s,%d,%g\n", id, i+1, x)
	}
	return b.String()
}

func TestLoadAndScore(t *testing.T) {
	set, err := evalset.Load(writeSet(t, goodConfigs))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should cut train and test at the configured origin", func(t *testing.T) {
		if len(set.Cases) != 3 || set.Version != "R 4.2.2 forecast 8.20" {
			t.Fatalf("cases %d, version %q", len(set.Cases), set.Version)
		}
		c := set.Cases[1]
		if fmt.Sprint(c.Train, c.Test) != "[3 4 5 6] [7 8]" || c.Period != 2 {
			t.Errorf("hold24: train %v test %v period %d", c.Train, c.Test, c.Period)
		}
		if got := set.Configs(); fmt.Sprint(got) != "[hold hold24]" {
			t.Errorf("configs %v", got)
		}
	})
	t.Run("should score R's stored forecasts and bands", func(t *testing.T) {
		s, err := set.ScoreR("R_ets", "hold")
		if err != nil {
			t.Fatal(err)
		}
		// Series a: actuals 7, 8 vs 7, 9; series b has no R forecast
		// (missing forecasts count as 200 % sMAPE).
		wantA := (0 + 200.0/17) / 2
		if s.N != 2 || math.Abs(s.MeanSMAPE-(wantA+200)/2) > 1e-9 {
			t.Errorf("N %d mean sMAPE %v, want %v", s.N, s.MeanSMAPE, (wantA+200)/2)
		}
		// 7 is inside [6.5, 8], 8 is outside [8.5, 9.5]; both inside 95 %.
		if s.Cov80 != 0.5 || s.Cov95 != 1 {
			t.Errorf("coverage %v / %v, want 0.5 / 1", s.Cov80, s.Cov95)
		}
	})
	t.Run("should score a forecaster and pass it the history", func(t *testing.T) {
		last := func(_ context.Context, train []float64, _, h int) (evalset.Fc, error) {
			f := make([]float64, h)
			for i := range f {
				f[i] = train[len(train)-1]
			}
			return evalset.Fc{Mean: f}, nil
		}
		s, err := set.Score(context.Background(), "naive", "hold", last)
		if err != nil {
			t.Fatal(err)
		}
		// Series a: 6 vs 7, 8 → MAE 1.5 over seasonal-naive scale 2;
		// series b is constant: MASE undefined and skipped.
		if math.Abs(s.MeanMASE-0.75) > 1e-12 || !math.IsNaN(s.Cov80) || len(s.SMAPEByH) != 2 {
			t.Errorf("MASE %v, cover %v, by-h %v", s.MeanMASE, s.Cov80, s.SMAPEByH)
		}
		var b strings.Builder
		evalset.WriteTable(&b, []evalset.Summary{s})
		evalset.WriteHorizons(&b, []evalset.Summary{s})
		if !strings.Contains(b.String(), "| hold | naive | 2 |") {
			t.Errorf("table:\n%s", b.String())
		}
	})
	t.Run("should wrap a forecaster's error", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := set.Score(context.Background(), "x", "hold", func(context.Context, []float64, int, int) (evalset.Fc, error) {
			return evalset.Fc{}, boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("err %v", err)
		}
	})
}

func TestLoad_Errors(t *testing.T) {
	tests := []struct{ name, configs string }{
		{"should reject an origin past the series", "series_id,config,start,origin,horizon\na,hold,1,8,2\n"},
		{"should reject a zero horizon", "series_id,config,start,origin,horizon\na,hold,1,4,0\n"},
		{"should reject an unknown series", "series_id,config,start,origin,horizon\nzz,hold,1,4,2\n"},
		{"should reject a header-only file", "series_id,config,start,origin,horizon\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := evalset.Load(writeSet(t, tt.configs)); !errors.Is(err, evalset.ErrBadSet) {
				t.Errorf("err %v, want ErrBadSet", err)
			}
		})
	}
	t.Run("should reject a missing directory", func(t *testing.T) {
		if _, err := evalset.Load(filepath.Join(t.TempDir(), "none")); !errors.Is(err, evalset.ErrBadSet) {
			t.Errorf("err %v", err)
		}
	})
}

func TestMetrics(t *testing.T) {
	if got := evalset.Median([]float64{3, math.NaN(), 1, 2, 10}); got != 2.5 {
		t.Errorf("median %v", got)
	}
	if got := evalset.Mean([]float64{math.Inf(1), 1, 3}); got != 2 {
		t.Errorf("mean %v", got)
	}
	if got := evalset.SMAPE([]float64{0, 0}, []float64{0, 0}); got != 0 {
		t.Errorf("sMAPE of 0/0 %v", got)
	}
}

// FuzzLoad feeds arbitrary configs.csv contents: Load must return a set or
// an error, never panic.
func FuzzLoad(f *testing.F) {
	f.Add(goodConfigs)
	f.Add("series_id,config,start,origin,horizon\na,hold,-5,3,1\n")
	f.Add("series_id,config,start,origin,horizon\na,hold,1,2\n")
	f.Add("x\n\"unterminated\n")
	f.Fuzz(func(t *testing.T, configs string) {
		set, err := evalset.Load(writeSet(t, configs))
		if err != nil {
			return
		}
		for _, c := range set.Cases {
			if len(c.Test) == 0 || len(c.Train) == 0 {
				t.Fatalf("empty case %+v", c)
			}
		}
	})
}
