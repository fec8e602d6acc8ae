package ui_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui"
)

// TestTreeCanvas_Golden renders the canonical tree with the embedded-font
// theme (system fonts would make the pixels machine-dependent) and compares
// it with the golden image, with Fyne's tolerance for anti-aliasing.
func TestTreeCanvas_Golden(t *testing.T) {
	newApp(t)
	for _, tt := range []struct {
		name   string
		ja     bool
		orient ui.Orientation
		golden string
	}{
		{"English, left to right", false, ui.LeftToRight, "canvas_canonical_en.png"},
		{"Japanese, top down", true, ui.TopDown, "canvas_canonical_ja.png"},
	} {
		t.Run("should draw the canonical tree in "+tt.name, func(t *testing.T) {
			lang := "en"
			if tt.ja {
				lang = "ja"
			}
			d := sampleWorkspace(t, lang)
			c, w := newCanvas(t, ui.BuildBoxes(d.Snapshot()))
			w.Resize(fyne.NewSize(1000, 520))
			c.SetOrientation(tt.orient)
			c.SetZoom(1)
			c.Fit()
			c.Select("active_rate")
			test.AssertImageMatches(t, tt.golden, w.Canvas().Capture())
		})
	}
}
