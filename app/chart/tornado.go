package chart

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sensitivity is the root's value when one driver is moved down and up by
// the tornado's swing (e.g. ±10 %), all else held at base.
type Sensitivity struct {
	// Label is the driver's name, already translated.
	Label string
	// Low is the root value with the driver moved down; High with it
	// moved up. Either may be the larger (for drivers that hurt the root).
	Low, High float64
}

// Tornado ranks controllable drivers by how much the root moves when each
// is swung by ±x %: the widest bar on top, bars drawn around the base value.
type Tornado struct {
	// Title, Subtitle and Note are drawn as given; any may be empty.
	Title, Subtitle, Note string
	// Theme selects light (print) or dark colours.
	Theme Theme
	// Unit formats the value axis and the bar labels (the root's unit).
	Unit Unit
	// Base is the root's value with every driver at base.
	Base float64
	// BaseLabel names the base line; empty means "Base".
	BaseLabel string
	// Bars are the drivers in any order; the chart sorts them by range.
	Bars []Sensitivity
	// LowLabel and HighLabel are the legend texts, e.g. "Driver −10 %" and
	// "Driver +10 %"; empty means "Driver down" and "Driver up".
	LowLabel, HighLabel string
}

// Kind implements Figure.
func (*Tornado) Kind() string   { return "tornado" }
func (t *Tornado) theme() Theme { return t.Theme }

func (t *Tornado) validate() error {
	if !finite(t.Base) {
		return fmt.Errorf("tornado base %v: %w (evaluate the tree first)", t.Base, ErrNoData)
	}
	if len(t.Bars) == 0 {
		return fmt.Errorf("tornado %q: %w (mark at least one driver controllable)", t.Title, ErrNoData)
	}
	if len(t.Bars) > maxBars {
		return fmt.Errorf("%d drivers: %w (show at most %d)", len(t.Bars), ErrBadInput, maxBars)
	}
	for _, b := range t.Bars {
		if !finite(b.Low) || !finite(b.High) {
			return fmt.Errorf("driver %q low %v high %v: %w (both must be numbers)", b.Label, b.Low, b.High, ErrBadInput)
		}
	}
	return nil
}

// SortSensitivities orders bars by range |High − Low|, widest first; ties
// keep their input order so the chart is stable.
func SortSensitivities(bars []Sensitivity) []Sensitivity {
	out := append([]Sensitivity(nil), bars...)
	sort.SliceStable(out, func(i, j int) bool {
		return math.Abs(out[i].High-out[i].Low) > math.Abs(out[j].High-out[j].Low)
	})
	return out
}

func (t *Tornado) draw(c draw.Canvas, f *frame) {
	lowL, highL, baseL := t.LowLabel, t.HighLabel, t.BaseLabel
	if lowL == "" {
		lowL = "Driver down"
	}
	if highL == "" {
		highL = "Driver up"
	}
	if baseL == "" {
		baseL = "Base"
	}
	lowC, highC := f.pal.scenarioColor(0), f.pal.forecast
	legend := []legendItem{{label: lowL, kind: swBar, color: lowC}, {label: highL, kind: swBar, color: highC}}
	area := f.drawChrome(c, chrome{title: t.Title, subtitle: t.Subtitle, note: t.Note, legend: legend})

	bars := SortSensitivities(t.Bars)
	k := len(bars)
	p := f.newPlot()
	vals := []float64{t.Base}
	for _, b := range bars {
		vals = append(vals, b.Low, b.High)
	}
	lo, hi, _ := valueRange(vals)
	pad := (hi - lo) * 0.18 // room for the value labels at the bar ends
	xt := setValueAxis(&p.X, lo-pad, hi+pad, t.Unit, 6)
	p.X.Tick.Label.XAlign = draw.XCenter
	p.X.Label.Text = t.Unit.Label
	p.Y.Min, p.Y.Max = -0.7, float64(k)-0.3
	lbl := f.text(sizeTick, f.pal.text, draw.XRight, draw.YCenter)
	ticks := make(plot.ConstantTicks, k)
	for i, b := range bars {
		ticks[i] = plot.Tick{Value: float64(k - 1 - i), Label: wrapText(lbl, b.Label, area.Size().X*0.24, 2)}
	}
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Label = lbl

	p.Add(plotFunc(func(dc draw.Canvas, p *plot.Plot) {
		trX, trY := p.Transforms(&dc)
		grid := f.line(f.pal.grid, 0.75)
		for _, v := range xt {
			dc.StrokeLine2(grid, trX(v), dc.Min.Y, trX(v), dc.Max.Y)
		}
		half := 0.34
		bx := trX(t.Base)
		valSt := f.text(sizeLabel, f.pal.text, draw.XLeft, draw.YCenter)
		for i, b := range bars {
			y := float64(k - 1 - i)
			y0, y1 := trY(y-half), trY(y+half)
			for _, side := range []struct {
				v   float64
				clr vgColor
			}{{b.Low, lowC}, {b.High, highC}} {
				x := trX(side.v)
				if math.Abs(float64(x-bx)) < float64(f.pt(0.5)) {
					continue
				}
				dc.FillPolygon(side.clr, rectPts(min(x, bx), y0, max(x, bx), y1))
				st := valSt
				lx := x + f.pt(4)
				if x < bx {
					st.XAlign = draw.XRight
					lx = x - f.pt(4)
				}
				dc.FillText(st, vg.Point{X: lx, Y: trY(y)}, t.Unit.FormatDelta(side.v-t.Base))
			}
		}
		dc.StrokeLine2(f.line(f.pal.text, 1.2), bx, dc.Min.Y, bx, dc.Max.Y)
		st := f.text(sizeLabel, f.pal.text, draw.XCenter, draw.YBottom)
		dc.FillText(st, vg.Point{X: bx, Y: dc.Max.Y + f.pt(3)}, baseL+" "+t.Unit.Format(t.Base))
	}))
	top := f.text(sizeLabel, f.pal.text, draw.XCenter, draw.YBottom)
	area.Max.Y -= top.Height("Ag") + f.pt(6)
	p.Draw(area)
}
