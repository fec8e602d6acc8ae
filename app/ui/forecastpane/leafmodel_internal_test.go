package forecastpane

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
	"text/template"
	"unicode"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// translatorOf renders keys of table the way Fyne's lang.L does (Go
// templates over the data map); a missing key comes back as the key.
func translatorOf(t *testing.T, table map[string]string) translator {
	return func(key string, data ...any) string {
		s, ok := table[key]
		if !ok {
			return key
		}
		tmpl, err := template.New(key).Option("missingkey=error").Parse(s)
		if err != nil {
			t.Errorf("%s: %v", key, err)
			return key
		}
		var b bytes.Buffer
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		if err := tmpl.Execute(&b, d); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		return b.String()
	}
}

// sampleArgs fills every argument any reason code uses.
var sampleArgs = map[string]string{"N": "10", "Season": "12", "Min": "4", "Model": "ETS(A,N,N)", "Count": "2"}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

func TestReasonTranslations(t *testing.T) {
	en, ja := translatorOf(t, uitest.TranslationTable(t, "en")), translatorOf(t, uitest.TranslationTable(t, "ja"))
	t.Run("should have an English and a Japanese string for every reason code", func(t *testing.T) {
		for _, c := range forecast.ReasonCodes() {
			p := []forecast.ReasonPart{{Code: c, Args: sampleArgs}}
			e, j := translateReason(p, "", en), translateReason(p, "", ja)
			if e == "" || e == j {
				t.Errorf("%s: en %q, ja %q", c, e, j)
			}
			if !hasJapanese(j) {
				t.Errorf("%s: ja %q is not Japanese (missing key %q?)", c, j, reasonKey(c))
			}
			for _, s := range []string{e, j} {
				if strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
					t.Errorf("%s: unfilled template in %q", c, s)
				}
			}
		}
	})
	t.Run("should show a real forecast's reason in Japanese with its numbers", func(t *testing.T) {
		r, err := forecast.Forecast(context.Background(), []float64{5, 6, 7, 8}, forecast.Spec{Model: "snaive", Season: 12, Horizon: 2})
		if err != nil {
			t.Fatal(err)
		}
		got := translateReason(r.ReasonParts, r.Reason, ja)
		if !hasJapanese(got) || !strings.Contains(got, "4件") || !strings.Contains(got, "周期12") {
			t.Errorf("ja reason %q for %q", got, r.Reason)
		}
	})
	t.Run("should join several clauses", func(t *testing.T) {
		p := []forecast.ReasonPart{{Code: forecast.ReasonMeanCombo}, {Code: forecast.ReasonThetaCrossesZero}}
		if got := translateReason(p, "", en); got != "average of the best ETS model and Theta (robust combination); Theta left out because its trend crosses zero" {
			t.Errorf("en %q", got)
		}
		if got := translateReason(p, "", ja); strings.Count(got, "。") != 1 {
			t.Errorf("ja %q: want the clauses joined by one 。", got)
		}
	})
	t.Run("should show the English text of a forecast stored without codes", func(t *testing.T) {
		if got := translateReason(nil, "pinned", ja); got != "pinned" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("should fall back to English for a code it does not know", func(t *testing.T) {
		p := []forecast.ReasonPart{{Code: "from_a_newer_version"}, {Code: forecast.ReasonPinned}}
		if got := translateReason(p, "", ja); !strings.HasPrefix(got, "from_a_newer_version。") || !hasJapanese(got) {
			t.Errorf("got %q", got)
		}
	})
}

func TestLeafBacktest(t *testing.T) {
	y := make([]float64, 36)
	for i := range y {
		y[i] = 100 + float64(i) + 10*math.Sin(float64(i)*math.Pi/6)
	}
	t.Run("should measure a small error on a regular series", func(t *testing.T) {
		got, err := leafBacktest(context.Background(), y, "snaive", kpitree.Month)
		if err != nil || math.IsNaN(got) || got <= 0 || got > 20 {
			t.Errorf("MAPE %v, %v", got, err)
		}
	})
	t.Run("should not measure a history that is too short", func(t *testing.T) {
		if got, err := leafBacktest(context.Background(), y[:2], "auto", kpitree.Month); err != nil || !math.IsNaN(got) {
			t.Errorf("MAPE %v, %v, want NaN", got, err)
		}
	})
	t.Run("should report cancellation", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := leafBacktest(ctx, y, "auto", kpitree.Month); err == nil {
			t.Error("no error after cancel")
		}
	})
}

func TestLeafModelSelect(t *testing.T) {
	uitest.NewWindow(t)
	var picked []string
	s := NewModelSelect(func(m string) { picked = append(picked, m) })
	a := uitest.Sample(t, "en")
	set := a.Settings()
	t.Run("should offer the workspace default first and select it without calling back", func(t *testing.T) {
		s.Show(set, "active_rate")
		if s.Select.Options[0] != "Default (Automatic (best fit))" || s.Select.SelectedIndex() != 0 || len(picked) != 0 {
			t.Errorf("options %q, selected %d, picked %q", s.Select.Options, s.Select.SelectedIndex(), picked)
		}
	})
	t.Run("should call back with the picked model, and \"\" for the default", func(t *testing.T) {
		s.Select.SetSelected("Smoothing with a straight trend (Theta)") // what the user reads for "theta"
		s.Select.SetSelectedIndex(0)
		if strings.Join(picked, ",") != "theta," {
			t.Errorf("picked %q", picked)
		}
	})
	t.Run("should name the workspace's own model in the default", func(t *testing.T) {
		set.Model = "naive"
		s.Show(set, "active_rate")
		if s.Select.Options[0] != "Default (Last value carried forward)" {
			t.Errorf("first option %q", s.Select.Options[0])
		}
	})
}
