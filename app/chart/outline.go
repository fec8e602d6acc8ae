package chart

import (
	"errors"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	plotfont "gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// outlineCanvas draws text as filled glyph outlines instead of font text.
//
// gonum/plot's PDF backend registers fonts with a cp1252 code page, so any
// character outside Western European (kana, kanji, even "¥") comes out as
// mojibake, and it embeds the whole 6 MB font in every file. SVG only names
// the font family, so the look depends on the viewer's fonts. Drawing
// outlines makes PDF and SVG look exactly like the PNG, keeps files small,
// and needs no font on the reader's machine. The cost: text in vector
// exports cannot be selected or edited.
type outlineCanvas struct {
	vg.CanvasWriterTo
	buf sfnt.Buffer
}

// FillString draws str with its baseline starting at pt, using the same
// advances and kerning as plot's font.Face.Width so alignment matches the
// layout computed with it.
func (c *outlineCanvas) FillString(f plotfont.Face, pt vg.Point, str string) {
	if f.Face == nil || f.Font.Size == 0 || str == "" {
		return
	}
	upem := f.Face.UnitsPerEm()
	// At ppem = units-per-em/64 pixels, 26.6 fixed-point values are exactly
	// font units, so scaling by size/upem gives points.
	ppem := fixed.Int26_6(upem)
	scale := f.Font.Size / vg.Length(upem)
	var path vg.Path
	x := pt.X
	prev, hasPrev := sfnt.GlyphIndex(0), false
	for _, r := range str {
		idx, err := f.Face.GlyphIndex(&c.buf, r)
		if err != nil {
			continue
		}
		if hasPrev {
			if k, err := f.Face.Kern(&c.buf, prev, idx, ppem, font.HintingNone); err == nil {
				x += vg.Length(k) * scale
			} else if !errors.Is(err, sfnt.ErrNotFound) {
				continue
			}
		}
		segs, err := f.Face.LoadGlyph(&c.buf, idx, ppem, nil)
		if err == nil {
			at := func(p fixed.Point26_6) vg.Point {
				// sfnt's y axis points down; vg's points up.
				return vg.Point{X: x + vg.Length(p.X)*scale, Y: pt.Y - vg.Length(p.Y)*scale}
			}
			for _, s := range segs {
				switch s.Op {
				case sfnt.SegmentOpMoveTo:
					if len(path) > 0 {
						path.Close()
					}
					path.Move(at(s.Args[0]))
				case sfnt.SegmentOpLineTo:
					path.Line(at(s.Args[0]))
				case sfnt.SegmentOpQuadTo:
					path.QuadTo(at(s.Args[0]), at(s.Args[1]))
				case sfnt.SegmentOpCubeTo:
					path.CubeTo(at(s.Args[0]), at(s.Args[1]), at(s.Args[2]))
				}
			}
		}
		if adv, err := f.Face.GlyphAdvance(&c.buf, idx, ppem, font.HintingNone); err == nil {
			x += vg.Length(adv) * scale
		}
		prev, hasPrev = idx, true
	}
	if len(path) > 0 {
		path.Close()
		c.Fill(path)
	}
}
