package chart

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// frame carries what every figure needs while drawing: the colours and a
// type scale. Sizes are given in points for a 13.33 × 7.5 in slide and
// scaled with the canvas, so a chart looks the same on a slide, on A4, in a
// window and in a small-multiples tile.
type frame struct {
	pal palette
	s   float64
	hdl text.Handler
}

func newFrame(th Theme, c draw.Canvas) *frame {
	sz := c.Size()
	s := math.Min(float64(sz.X/vg.Inch)/slideWidthIn, float64(sz.Y/vg.Inch)/slideHightIn)
	return &frame{pal: paletteFor(th), s: clamp(s, 0.3, 4), hdl: newFrameHandler()}
}

// newFrameHandler returns the plain-text handler over plot's font cache,
// where registerFont put IPAexGothic.
func newFrameHandler() text.Handler { return text.Plain{Fonts: font.DefaultCache} }

// scaled returns a frame for a sub-canvas whose type is k times smaller.
func (f *frame) scaled(k float64) *frame {
	g := *f
	g.s *= k
	return &g
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// pt converts a size in slide points to canvas length.
func (f *frame) pt(v float64) vg.Length { return vg.Length(v * f.s) }

func (f *frame) text(size float64, clr color.Color, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{Color: clr, Font: fontOf(size * f.s), XAlign: xa, YAlign: ya, Handler: f.hdl}
}

func (f *frame) line(clr color.Color, width float64, dashes ...float64) draw.LineStyle {
	ls := draw.LineStyle{Color: clr, Width: f.pt(width)}
	for _, d := range dashes {
		ls.Dashes = append(ls.Dashes, f.pt(d))
	}
	return ls
}

// Type scale in slide points.
const (
	sizeTitle    = 22
	sizeSubtitle = 13
	sizeLegend   = 11.5
	sizeTick     = 11.5
	sizeLabel    = 11.5
	sizeNote     = 9.5
	sizeBox      = 11
)

// swatch kinds for legend entries.
const (
	swLine = iota
	swBand
	swBar
)

type legendItem struct {
	label  string
	kind   int
	color  color.Color
	width  float64   // line width in points (swLine)
	dashes []float64 // dash pattern in points (swLine)
}

// chrome is the text around a plot: title, subtitle, legend row, the unit
// label above the value axis and a footnote.
type chrome struct {
	title, subtitle, note, unit string
	legend                      []legendItem
}

// drawChrome draws the title block and footnote and returns the canvas
// left for the plot itself.
func (f *frame) drawChrome(c draw.Canvas, ch chrome) draw.Canvas {
	m := f.pt(24)
	c = draw.Crop(c, m, -m, m*0.8, -m*0.8)
	y := c.Max.Y
	if ch.title != "" {
		st := f.text(sizeTitle, f.pal.text, draw.XLeft, draw.YTop)
		c.FillText(st, vg.Point{X: c.Min.X, Y: y}, ch.title)
		y -= st.Height(ch.title) + f.pt(4)
	}
	if ch.subtitle != "" {
		st := f.text(sizeSubtitle, f.pal.muted, draw.XLeft, draw.YTop)
		c.FillText(st, vg.Point{X: c.Min.X, Y: y}, ch.subtitle)
		y -= st.Height(ch.subtitle) + f.pt(4)
	}
	if len(ch.legend) > 0 {
		y -= f.pt(6)
		y = f.drawLegend(c, ch.legend, y)
	}
	if ch.title != "" || ch.subtitle != "" || len(ch.legend) > 0 {
		y -= f.pt(10)
	}
	if ch.unit != "" {
		st := f.text(sizeLabel, f.pal.muted, draw.XLeft, draw.YTop)
		c.FillText(st, vg.Point{X: c.Min.X, Y: y}, ch.unit)
		y -= st.Height(ch.unit) + f.pt(6)
	}
	c.Max.Y = y
	if ch.note != "" {
		st := f.text(sizeNote, f.pal.muted, draw.XLeft, draw.YBottom)
		c.FillText(st, vg.Point{X: c.Min.X, Y: c.Min.Y}, ch.note)
		c.Min.Y += st.Height(ch.note) + f.pt(8)
	}
	return c
}

// drawLegend lays the entries out in a row, wrapping when the row is full,
// and returns the y below the last row.
func (f *frame) drawLegend(c draw.Canvas, items []legendItem, top vg.Length) vg.Length {
	st := f.text(sizeLegend, f.pal.text, draw.XLeft, draw.YCenter)
	sw, gap := f.pt(22), f.pt(6)
	rowH := st.Height("Ag") * 1.35
	x, y := c.Min.X, top-rowH/2
	for _, it := range items {
		w := sw + gap + st.Width(it.label) + f.pt(18)
		if x > c.Min.X && x+w > c.Max.X {
			x, y = c.Min.X, y-rowH
		}
		switch it.kind {
		case swBand:
			h := rowH * 0.5
			c.FillPolygon(it.color, rectPts(x, y-h/2, x+sw, y+h/2))
		case swBar:
			h := rowH * 0.6
			c.FillPolygon(it.color, rectPts(x+sw*0.2, y-h/2, x+sw*0.8, y+h/2))
		default:
			c.StrokeLine2(f.line(it.color, it.width, it.dashes...), x, y, x+sw, y)
		}
		c.FillText(st, vg.Point{X: x + sw + gap, Y: y}, it.label)
		x += w
	}
	return y - rowH/2
}

func rectPts(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// newPlot returns a plot styled for decks: no frame, light horizontal
// grid, muted tick labels, no axis titles (the unit sits above the plot).
func (f *frame) newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	p.TextHandler = f.hdl
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Tick.Label = f.text(sizeTick, f.pal.muted, draw.XCenter, draw.YTop)
		ax.Tick.LineStyle = f.line(f.pal.axis, 0.75)
		ax.Tick.Length = f.pt(4)
		ax.LineStyle = f.line(f.pal.axis, 0.75)
		ax.Padding = f.pt(4)
		ax.Label.TextStyle = f.text(sizeLabel, f.pal.muted, draw.XCenter, draw.YBottom)
	}
	p.X.Tick.Label.YAlign = draw.YTop
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.Y.LineStyle.Width = 0
	p.Y.Tick.LineStyle.Width = 0
	p.Y.Tick.Length = f.pt(2)
	p.Y.Padding = 0
	return p
}

// plotFunc adapts a drawing function to plot.Plotter so series can be drawn
// with our own gap handling instead of plotter constructors, which reject
// NaN.
type plotFunc func(c draw.Canvas, p *plot.Plot)

// Plot implements plot.Plotter.
func (fn plotFunc) Plot(c draw.Canvas, p *plot.Plot) { fn(c, p) }

// yGrid draws light horizontal lines at the value-axis ticks.
func (f *frame) yGrid(ticks []float64) plotFunc {
	return func(c draw.Canvas, p *plot.Plot) {
		_, tr := p.Transforms(&c)
		ls := f.line(f.pal.grid, 0.75)
		for _, v := range ticks {
			y := tr(v)
			c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
		}
	}
}

// setValueAxis chooses round ticks covering [lo, hi], labels them with u
// and sets the axis range to the outer ticks. It returns the tick values.
func setValueAxis(ax *plot.Axis, lo, hi float64, u Unit, want int) []float64 {
	vals, step := niceTicks(lo, hi, want)
	ax.Min, ax.Max = vals[0], vals[len(vals)-1]
	dec := decimalsFor(step * u.scale())
	ticks := make(plot.ConstantTicks, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: v, Label: u.formatTick(v, step, dec)}
	}
	ax.Tick.Marker = ticks
	return vals
}

// decimalsFor is the number of decimals needed to tell ticks step apart.
func decimalsFor(step float64) int {
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return 0
	}
	d := 0
	for d < 6 && math.Abs(step*math.Pow10(d)-math.Round(step*math.Pow10(d))) > 1e-6*math.Pow10(d) {
		d++
	}
	return d
}

// niceTicks returns about want evenly spaced round values (1, 2, 2.5 or 5
// times a power of ten) that cover [lo, hi].
func niceTicks(lo, hi float64, want int) ([]float64, float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi-lo < 1e-12*math.Max(1, math.Abs(hi)) {
		pad := math.Max(math.Abs(hi)*0.1, 1e-9)
		if hi == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	want = max(want, 2)
	raw := (hi - lo) / float64(want)
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step-1e-9) * step
	n := int(math.Round((end-start)/step)) + 1
	if n < 2 || n > 1000 {
		return []float64{lo, hi}, hi - lo
	}
	vals := make([]float64, n)
	for i := range vals {
		v := start + float64(i)*step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		vals[i] = v
	}
	return vals, step
}

// timeAxes sets up the axes of a chart over n periods: the value axis
// spans series padded by pad (a fraction of their range) with ticks in
// unit u, the period axis leaves half a slot at each end and labels as many
// periods as fit in plotArea. It returns the value ticks and the
// fiscal-year boundaries, for the grid and the year lines.
func (f *frame) timeAxes(p *plot.Plot, plotArea draw.Canvas, series [][]float64, pad float64, u Unit, per Period, n int) (yt, fy []float64) {
	lo, hi, _ := valueRange(series...)
	margin := (hi - lo) * pad
	yt = setValueAxis(&p.Y, lo-margin, hi+margin, u, 6)
	p.X.Min, p.X.Max = -0.4, float64(n-1)+0.4
	return yt, f.setPeriodAxis(p, per, n, plotArea.Size().X*0.9)
}

// setPeriodAxis puts period ticks on the x axis of p for n periods, with
// at most as many labels as fit in width. It returns fiscal-year
// boundaries (for separators), if the axis is ticked by fiscal year.
func (f *frame) setPeriodAxis(p *plot.Plot, per Period, n int, width vg.Length) []float64 {
	lbl := f.text(sizeTick, f.pal.muted, draw.XCenter, draw.YTop)
	sample := lbl.Width(per.Label(0)) + f.pt(14)
	maxLabels := int(width / sample)
	ticks, fiscal := per.periodTicks(n, maxLabels)
	var out plot.ConstantTicks
	var bounds []float64
	for _, t := range ticks {
		if fiscal && t.Label == "" {
			bounds = append(bounds, t.Pos)
			continue
		}
		out = append(out, plot.Tick{Value: t.Pos, Label: t.Label})
	}
	if fiscal {
		p.X.Tick.LineStyle.Width = 0
	}
	p.X.Tick.Marker = out
	return bounds
}

// vLines draws light vertical separators at x positions (fiscal years).
func (f *frame) vLines(xs []float64) plotFunc {
	return func(c draw.Canvas, p *plot.Plot) {
		tr, _ := p.Transforms(&c)
		ls := f.line(f.pal.grid, 1)
		for _, x := range xs {
			c.StrokeLine2(ls, tr(x), c.Min.Y, tr(x), c.Max.Y)
		}
	}
}

// segments splits values starting at index start into runs without NaN or
// Inf, returning each run as points in plot coordinates.
func segments(start int, vals []float64) [][]vg.Point {
	var out [][]vg.Point
	var cur []vg.Point
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, vg.Point{X: vg.Length(start + i), Y: vg.Length(v)})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// lineSeries draws values as a line broken at gaps; isolated points (a run
// of one) get a dot so a single month is still visible.
func lineSeries(start int, vals []float64, ls draw.LineStyle) plotFunc {
	segs := segments(start, vals)
	return func(c draw.Canvas, p *plot.Plot) {
		trX, trY := p.Transforms(&c)
		for _, seg := range segs {
			pts := make([]vg.Point, len(seg))
			for i, q := range seg {
				pts[i] = vg.Point{X: trX(float64(q.X)), Y: trY(float64(q.Y))}
			}
			if len(pts) == 1 {
				c.DrawGlyph(draw.GlyphStyle{Color: ls.Color, Radius: ls.Width * 1.5, Shape: draw.CircleGlyph{}}, pts[0])
				continue
			}
			c.StrokeLines(ls, c.ClipLinesXY(pts)...)
		}
	}
}

// bandSeries fills the area between lo and hi, broken where either is
// missing.
func bandSeries(start int, lo, hi []float64, clr color.Color) plotFunc {
	n := min(len(lo), len(hi))
	return func(c draw.Canvas, p *plot.Plot) {
		trX, trY := p.Transforms(&c)
		runStart := -1
		flush := func(end int) {
			if runStart < 0 || end-runStart < 2 {
				runStart = -1
				return
			}
			pts := make([]vg.Point, 0, 2*(end-runStart))
			for i := runStart; i < end; i++ {
				pts = append(pts, vg.Point{X: trX(float64(start + i)), Y: trY(hi[i])})
			}
			for i := end - 1; i >= runStart; i-- {
				pts = append(pts, vg.Point{X: trX(float64(start + i)), Y: trY(lo[i])})
			}
			c.FillPolygon(clr, c.ClipPolygonXY(pts))
			runStart = -1
		}
		for i := range n {
			if !finite(lo[i]) || !finite(hi[i]) {
				flush(i)
				continue
			}
			if runStart < 0 {
				runStart = i
			}
		}
		flush(n)
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// valueRange returns the finite min and max over all slices; ok is false
// when there is no finite value.
func valueRange(series ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi, lo <= hi
}

// endLabel is a text placed in the right margin at the value y, nudged so
// labels do not overlap.
type endLabel struct {
	y     float64
	text  string
	color color.Color
}

// placeEndLabels draws labels to the right of the data area of p at their
// y values, spreading them apart by at least one line height.
func (f *frame) placeEndLabels(c draw.Canvas, p *plot.Plot, labels []endLabel, x vg.Length) {
	if len(labels) == 0 {
		return
	}
	_, trY := p.Transforms(&c)
	st := f.text(sizeLabel, f.pal.text, draw.XLeft, draw.YCenter)
	h := st.Height("Ag") * 1.1
	type placed struct {
		y vg.Length
		l endLabel
	}
	ps := make([]placed, 0, len(labels))
	for _, l := range labels {
		if finite(l.y) {
			ps = append(ps, placed{y: trY(l.y), l: l})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].y > ps[j].y })
	for i := 1; i < len(ps); i++ {
		if ps[i-1].y-ps[i].y < h {
			ps[i].y = ps[i-1].y - h
		}
	}
	// If pushing down ran off the bottom, shift everything back up.
	if n := len(ps); n > 0 && ps[n-1].y < c.Min.Y+h/2 {
		d := c.Min.Y + h/2 - ps[n-1].y
		for i := range ps {
			ps[i].y += d
		}
	}
	for _, q := range ps {
		st.Color = q.l.color
		c.FillText(st, vg.Point{X: x, Y: q.y}, q.l.text)
	}
}
