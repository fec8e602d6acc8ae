package chart

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SmallMultiples puts the fan charts of many nodes (typically every leaf)
// on one page in a grid, with one shared legend. Each panel uses its own
// value axis and unit; all panels share the x axis of their own Period.
type SmallMultiples struct {
	// Title, Subtitle and Note are drawn as given; any may be empty.
	Title, Subtitle, Note string
	// Theme selects light (print) or dark colours; panel themes are ignored.
	Theme Theme
	// Panels are drawn left to right, top to bottom. A panel's Title is
	// its heading and Unit.Label follows it; Subtitle, Note, Labels and
	// Theme are ignored, and its Markers are drawn without their labels,
	// which a panel has no room for. A panel without data shows
	// NoDataLabel.
	Panels []FanChart
	// Columns is the number of columns; 0 picks one for the page shape.
	Columns int
	// Labels are the shared legend texts.
	Labels FanLabels
	// NoDataLabel is shown in an empty panel; empty means "No data".
	NoDataLabel string
}

// Kind implements Figure.
func (*SmallMultiples) Kind() string    { return "multiples" }
func (sm *SmallMultiples) theme() Theme { return sm.Theme }

// maxPanels bounds the grid; beyond this panels are too small to read.
const maxPanels = 100

func (sm *SmallMultiples) validate() error {
	if len(sm.Panels) == 0 {
		return fmt.Errorf("small multiples %q: %w (add at least one chart)", sm.Title, ErrNoData)
	}
	if len(sm.Panels) > maxPanels {
		return fmt.Errorf("%d panels: %w (put at most %d on a page)", len(sm.Panels), ErrBadInput, maxPanels)
	}
	if sm.Columns < 0 {
		return fmt.Errorf("%d columns: %w (use 0 for automatic)", sm.Columns, ErrBadInput)
	}
	for i := range sm.Panels {
		if err := sm.Panels[i].validate(); err != nil && !errors.Is(err, ErrNoData) {
			return fmt.Errorf("panel %d %q: %w", i+1, sm.Panels[i].Title, err)
		}
	}
	return nil
}

// grid returns columns and rows for n panels on a page of aspect w/h,
// aiming at panels about 1.5 times as wide as tall.
func gridShape(n, cols int, aspect float64) (int, int) {
	if cols <= 0 {
		cols = int(math.Round(math.Sqrt(float64(n) * aspect / 1.5)))
	}
	cols = max(1, min(cols, n))
	return cols, (n + cols - 1) / cols
}

func (sm *SmallMultiples) draw(c draw.Canvas, f *frame) {
	// The shared legend is the union of what the panels show.
	union := FanChart{Labels: sm.Labels}
	for _, p := range sm.Panels {
		if len(p.Actual) > 0 {
			union.Actual = []float64{0}
		}
		if len(p.Forecast.Median) > 0 {
			union.Forecast.Median = []float64{0}
		}
		if p.Forecast.Lo80 != nil {
			union.Forecast.Lo80, union.Forecast.Hi80 = []float64{0}, []float64{0}
		}
		if p.Forecast.Lo95 != nil {
			union.Forecast.Lo95, union.Forecast.Hi95 = []float64{0}, []float64{0}
		}
		if len(p.Target) > 0 {
			union.Target = []float64{0}
		}
	}
	area := f.drawChrome(c, chrome{title: sm.Title, subtitle: sm.Subtitle, note: sm.Note, legend: union.legend(f)})
	sz := area.Size()
	cols, rows := gridShape(len(sm.Panels), sm.Columns, float64(sz.X/sz.Y))
	g := f.scaled(clamp(1.6/math.Sqrt(float64(rows*cols)), 0.4, 1))
	gap := f.pt(18)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: gap, PadY: gap}
	noData := sm.NoDataLabel
	if noData == "" {
		noData = "No data"
	}
	for i := range sm.Panels {
		p := sm.Panels[i]
		p.Theme = sm.Theme
		p.Markers = unlabelled(p.Markers)
		tile := tiles.At(area, i%cols, i/cols)
		head := g.text(sizeSubtitle, g.pal.text, draw.XLeft, draw.YTop)
		title := p.Title
		if p.Unit.Label != "" {
			title += " · " + p.Unit.Label
		}
		tile.FillText(head, vg.Point{X: tile.Min.X, Y: tile.Max.Y}, ellipsize(head, title, tile.Size().X))
		tile.Max.Y -= head.Height(title) + g.pt(6)
		if err := p.validate(); err != nil {
			st := g.text(sizeLabel, g.pal.muted, draw.XCenter, draw.YCenter)
			tile.FillPolygon(g.pal.box, rectPts(tile.Min.X, tile.Min.Y, tile.Max.X, tile.Max.Y))
			tile.FillText(st, tile.Center(), noData)
			continue
		}
		p.drawPlot(tile, g, false)
	}
}

// unlabelled is ms without their labels: the rule and the diamond say
// "something here" in a panel too small for the text.
func unlabelled(ms []Marker) []Marker {
	out := make([]Marker, len(ms))
	for i, m := range ms {
		m.Label = ""
		out[i] = m
	}
	return out
}
