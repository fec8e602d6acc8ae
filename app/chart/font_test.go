package chart_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/kpitree/kpitree/app/chart"
)

// drawText renders txt in typeface at 40 pt on a white 3 × 0.8 in canvas.
func drawText(t *testing.T, fnt font.Font, txt string) *image.RGBA {
	t.Helper()
	if err := chart.Ready(); err != nil {
		t.Fatal(err)
	}
	c := vgimg.NewWith(vgimg.UseWH(3*vg.Inch, 0.8*vg.Inch), vgimg.UseDPI(96))
	dc := vgdraw.New(c)
	fnt.Size = 40
	st := text.Style{Color: color.Black, Font: fnt, Handler: text.Plain{Fonts: font.DefaultCache}}
	dc.FillText(st, vg.Point{X: 8, Y: 14}, txt)
	return toRGBA(c.Image())
}

func toRGBA(img image.Image) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// ink counts pixels darker than mid-grey.
func ink(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				n++
			}
		}
	}
	return n
}

func TestJapaneseText(t *testing.T) {
	const title = "売上高"
	ipa := font.Font{Typeface: chart.FontTypeface}

	t.Run("should render kanji with real glyphs, not the notdef box", func(t *testing.T) {
		glyphs := drawText(t, ipa, title)
		// U+E000 is a private-use code point IPAexGothic has no glyph for,
		// so it draws the font's own notdef (tofu) box.
		tofu := drawText(t, ipa, "\ue000\ue000\ue000")
		latin := drawText(t, font.Font{Typeface: "Liberation", Variant: "Sans"}, title)
		if ink(glyphs) < 500 {
			t.Fatalf("kanji drew %d dark pixels; want visible text", ink(glyphs))
		}
		for name, other := range map[string]*image.RGBA{"IPAexGothic notdef": tofu, "Liberation Sans (no kanji)": latin} {
			n, _ := diffPixels(glyphs, other, pixelTol)
			if n < ink(glyphs)/3 {
				t.Errorf("kanji rendering differs from %s in only %d pixels; the font is not drawing kanji", name, n)
			}
		}
	})

	t.Run("should draw a Japanese chart title like the golden image", func(t *testing.T) {
		img, err := chart.RenderImage(&chart.FanChart{Title: title, Actual: []float64{1, 2, 3}}, 800, 450)
		if err != nil {
			t.Fatal(err)
		}
		// The title sits in the top-left corner; 200 × 60 px covers it.
		region := toRGBA(img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(image.Rect(0, 0, 200, 60)))
		if ink(region) < 150 {
			t.Fatalf("title region has %d dark pixels; want the title drawn", ink(region))
		}
		golden := filepath.Join("testdata", "title_ja_golden.png")
		if *regen {
			var buf bytes.Buffer
			if err := png.Encode(&buf, region); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want := toRGBA(readPNG(t, golden))
		n, _ := diffPixels(region, want, pixelTol)
		if n > region.Bounds().Dx()*region.Bounds().Dy()/100 {
			t.Errorf("title region differs from the golden in %d pixels", n)
		}
	})
}
