package theme_test

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/theme"
)

// captureText draws s at size in black on white with the app theme at the
// given canvas scale, in a canvas.Text sized exactly as Fyne sizes it, and
// returns the captured image.
func captureText(t *testing.T, s string, size, scale float32) image.Image {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.ModeLight))
	txt := canvas.NewText(s, color.Black)
	txt.TextSize = size
	bg := canvas.NewRectangle(color.White)
	w := test.NewTempWindow(t, container.NewStack(bg, container.NewCenter(txt)))
	w.SetPadded(false)
	w.Canvas().(test.WindowlessCanvas).SetScale(scale)
	w.Resize(fyne.NewSize(40+size*float32(len(s)), size*3))
	return w.Canvas().Capture()
}

// inkRows returns, for each row, how many pixels are visibly darker than
// the white background (anti-aliased edges included).
func inkRows(img image.Image) []int { return inkRowsBelow(img, 0xd000) }

// inkRowsBelow is inkRows with the grey level (0–0xffff) under which a
// pixel counts as ink.
func inkRowsBelow(img image.Image, level uint32) []int {
	b := img.Bounds()
	rows := make([]int, b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < level {
				rows[y-b.Min.Y]++
			}
		}
	}
	return rows
}

// lowestInk is the last row with any ink, or -1.
func lowestInk(rows []int) int {
	for y := len(rows) - 1; y >= 0; y-- {
		if rows[y] > 0 {
			return y
		}
	}
	return -1
}

func TestTheme_TextBelowBaseline(t *testing.T) {
	for _, scale := range []float32{1, 1.25, 2} {
		for _, size := range []float32{12, 14, 20} {
			t.Run(fmt.Sprintf("should draw underscores whole at size %v, scale %v", size, scale), func(t *testing.T) {
				// given a run of underscores, whose glyph lies below the baseline
				img := captureText(t, "__________", size, scale)
				// then the line is drawn across most of its advance
				widest := 0
				for _, n := range inkRows(img) {
					widest = max(widest, n)
				}
				adv := fyne.MeasureText("__________", size, fyne.TextStyle{}).Width * scale
				if float32(widest) < 0.8*adv {
					t.Fatalf("widest ink row %d px, want ≥ %.0f (80%% of the %.0f px advance): the underscore is clipped", widest, 0.8*adv, adv)
				}
			})
			t.Run(fmt.Sprintf("should draw descenders whole at size %v, scale %v", size, scale), func(t *testing.T) {
				// given letters with and without descenders
				g := lowestInk(inkRows(captureText(t, "gjpqy", size, scale)))
				a := lowestInk(inkRows(captureText(t, "aceo", size, scale)))
				// then the tails reach about 0.2 em below the baseline
				// (IPAexGothic's g ends at −401/2048 em), not cut at 0.12 em
				if min := 0.16 * size * scale; float32(g-a) < min {
					t.Fatalf("descenders reach %d px below the x-height letters, want ≥ %.1f: tails are clipped", g-a, min)
				}
			})
		}
	}
}

func TestTheme_LabelShowsUnderscore(t *testing.T) {
	render := func(s string) image.Image {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(theme.New(theme.ModeLight))
		w := test.NewTempWindow(t, widget.NewLabel(s))
		w.Resize(fyne.NewSize(160, 40))
		return w.Canvas().Capture()
	}
	t.Run("should draw a label's underscores as a line", func(t *testing.T) {
		// given a label of underscores in the body text size
		img := render("________")
		// then one row is inked across most of their advance (a label's
		// text is grey and the line under a pixel thick: any darkening counts)
		widest := 0
		for _, n := range inkRowsBelow(img, 0xf000) {
			widest = max(widest, n)
		}
		adv := fyne.MeasureText("________", fynetheme.TextSize(), fyne.TextStyle{}).Width
		if float32(widest) < 0.8*adv {
			t.Fatalf("widest ink row %d px, want ≥ %.0f: the label's underscores are clipped", widest, 0.8*adv)
		}
	})
	t.Run("should show the underscore of a node id in a label", func(t *testing.T) {
		test.AssertImageMatches(t, "label_underscore.png", render("csm_count"))
	})
}
