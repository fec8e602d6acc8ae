package treecanvas_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
)

// treeBounds returns the screen rectangle covering every shown box.
func treeBounds(c *treecanvas.Canvas) (x0, y0, x1, y1 float32) {
	first := true
	for _, id := range c.ShownIDs() {
		p, s, _ := c.BoxRect(id)
		if first {
			x0, y0, x1, y1 = p.X, p.Y, p.X+s.Width, p.Y+s.Height
			first = false
			continue
		}
		x0, y0 = min(x0, p.X), min(y0, p.Y)
		x1, y1 = max(x1, p.X+s.Width), max(y1, p.Y+s.Height)
	}
	return
}

// toMinimap maps a screen point of the canvas to the overview, derived
// from the public geometry: the tree's bounds scaled uniformly into the
// overview frame less its 4-unit padding, centred.
func toMinimap(c *treecanvas.Canvas, p fyne.Position) fyne.Position {
	mp, ms := c.MinimapRect()
	x0, y0, x1, y1 := treeBounds(c)
	tw, th := (x1-x0)/c.Zoom(), (y1-y0)/c.Zoom() // tree size in canvas units
	s := min((ms.Width-8)/tw, (ms.Height-8)/th)
	ox, oy := (ms.Width-tw*s)/2, (ms.Height-th*s)/2
	return fyne.NewPos(mp.X+ox+(p.X-x0)/c.Zoom()*s, mp.Y+oy+(p.Y-y0)/c.Zoom()*s)
}

func near(a, b fyne.Position, tol float32) bool {
	return abs(a.X-b.X) <= tol && abs(a.Y-b.Y) <= tol
}

func TestMinimap_Visibility(t *testing.T) {
	newApp(t)
	t.Run("should hide the overview when the whole tree is in view", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.Fit()
		if c.MinimapShown() {
			t.Fatal("overview shown for a tree that fits")
		}
	})
	t.Run("should show the overview in the bottom-right corner when the tree does not fit", func(t *testing.T) {
		c, _ := newCanvas(t, bigTree(1000))
		c.SetZoom(1)
		if !c.MinimapShown() {
			t.Fatal("overview hidden for a 1,000-node tree at 100 %")
		}
		p, s := c.MinimapRect()
		size := c.Size()
		if p.X < size.Width/2 || p.Y < size.Height/2 || p.X+s.Width > size.Width || p.Y+s.Height > size.Height {
			t.Errorf("overview at %v size %v, want inside the bottom-right quarter of %v", p, s, size)
		}
		if s.Width > 0.36*size.Width || s.Height > 0.36*size.Height {
			t.Errorf("overview %v covers too much of the %v view", s, size)
		}
	})
	t.Run("should toggle with the M key and stay off", func(t *testing.T) {
		c, _ := newCanvas(t, bigTree(1000))
		c.SetZoom(1)
		c.TypedRune('m')
		if c.MinimapShown() || c.MinimapEnabled() {
			t.Fatal("M did not turn the overview off")
		}
		c.Pan(-500, -500)
		if c.MinimapShown() {
			t.Fatal("the overview came back by itself")
		}
		c.TypedRune('m')
		if !c.MinimapShown() {
			t.Fatal("M did not turn the overview back on")
		}
	})
}

func TestMinimap_Viewport(t *testing.T) {
	newApp(t)
	for _, o := range []treecanvas.Orientation{treecanvas.LeftToRight, treecanvas.TopDown} {
		t.Run("should draw the view's rectangle where the view is in the tree", func(t *testing.T) {
			c, _ := newCanvas(t, bigTree(300))
			c.SetOrientation(o)
			c.SetZoom(0.5)
			c.Pan(-100, -150) // somewhere inside, not at an edge
			vp, vs := c.MinimapViewport()
			size := c.Size()
			wantTL := toMinimap(c, fyne.Position{})
			wantBR := toMinimap(c, fyne.NewPos(size.Width, size.Height))
			mp, ms := c.MinimapRect()
			// The rectangle is clipped to the overview's frame.
			wantTL = fyne.NewPos(max(wantTL.X, mp.X), max(wantTL.Y, mp.Y))
			wantBR = fyne.NewPos(min(wantBR.X, mp.X+ms.Width), min(wantBR.Y, mp.Y+ms.Height))
			if !near(vp, wantTL, 1) || !near(vp.AddXY(vs.Width, vs.Height), wantBR, 1) {
				t.Errorf("orientation %d: viewport %v–%v, want %v–%v", o, vp, vp.AddXY(vs.Width, vs.Height), wantTL, wantBR)
			}
			if vs.Width <= 0 || vs.Height <= 0 {
				t.Errorf("viewport rectangle is empty: %v", vs)
			}
		})
	}
	t.Run("should move the rectangle when the view pans", func(t *testing.T) {
		c, _ := newCanvas(t, bigTree(1000))
		c.SetZoom(0.5)
		before, _ := c.MinimapViewport()
		c.Pan(-40, 0) // the view moves right over the tree
		after, _ := c.MinimapViewport()
		if !(after.X > before.X) {
			t.Errorf("viewport x %v → %v, want it to move right", before.X, after.X)
		}
	})
}

func TestMinimap_TapAndDragPan(t *testing.T) {
	newApp(t)
	t.Run("should centre the view on the tapped spot", func(t *testing.T) {
		c, _ := newCanvas(t, bigTree(1000))
		c.SetZoom(1)
		c.Select("n0")
		target := "n999"
		p, s, _ := c.BoxRect(target)
		at := toMinimap(c, p.AddXY(s.Width/2, s.Height/2))
		test.TapAt(c, at)
		p, s, _ = c.BoxRect(target)
		size := c.Size()
		if got, want := p.AddXY(s.Width/2, s.Height/2), fyne.NewPos(size.Width/2, size.Height/2); !near(got, want, 12) {
			t.Errorf("box %s centre at %v after tapping the overview, want near %v", target, got, want)
		}
		if c.Primary() != "n0" {
			t.Errorf("tapping the overview changed the selection to %q", c.Primary())
		}
	})
	t.Run("should follow a drag that starts on the overview instead of moving a box", func(t *testing.T) {
		var reparented bool
		c, _ := newCanvas(t, bigTree(1000))
		c.OnReparent = func(string, string) { reparented = true }
		c.SetZoom(1)
		mp, ms := c.MinimapRect()
		start := mp.AddXY(ms.Width*0.2, ms.Height*0.5)
		// Two steps as the driver sends them: the current position and
		// the movement since the last event.
		for _, d := range []fyne.Delta{{DX: ms.Width * 0.2}, {DX: ms.Width * 0.3}} {
			start = start.AddXY(d.DX, d.DY)
			c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: start}, Dragged: d})
		}
		start = mp.AddXY(ms.Width*0.2, ms.Height*0.5)
		c.DragEnd()
		end := start.AddXY(ms.Width*0.5, 0)
		// The view's centre is now the tree point under the drag's end.
		size := c.Size()
		centre := toMinimap(c, fyne.NewPos(size.Width/2, size.Height/2))
		if !near(centre, end, 1.5) {
			t.Errorf("view centre maps to %v on the overview, want %v", centre, end)
		}
		if reparented {
			t.Error("a drag on the overview moved a box")
		}
	})
	t.Run("should pan the tree, not the overview, when dragging elsewhere", func(t *testing.T) {
		c, w := newCanvas(t, bigTree(1000))
		c.SetZoom(1)
		before := c.Offset()
		test.Drag(w.Canvas(), fyne.NewPos(5, 5), 30, 20)
		c.DragEnd()
		if got := c.Offset(); !near(got, before.AddXY(30, 20), 0.01) {
			t.Errorf("offset %v → %v, want moved by (30, 20)", before, got)
		}
	})
}

func TestTreeCanvas_ViewMenu(t *testing.T) {
	newApp(t)
	t.Run("should offer Fit and a checked overview toggle that turns it off", func(t *testing.T) {
		c, _ := newCanvas(t, bigTree(1000))
		c.SetZoom(1)
		m := c.ViewMenu()
		if got := uitest.MenuLabels(m); len(got) != 2 || got[0] != "Fit" || got[1] != "Overview map (M)" {
			t.Fatalf("view menu %q", got)
		}
		if !m.Items[1].Checked {
			t.Error("overview item unchecked while the overview is enabled")
		}
		m.Items[1].Action()
		if c.MinimapShown() || c.ViewMenu().Items[1].Checked {
			t.Error("the menu item did not turn the overview off")
		}
	})
}

// TestMinimap_Golden renders a tree that does not fit, with the overview
// in the corner and the view's rectangle on it.
func TestMinimap_Golden(t *testing.T) {
	newApp(t)
	c, w := newCanvas(t, bigTree(40))
	w.Resize(fyne.NewSize(720, 420))
	c.SetOrientation(treecanvas.TopDown)
	c.SetZoom(0.7)
	c.Select("n21")
	test.AssertImageMatches(t, "minimap_topdown.png", w.Canvas().Capture())
}
