package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// This file says a leaf forecast in words: which model, why, what the data
// looked like and how accurate the forecasting has been. The forecast tab,
// the inspector and `kpitreectl forecasts` all write it from here.

// ModelExplained is a fitted model in plain words with its technical name
// ("Average of … (technical name: combo(ETS(A,Ad,N), Theta))"): planners
// read the first part, analysts the second.
func ModelExplained(tr *Translator, model string) string {
	plain := ModelName(tr, model)
	if plain == model {
		return model
	}
	return tr.L("model.explain", map[string]any{"Plain": plain, "Model": ModelNotation(model)})
}

// ForecastAccuracy says a backtest error (workspace.ForecastAccuracy, in
// percent) as a planner reads it, naming the step by the tree's period:
// "off by ±4.2 % one month ahead", or one week, one quarter ahead.
func (t *Translator) ForecastAccuracy(mape float64, freq kpitree.Freq) string {
	if math.IsNaN(mape) || math.IsInf(mape, 0) {
		return t.L("forecast.accuracy_unknown")
	}
	key := "forecast.accuracy." + string(freq)
	if !t.Has(key) {
		key = "forecast.accuracy.period"
	}
	return t.L(key, map[string]any{"Pct": strconv.FormatFloat(mape, 'f', 1, 64)})
}

// ForecastReason says why lf's model was used. Forecasts stored before
// reasons had codes carry only the English text, shown as it is; a clause
// whose code has no translation (from a newer version) is shown in
// English.
func (t *Translator) ForecastReason(lf *workspace.LeafForecast) string {
	if lf == nil {
		return ""
	}
	if len(lf.ReasonParts) == 0 {
		return lf.Reason
	}
	out := make([]string, len(lf.ReasonParts))
	for i, p := range lf.ReasonParts {
		data := make(map[string]any, len(p.Args))
		for k, v := range p.Args {
			data[k] = v
		}
		out[i] = p.English()
		if key := "forecast.why." + string(p.Code); t.Has(key) {
			out[i] = t.L(key, data)
		}
	}
	return strings.Join(out, t.L("forecast.why_separator"))
}

// ForecastNotes are lf's data-quality notes, one per note, naming periods
// with label (a workspace calendar's Label; nil shows positions as t=N).
// A note's position t is period t−1 and its step h is period Start+h−1.
// Forecasts stored before notes had codes carry only the English texts,
// shown as they are; a note whose code has no translation or whose
// arguments are damaged is shown in English.
func (t *Translator) ForecastNotes(lf *workspace.LeafForecast, label func(i int) string) []string {
	if lf == nil {
		return nil
	}
	if len(lf.NoteParts) == 0 {
		return lf.Notes
	}
	period := func(i int, fallback string) string {
		if label == nil || i < 0 {
			return fallback
		}
		return label(i)
	}
	out := make([]string, len(lf.NoteParts))
	for i, p := range lf.NoteParts {
		data := make(map[string]any, len(p.Args)+1)
		for k, v := range p.Args {
			data[k] = v
		}
		ok := true
		switch p.Code {
		case forecast.NoteInterpolated, forecast.NoteOutliers:
			shown, more := p.Positions()
			names := make([]string, len(shown))
			for j, pos := range shown {
				names[j] = period(pos-1, "t="+strconv.Itoa(pos))
			}
			at := strings.Join(names, t.L("fcnotes.list_separator"))
			if more > 0 {
				at += t.L("fcnotes.more", map[string]any{"Count": more})
			}
			data["At"], ok = at, len(shown) > 0
		case forecast.NoteTrailingMissing:
			pos, err := strconv.Atoi(p.Args["Last"])
			data["Last"], ok = period(pos-1, "t="+p.Args["Last"]), err == nil && pos > 0
		case forecast.NoteReachesZero:
			h, err := strconv.Atoi(p.Args["H"])
			data["When"], ok = period(lf.Start+h-1, "h="+p.Args["H"]), err == nil && h > 0
		}
		out[i] = p.English()
		if key := "fcnotes." + string(p.Code); ok && t.Has(key) {
			out[i] = t.L(key, data)
		}
	}
	return out
}
