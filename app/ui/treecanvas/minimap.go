package treecanvas

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Minimap geometry in screen units: the overview sits in the canvas's
// bottom-right corner, at most this large, keeping the tree's aspect.
const (
	minimapMaxW   float32 = 200
	minimapMaxH   float32 = 140
	minimapMinDim float32 = 36 // a chain-shaped tree still gets a tappable strip
	minimapMargin float32 = 12
	minimapPad    float32 = 4 // inside the frame, around the picture
	// minimapPixels is the picture's pixels per screen unit: 2 keeps it
	// crisp on HiDPI screens and costs little (it is drawn once per layout).
	minimapPixels = 2
)

// SetMinimapEnabled turns the overview in the corner on or off. When on
// (the default) it shows only while the tree does not fit the view.
func (c *Canvas) SetMinimapEnabled(on bool) {
	if c.minimapOff == !on {
		return
	}
	c.minimapOff = !on
	c.Refresh()
}

// MinimapEnabled reports whether the overview may show (see SetMinimapEnabled).
func (c *Canvas) MinimapEnabled() bool { return !c.minimapOff }

// ToggleMinimap flips SetMinimapEnabled (the M key).
func (c *Canvas) ToggleMinimap() { c.SetMinimapEnabled(c.minimapOff) }

// MinimapShown reports whether the overview is on screen: it is enabled
// and part of the shown tree lies outside the view.
func (c *Canvas) MinimapShown() bool {
	if c.minimapOff {
		return false
	}
	l := c.layout()
	s := c.Size()
	if len(l.visible) == 0 || s.IsZero() {
		return false
	}
	const slack = 0.5 // float rounding after Fit must not flash the overview
	x0, y0 := c.offset.X, c.offset.Y
	x1, y1 := x0+l.size.Width*c.zoom, y0+l.size.Height*c.zoom
	return x0 < -slack || y0 < -slack || x1 > s.Width+slack || y1 > s.Height+slack
}

// MinimapRect returns the overview's frame in widget coordinates.
func (c *Canvas) MinimapRect() (fyne.Position, fyne.Size) {
	pos, size, _ := c.minimapGeom()
	return pos, size
}

// MinimapViewport returns the rectangle the overview draws for the part of
// the tree in view, in widget coordinates, clipped to the overview.
func (c *Canvas) MinimapViewport() (fyne.Position, fyne.Size) {
	pos, size, f := c.minimapGeom()
	s := c.Size()
	tl := pos.Add(f.toPic(c.toModel(fyne.Position{})))
	br := pos.Add(f.toPic(c.toModel(fyne.NewPos(s.Width, s.Height))))
	x0, y0 := max(tl.X, pos.X), max(tl.Y, pos.Y)
	x1, y1 := min(br.X, pos.X+size.Width), min(br.Y, pos.Y+size.Height)
	return fyne.NewPos(x0, y0), fyne.NewSize(max(x1-x0, 0), max(y1-y0, 0))
}

// minimapGeom returns the overview's frame and the mapping from canvas
// units to frame-relative screen units.
func (c *Canvas) minimapGeom() (fyne.Position, fyne.Size, miniFit) {
	l := c.layout()
	s := c.Size()
	// Never more than about a third of the view, so it cannot hide the tree.
	maxW := min(minimapMaxW, s.Width*0.35)
	maxH := min(minimapMaxH, s.Height*0.35)
	w, h := maxW, maxH
	if l.size.Width > 0 && l.size.Height > 0 {
		aspect := l.size.Width / l.size.Height
		if maxW/maxH > aspect {
			w = maxH * aspect
		} else {
			h = maxW / aspect
		}
	}
	w, h = max(w, min(minimapMinDim, maxW)), max(h, min(minimapMinDim, maxH))
	pos := fyne.NewPos(s.Width-w-minimapMargin, s.Height-h-minimapMargin)
	return pos, fyne.NewSize(w, h), fitPicture(l.size, w, h, minimapPad)
}

// onMinimap reports whether screen position p is on the shown overview.
func (c *Canvas) onMinimap(p fyne.Position) bool {
	if !c.MinimapShown() {
		return false
	}
	pos, size, _ := c.minimapGeom()
	return p.X >= pos.X && p.Y >= pos.Y && p.X <= pos.X+size.Width && p.Y <= pos.Y+size.Height
}

// minimapPanTo pans so the tree point under overview position p is at the
// centre of the view.
func (c *Canvas) minimapPanTo(p fyne.Position) {
	pos, _, f := c.minimapGeom()
	m := f.toModel(p.Subtract(pos))
	s := c.Size()
	c.offset = fyne.NewPos(s.Width/2-m.X*c.zoom, s.Height/2-m.Y*c.zoom)
	c.Refresh()
}

// minimapView is the overview's canvas objects: a frame, one picture of
// all boxes and the viewport rectangle. The picture is redrawn only when
// the layout (or its size or colours) changed, so panning and zooming cost
// two rectangle moves whatever the tree's size.
type minimapView struct {
	frame, view *canvas.Rectangle
	pic         *canvas.Image
	gen         uint64 // layout generation drawn; 0 = none yet
	w, h        int
	cols        treeColors
}

func newMinimapView() *minimapView {
	m := &minimapView{
		frame: canvas.NewRectangle(color.Transparent),
		view:  canvas.NewRectangle(color.Transparent),
		pic:   canvas.NewImageFromImage(nil),
	}
	m.pic.ScaleMode = canvas.ImageScaleSmooth
	m.pic.FillMode = canvas.ImageFillStretch
	return m
}

// update positions the overview and appends its objects to r.objects when
// it is shown.
func (m *minimapView) update(r *treeRenderer, pal palette) {
	c := r.c
	if !c.MinimapShown() {
		return
	}
	pos, size, _ := c.minimapGeom()
	// Opaque: box texts showing through would look like part of the map.
	m.frame.FillColor = withAlpha(pal.bg, 0xff)
	m.frame.StrokeColor = pal.border
	m.frame.StrokeWidth = 1
	m.frame.CornerRadius = 4
	m.frame.Move(pos)
	m.frame.Resize(size)

	w, h := int(size.Width*minimapPixels), int(size.Height*minimapPixels)
	cols := treeColors{
		bg:     color.NRGBA{},
		box:    toNRGBA(pal.muted),
		border: toNRGBA(pal.muted),
		line:   toNRGBA(withAlpha(pal.muted, 0x90)),
	}
	if m.gen != c.layGen || m.w != w || m.h != h || m.cols != cols {
		m.gen, m.w, m.h, m.cols = c.layGen, w, h, cols
		m.pic.Image = drawTreeImage(c.ti, c.layout(), c.orient, w, h, cols, minimapPad*minimapPixels, 0)
		m.pic.Refresh()
	}
	m.pic.Move(pos)
	m.pic.Resize(size)

	vp, vs := c.MinimapViewport()
	m.view.FillColor = withAlpha(pal.primary, 0x30)
	m.view.StrokeColor = pal.primary
	m.view.StrokeWidth = 1.5
	m.view.Move(vp)
	m.view.Resize(vs)
	r.objects = append(r.objects, m.frame, m.pic, m.view)
}
