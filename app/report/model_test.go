package report_test

import (
	"context"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/forecast"
)

// fittedModelNames returns the model names forecast really writes, from
// fits on a seasonal series with trend, so the descriptions are tested
// against the grammar as it is, not as a comment says it is.
func fittedModelNames(t *testing.T) []string {
	t.Helper()
	y := make([]float64, 60)
	for i := range y {
		y[i] = 100 + 2*float64(i) + 15*math.Sin(2*math.Pi*float64(i)/12) + float64(i%5)
	}
	seen := map[string]bool{}
	var names []string
	for _, m := range []string{"auto", "combo", "ets", "ets(A,Ad,N)", "ets(M,A,M)", "ets(A,N,A)", "theta", "naive", "snaive", "drift", "mean"} {
		for _, season := range []int{12, 0} {
			r, err := forecast.Forecast(context.Background(), y, forecast.Spec{Model: m, Season: season, Horizon: 6})
			if err != nil {
				t.Fatalf("forecast %s: %v", m, err)
			}
			if !seen[r.Model] {
				seen[r.Model] = true
				names = append(names, r.Model)
			}
		}
	}
	// Names from paths a short fit does not take (the median combination,
	// seasonally adjusted members), as forecast spells them.
	return append(names, "median(ETS(A,Ad,N), Theta, ETS(M,N,N))",
		"combo(ETS(M,Ad,N) on seasonally adjusted data, Theta(seasonally adjusted, multiplicative))",
		"Theta(seasonally adjusted, additive)", "ARIMA")
}

var (
	latin   = regexp.MustCompile(`[A-Za-z]`)
	formula = regexp.MustCompile(`\b(ETS|combo|median)\(|[A-Z]d?,[A-Z]|seasonally adjusted,`)
)

func TestModelName_PlainInBothLanguages(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	names := fittedModelNames(t)
	if len(names) < 6 {
		t.Fatalf("only %d distinct model names fitted: %q", len(names), names)
	}
	for _, name := range names {
		e, j := report.ModelName(en, name), report.ModelName(ja, name)
		if e == name || j == name {
			t.Errorf("%q: not described (EN %q, JA %q)", name, e, j)
		}
		if formula.MatchString(e) {
			t.Errorf("%q: EN %q still reads like a model formula", name, e)
		}
		if e[:1] != strings.ToUpper(e[:1]) {
			t.Errorf("%q: EN %q should start with a capital", name, e)
		}
		if rest := strings.NewReplacer("ARIMA", "").Replace(j); latin.MatchString(rest) {
			t.Errorf("%q: JA %q has Latin letters beyond ARIMA", name, j)
		}
	}
}

func TestModelName_Examples(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	cases := []struct{ name, en, ja string }{
		{"ETS(A,A,N)", "Exponential smoothing with trend", "トレンド付き指数平滑法"},
		{"ETS(M,Ad,M)", "Seasonal exponential smoothing with damped trend", "季節性ありの減衰トレンド付き指数平滑法"},
		{"combo(ETS(A,Ad,N), Theta)", "Average of exponential smoothing with damped trend and smoothing with a straight trend (Theta)",
			"減衰トレンド付き指数平滑法と直線トレンド付き平滑化（シータ法）の平均"},
		{"median(naive, snaive, mean)", "Median of last value carried forward, same period a year earlier and historical average",
			"直近値の据え置き、前年同期の値と過去の平均の中央値"},
		{"snaive", "Same period a year earlier", "前年同期の値"},
	}
	for _, c := range cases {
		if got := report.ModelName(en, c.name); got != c.en {
			t.Errorf("EN %q = %q, want %q", c.name, got, c.en)
		}
		if got := report.ModelName(ja, c.name); got != c.ja {
			t.Errorf("JA %q = %q, want %q", c.name, got, c.ja)
		}
	}
}

func TestModelName_UnknownStaysAsWritten(t *testing.T) {
	en := report.For(report.English)
	for _, name := range []string{"", "prophet", "combo(ETS(A,A,N), prophet)", "ETS(A,X,N)", "combo(ETS(A,A,N)", "ETS(A,A,N) on Tuesdays"} {
		if got := report.ModelName(en, name); got != name {
			t.Errorf("ModelName(%q) = %q, want it unchanged", name, got)
		}
	}
}

func TestModelChoice_EveryMenuKeyword(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	seen := map[string]string{}
	for _, k := range []string{"auto", "combo", "ets", "theta", "snaive", "naive", "drift", "mean", "ets(A,Ad,N)"} {
		e, j := report.ModelChoice(en, k), report.ModelChoice(ja, k)
		if e == k || j == k {
			t.Errorf("%q: not named (EN %q, JA %q)", k, e, j)
		}
		if latin.MatchString(j) && !strings.Contains(j, "ARIMA") {
			t.Errorf("%q: JA %q has Latin letters", k, j)
		}
		if prev, dup := seen[e]; dup {
			t.Errorf("%q and %q have the same name %q: the menu could not tell them apart", prev, k, e)
		}
		seen[e] = k
	}
	if got := report.ModelChoice(en, "bogus"); got != "bogus" {
		t.Errorf("unknown keyword = %q, want it unchanged", got)
	}
}

func TestModelNotation_NoWords(t *testing.T) {
	for _, name := range fittedModelNames(t) {
		n := report.ModelNotation(name)
		if words := regexp.MustCompile(`[a-z]{4,}`).FindAllString(strings.NewReplacer("Theta", "", "combo", "", "median", "", "naive", "", "snaive", "", "drift", "", "mean", "").Replace(n), -1); len(words) > 0 {
			t.Errorf("notation of %q = %q still has words %q", name, n, words)
		}
	}
	if got := report.ModelNotation("combo(ETS(M,Ad,N) on seasonally adjusted data, Theta(seasonally adjusted, multiplicative))"); got != "combo(ETS(M,Ad,N), Theta)" {
		t.Errorf("notation = %q", got)
	}
}
