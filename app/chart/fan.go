package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// maxPeriods bounds the x axis so a corrupt index cannot allocate without
// limit; 100,000 periods is 270 years of days.
const maxPeriods = 100_000

// Band is a forecast: the median path and its prediction intervals, on the
// figure's Period. All non-nil slices have the same length; NaN marks a
// missing value.
type Band struct {
	// Start is the index of the first forecast period (usually the number of
	// actual periods).
	Start int
	// Median is the central forecast; nil means no forecast.
	Median []float64
	// Lo80 and Hi80 bound the 80 % prediction interval; or nil.
	Lo80, Hi80 []float64
	// Lo95 and Hi95 bound the 95 % prediction interval; or nil.
	Lo95, Hi95 []float64
}

// Line is a named series on the figure's Period, such as a scenario.
type Line struct {
	// Name is the legend text, already translated.
	Name string
	// Start is the index of Values[0].
	Start int
	// Values are in the base unit; NaN marks a gap.
	Values []float64
}

// RAG holds red/amber/green thresholds in the node's base unit. With higher
// is better (the default), values ≥ Green are green and values < Red are
// red; with LowerIsBetter, values ≤ Green are green and values > Red are red.
type RAG struct {
	Green, Red    float64
	LowerIsBetter bool
}

func (r *RAG) validate() error {
	if r == nil {
		return nil
	}
	if !finite(r.Green) || !finite(r.Red) {
		return fmt.Errorf("rag thresholds %v/%v: %w (use finite numbers)", r.Green, r.Red, ErrBadInput)
	}
	if (!r.LowerIsBetter && r.Red > r.Green) || (r.LowerIsBetter && r.Red < r.Green) {
		return fmt.Errorf("rag thresholds green %v, red %v: %w (the red threshold must lie on the bad side of green)", r.Green, r.Red, ErrBadInput)
	}
	return nil
}

// FanLabels are the legend texts of a fan chart, already translated; empty
// fields fall back to English.
type FanLabels struct {
	Actual, Forecast, Band80, Band95, Target string
}

func (l FanLabels) withDefaults() FanLabels {
	def := func(s, d string) string {
		if s == "" {
			return d
		}
		return s
	}
	return FanLabels{
		Actual:   def(l.Actual, "Actual"),
		Forecast: def(l.Forecast, "Forecast (median)"),
		Band80:   def(l.Band80, "80 % interval"),
		Band95:   def(l.Band95, "95 % interval"),
		Target:   def(l.Target, "Target"),
	}
}

// FanChart shows one node over time: actuals, the forecast median with 80 %
// and 95 % bands, the target line, a RAG background and optional scenarios.
type FanChart struct {
	// Title, Subtitle and Note (a footnote such as the data source) are
	// drawn as given; any may be empty.
	Title, Subtitle, Note string
	// Theme selects light (print) or dark colours.
	Theme Theme
	// Period maps indices to calendar periods for the x axis.
	Period Period
	// Unit formats the value axis and labels.
	Unit Unit
	// Actual holds observed values from index 0; NaN marks a missing period.
	Actual []float64
	// Forecast is the forecast with intervals; zero value means none.
	Forecast Band
	// Target holds the target per period from index 0; or nil.
	Target []float64
	// RAG shades the background by status; or nil.
	RAG *RAG
	// Scenarios are drawn as extra lines; or nil.
	Scenarios []Line
	// Labels are the legend texts.
	Labels FanLabels
	// Markers flag periods where something was noted or an initiative
	// started; or nil. Markers outside the x axis are left out.
	Markers []Marker
}

// MarkerKind says what a marker flags.
type MarkerKind string

// The marker kinds.
const (
	// MarkerNote flags a note on the charted node.
	MarkerNote MarkerKind = "note"
	// MarkerInitiative flags the start of an initiative.
	MarkerInitiative MarkerKind = "initiative"
)

// Marker is a vertical rule at one period with a short label at the top
// of the plot.
type Marker struct {
	// At is the period index (0 = the first actual).
	At    int
	Kind  MarkerKind
	Label string
}

// maxMarkers caps the markers drawn, so a node with a thousand notes still
// draws a readable chart (the rest are in the pack's and CLI's tables).
const maxMarkers = 40

// Kind implements Figure.
func (*FanChart) Kind() string    { return "fan" }
func (fc *FanChart) theme() Theme { return fc.Theme }

// periods returns how many periods the x axis spans.
func (fc *FanChart) periods() int {
	n := max(len(fc.Actual), len(fc.Target))
	if len(fc.Forecast.Median) > 0 {
		n = max(n, fc.Forecast.Start+len(fc.Forecast.Median))
	}
	for _, s := range fc.Scenarios {
		n = max(n, s.Start+len(s.Values))
	}
	return n
}

func (fc *FanChart) validate() error {
	b := fc.Forecast
	if b.Start < 0 || b.Start > maxPeriods {
		return fmt.Errorf("forecast start %d: %w (use an index from 0)", b.Start, ErrBadInput)
	}
	for name, s := range map[string][]float64{"lo80": b.Lo80, "hi80": b.Hi80, "lo95": b.Lo95, "hi95": b.Hi95} {
		if s != nil && len(s) != len(b.Median) {
			return fmt.Errorf("forecast %s has %d values, median %d: %w (bands must match the median)", name, len(s), len(b.Median), ErrBadInput)
		}
	}
	for _, s := range fc.Scenarios {
		if s.Start < 0 || s.Start > maxPeriods {
			return fmt.Errorf("scenario %q start %d: %w (use an index from 0)", s.Name, s.Start, ErrBadInput)
		}
	}
	if err := fc.RAG.validate(); err != nil {
		return err
	}
	if n := fc.periods(); n > maxPeriods {
		return fmt.Errorf("%d periods: %w (at most %d)", n, ErrBadInput, maxPeriods)
	}
	all := [][]float64{fc.Actual, b.Median, b.Lo80, b.Hi80, b.Lo95, b.Hi95, fc.Target}
	for _, s := range fc.Scenarios {
		all = append(all, s.Values)
	}
	if _, _, ok := valueRange(all...); !ok {
		return fmt.Errorf("node %q: %w (bind data to it or pick a node with values)", fc.Title, ErrNoData)
	}
	return nil
}

// joined returns the forecast band prefixed with the last actual value, so
// the forecast visibly continues from the data instead of floating free.
func (fc *FanChart) joined() Band {
	b := fc.Forecast
	i := b.Start - 1
	if len(b.Median) == 0 || i < 0 || i >= len(fc.Actual) || !finite(fc.Actual[i]) || !finite(b.Median[0]) {
		return b
	}
	a := fc.Actual[i]
	pre := func(s []float64) []float64 {
		if s == nil {
			return nil
		}
		return append([]float64{a}, s...)
	}
	return Band{Start: i, Median: pre(b.Median), Lo80: pre(b.Lo80), Hi80: pre(b.Hi80), Lo95: pre(b.Lo95), Hi95: pre(b.Hi95)}
}

// dashPattern gives scenario i a distinct dash so lines differ in greyscale.
func dashPattern(i int) []float64 {
	patterns := [][]float64{{7, 3}, {2, 2.5}, {9, 3, 2, 3}, {4, 4}, {1, 3}}
	return patterns[i%len(patterns)]
}

func (fc *FanChart) legend(f *frame) []legendItem {
	lb := fc.Labels.withDefaults()
	var items []legendItem
	if len(fc.Actual) > 0 {
		items = append(items, legendItem{label: lb.Actual, color: f.pal.actual, width: 2.4})
	}
	if len(fc.Forecast.Median) > 0 {
		items = append(items, legendItem{label: lb.Forecast, color: f.pal.forecast, width: 2.4})
	}
	if fc.Forecast.Lo80 != nil && fc.Forecast.Hi80 != nil {
		items = append(items, legendItem{label: lb.Band80, kind: swBand, color: f.pal.band80})
	}
	if fc.Forecast.Lo95 != nil && fc.Forecast.Hi95 != nil {
		items = append(items, legendItem{label: lb.Band95, kind: swBand, color: f.pal.band95})
	}
	if len(fc.Target) > 0 {
		items = append(items, legendItem{label: lb.Target, color: f.pal.target, width: 1.6, dashes: []float64{6, 4}})
	}
	for i, s := range fc.Scenarios {
		items = append(items, legendItem{label: s.Name, color: f.pal.scenarioColor(i), width: 2, dashes: dashPattern(i)})
	}
	return items
}

func lastFinite(vals []float64) (int, float64, bool) {
	for i := len(vals) - 1; i >= 0; i-- {
		if finite(vals[i]) {
			return i, vals[i], true
		}
	}
	return 0, math.NaN(), false
}

func (fc *FanChart) draw(c draw.Canvas, f *frame) {
	area := f.drawChrome(c, chrome{title: fc.Title, subtitle: fc.Subtitle, note: fc.Note, unit: fc.Unit.Label, legend: fc.legend(f)})
	fc.drawPlot(area, f, true)
}

// drawPlot draws the axes and series into area; withEndLabels adds value
// labels in a right margin (small multiples leave them out).
func (fc *FanChart) drawPlot(area draw.Canvas, f *frame, withEndLabels bool) {
	n := fc.periods()
	b := fc.joined()
	p := f.newPlot()

	var labels []endLabel
	if withEndLabels {
		if _, v, ok := lastFinite(fc.Actual); ok && len(b.Median) == 0 {
			labels = append(labels, endLabel{y: v, text: fc.Unit.Format(v), color: f.pal.actual})
		}
		if _, v, ok := lastFinite(b.Median); ok {
			labels = append(labels, endLabel{y: v, text: fc.Unit.Format(v), color: f.pal.forecast})
		}
		if _, v, ok := lastFinite(fc.Target); ok {
			labels = append(labels, endLabel{y: v, text: fc.Unit.Format(v), color: f.pal.target})
		}
		for i, s := range fc.Scenarios {
			if _, v, ok := lastFinite(s.Values); ok {
				labels = append(labels, endLabel{y: v, text: fc.Unit.Format(v), color: f.pal.scenarioColor(i)})
			}
		}
	}
	st := f.text(sizeLabel, f.pal.text, draw.XLeft, draw.YCenter)
	var rm vg.Length
	for _, l := range labels {
		rm = max(rm, st.Width(l.text))
	}
	if rm > 0 {
		rm += f.pt(10)
	}
	plotArea := draw.Crop(area, 0, -rm, 0, 0)

	series := [][]float64{fc.Actual, b.Median, b.Lo80, b.Hi80, b.Lo95, b.Hi95, fc.Target}
	for _, s := range fc.Scenarios {
		series = append(series, s.Values)
	}
	yt, fy := f.timeAxes(p, plotArea, series, 0.04, fc.Unit, fc.Period, n)

	if fc.RAG != nil {
		p.Add(f.ragBands(*fc.RAG))
	}
	p.Add(f.yGrid(yt), f.vLines(fy))
	if len(b.Median) > 0 {
		p.Add(f.forecastDivider(float64(b.Start)))
	}
	if b.Lo95 != nil && b.Hi95 != nil {
		p.Add(bandSeries(b.Start, b.Lo95, b.Hi95, f.pal.band95))
	}
	if b.Lo80 != nil && b.Hi80 != nil {
		p.Add(bandSeries(b.Start, b.Lo80, b.Hi80, f.pal.band80))
	}
	if len(fc.Target) > 0 {
		p.Add(lineSeries(0, fc.Target, f.line(f.pal.target, 1.6, 6, 4)))
	}
	for i, s := range fc.Scenarios {
		p.Add(lineSeries(s.Start, s.Values, f.line(f.pal.scenarioColor(i), 2, dashPattern(i)...)))
	}
	p.Add(lineSeries(0, fc.Actual, f.line(f.pal.actual, 2.4)))
	if len(b.Median) > 0 {
		p.Add(lineSeries(b.Start, b.Median, f.line(f.pal.forecast, 2.4)))
	}
	p.Draw(plotArea)
	if len(fc.Markers) > 0 {
		f.drawMarkers(p.DataCanvas(plotArea), p, fc.Markers, n)
	}
	if len(labels) > 0 {
		dc := p.DataCanvas(plotArea)
		f.placeEndLabels(dc, p, labels, dc.Max.X+f.pt(8))
	}
}

// drawMarkers draws each marker as a dotted rule with its label at the
// top; labels that would run into the previous one drop a row (three rows,
// then back to the top), so markers a period apart stay legible.
func (f *frame) drawMarkers(dc draw.Canvas, p *plot.Plot, ms []Marker, n int) {
	trX, _ := p.Transforms(&dc)
	st := f.text(sizeLabel*0.85, f.pal.text, draw.XLeft, draw.YTop)
	rowH := st.Height("Ag") + f.pt(2)
	var rowEnd [3]vg.Length
	for i := range rowEnd {
		rowEnd[i] = dc.Min.X - 1
	}
	drawn := 0
	for _, m := range ms {
		if m.At < 0 || m.At >= n || drawn == maxMarkers {
			continue
		}
		drawn++
		clr := f.pal.forecast
		if m.Kind == MarkerNote {
			clr = f.pal.axis
		}
		x := trX(float64(m.At))
		c := dc
		c.StrokeLine2(f.line(clr, 1.2, 1, 2), x, dc.Min.Y, x, dc.Max.Y)
		// A small diamond at the top says "something here" even when
		// the label had to be left out.
		d := f.pt(3)
		c.FillPolygon(clr, []vg.Point{{X: x, Y: dc.Max.Y}, {X: x + d, Y: dc.Max.Y - d}, {X: x, Y: dc.Max.Y - 2*d}, {X: x - d, Y: dc.Max.Y - d}})
		if m.Label == "" {
			continue
		}
		w := st.Width(m.Label)
		lx := x + f.pt(3)
		if lx+w > dc.Max.X { // near the right edge: label to the left
			lx = x - f.pt(3) - w
		}
		for r := range rowEnd {
			if lx > rowEnd[r] {
				c.FillText(st, vg.Point{X: lx, Y: dc.Max.Y - 2*d - f.pt(2) - vg.Length(r)*rowH}, m.Label)
				rowEnd[r] = lx + w + f.pt(4)
				break
			}
		}
	}
}

// forecastDivider marks where actuals end and the forecast begins.
func (f *frame) forecastDivider(x float64) plotFunc {
	return func(c draw.Canvas, p *plot.Plot) {
		tr, _ := p.Transforms(&c)
		c.StrokeLine2(f.line(f.pal.axis, 1, 3, 3), tr(x), c.Min.Y, tr(x), c.Max.Y)
	}
}

// ragBands shades the background green, amber and red by threshold.
func (f *frame) ragBands(r RAG) plotFunc {
	return func(c draw.Canvas, p *plot.Plot) {
		_, trY := p.Transforms(&c)
		band := func(lo, hi vg.Length, clr color.Color) {
			lo, hi = max(lo, c.Min.Y), min(hi, c.Max.Y)
			if hi > lo {
				c.FillPolygon(clr, rectPts(c.Min.X, lo, c.Max.X, hi))
			}
		}
		g, rd := trY(r.Green), trY(r.Red)
		if r.LowerIsBetter {
			band(c.Min.Y, g, f.pal.greenBand)
			band(g, rd, f.pal.amberBand)
			band(rd, c.Max.Y, f.pal.redBand)
			return
		}
		band(g, c.Max.Y, f.pal.greenBand)
		band(rd, g, f.pal.amberBand)
		band(c.Min.Y, rd, f.pal.redBand)
	}
}
