package chart

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Contribution is one driver's share of a change.
type Contribution struct {
	// Label is the driver's name, already translated.
	Label string
	// Value is the driver's part of the change, in the node's base unit.
	Value float64
}

// Waterfall shows an attribution: the root's value at the start, one
// floating bar per driver (up or down), and the value at the end. The parts
// must add up to End − Start.
type Waterfall struct {
	// Title, Subtitle and Note are drawn as given; any may be empty.
	Title, Subtitle, Note string
	// Theme selects light (print) or dark colours.
	Theme Theme
	// Unit formats the value axis and the bar labels.
	Unit Unit
	// StartLabel and EndLabel name the two totals, e.g. "FY2024" and
	// "FY2025" or "Base" and "Scenario".
	StartLabel, EndLabel string
	// Start and End are the totals in the base unit.
	Start, End float64
	// Parts are the drivers in display order.
	Parts []Contribution
	// UpLabel and DownLabel are the legend texts; empty means
	// "Increase" and "Decrease".
	UpLabel, DownLabel string
	// BreakLabel is said under the chart, and a break mark drawn on the
	// value axis, when the axis does not start at zero (the drivers would
	// be slivers otherwise), so a +4 % change does not look enormous
	// unannounced; empty means "Axis does not start at zero".
	BreakLabel string
}

// Kind implements Figure.
func (*Waterfall) Kind() string   { return "waterfall" }
func (w *Waterfall) theme() Theme { return w.Theme }

// maxBars bounds bar charts: beyond this the labels cannot be read.
const maxBars = 200

func (w *Waterfall) validate() error {
	if !finite(w.Start) || !finite(w.End) {
		return fmt.Errorf("waterfall totals %v → %v: %w (totals must be numbers)", w.Start, w.End, ErrNoData)
	}
	if len(w.Parts) > maxBars {
		return fmt.Errorf("%d parts: %w (show at most %d drivers; group the rest)", len(w.Parts), ErrBadInput, maxBars)
	}
	sum := w.Start
	for _, p := range w.Parts {
		if !finite(p.Value) {
			return fmt.Errorf("part %q is %v: %w (every part must be a number)", p.Label, p.Value, ErrBadInput)
		}
		sum += p.Value
	}
	tol := 1e-6 * math.Max(1, math.Max(math.Abs(w.Start), math.Abs(w.End)))
	if math.Abs(sum-w.End) > tol {
		return fmt.Errorf("parts sum to %v but the change is %v: %w (attribution must be exact; add a residual part)", sum-w.Start, w.End-w.Start, ErrBadInput)
	}
	return nil
}

func (w *Waterfall) draw(c draw.Canvas, f *frame) {
	up, down := w.UpLabel, w.DownLabel
	if up == "" {
		up = "Increase"
	}
	if down == "" {
		down = "Decrease"
	}
	legend := []legendItem{
		{label: up, kind: swBar, color: f.pal.up},
		{label: down, kind: swBar, color: f.pal.down},
	}
	k := len(w.Parts)
	levels := make([]float64, k+1) // running total before each part, then the end
	levels[0] = w.Start
	for i, p := range w.Parts {
		levels[i+1] = levels[i] + p.Value
	}
	lo, hi, _ := valueRange(levels, []float64{w.End})
	base := 0.0
	note := w.Note
	if !w.AxisFromZero() {
		base = math.NaN()
		brk := w.BreakLabel
		if brk == "" {
			brk = "Axis does not start at zero"
		}
		note = strings.TrimSpace(note + " " + brk)
	}
	area := f.drawChrome(c, chrome{title: w.Title, subtitle: w.Subtitle, note: note, unit: w.Unit.Label, legend: legend})

	p := f.newPlot()
	axLo, axHi := math.Min(lo, 0), math.Max(hi, 0)
	if math.IsNaN(base) {
		axLo, axHi = lo, hi
	}
	pad := (axHi - axLo) * 0.1
	if math.IsNaN(base) {
		axLo -= pad
	}
	yt := setValueAxis(&p.Y, axLo, axHi+pad, w.Unit, 6)
	if math.IsNaN(base) {
		base = p.Y.Min
	}
	p.X.Min, p.X.Max = -0.6, float64(k+1)+0.6

	names := make([]string, 0, k+2)
	names = append(names, w.StartLabel)
	for _, pt := range w.Parts {
		names = append(names, pt.Label)
	}
	names = append(names, w.EndLabel)
	slot := area.Size().X * 0.9 / vg.Length(k+2)
	lbl := p.X.Tick.Label
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: wrapText(lbl, n, slot*0.95, 3)}
	}
	p.X.Tick.Marker = ticks
	p.X.Tick.LineStyle.Width = 0

	p.Add(f.yGrid(yt))
	broken := axLo > 0
	p.Add(plotFunc(func(dc draw.Canvas, p *plot.Plot) {
		trX, trY := p.Transforms(&dc)
		if broken {
			// Two short slanted strokes across the foot of the value axis:
			// the usual mark of an axis that has been cut.
			x, y, d := dc.Min.X, dc.Min.Y+f.pt(6), f.pt(4)
			ls := f.line(f.pal.text, 1)
			for _, off := range []vg.Length{0, f.pt(4)} {
				dc.StrokeLine2(ls, x-d, y+off-d/2, x+d, y+off+d/2)
			}
		}
		half := 0.32
		val := f.text(sizeLabel, f.pal.text, draw.XCenter, draw.YBottom)
		bar := func(i int, from, to float64, clr vgColor, label string) {
			x0, x1 := trX(float64(i)-half), trX(float64(i)+half)
			y0, y1 := trY(math.Min(from, to)), trY(math.Max(from, to))
			if y1-y0 < f.pt(1) {
				y1 = y0 + f.pt(1)
			}
			dc.FillPolygon(clr, rectPts(x0, y0, x1, y1))
			st := val
			st.Color = f.pal.text
			y := y1 + f.pt(3)
			if to < from {
				st.YAlign = draw.YTop
				y = y0 - f.pt(3)
			}
			dc.FillText(st, vg.Point{X: (x0 + x1) / 2, Y: y}, label)
		}
		bar(0, base, w.Start, f.pal.total, w.Unit.Format(w.Start))
		conn := f.line(f.pal.axis, 0.8, 2, 2)
		for i, pt := range w.Parts {
			clr := f.pal.up
			if pt.Value < 0 {
				clr = f.pal.down
			}
			// Connector from the previous bar's top to this bar's start.
			dc.StrokeLine2(conn, trX(float64(i)+half), trY(levels[i]), trX(float64(i+1)-half), trY(levels[i]))
			bar(i+1, levels[i], levels[i+1], clr, w.Unit.FormatDelta(pt.Value))
		}
		dc.StrokeLine2(conn, trX(float64(k)+half), trY(levels[k]), trX(float64(k+1)-half), trY(levels[k]))
		bar(k+1, base, w.End, f.pal.total, w.Unit.Format(w.End))
	}))
	p.Draw(area)
}

// AxisFromZero reports whether the value axis starts at zero. Bars start
// at zero unless that would flatten the drivers into slivers (all levels
// positive and their spread under 35 % of the largest); then the axis
// starts near the data, as planners expect, and the chart marks the cut
// and says so (BreakLabel).
func (w *Waterfall) AxisFromZero() bool {
	levels := []float64{w.Start, w.End}
	at := w.Start
	for _, p := range w.Parts {
		at += p.Value
		levels = append(levels, at)
	}
	lo, hi, ok := valueRange(levels)
	return !ok || !(lo > 0 && (hi-lo) < 0.35*hi)
}

// vgColor shortens signatures that take a colour.
type vgColor = interface{ RGBA() (r, g, b, a uint32) }

// wrapText breaks s into at most maxLines lines no wider than width,
// breaking at spaces, or anywhere between CJK characters, and ending the
// last line with "…" when text is left over.
func wrapText(st text.Style, s string, width vg.Length, maxLines int) string {
	if width <= 0 || st.Width(s) <= width {
		return s
	}
	isCJK := func(r rune) bool { return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) }
	var lines []string
	var cur []rune
	lastBreak := -1 // cur[:lastBreak] is a good place to end a line
	for _, r := range s {
		if r == ' ' {
			lastBreak = len(cur)
		} else if isCJK(r) && len(cur) > 0 {
			lastBreak = len(cur)
		}
		cur = append(cur, r)
		if len(cur) == 1 || st.Width(string(cur)) <= width {
			continue
		}
		cut := len(cur) - 1
		if lastBreak > 0 {
			cut = lastBreak
		}
		lines = append(lines, strings.TrimSpace(string(cur[:cut])))
		cur = append([]rune(nil), cur[cut:]...)
		for len(cur) > 0 && cur[0] == ' ' {
			cur = cur[1:]
		}
		lastBreak = -1
	}
	if rest := strings.TrimSpace(string(cur)); rest != "" {
		lines = append(lines, rest)
	}
	if maxLines > 0 && len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		for len(last) > 1 && st.Width(string(last)+"…") > width {
			last = last[:len(last)-1]
		}
		lines = append(lines[:maxLines-1], strings.TrimSpace(string(last))+"…")
	}
	return strings.Join(lines, "\n")
}
