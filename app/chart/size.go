package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Format is an export file format.
type Format int

const (
	// PNG is a raster image, compressed for speed (exports are batched).
	PNG Format = iota
	// SVG is a vector image; text stays text and names the font family.
	SVG
	// PDF is a vector document with the font embedded (about 4 MB a file).
	PDF
)

// String returns the lower-case name, which is also the file extension.
func (f Format) String() string {
	switch f {
	case PNG:
		return "png"
	case SVG:
		return "svg"
	case PDF:
		return "pdf"
	default:
		return fmt.Sprintf("format(%d)", int(f))
	}
}

// Ext returns the file extension with its dot, e.g. ".png".
func (f Format) Ext() string { return "." + f.String() }

// ParseFormat reads a format name such as "png", "SVG" or ".pdf".
//
//	format = [ "." ] ( "png" | "svg" | "pdf" )   (case-insensitive)
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "png":
		return PNG, nil
	case "svg":
		return SVG, nil
	case "pdf":
		return PDF, nil
	}
	return 0, fmt.Errorf("parse format %q: %w (use png, svg or pdf)", s, ErrUnknownFormat)
}

// Size is the physical size of a figure and the resolution used for PNG.
// Fonts are sized in points relative to the page, so a figure reads the same
// on a slide, on A4 and on screen.
type Size struct {
	// Width and Height are in inches.
	Width, Height float64
	// DPI is pixels per inch for PNG exports, rounded to a whole number;
	// 0 means 96. SVG and PDF ignore it.
	DPI float64
}

// Limits on sizes: large enough for a poster of a few hundred tree nodes,
// small enough that a raster stays well under a gigabyte.
const (
	minInches    = 0.5
	maxInches    = 200
	maxSidePx    = 16384
	maxPixels    = 64 << 20
	defaultDPI   = 96
	slideWidthIn = 13.333
	slideHightIn = 7.5
)

// SizeSlide is a 16:9 slide (13.33 × 7.5 in, PowerPoint's default) at
// 120 dpi, i.e. 1600 × 900 pixels.
func SizeSlide() Size { return Size{Width: slideWidthIn, Height: slideHightIn, DPI: 120} }

// SizeA4Landscape is an A4 page in landscape (297 × 210 mm) at 150 dpi.
func SizeA4Landscape() Size { return Size{Width: 297 / 25.4, Height: 210 / 25.4, DPI: 150} }

// SizePixels is a custom size of w × h pixels at dpi (0 means 96).
func SizePixels(w, h int, dpi float64) Size {
	dpi = math.Round(dpi)
	if dpi == 0 {
		dpi = defaultDPI
	}
	return Size{Width: float64(w) / dpi, Height: float64(h) / dpi, DPI: dpi}
}

// dpi is the whole-number resolution the raster canvas uses.
func (s Size) dpi() float64 {
	if math.Round(s.DPI) == 0 {
		return defaultDPI
	}
	return math.Round(s.DPI)
}

// Pixels returns the PNG dimensions of s.
func (s Size) Pixels() (w, h int) {
	d := s.dpi()
	return int(math.Round(s.Width * d)), int(math.Round(s.Height * d))
}

// Validate reports whether s can be drawn, wrapping ErrBadSize if not.
func (s Size) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if !finite(s.Width) || !finite(s.Height) || !finite(s.DPI) {
		return fmt.Errorf("size %v×%v in: %w (use finite numbers)", s.Width, s.Height, ErrBadSize)
	}
	if s.Width < minInches || s.Height < minInches || s.Width > maxInches || s.Height > maxInches {
		return fmt.Errorf("size %.2f×%.2f in: %w (each side must be %.1f–%.0f in)", s.Width, s.Height, ErrBadSize, minInches, float64(maxInches))
	}
	if s.DPI < 0 || s.DPI > 1200 || (s.DPI > 0 && s.DPI < 10) {
		return fmt.Errorf("resolution %v dpi: %w (use 10–1200 dpi)", s.DPI, ErrBadSize)
	}
	w, h := s.Pixels()
	if w > maxSidePx || h > maxSidePx || w*h > maxPixels {
		return fmt.Errorf("%d×%d px: %w (lower the dpi or the size)", w, h, ErrBadSize)
	}
	return nil
}

// ParseSize reads a size preset or a custom size:
//
//	size   = "slide" | "a4" | dims [ "@" dpi ]
//	dims   = number "x" number [ "in" | "px" | "mm" ]   (default px)
//	dpi    = number [ "dpi" ]                            (default 96)
//
// "slide@144" and "a4@300" change a preset's resolution.
func ParseSize(s string) (Size, error) {
	src := s
	s = strings.ToLower(strings.TrimSpace(s))
	dims, dpiText, hasDPI := strings.Cut(s, "@")
	var out Size
	isPx := false
	switch strings.TrimSpace(dims) {
	case "slide", "16:9":
		out = SizeSlide()
	case "a4", "a4-landscape":
		out = SizeA4Landscape()
	default:
		d := strings.TrimSpace(dims)
		unit := "px"
		for _, u := range []string{"in", "px", "mm"} {
			if strings.HasSuffix(d, u) {
				unit, d = u, strings.TrimSpace(strings.TrimSuffix(d, u))
				break
			}
		}
		ws, hs, ok := strings.Cut(d, "x")
		if !ok {
			ws, hs, ok = strings.Cut(d, "×")
		}
		if !ok {
			return Size{}, fmt.Errorf("parse size %q: %w (write slide, a4, or WxH such as 1600x900 or 13.33x7.5in, optionally @DPI)", src, ErrBadSize)
		}
		w, err1 := strconv.ParseFloat(strings.TrimSpace(ws), 64)
		h, err2 := strconv.ParseFloat(strings.TrimSpace(hs), 64)
		if err1 != nil || err2 != nil {
			return Size{}, fmt.Errorf("parse size %q: %w (width and height must be numbers)", src, ErrBadSize)
		}
		out = Size{Width: w, Height: h, DPI: defaultDPI}
		switch unit {
		case "px":
			isPx = true
			out.Width, out.Height = w/defaultDPI, h/defaultDPI
		case "mm":
			out.Width, out.Height = w/25.4, h/25.4
		}
	}
	if hasDPI {
		v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(dpiText), "dpi"), 64)
		if err != nil {
			return Size{}, fmt.Errorf("parse size %q: %w (the resolution after @ must be a number)", src, ErrBadSize)
		}
		if isPx && v > 0 {
			// Pixel sizes keep their pixel count: the dpi only scales the text.
			out.Width *= defaultDPI / v
			out.Height *= defaultDPI / v
		}
		out.DPI = v
	}
	if err := out.Validate(); err != nil {
		return Size{}, fmt.Errorf("parse size %q: %w", src, err)
	}
	return out, nil
}
