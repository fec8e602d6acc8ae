package forecastpane

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// This file holds what the forecast pane and the inspector share about one
// leaf's forecast: the backtest that scores its model, the translation of
// why the model was chosen, and the per-leaf model select.

// leafBacktest scores model on history y by one-step-ahead forecasts from
// rolling origins (a year of them for monthly data) and returns the mean
// absolute percentage error; NaN when the history is too short or has
// zeros. Only cancellation is an error.
func leafBacktest(ctx context.Context, y []float64, model string, freq kpitree.Freq) (float64, error) {
	origins := min(backtestOrigins, len(y)/3)
	if origins <= 0 {
		return math.NaN(), nil
	}
	acc, err := forecast.Backtest(ctx, y, forecast.Spec{Model: model, Season: freq.SeasonLength(), Horizon: 1}, origins, nil)
	if cerr := ctx.Err(); cerr != nil {
		return math.NaN(), fmt.Errorf("backtest: %w", cerr)
	}
	if err != nil {
		return math.NaN(), nil // not measurable, not a failure of the forecast
	}
	return acc.MAPE, nil
}

// BacktestCache remembers backtest errors by forecast hash: the hash
// covers the leaf's history and its model, everything the backtest reads,
// so a hit is always current. Safe for concurrent use.
type BacktestCache struct {
	mu sync.Mutex
	m  map[string]float64
}

// MAPE returns the backtest error of the forecast lf made from history y,
// computing it on a miss.
func (c *BacktestCache) MAPE(ctx context.Context, lf *workspace.LeafForecast, y []float64, model string, freq kpitree.Freq) (float64, error) {
	c.mu.Lock()
	v, ok := c.m[lf.Hash]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := leafBacktest(ctx, y, model, freq)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) > 10000 { // a long session must not grow it without bound
		c.m = map[string]float64{}
	}
	c.m[lf.Hash] = v
	c.mu.Unlock()
	return v, nil
}

// Cached returns the error for hash if it has been measured.
func (c *BacktestCache) Cached(hash string) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[hash]
	return v, ok
}

// translator is lang.L's shape; tests pass one for another language.
type translator func(key string, data ...any) string

// reasonKey is the translation key of a reason code.
func reasonKey(c forecast.ReasonCode) string { return "forecast.why." + string(c) }

// ReasonText says why lf's model was used, in the UI language. Forecasts
// stored before reasons had codes carry only the English text, shown as is.
func ReasonText(lf *workspace.LeafForecast) string {
	if lf == nil {
		return ""
	}
	return translateReason(lf.ReasonParts, lf.Reason, lang.L)
}

// translateReason renders the clauses with tr, falling back to a clause's
// English text when tr has no string for its code (a code from a newer
// version) and to english when there are no clauses.
func translateReason(parts []forecast.ReasonPart, english string, tr translator) string {
	if len(parts) == 0 {
		return english
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		data := make(map[string]any, len(p.Args))
		for k, v := range p.Args {
			data[k] = v
		}
		key := reasonKey(p.Code)
		if s := tr(key, data); s != "" && s != key {
			out[i] = s
		} else {
			out[i] = p.English()
		}
	}
	return strings.Join(out, tr("forecast.why_separator"))
}

// noteKey is the translation key of a data-quality note code.
func noteKey(c forecast.NoteCode) string { return "fcnotes." + string(c) }

// periodLabel names period i of the workspace calendar ("2024-05"); nil
// when the calendar is unknown, and positions are then shown as t=N.
type periodLabel func(i int) string

// NoteTexts returns lf's data-quality notes in the UI language, one per
// note, naming periods with label. Forecasts stored before notes had
// codes carry only the English texts, shown as they are.
func NoteTexts(lf *workspace.LeafForecast, label periodLabel) []string {
	if lf == nil {
		return nil
	}
	return translateNotes(lf.NoteParts, lf.Notes, lf.Start, label, lang.L)
}

// translateNotes renders the notes with tr: positions become period names
// (a note's position t is period t−1, its step h is period start+h−1). A
// note whose code tr has no string for (from a newer version) or whose
// arguments are damaged is shown in English; without parts, english is
// returned.
func translateNotes(parts []forecast.NotePart, english []string, start int, label periodLabel, tr translator) []string {
	if len(parts) == 0 {
		return english
	}
	period := func(i int, fallback string) string {
		if label == nil || i < 0 {
			return fallback
		}
		return label(i)
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		data := make(map[string]any, len(p.Args)+1)
		for k, v := range p.Args {
			data[k] = v
		}
		ok := true
		switch p.Code {
		case forecast.NoteInterpolated, forecast.NoteOutliers:
			shown, more := p.Positions()
			names := make([]string, len(shown))
			for j, t := range shown {
				names[j] = period(t-1, "t="+strconv.Itoa(t))
			}
			at := strings.Join(names, tr("fcnotes.list_separator"))
			if more > 0 {
				at += tr("fcnotes.more", map[string]any{"Count": more})
			}
			data["At"], ok = at, len(shown) > 0
		case forecast.NoteTrailingMissing:
			t, err := strconv.Atoi(p.Args["Last"])
			data["Last"], ok = period(t-1, "t="+p.Args["Last"]), err == nil && t > 0
		case forecast.NoteReachesZero:
			h, err := strconv.Atoi(p.Args["H"])
			data["When"], ok = period(start+h-1, "h="+p.Args["H"]), err == nil && h > 0
		}
		out[i] = p.English()
		if key := noteKey(p.Code); ok {
			if s := tr(key, data); s != "" && s != key {
				out[i] = s
			}
		}
	}
	return out
}

// CalendarLabel names the periods of ws's calendar; nil when the tree
// cannot be evaluated (the notes then show positions).
func CalendarLabel(ws report.BasisSource) periodLabel {
	e, err := ws.Evaluate("")
	if err != nil {
		return nil
	}
	return e.Calendar.Label
}

// ModelSelect chooses one leaf's model: "Default (<workspace model>)"
// first, then the models. Picking stores an override (an undoable
// settings change) through onPick; showing a leaf never calls it.
type ModelSelect struct {
	// Select is the widget to lay out.
	Select *widget.Select
	values []string // the model string of each option; "" is the default
	// onPick receives the picked model, "" for the default; or nil.
	onPick  func(model string)
	loading bool
}

// NewModelSelect returns a select that calls onPick with a picked model.
func NewModelSelect(onPick func(model string)) *ModelSelect {
	s := &ModelSelect{onPick: onPick}
	s.Select = widget.NewSelect(nil, func(string) {
		i := s.Select.SelectedIndex()
		if s.loading || s.onPick == nil || i < 0 || i >= len(s.values) {
			return
		}
		s.onPick(s.values[i])
	})
	return s
}

// Show lists the choices for leaf under settings set and selects its
// current model without calling onPick.
func (s *ModelSelect) Show(set workspace.Settings, leaf string) {
	def := set.Model
	if def == "" {
		def = "auto"
	}
	tr := uikit.Translator()
	labels := []string{lang.L("forecast.default_model", map[string]any{"Model": report.ModelChoice(tr, def)})}
	values := []string{""}
	for _, m := range forecastModels() {
		labels = append(labels, report.ModelChoice(tr, m))
		values = append(values, m)
	}
	pinned, over := set.LeafModels.Model(leaf)
	sel := 0
	if over {
		sel = slices.IndexFunc(values, func(v string) bool { return v != "" && strings.EqualFold(v, pinned) })
		if sel < 0 { // pinned elsewhere to a model the list lacks, e.g. ets(A,Ad,N)
			labels, values = append(labels, report.ModelChoice(tr, pinned)), append(values, pinned)
			sel = len(values) - 1
		}
	}
	s.loading = true
	defer func() { s.loading = false }()
	s.values = values
	if !slices.Equal(s.Select.Options, labels) {
		s.Select.SetOptions(labels)
	}
	if s.Select.SelectedIndex() != sel {
		s.Select.SetSelectedIndex(sel)
	}
}

// PickModel stores leaf's model override, or removes it for "".
func PickModel(ws ModelSetter, leaf, model string) error {
	if model == "" {
		model = workspace.DefaultModel
	}
	if err := ws.SetLeafModel(leaf, model); err != nil {
		return fmt.Errorf("set model of %s: %w", leaf, err)
	}
	return nil
}

// ModelSetter stores one leaf's model override (an undoable settings
// change); *workspace.Workspace has it.
type ModelSetter interface {
	SetLeafModel(node, model string) error
}
