package chart

import (
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
)

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi   float64
		wantStep float64
	}{
		{0, 10, 2},
		{1_450_000, 8_700_000, 2_000_000},
		{0.52, 0.69, 0.05},
		{-3, 7, 2},
		{5, 5, 0.2},
		{0, 0, 0.5},
		{math.NaN(), 1, 0.2},
	}
	for _, tc := range cases {
		vals, step := niceTicks(tc.lo, tc.hi, 6)
		if math.Abs(step-tc.wantStep) > 1e-12 {
			t.Errorf("niceTicks(%v, %v) step = %v, want %v", tc.lo, tc.hi, step, tc.wantStep)
		}
		if finite(tc.lo) && (vals[0] > tc.lo || vals[len(vals)-1] < tc.hi) {
			t.Errorf("niceTicks(%v, %v) = %v does not cover the range", tc.lo, tc.hi, vals)
		}
		if len(vals) > 12 {
			t.Errorf("niceTicks(%v, %v) gave %d ticks", tc.lo, tc.hi, len(vals))
		}
	}
}

func TestDecimalsFor(t *testing.T) {
	for step, want := range map[float64]int{2_000_000: 0, 5: 0, 2.5: 1, 0.5: 1, 0.25: 2, 0.05: 2} {
		if got := decimalsFor(step); got != want {
			t.Errorf("decimalsFor(%v) = %d, want %d", step, got, want)
		}
	}
}

func labels(ticks []xTick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestPeriodTicks(t *testing.T) {
	apr2023 := time.Date(2023, time.April, 1, 0, 0, 0, 0, time.UTC)
	t.Run("should label long monthly axes by fiscal year", func(t *testing.T) {
		p := Period{Start: apr2023, FiscalYearStart: time.April}
		ticks, fiscal := p.periodTicks(48, 20)
		if !fiscal {
			t.Fatal("want fiscal ticks")
		}
		if got := strings.Join(labels(ticks), " "); got != "FY2023 FY2024 FY2025 FY2026" {
			t.Errorf("labels = %s", got)
		}
		for _, tk := range ticks {
			if tk.Label == "FY2024" && tk.Pos != 17.5 {
				t.Errorf("FY2024 label at %v, want centred at 17.5", tk.Pos)
			}
		}
	})
	t.Run("should use the fiscal label pattern and skip stub years", func(t *testing.T) {
		p := Period{Start: time.Date(2023, time.November, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April, FiscalLabel: "%d年度"}
		ticks, _ := p.periodTicks(30, 20)
		if got := strings.Join(labels(ticks), " "); got != "2023年度 2024年度 2025年度" {
			t.Errorf("labels = %s", got)
		}
	})
	t.Run("should label short monthly axes by month, aligned to fiscal quarters", func(t *testing.T) {
		p := Period{Start: time.Date(2024, time.February, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April}
		ticks, fiscal := p.periodTicks(12, 5)
		if fiscal {
			t.Fatal("want monthly ticks for 12 months")
		}
		if got := strings.Join(labels(ticks), " "); got != "2024-04 2024-07 2024-10 2025-01" {
			t.Errorf("labels = %s", got)
		}
	})
	t.Run("should label every month when there is room", func(t *testing.T) {
		p := Period{Start: apr2023}
		ticks, _ := p.periodTicks(6, 20)
		if got := len(labels(ticks)); got != 6 {
			t.Errorf("%d labels, want 6", got)
		}
	})
	t.Run("should thin other frequencies to the label budget", func(t *testing.T) {
		for _, f := range []Freq{Daily, Weekly, Quarterly, Yearly} {
			p := Period{Start: apr2023, Freq: f}
			ticks, _ := p.periodTicks(365, 10)
			if n := len(labels(ticks)); n > 10 || n == 0 {
				t.Errorf("freq %d: %d labels, want 1–10", f, n)
			}
		}
	})
	t.Run("should write period labels planners read", func(t *testing.T) {
		cases := map[Freq]string{Monthly: "2023-06", Quarterly: "2023-Q4", Weekly: "2023-04-15", Daily: "2023-04-03", Yearly: "2025"}
		for f, want := range cases {
			if got := (Period{Start: apr2023, Freq: f}).Label(2); got != want {
				t.Errorf("freq %d: Label(2) = %s, want %s", f, got, want)
			}
		}
	})
}

func TestWrapText(t *testing.T) {
	if err := registerFont(); err != nil {
		t.Fatal(err)
	}
	f := &frame{pal: paletteFor(Light), s: 1, hdl: newFrameHandler()}
	st := f.text(10, f.pal.text, 0, 0)
	w := st.Width("average add-on")
	cases := []struct {
		in      string
		lines   int
		maxRows int
	}{
		{"Active rate", 1, 3},
		{"Average add-on unit price", 2, 3},
		{"CSM1人あたりオンボーディング数", 2, 3},
		{strings.Repeat("very long driver name ", 10), 2, 2},
	}
	for _, tc := range cases {
		got := wrapText(st, tc.in, w, tc.maxRows)
		rows := strings.Split(got, "\n")
		if len(rows) < tc.lines || len(rows) > tc.maxRows {
			t.Errorf("wrapText(%q) = %q: %d rows, want %d–%d", tc.in, got, len(rows), tc.lines, tc.maxRows)
		}
		for _, r := range rows {
			if st.Width(r) > w+vg.Length(1e-9) && len([]rune(r)) > 1 {
				t.Errorf("row %q is wider than %v", r, w)
			}
		}
	}
}
