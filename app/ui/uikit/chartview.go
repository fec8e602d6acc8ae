package uikit

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/kpitree/kpitree/app/chart"
)

// chartMinW and chartMinH are the smallest size, in points, a chart view
// asks for: below it gonum/plot's fixed-size titles, legend and tick
// labels crowd the plot, so a smaller pane scrolls instead. Panes showing
// charts side by side may ask for less width.
const chartMinW, chartMinH = 360, 170

// ChartView shows a chart drawn for the room it has on screen. A picture
// drawn at a fixed size and scaled to fit came out small in the bottom
// panes, with tick labels shrunk to a few pixels; the view instead asks
// for the figure to be drawn at its own size, and draws it again (in the
// background, the latest size winning) when the pane or the window is
// resized. Until then the previous picture is scaled to fit.
type ChartView struct {
	widget.BaseWidget
	img    *canvas.Image
	jobs   *Jobs // the pane's: resize redraws stop with the pane
	redraw *Coalescer[chartFrame]

	min fyne.Size // the view's minimum size, in points

	// UI-goroutine state.
	fig   chart.Figure // or nil: nothing to draw
	drawn image.Point  // pixel size img.Image was drawn at
}

// chartFrame is one figure to draw at w×h pixels.
type chartFrame struct {
	fig  chart.Figure
	w, h int
}

// NewChartView is a chart view whose work runs on j, at least minW points
// wide (chartMinW if 0) and chartMinH tall.
func NewChartView(j *Jobs, minW float32) *ChartView {
	if minW <= 0 {
		minW = chartMinW
	}
	v := &ChartView{img: canvas.NewImageFromImage(nil), jobs: j, min: fyne.NewSize(minW, chartMinH)}
	v.img.FillMode = canvas.ImageFillContain
	v.redraw = NewCoalescer(j, v.draw)
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer shows the picture filling the view.
func (v *ChartView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.img) }

// MinSize is the legible minimum, whatever the picture's size.
func (v *ChartView) MinSize() fyne.Size { return v.min }

// Resize lays the view out and redraws the chart for the new size.
func (v *ChartView) Resize(s fyne.Size) {
	v.BaseWidget.Resize(s)
	v.redrawForSize()
}

// Figure is the figure shown now; or nil.
func (v *ChartView) Figure() chart.Figure { return v.fig }

// Image is the picture shown now; or nil.
func (v *ChartView) Image() image.Image { return v.img.Image }

// Pixels is the size the figure should be drawn at: one pixel per point
// of the view, or the zero point before the view is laid out. Device
// pixels would be sharper on a high-density screen, but chart.RenderImage
// draws text at a fixed 96 dpi, so there the text would shrink by the
// screen's scale; Fyne scales this picture up instead, keeping the text
// at its size.
func (v *ChartView) Pixels() image.Point {
	s := v.Size()
	if s.Width < 1 || s.Height < 1 {
		return image.Point{}
	}
	return image.Pt(int(s.Width+0.5), int(s.Height+0.5))
}

// SizeOr is the view's pixel size, or w×h before it is laid out: what the
// pane draws a new figure at, so it rarely needs drawing twice.
func (v *ChartView) SizeOr(w, h int) image.Point {
	if px := v.Pixels(); px.X > 0 {
		return px
	}
	return image.Pt(w, h)
}

// SetChart shows fig, already drawn as img (either may be nil).
func (v *ChartView) SetChart(fig chart.Figure, img image.Image) {
	v.fig = fig
	v.img.Image = img
	v.drawn = image.Point{}
	if img != nil {
		v.drawn = img.Bounds().Size()
	}
	v.img.Refresh()
	v.redrawForSize()
}

// redrawForSize asks for the figure at the view's size unless the picture
// already has it (give or take a few pixels, so a one-pixel jitter of the
// layout does not redraw).
func (v *ChartView) redrawForSize() {
	px := v.Pixels()
	if v.fig == nil || px.X < 16 || px.Y < 16 {
		return
	}
	if d := px.Sub(v.drawn); d.X >= -4 && d.X <= 4 && d.Y >= -4 && d.Y <= 4 {
		return
	}
	v.redraw.Submit(chartFrame{fig: v.fig, w: px.X, h: px.Y})
}

// draw runs on the coalescer's goroutine. Figures are not changed once
// built, so drawing one while the pane builds the next is safe.
func (v *ChartView) draw(f chartFrame) {
	img, err := chart.RenderImage(f.fig, f.w, f.h)
	v.jobs.OnUI(func() {
		if err != nil || f.fig != v.fig {
			return // the pane has shown a newer figure (and its errors) meanwhile
		}
		v.img.Image, v.drawn = img, image.Pt(f.w, f.h)
		v.img.Refresh()
	})
}
