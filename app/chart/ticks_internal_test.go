package chart

import (
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
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

// tickLabels returns the labels setValueAxis puts on an axis over [lo, hi].
func tickLabels(lo, hi float64, u Unit) []string {
	p := plot.New()
	setValueAxis(&p.Y, lo, hi, u, 6)
	var out []string
	for _, t := range p.Y.Tick.Marker.(plot.ConstantTicks) {
		out = append(out, t.Label)
	}
	return out
}

func TestValueAxisJapaneseNumbering(t *testing.T) {
	yen := Yen("")
	yen.Numbering = NumberingJapanese
	count := Count("")
	count.Numbering = NumberingJapanese
	pct := Percent("")
	pct.Numbering = NumberingJapanese
	cases := []struct {
		name   string
		lo, hi float64
		unit   Unit
		want   string
	}{
		{"should write 万 ticks without decimals", 0, 2e7, yen, "¥0 ¥500万 ¥1,000万 ¥1,500万 ¥2,000万"},
		{"should write 億 ticks with the decimals the step needs", 0.9e8, 2e8, yen, "¥8,000万 ¥1億 ¥1.2億 ¥1.4億 ¥1.6億 ¥1.8億 ¥2億"},
		{"should keep half 億 steps short", 0, 3e8, yen, "¥0 ¥5,000万 ¥1億 ¥1.5億 ¥2億 ¥2.5億 ¥3億"},
		{"should fall back to 万 when 億 needs three decimals", 1.0e8, 1.02e8, yen, "¥10,000万 ¥10,050万 ¥10,100万 ¥10,150万 ¥10,200万"},
		{"should fall back to plain digits when 万 needs three decimals", 9_900, 10_200, count, "9,900 9,950 10,000 10,050 10,100 10,150 10,200"},
		{"should mix plain and 万 across the boundary", 0, 25_000, count, "0 5,000 1万 1.5万 2万 2.5万"},
		{"should write quarter 万 steps with two decimals", 10_000, 12_000, count, "1万 1.05万 1.1万 1.15万 1.2万"},
		{"should write negative ticks with a minus", -2e7, 1e7, yen, "−¥2,000万 −¥1,500万 −¥1,000万 −¥500万 ¥0 ¥500万 ¥1,000万"},
		{"should leave small numbers alone", 0, 5_000, count, "0 1,000 2,000 3,000 4,000 5,000"},
		{"should leave percent alone", 0.52, 0.69, pct, "50 % 55 % 60 % 65 % 70 %"},
		{"should leave Western numbering alone", 0, 2e7, Yen(""), "¥0 ¥5,000,000 ¥10,000,000 ¥15,000,000 ¥20,000,000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(tickLabels(tc.lo, tc.hi, tc.unit), " "); got != tc.want {
				t.Errorf("ticks over [%v, %v] = %q, want %q", tc.lo, tc.hi, got, tc.want)
			}
		})
	}
}

// FuzzJapaneseTicks checks that Japanese numbering never makes tick labels
// collide that Western numbering keeps apart: an axis whose labels repeat
// is unreadable. (Western labels themselves collide for steps below 1e-6
// and beyond 1e15, where values are data errors rather than KPIs.)
func FuzzJapaneseTicks(f *testing.F) {
	for _, s := range [][2]float64{{0, 2e7}, {1e8, 1.02e8}, {9_900, 10_200}, {-3e9, 4e9}, {99_990_000, 100_010_000}, {0.1, 0.3}, {5, 5}, {694426, 694425.9583333334}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, lo, hi float64) {
		u := Yen("")
		if repeated(tickLabels(lo, hi, u)) != "" {
			return
		}
		u.Numbering = NumberingJapanese
		labels := tickLabels(lo, hi, u)
		if l := repeated(labels); l != "" {
			t.Fatalf("ticks over [%v, %v] repeat %q: %v", lo, hi, l, labels)
		}
	})
}

// repeated returns a label that occurs twice in labels, or "".
func repeated(labels []string) string {
	seen := map[string]bool{}
	for _, l := range labels {
		if seen[l] {
			return l
		}
		seen[l] = true
	}
	return ""
}
