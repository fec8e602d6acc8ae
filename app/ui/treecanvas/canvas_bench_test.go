package treecanvas_test

import (
	"fmt"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
)

func benchCanvas(b *testing.B, n int) (*treecanvas.Canvas, []report.BoxModel) {
	b.Helper()
	uitest.NewApp(b)
	boxes := bigTree(n)
	c := treecanvas.New()
	c.SetBoxes(boxes)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(1280, 800))
	c.Select(fmt.Sprintf("n%d", n-1)) // view a busy region, not empty space
	return c, boxes
}

// BenchmarkTreeCanvas_LayoutRefresh measures a full update after the tree
// changed: tidy layout of every node plus drawing the boxes in view.
func BenchmarkTreeCanvas_LayoutRefresh(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			c, boxes := benchCanvas(b, n)
			b.ReportAllocs()
			for b.Loop() {
				c.SetBoxes(boxes)
			}
		})
	}
}

// BenchmarkTreeCanvas_Pan measures a refresh without relayout (pan, zoom,
// selection): only the viewport's boxes are positioned.
func BenchmarkTreeCanvas_Pan(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			c, _ := benchCanvas(b, n)
			b.ReportAllocs()
			dx := float32(3)
			for b.Loop() {
				c.Pan(dx, 0)
				dx = -dx
			}
		})
	}
}

// BenchmarkTreeCanvas_Frame measures what one interactive step costs on a
// 10,000-node tree, headless: a pan step or a zoom step, each running the
// renderer's refresh (virtualised: only boxes in view get objects, and
// the overview picture is not redrawn). 1e9 / (ns/op) is the frame rate
// the canvas logic allows; the GL driver's painting comes on top. With
// minimap=off the overview is disabled, to show it costs nothing per step.
func BenchmarkTreeCanvas_Frame(b *testing.B) {
	const n = 10_000
	for _, mini := range []bool{true, false} {
		steps := []struct {
			name string
			step func(c *treecanvas.Canvas, k int)
		}{
			{"pan", func(c *treecanvas.Canvas, k int) { c.Pan(float32(3-6*(k&1)), 2) }},
			{"zoom", func(c *treecanvas.Canvas, k int) {
				if k&1 == 0 {
					c.ZoomIn()
				} else {
					c.ZoomOut()
				}
			}},
		}
		for _, st := range steps {
			b.Run(fmt.Sprintf("step=%s/minimap=%v", st.name, mini), func(b *testing.B) {
				c, _ := benchCanvas(b, n)
				c.SetMinimapEnabled(mini)
				if c.MinimapShown() != mini {
					b.Fatalf("minimap shown = %v, want %v", c.MinimapShown(), mini)
				}
				b.ReportAllocs()
				k := 0
				for b.Loop() {
					st.step(c, k)
					k++
				}
			})
		}
	}
}

// BenchmarkTreeCanvas_FramePainted adds the headless software painter
// (Canvas.Capture of the 1280×800 window) to a pan step. It is far slower
// than the GL driver and is reported only as an upper bound.
func BenchmarkTreeCanvas_FramePainted(b *testing.B) {
	c, _ := benchCanvas(b, 10_000)
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		c.Pan(float32(3-6*(k&1)), 2)
		cv.Capture()
		k++
	}
}

// BenchmarkTreeCanvas_FrameReported is BenchmarkTreeCanvas_Frame's pan
// step on a 10,000-node tree where every box has a reported actual and
// every third one a gap beyond the threshold: the worst case for the
// reconciliation line, which must keep the frame budget.
func BenchmarkTreeCanvas_FrameReported(b *testing.B) {
	c, boxes := benchCanvas(b, 10_000)
	for i := range boxes {
		boxes[i].ReportedText, boxes[i].ReportedShort = "reported 1,212", "rep. 1,212"
		boxes[i].GapText, boxes[i].GapAlert = "+1.8%", i%3 == 0
	}
	c.SetBoxes(boxes) // keeps the selection, and so the busy region in view
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		c.Pan(float32(3-6*(k&1)), 2)
		k++
	}
}
