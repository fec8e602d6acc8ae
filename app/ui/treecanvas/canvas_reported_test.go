package treecanvas_test

import (
	"image/color"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
)

// canvasTexts returns the texts the canvas draws, and the colour of each.
func canvasTexts(c *treecanvas.Canvas) (out []string, colours map[string]color.Color) {
	colours = map[string]color.Color{}
	for _, tx := range uitest.DrawnTexts(c) {
		out = append(out, tx.Text)
		colours[tx.Text] = tx.Color
	}
	return out, colours
}

func TestTreeCanvas_Reported(t *testing.T) {
	a := newApp(t)
	boxes := []report.BoxModel{
		{ID: "root", Name: "Revenue", ValueText: "¥8.83M/month", DeltaText: "−0.3%", ReportedText: "reported ¥8.66M",
			ReportedShort: "rep. ¥8.66M", GapText: "+1.9%", Spark: []float64{1, 2, 3}},
		{ID: "a", Parent: "root", Name: "Active customers", ValueText: "663", ReportedText: "reported 700",
			ReportedShort: "rep. 700", GapText: "−5.3%", GapAlert: true},
		{ID: "b", Parent: "root", Name: "Price", ValueText: "¥13,315"},
	}
	c, _ := newCanvas(t, boxes)
	c.SetZoom(1)
	got, colours := canvasTexts(c)
	t.Run("should draw the reported value and the gap on the box", func(t *testing.T) {
		for _, want := range []string{"reported 700", "−5.3%", "+1.9%"} {
			if !slices.Contains(got, want) {
				t.Errorf("texts %q lack %q", got, want)
			}
		}
	})
	t.Run("should shorten the label, not the gap, when both do not fit", func(t *testing.T) {
		if !slices.Contains(got, "rep. ¥8.66M") {
			t.Errorf("texts %q lack the short label", got)
		}
	})
	t.Run("should draw a gap beyond the threshold in the warning colour only", func(t *testing.T) {
		th := a.Settings().Theme()
		v := a.Settings().ThemeVariant()
		if c := colours["−5.3%"]; c != th.Color(theme.ColorNameWarning, v) {
			t.Errorf("alert gap colour %v, want the warning colour", c)
		}
		if c := colours["+1.9%"]; c == th.Color(theme.ColorNameWarning, v) {
			t.Error("a gap within the threshold is drawn as a warning")
		}
	})
	t.Run("should keep every text of a reported box inside the box", func(t *testing.T) {
		for _, id := range []string{"root", "a"} {
			p, s, _ := c.BoxRect(id)
			for _, tx := range uitest.DrawnTexts(c) {
				tp := tx.Position()
				if tp.X < p.X || tp.X > p.X+s.Width || tp.Y < p.Y || tp.Y > p.Y+s.Height {
					continue // another box's text
				}
				h := fyne.MeasureText(tx.Text, tx.TextSize, tx.TextStyle).Height
				if bottom := tp.Y + h; bottom > p.Y+s.Height+0.5 {
					t.Errorf("%s: text %q ends at %.1f, below the box bottom %.1f", id, tx.Text, bottom, p.Y+s.Height)
				}
			}
		}
	})
	t.Run("should draw no reconciliation line on a box without a reported actual", func(t *testing.T) {
		n := 0
		for _, tx := range got {
			if strings.HasPrefix(tx, "rep") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d reconciliation lines for 2 reported boxes: %q", n, got)
		}
	})
}
