package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScenarioCompare shows a node's base path against N scenarios and
// annotates, at the end of the horizon, how far each scenario is from base:
// "+¥120,000 (+4.1 %)".
type ScenarioCompare struct {
	// Title, Subtitle and Note are drawn as given; any may be empty.
	Title, Subtitle, Note string
	// Theme selects light (print) or dark colours.
	Theme Theme
	// Period maps indices to calendar periods.
	Period Period
	// Unit formats the value axis and the differences.
	Unit Unit
	// Actual is the history from index 0, drawn for context; or nil.
	Actual []float64
	// ActualLabel is the legend text for Actual; empty means "Actual".
	ActualLabel string
	// Base is the base path (its Name is the legend text, e.g. "Base").
	Base Line
	// Scenarios are compared with Base, in legend order.
	Scenarios []Line
}

// Kind implements Figure.
func (*ScenarioCompare) Kind() string    { return "compare" }
func (sc *ScenarioCompare) theme() Theme { return sc.Theme }

func (sc *ScenarioCompare) periods() int {
	n := max(len(sc.Actual), sc.Base.Start+len(sc.Base.Values))
	for _, s := range sc.Scenarios {
		n = max(n, s.Start+len(s.Values))
	}
	return n
}

func (sc *ScenarioCompare) validate() error {
	for _, l := range append([]Line{sc.Base}, sc.Scenarios...) {
		if l.Start < 0 || l.Start > maxPeriods {
			return fmt.Errorf("series %q start %d: %w (use an index from 0)", l.Name, l.Start, ErrBadInput)
		}
	}
	if n := sc.periods(); n > maxPeriods {
		return fmt.Errorf("%d periods: %w (at most %d)", n, ErrBadInput, maxPeriods)
	}
	if _, _, ok := valueRange(sc.Base.Values); !ok {
		return fmt.Errorf("base of %q: %w (run the simulation first)", sc.Title, ErrNoData)
	}
	return nil
}

// at returns l's value at period index i, or NaN.
func (l Line) at(i int) float64 {
	j := i - l.Start
	if j < 0 || j >= len(l.Values) {
		return math.NaN()
	}
	return l.Values[j]
}

// Difference returns scenario minus base at the scenario's last finite
// period, and that difference relative to base (NaN when base is zero).
// ok is false when the two have no finite value at that period.
func Difference(base, scenario Line) (diff, rel float64, ok bool) {
	i, v, found := lastFinite(scenario.Values)
	if !found {
		return 0, 0, false
	}
	b := base.at(scenario.Start + i)
	if !finite(b) {
		return 0, 0, false
	}
	diff = v - b
	rel = math.NaN()
	if b != 0 {
		rel = diff / math.Abs(b)
	}
	return diff, rel, true
}

// DifferenceLabel writes a scenario's end-of-horizon difference from base,
// e.g. "+¥120,000 (+4.1 %)"; the relative part is left out when base is 0.
func DifferenceLabel(u Unit, base, scenario Line) string {
	d, rel, ok := Difference(base, scenario)
	if !ok {
		return "–"
	}
	if math.IsNaN(rel) {
		return u.FormatDelta(d)
	}
	return fmt.Sprintf("%s (%s)", u.FormatDelta(d), formatPercent(rel))
}

// joined returns the base and scenarios that start right after the
// actuals prefixed with the last actual value, so the paths visibly leave
// from the data.
func (sc *ScenarioCompare) joined() (Line, []Line) {
	join := func(l Line) Line {
		i := l.Start - 1
		if i < 0 || i >= len(sc.Actual) || !finite(sc.Actual[i]) || len(l.Values) == 0 || !finite(l.Values[0]) {
			return l
		}
		return Line{Name: l.Name, Start: i, Values: append([]float64{sc.Actual[i]}, l.Values...)}
	}
	scen := make([]Line, len(sc.Scenarios))
	for i, s := range sc.Scenarios {
		scen[i] = join(s)
	}
	return join(sc.Base), scen
}

func (sc *ScenarioCompare) draw(c draw.Canvas, f *frame) {
	base, scens := sc.joined()
	var items []legendItem
	if len(sc.Actual) > 0 {
		lbl := sc.ActualLabel
		if lbl == "" {
			lbl = "Actual"
		}
		items = append(items, legendItem{label: lbl, color: f.pal.actual, width: 2.4})
	}
	items = append(items, legendItem{label: sc.Base.Name, color: f.pal.forecast, width: 2.6})
	for i, s := range sc.Scenarios {
		items = append(items, legendItem{label: s.Name, color: f.pal.scenarioColor(i), width: 2.2, dashes: dashPattern(i)})
	}
	area := f.drawChrome(c, chrome{title: sc.Title, subtitle: sc.Subtitle, note: sc.Note, unit: sc.Unit.Label, legend: items})

	labels := make([]endLabel, 0, len(sc.Scenarios)+1)
	if _, v, ok := lastFinite(sc.Base.Values); ok {
		labels = append(labels, endLabel{y: v, text: sc.Unit.Format(v), color: f.pal.forecast})
	}
	for i, s := range sc.Scenarios {
		if _, v, ok := lastFinite(s.Values); ok {
			labels = append(labels, endLabel{y: v, text: DifferenceLabel(sc.Unit, sc.Base, s), color: f.pal.scenarioColor(i)})
		}
	}
	st := f.text(sizeLabel, f.pal.text, draw.XLeft, draw.YCenter)
	var rm vg.Length
	for _, l := range labels {
		rm = max(rm, st.Width(l.text))
	}
	rm += f.pt(14)
	plotArea := draw.Crop(area, 0, -rm, 0, 0)

	n := sc.periods()
	p := f.newPlot()
	series := [][]float64{sc.Actual, sc.Base.Values}
	for _, s := range sc.Scenarios {
		series = append(series, s.Values)
	}
	yt, fy := f.timeAxes(p, plotArea, series, 0.05, sc.Unit, sc.Period, n)
	p.Add(f.yGrid(yt), f.vLines(fy))
	if len(sc.Actual) > 0 {
		p.Add(lineSeries(0, sc.Actual, f.line(f.pal.actual, 2.4)))
	}
	for i, s := range sc.Scenarios {
		p.Add(f.gapBracket(sc.Base, s, i))
	}
	p.Add(lineSeries(base.Start, base.Values, f.line(f.pal.forecast, 2.6)))
	for i, s := range scens {
		p.Add(lineSeries(s.Start, s.Values, f.line(f.pal.scenarioColor(i), 2.2, dashPattern(i)...)))
	}
	p.Draw(plotArea)
	dc := p.DataCanvas(plotArea)
	f.placeEndLabels(dc, p, labels, dc.Max.X+f.pt(12))
}

// gapBracket draws a thin bracket at the last scenario period joining the
// base value to the scenario value, so the annotated gap is visible.
func (f *frame) gapBracket(base, s Line, i int) plotFunc {
	return func(c draw.Canvas, p *plot.Plot) {
		j, v, ok := lastFinite(s.Values)
		if !ok {
			return
		}
		b := base.at(s.Start + j)
		if !finite(b) {
			return
		}
		trX, trY := p.Transforms(&c)
		x := trX(float64(s.Start+j)) + f.pt(5)
		ls := f.line(f.pal.scenarioColor(i), 1.2)
		tick := f.pt(3)
		c.StrokeLines(ls, []vg.Point{{X: x - tick, Y: trY(b)}, {X: x, Y: trY(b)}, {X: x, Y: trY(v)}, {X: x - tick, Y: trY(v)}})
	}
}
