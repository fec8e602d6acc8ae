package treecanvas_test

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestTreeCanvas_FitReadable(t *testing.T) {
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
		for _, tx := range uitest.DrawnTexts(c) {
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
		c, _ := newCanvas(t, []report.BoxModel{{ID: "x", Name: "Average add-on unit price"}})
		c.SetZoom(1)
		var got []string
		for _, tx := range uitest.DrawnTexts(c) {
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
