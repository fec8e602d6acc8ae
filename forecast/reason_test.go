package forecast_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/forecast"
)

func TestReasonParts(t *testing.T) {
	air := airPassengers()
	tests := []struct {
		name  string
		y     []float64
		model string
		want  forecast.ReasonPart // one of the clauses
	}{
		{"should say pinned for a pinned model", air[:36], "naive", forecast.ReasonPart{Code: forecast.ReasonPinned}},
		{"should say constant for a flat series", []float64{4, 4, 4, 4, 4, 4}, "auto", forecast.ReasonPart{Code: forecast.ReasonConstant}},
		{"should give the counts when snaive is too short", []float64{5, 6, 7, 8}, "snaive",
			forecast.ReasonPart{Code: forecast.ReasonSNaiveShort, Args: map[string]string{"N": "4", "Season": "12"}}},
		{"should give the count when auto has too few values", []float64{5, 6, 7}, "auto",
			forecast.ReasonPart{Code: forecast.ReasonTooFew, Args: map[string]string{"N": "3"}}},
		{"should say lowest AICc for ets selection", air[:48], "ets", forecast.ReasonPart{Code: forecast.ReasonLowestAICc}},
		{"should name the combination for auto", air[:36], "auto", forecast.ReasonPart{Code: forecast.ReasonMeanCombo}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustForecast(t, tt.y, forecast.Spec{Model: tt.model, Season: 12, Horizon: 3, Seed: 1})
			if len(r.ReasonParts) == 0 {
				t.Fatalf("no reason parts; reason %q", r.Reason)
			}
			if !slices.ContainsFunc(r.ReasonParts, func(p forecast.ReasonPart) bool { return reflect.DeepEqual(p, tt.want) }) {
				t.Errorf("parts %+v, want %+v among them", r.ReasonParts, tt.want)
			}
			if got := forecast.ReasonText(r.ReasonParts); got != r.Reason {
				t.Errorf("ReasonText %q differs from Reason %q", got, r.Reason)
			}
		})
	}
	t.Run("should list a note of ETS selection after the main clause", func(t *testing.T) {
		r := mustForecast(t, air[:18], forecast.Spec{Model: "ets", Season: 12, Horizon: 3, Seed: 1})
		i := slices.IndexFunc(r.ReasonParts, func(p forecast.ReasonPart) bool { return p.Code == forecast.ReasonFewSeasons })
		if i < 1 {
			t.Fatalf("parts %+v: want few_seasons after the main clause", r.ReasonParts)
		}
		if a := r.ReasonParts[i].Args; a["N"] != "18" || a["Season"] != "12" {
			t.Errorf("args %v", a)
		}
	})
}

func TestReasonCodes(t *testing.T) {
	t.Run("should list every code once with its own English text", func(t *testing.T) {
		seen := map[forecast.ReasonCode]bool{}
		texts := map[string]forecast.ReasonCode{}
		for _, c := range forecast.ReasonCodes() {
			if seen[c] {
				t.Errorf("code %q listed twice", c)
			}
			seen[c] = true
			en := forecast.ReasonPart{Code: c}.English()
			if en == "" || en == string(c) && c != forecast.ReasonPinned {
				t.Errorf("code %q has no English text (%q)", c, en)
			}
			if other, dup := texts[en]; dup {
				t.Errorf("codes %q and %q share the text %q", c, other, en)
			}
			texts[en] = c
		}
	})
	t.Run("should fall back to the code for an unknown code", func(t *testing.T) {
		if got := (forecast.ReasonPart{Code: "from_the_future"}).English(); got != "from_the_future" {
			t.Errorf("English() = %q", got)
		}
	})
	t.Run("should round-trip through JSON", func(t *testing.T) {
		in := []forecast.ReasonPart{{Code: forecast.ReasonMeanCombo}, {Code: forecast.ReasonTrendsDropped, Args: map[string]string{"Count": "2"}}}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out []forecast.ReasonPart
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Errorf("round trip %s gave %+v", b, out)
		}
		if want := "mean of the AICc-best ETS and Theta (robust combination); 2 trend models left out: their forecasts of this positive series reach zero"; forecast.ReasonText(out) != want {
			t.Errorf("text %q", forecast.ReasonText(out))
		}
	})
}
