package treecanvas

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/kpitree/kpitree/app/report"
)

// treeColors are the colours of a tree drawn as a small picture (minimap,
// template preview).
type treeColors struct {
	bg, box, border, line color.NRGBA
}

// toNRGBA converts a theme colour once, so the pixel loops below copy four
// bytes instead of calling the color.Color interface per pixel.
func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// Preview draws boxes top-down as the canvas lays them out, in the
// current theme's colours, into a w×h picture (a template's card in the
// gallery). A box is at most a quarter of the width across, so a
// one-box tree previews as a box, not as a picture-filling slab.
func Preview(boxes []report.BoxModel, w, h int) image.Image {
	ti := indexBoxes(boxes)
	lay := layoutTree(ti, make([]bool, len(boxes)), TopDown)
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	return drawTreeImage(ti, &lay, TopDown, w, h, treeColors{
		bg:     toNRGBA(th.Color(theme.ColorNameBackground, v)),
		box:    toNRGBA(th.Color(theme.ColorNameInputBackground, v)),
		border: toNRGBA(th.Color(theme.ColorNamePrimary, v)),
		line:   toNRGBA(th.Color(theme.ColorNamePlaceHolder, v)),
	}, 8, float32(w)/(4*boxWidth))
}

// miniFit maps canvas units to picture pixels: the layout's bounding box
// scaled uniformly to fit w×h less pad, and centred.
type miniFit struct {
	scale, ox, oy float32
}

func fitPicture(size fyne.Size, w, h, pad float32) miniFit {
	if size.Width <= 0 || size.Height <= 0 {
		return miniFit{scale: 1, ox: pad, oy: pad}
	}
	s := min((w-2*pad)/size.Width, (h-2*pad)/size.Height)
	s = max(s, 0)
	return miniFit{
		scale: s,
		ox:    (w - size.Width*s) / 2,
		oy:    (h - size.Height*s) / 2,
	}
}

// toPic converts a canvas-unit point to picture coordinates.
func (f miniFit) toPic(p fyne.Position) fyne.Position {
	return fyne.NewPos(f.ox+p.X*f.scale, f.oy+p.Y*f.scale)
}

// toModel converts a picture point back to canvas units.
func (f miniFit) toModel(p fyne.Position) fyne.Position {
	if f.scale == 0 {
		return fyne.Position{}
	}
	return fyne.NewPos((p.X-f.ox)/f.scale, (p.Y-f.oy)/f.scale)
}

// drawTreeImage draws the shown boxes of a laid-out tree as filled
// rectangles joined by elbow connectors, into a w×h picture with pad
// pixels of margin. It touches
// each box once and writes pixels directly, so 10,000 boxes cost a few
// milliseconds; callers cache the result until the layout changes.
//
// maxScale caps pixels per canvas unit (0 = no cap), so a one-box tree
// previews as a box, not as a picture-filling slab; the minimap passes 0
// because its viewport mapping assumes the uncapped fit.
func drawTreeImage(ti treeIndex, l *treeLayout, o Orientation, w, h int, col treeColors, pad, maxScale float32) *image.NRGBA {
	w, h = max(w, 1), max(h, 1)
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	fillRect(img, 0, 0, w, h, col.bg)
	if len(l.visible) == 0 {
		return img
	}
	f := fitPicture(l.size, float32(w), float32(h), pad)
	if maxScale > 0 && f.scale > maxScale {
		f.scale = maxScale
		f.ox = (float32(w) - l.size.Width*f.scale) / 2
		f.oy = (float32(h) - l.size.Height*f.scale) / 2
	}
	bw, bh := boxWidth*f.scale, boxHeight*f.scale
	// Connectors first, so boxes cover their ends.
	for _, k := range l.visible {
		p := ti.parent[k]
		if p < 0 || !l.shown[p] {
			continue
		}
		pp, kp := f.toPic(l.pos[p]), f.toPic(l.pos[k])
		if o == TopDown {
			ax, ay := pp.X+bw/2, pp.Y+bh
			bx, by := kp.X+bw/2, kp.Y
			mid := (ay + by) / 2
			vline(img, ax, ay, mid, col.line)
			hline(img, ax, bx, mid, col.line)
			vline(img, bx, mid, by, col.line)
		} else {
			ax, ay := pp.X+bw, pp.Y+bh/2
			bx, by := kp.X, kp.Y+bh/2
			mid := (ax + bx) / 2
			hline(img, ax, mid, ay, col.line)
			vline(img, mid, ay, by, col.line)
			hline(img, mid, bx, by, col.line)
		}
	}
	outline := bw >= 6 && bh >= 4
	for _, i := range l.visible {
		p := f.toPic(l.pos[i])
		x0, y0 := int(p.X), int(p.Y)
		x1, y1 := max(x0+1, int(math.Ceil(float64(p.X+bw)))), max(y0+1, int(math.Ceil(float64(p.Y+bh))))
		if outline {
			fillRect(img, x0, y0, x1, y1, col.border)
			fillRect(img, x0+1, y0+1, x1-1, y1-1, col.box)
		} else {
			fillRect(img, x0, y0, x1, y1, col.box)
		}
	}
	return img
}

// fillRect fills [x0,x1)×[y0,y1), clipped to the picture.
func fillRect(img *image.NRGBA, x0, y0, x1, y1 int, c color.NRGBA) {
	b := img.Rect
	x0, y0 = max(x0, b.Min.X), max(y0, b.Min.Y)
	x1, y1 = min(x1, b.Max.X), min(y1, b.Max.Y)
	if x0 >= x1 || y0 >= y1 {
		return
	}
	px := [4]uint8{c.R, c.G, c.B, c.A}
	for y := y0; y < y1; y++ {
		row := img.Pix[img.PixOffset(x0, y) : img.PixOffset(x1-1, y)+4]
		for k := 0; k < len(row); k += 4 {
			copy(row[k:k+4], px[:])
		}
	}
}

func hline(img *image.NRGBA, xa, xb, y float32, c color.NRGBA) {
	x0, x1 := int(min(xa, xb)), int(max(xa, xb))+1
	fillRect(img, x0, int(y), x1, int(y)+1, c)
}

func vline(img *image.NRGBA, x, ya, yb float32, c color.NRGBA) {
	y0, y1 := int(min(ya, yb)), int(max(ya, yb))+1
	fillRect(img, int(x), y0, int(x)+1, y1, c)
}
