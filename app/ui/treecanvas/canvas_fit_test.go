package ui_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui"
)

// texts returns the canvas texts the canvas currently draws.
func texts(c *ui.TreeCanvas) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.WidgetRenderer(c).Objects() {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			out = append(out, t)
		}
	}
	return out
}

func TestTreeCanvas_FitReadable(t *testing.T) {
	for _, o := range []ui.Orientation{ui.LeftToRight, ui.TopDown} {
		t.Run("should fit the canonical tree at ≥ 90 % in the default window's canvas pane", func(t *testing.T) {
			s, _ := newShell(t) // 1280×800, the default window size
			c := s.Canvas()
			c.SetOrientation(o)
			c.Fit()
			if z := c.Zoom(); z < 0.9 || z > 1 {
				t.Fatalf("orientation %d: fit zoom %.3f in a %v pane, want 0.9–1", o, z, c.Size())
			}
			size := c.Size()
			for _, id := range c.ShownIDs() {
				p, bs, _ := c.BoxRect(id)
				if p.X < 0 || p.Y < 0 || p.X+bs.Width > size.Width || p.Y+bs.Height > size.Height {
					t.Errorf("box %s at %v size %v is outside the %v pane", id, p, bs, size)
				}
			}
			for _, tx := range texts(c) {
				if tx.TextSize < 10.5 {
					t.Errorf("text %q is %.1f px after Fit, want ≥ ~11", tx.Text, tx.TextSize)
				}
			}
		})
	}
	t.Run("should never fit above 100 %, where boxes have their natural size", func(t *testing.T) {
		c, w := newCanvas(t, smallTree())
		w.Resize(fyne.NewSize(2400, 1600))
		c.Fit()
		if c.Zoom() != 1 {
			t.Fatalf("zoom = %v, want 1", c.Zoom())
		}
	})
	t.Run("should draw box names at ≥ 11 px at zoom 1", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.SetZoom(1)
		var found bool
		for _, tx := range texts(c) {
			if tx.Text == "Root" {
				found = true
				if tx.TextSize < 11 {
					t.Errorf("name size %.1f, want ≥ 11", tx.TextSize)
				}
			}
		}
		if !found {
			t.Fatal("the root's name is not drawn")
		}
	})
	t.Run("should wrap a long name onto a second line instead of cutting it", func(t *testing.T) {
		c, _ := newCanvas(t, []ui.BoxModel{{ID: "x", Name: "Average add-on unit price"}})
		c.SetZoom(1)
		var got []string
		for _, tx := range texts(c) {
			got = append(got, tx.Text)
		}
		if !contains(got, "Average add-on") || !contains(got, "unit price") {
			t.Errorf("texts %q, want the name on two lines", got)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
