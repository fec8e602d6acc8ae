package treecanvas_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui/treecanvas"
)

// TestTreeCanvas_Golden renders the canonical tree with the embedded-font
// theme (system fonts would make the pixels machine-dependent) and compares
// it with the golden image, with Fyne's tolerance for anti-aliasing.
func TestTreeCanvas_Golden(t *testing.T) {
	newApp(t)
	for _, tt := range []struct {
		name   string
		ja     bool
		orient treecanvas.Orientation
		golden string
	}{
		{"English, left to right", false, treecanvas.LeftToRight, "canvas_canonical_en.png"},
		{"Japanese, top down", true, treecanvas.TopDown, "canvas_canonical_ja.png"},
	} {
		t.Run("should draw the canonical tree in "+tt.name, func(t *testing.T) {
			lang := "en"
			if tt.ja {
				lang = "ja"
			}
			c, w := newCanvas(t, sampleBoxes(t, lang))
			w.Resize(fyne.NewSize(1000, 520))
			c.SetOrientation(tt.orient)
			c.SetZoom(1)
			c.Fit()
			c.Select("active_rate")
			test.AssertImageMatches(t, tt.golden, w.Canvas().Capture())
		})
	}
}
