package chart

import (
	"fmt"
	"sync"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"

	"github.com/kpitree/kpitree/assets"
)

// FontTypeface is the typeface name under which the embedded IPAexGothic is
// registered with gonum/plot. Every text style in this package uses it, so
// Japanese and Latin text share one font in PNG, SVG and PDF.
const FontTypeface = "IPAexGothic"

// registerFont parses the embedded font once and makes it plot's default.
// It is the only package-level state: gonum/plot keeps fonts in a global
// cache, and parsing 6 MB of TrueType on every draw would dominate the
// render time.
var registerFont = sync.OnceValue(func() error {
	parsed, err := opentype.Parse(assets.FontIPAexGothic)
	if err != nil {
		return fmt.Errorf("parse embedded font %s: %w", FontTypeface, err)
	}
	fnt := font.Font{Typeface: FontTypeface}
	font.DefaultCache.Add(font.Collection{{Font: fnt, Face: parsed}})
	plot.DefaultFont = fnt
	return nil
})

// Ready registers the embedded font with gonum/plot if that has not happened
// yet. Every drawing function calls it; callers only need it when they build
// gonum/plot figures of their own that must use the same font.
func Ready() error {
	return registerFont()
}

// fontOf returns the font descriptor at size pt points.
func fontOf(pt float64) font.Font {
	return font.Font{Typeface: FontTypeface, Size: font.Length(pt)}
}
