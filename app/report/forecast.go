package report

import (
	"cmp"
	"context"
	"math"
	"slices"
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

// ForecastRow is one bound leaf as the Forecast tab and `kpitreectl
// forecasts` show it.
type ForecastRow struct {
	Node, Name, Unit string
	// Model is the fitted model's technical name, Reason why it was used
	// and Notes the forecast's data notes (gaps filled, possible outliers),
	// in the translator's language.
	Model, Reason string
	Notes         []string
	// MAPE is the one-step-ahead backtest error in percent
	// (workspace.ForecastAccuracy); NaN when not measured. Accuracy says it
	// in words.
	MAPE     float64
	Accuracy string
	// Mean is the forecast's mean over the horizon.
	Mean []float64
	// Failed says why the leaf could not be forecast; or "".
	Failed string
}

// ForecastSource is what ForecastRows reads of a workspace whose forecasts
// are current (after ForecastAll): *workspace.Workspace has it.
type ForecastSource interface {
	BasisSource
	Forecasts() map[string]*workspace.LeafForecast
	Bindings() []workspace.Binding
	ForecastAccuracies(ctx context.Context, nodes []string, progress func(done, total int)) (map[string]float64, error)
}

// ForecastRows is every bound leaf's forecast in binding order, failed
// (ForecastReport.Failed) said by failText, with each forecast leaf's
// backtest accuracy when accuracy is set (progress as ForecastAccuracies
// reports it).
func (t *Translator) ForecastRows(ctx context.Context, ws ForecastSource, failed map[string]error, failText func(error) string,
	accuracy bool, progress func(done, total int)) ([]ForecastRow, error) {
	b, err := NewBasis(ws)
	if err != nil {
		return nil, err
	}
	fcs, binds := ws.Forecasts(), ws.Bindings()
	var scored []string // the leaves with a forecast, whose accuracy is shown
	for _, bd := range binds {
		if failed[bd.Node] == nil && fcs[bd.Node] != nil {
			scored = append(scored, bd.Node)
		}
	}
	acc := map[string]float64{}
	if accuracy {
		if acc, err = ws.ForecastAccuracies(ctx, scored, progress); err != nil {
			return nil, err
		}
	}
	rows := make([]ForecastRow, 0, len(binds))
	for _, bd := range binds {
		n := b.Node(bd.Node)
		row := ForecastRow{Node: bd.Node, Name: n.Name, Unit: n.Unit, MAPE: math.NaN()}
		if ferr := failed[bd.Node]; ferr != nil {
			row.Failed = failText(ferr)
		} else if lf := fcs[bd.Node]; lf != nil {
			row.Model, row.Reason, row.Notes, row.Mean = lf.Model, t.ForecastReason(lf), t.ForecastNotes(lf, b.Cal.Label), lf.Mean
			if v, ok := acc[bd.Node]; ok {
				row.MAPE = v
			}
		}
		row.Accuracy = t.ForecastAccuracy(row.MAPE, b.Cal.Freq)
		rows = append(rows, row)
	}
	return rows, nil
}

// ForecastModelCell is the "Model chosen" cell of r: the model in plain
// words, marked when the forecast has data notes; "failed" for a leaf that
// could not be forecast.
func (t *Translator) ForecastModelCell(r ForecastRow) string {
	if r.Failed != "" {
		return t.L("forecast.failed")
	}
	name := ModelName(t, r.Model)
	if len(r.Notes) > 0 {
		return t.L("fcnotes.model_marker", map[string]any{"Model": name, "Count": len(r.Notes)})
	}
	return name
}

// ForecastAccuracyCell is the "Backtest accuracy" cell of r, or why it
// failed.
func (t *Translator) ForecastAccuracyCell(r ForecastRow) string {
	if r.Failed != "" {
		return r.Failed
	}
	return r.Accuracy
}

// ForecastTable is the Forecast tab's table as `kpitreectl forecasts`
// prints it: id, leaf, the model setting for the leaf, the model chosen,
// the backtest accuracy (when withAccuracy), then how many periods ahead
// it goes and its first and last means in the leaf's unit. Its note says
// why each failed leaf could not be forecast.
func (t *Translator) ForecastTable(rows []ForecastRow, settings workspace.Settings, withAccuracy bool) Table {
	tb := Table{Header: []string{"ID", t.L("forecast.col_leaf"), t.L("forecast.col_override"), t.L("forecast.col_model")}}
	if withAccuracy {
		tb.Header = append(tb.Header, t.L("forecast.col_accuracy"))
	}
	tb.Header = append(tb.Header, t.L("forecast.col_steps"), t.L("forecast.col_first"), t.L("forecast.col_last"))
	var failures []string
	for _, r := range rows {
		cells := []string{r.Node, r.Name, t.LeafModelSetting(settings, r.Node), t.ForecastModelCell(r)}
		if withAccuracy {
			cells = append(cells, t.ForecastAccuracyCell(r))
		}
		if r.Failed != "" || len(r.Mean) == 0 {
			cells = append(cells, "-", "-", "-")
			if r.Failed != "" {
				failures = append(failures, t.L("forecast.failed_line", map[string]any{"Leaf": r.Name, "Why": r.Failed}))
			}
		} else {
			cells = append(cells, strconv.Itoa(len(r.Mean)), t.FormatValue(r.Mean[0], r.Unit), t.FormatValue(r.Mean[len(r.Mean)-1], r.Unit))
		}
		tb.Rows = append(tb.Rows, cells)
	}
	tb.Note = strings.Join(failures, "\n")
	return tb
}

// LeafModelTable is the forecast model of each input leaf of tree (or of
// leaf alone) as `kpitreectl model` lists it: id, leaf, the model setting
// in words and as typed (the keyword `model FILE LEAF MODEL` takes), where
// it comes from, and the model the leaf's current forecast used ("-"
// without one). A named leaf that is not an input says it is not
// forecast; settings of deleted leaves come last (listing all only).
func (t *Translator) LeafModelTable(tree kpitree.Tree, settings workspace.Settings, fcs map[string]*workspace.LeafForecast, leaf string) Table {
	tb := Table{Header: []string{"ID", t.L("forecast.col_leaf"), t.L("forecast.col_override"), t.L("model.col_keyword"),
		t.L("model.col_source"), t.L("forecast.col_model")}}
	for _, n := range tree.Nodes {
		if (leaf != "" && n.ID != leaf) || (leaf == "" && n.Kind != kpitree.KindInput) {
			continue
		}
		name := cmp.Or(n.Name, n.ID)
		if n.Kind != kpitree.KindInput {
			tb.Rows = append(tb.Rows, []string{n.ID, name, "-", "-",
				t.L("model.source.not_forecast", map[string]any{"Kind": t.L("kind." + string(n.Kind))}), "-"})
			continue
		}
		m, pinned := settings.ModelFor(n.ID)
		src := t.L("model.source.default")
		if pinned {
			src = t.L("model.source.override")
		}
		used := "-"
		if lf := fcs[n.ID]; lf != nil {
			used = ModelName(t, lf.Model)
		}
		tb.Rows = append(tb.Rows, []string{n.ID, name, t.LeafModelSetting(settings, n.ID), m, src, used})
	}
	if leaf != "" {
		return tb
	}
	for _, id := range settings.LeafModels.Leaves() {
		if slices.ContainsFunc(tree.Nodes, func(n kpitree.Node) bool { return n.ID == id }) {
			continue
		}
		m, _ := settings.LeafModels.Model(id)
		tb.Rows = append(tb.Rows, []string{id, "-", ModelChoice(t, m), m, t.L("model.source.deleted"), "-"})
	}
	return tb
}

// DefaultModelChoice is the first choice of the Forecast tab's "Model for
// this leaf" select: the workspace's model, as the default ("Default
// (Automatic (best fit))").
func (t *Translator) DefaultModelChoice(set workspace.Settings) string {
	return t.L("forecast.default_model", map[string]any{"Model": ModelChoice(t, cmp.Or(set.Model, "auto"))})
}

// LeafModelSetting is leaf's model setting as that select shows it: the
// model pinned to the leaf, or DefaultModelChoice.
func (t *Translator) LeafModelSetting(set workspace.Settings, leaf string) string {
	if m, pinned := set.LeafModels.Model(leaf); pinned {
		return ModelChoice(t, m)
	}
	return t.DefaultModelChoice(set)
}
