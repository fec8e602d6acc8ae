package treecanvas

import (
	"fmt"
	"image/color"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// quadTree is n boxes where box i hangs under box (i−1)/4.
func quadTree(n int) []report.BoxModel {
	boxes := make([]report.BoxModel, n)
	for i := range boxes {
		boxes[i] = report.BoxModel{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("KPI %d", i)}
		if i > 0 {
			boxes[i].Parent = fmt.Sprintf("n%d", (i-1)/4)
		}
	}
	return boxes
}

// testColors are distinct colours, so a pixel tells what was drawn there.
const testBox, testBorder, testLine = 200, 201, 202

func colorsForTest() treeColors {
	return treeColors{
		bg:     color.NRGBA{A: 0},
		box:    color.NRGBA{R: testBox, A: 255},
		border: color.NRGBA{G: testBorder, A: 255},
		line:   color.NRGBA{B: testLine, A: 255},
	}
}

func TestDrawTreeImage(t *testing.T) {
	t.Run("should fill the box and leave the margin empty for a single box", func(t *testing.T) {
		boxes := quadTree(1)
		ti := indexBoxes(boxes)
		l := layoutTree(ti, make([]bool, 1), LeftToRight)
		img := drawTreeImage(ti, &l, LeftToRight, 100, 100, colorsForTest(), 4, 0)
		if got := img.NRGBAAt(50, 50); got != colorsForTest().box {
			t.Errorf("centre pixel %v, want the box colour", got)
		}
		if got := img.NRGBAAt(1, 1); got != colorsForTest().bg {
			t.Errorf("corner pixel %v, want the background", got)
		}
	})
	t.Run("should join parent and child with a connector", func(t *testing.T) {
		boxes := quadTree(2)
		ti := indexBoxes(boxes)
		l := layoutTree(ti, make([]bool, 2), LeftToRight)
		img := drawTreeImage(ti, &l, LeftToRight, 200, 60, colorsForTest(), 0, 0)
		f := fitPicture(l.size, 200, 60, 0)
		gap := f.toPic(fyne.NewPos(boxWidth+gapDepth/4, boxHeight/2))
		if got := img.NRGBAAt(int(gap.X), int(gap.Y)); got != colorsForTest().line {
			t.Errorf("pixel between the boxes %v, want the connector colour", got)
		}
	})
	t.Run("should still mark every box when boxes are smaller than a pixel", func(t *testing.T) {
		boxes := quadTree(10_000)
		ti := indexBoxes(boxes)
		l := layoutTree(ti, make([]bool, len(boxes)), TopDown)
		img := drawTreeImage(ti, &l, TopDown, 400, 280, colorsForTest(), 8, 0)
		f := fitPicture(l.size, 400, 280, 8)
		for _, i := range []int{0, 1, 5000, 9999} {
			p := f.toPic(l.pos[i])
			if got := img.NRGBAAt(int(p.X), int(p.Y)); got != colorsForTest().box {
				t.Errorf("box %d at pixel %v is %v, want the box colour", i, p, got)
			}
		}
	})
	t.Run("should cope with an empty tree and a zero size", func(t *testing.T) {
		ti := indexBoxes(nil)
		l := layoutTree(ti, nil, LeftToRight)
		img := drawTreeImage(ti, &l, LeftToRight, 0, 0, colorsForTest(), 4, 0)
		if b := img.Bounds(); b.Dx() != 1 || b.Dy() != 1 {
			t.Errorf("bounds %v, want a 1×1 picture", b)
		}
	})
}

func TestMinimapView_RedrawsOnlyAfterLayout(t *testing.T) {
	uitest.NewApp(t)
	c := New()
	c.SetBoxes(quadTree(2000))
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(800, 600))
	c.SetZoom(1)
	r := test.WidgetRenderer(c).(*treeRenderer)
	first := r.mini.pic.Image
	if first == nil || !c.MinimapShown() {
		t.Fatal("no overview picture for a tree that does not fit")
	}
	t.Run("should keep the picture while panning and zooming", func(t *testing.T) {
		c.Pan(-50, -20)
		c.ZoomOut()
		if r.mini.pic.Image != first {
			t.Fatal("panning redrew the overview picture")
		}
	})
	t.Run("should redraw the picture after the layout changed", func(t *testing.T) {
		c.SetCollapsed("n1", true)
		if r.mini.pic.Image == first {
			t.Fatal("collapsing a subtree did not redraw the overview")
		}
	})
}

// BenchmarkMinimap_Redraw measures drawing the overview picture of a
// 10,000-node tree (400×280 px, a 200×140 overview at 2× pixels): the cost
// paid once per layout change, never per pan or zoom.
func BenchmarkMinimap_Redraw(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			boxes := quadTree(n)
			ti := indexBoxes(boxes)
			l := layoutTree(ti, make([]bool, n), LeftToRight)
			b.ReportAllocs()
			for b.Loop() {
				drawTreeImage(ti, &l, LeftToRight, 400, 280, colorsForTest(), 8, 0)
			}
		})
	}
}
