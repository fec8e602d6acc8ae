package ui_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
)

// TestShell_FitReadable: the panes' default sizes leave the canvas room
// to fit the canonical tree at a zoom where its text stays legible.
func TestShell_FitReadable(t *testing.T) {
	for _, o := range []treecanvas.Orientation{treecanvas.LeftToRight, treecanvas.TopDown} {
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
			for _, tx := range uitest.DrawnTexts(c) {
				if tx.TextSize < 10.5 {
					t.Errorf("text %q is %.1f px after Fit, want ≥ ~11", tx.Text, tx.TextSize)
				}
			}
		})
	}
}
