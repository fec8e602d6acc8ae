// Package theme is KPI Tree's Fyne theme: Fyne's default look with the
// embedded IPAexGothic font for text, so Japanese node names, menus and
// dialogs render on machines without CJK system fonts, and an optional
// forced light or dark variant.
//
// Error contract: ParseMode never panics; it returns ErrUnknownMode (wrapped)
// for an unrecognised setting so callers can fall back to ModeSystem.
package theme

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/kpitree/kpitree/assets"
)

// ErrUnknownMode is returned (wrapped) by ParseMode for a setting that is not
// "system", "light" or "dark".
var ErrUnknownMode = errors.New("unknown theme mode")

// Mode says which colour variant the app uses.
type Mode string

// The theme modes a user can choose.
const (
	// ModeSystem follows the operating system's light/dark setting.
	ModeSystem Mode = "system"
	// ModeLight always uses the light variant.
	ModeLight Mode = "light"
	// ModeDark always uses the dark variant.
	ModeDark Mode = "dark"
)

// Modes lists the modes in the order menus show them.
func Modes() []Mode { return []Mode{ModeSystem, ModeLight, ModeDark} }

// ParseMode turns a stored preference into a Mode. The empty string means
// ModeSystem, because a fresh install has no preference yet.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "", ModeSystem:
		return ModeSystem, nil
	case ModeLight, ModeDark:
		return Mode(s), nil
	}
	return ModeSystem, fmt.Errorf("parse theme mode %q: %w (use system, light or dark)", s, ErrUnknownMode)
}

// FontName is the resource name of the embedded text font.
const FontName = "ipaexg.ttf"

// embeddedFont is shared by every Theme value and never modified: Fyne
// caches parsed faces per resource, so sharing it means the 6 MB font is
// parsed once per process rather than once per theme switch.
var embeddedFont fyne.Resource = fyne.NewStaticResource(FontName, withDescent(assets.FontIPAexGothic, textDescent))

// textDescent is the descent, in font units (2,048 per em), that Fyne is
// told the text font has.
//
// Fyne draws each text into an image exactly ascent + descent tall, with
// the baseline rounded up to a whole pixel, and clips whatever falls
// below. IPAexGothic declares a descent of 246 units (0.12 em), yet its
// Latin descenders reach 401 (g, j, p, q, y) and its underscore sits
// between 138 and 240: after the rounding, the underscore of "csm_count"
// fell outside the image and the label read "csm count". 560 covers the
// deepest ASCII descender plus the up-to-one-pixel rounding at 14 px.
// Lines grow from 1.0 to 1.15 em, still tighter than Fyne's default font.
const textDescent = 560

// withDescent returns a copy of the TrueType font data with its horizontal
// header's descent set to descent font units, or data itself when it is
// not a font it can read (Fyne then reports the bad font as before). Only
// that one metric changes: outlines, names and every other table are the
// bytes that ship, and the embedded original is never written to.
func withDescent(data []byte, descent int16) []byte {
	const dirStart, recordLen = 12, 16
	if len(data) < dirStart {
		return data
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := range n {
		rec := dirStart + i*recordLen
		if rec+recordLen > len(data) {
			return data
		}
		if string(data[rec:rec+4]) != "hhea" {
			continue
		}
		off := int(binary.BigEndian.Uint32(data[rec+8 : rec+12]))
		length := int(binary.BigEndian.Uint32(data[rec+12 : rec+16]))
		if length < 36 || off < 0 || off+length > len(data) {
			return data
		}
		out := make([]byte, len(data))
		copy(out, data)
		// hhea: version (4 bytes), ascender (int16), descender (int16, negative).
		binary.BigEndian.PutUint16(out[off+6:off+8], uint16(-descent))
		binary.BigEndian.PutUint32(out[rec+4:rec+8], tableChecksum(out[off:off+length]))
		return out
	}
	return data
}

// tableChecksum is the sum of a table's big-endian 32-bit words, the last
// one zero-padded, as the table directory records it.
func tableChecksum(table []byte) uint32 {
	var sum uint32
	for i := 0; i < len(table); i += 4 {
		var w [4]byte
		copy(w[:], table[i:min(i+4, len(table))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// Theme wraps a base fyne.Theme (Fyne's default unless told otherwise) and
// replaces only the text font, plus the colour variant when a mode is forced.
type Theme struct {
	fyne.Theme
	mode Mode
	font fyne.Resource
}

// New returns the app theme in the given mode, built on Fyne's default theme.
func New(mode Mode) *Theme {
	return NewWithBase(fynetheme.DefaultTheme(), mode)
}

// NewWithBase returns the app theme built on base (tests use it to compare
// against the plain default theme); a nil base means Fyne's default.
func NewWithBase(base fyne.Theme, mode Mode) *Theme {
	if base == nil {
		base = fynetheme.DefaultTheme()
	}
	if _, err := ParseMode(string(mode)); err != nil {
		mode = ModeSystem
	}
	return &Theme{
		Theme: base,
		mode:  mode,
		font:  embeddedFont,
	}
}

// Mode reports the theme's mode.
func (t *Theme) Mode() Mode { return t.mode }

// Font returns the embedded Japanese-capable font for text styles. Monospace
// and symbol styles keep Fyne's fonts, which cover code and icons better.
func (t *Theme) Font(style fyne.TextStyle) fyne.Resource {
	if style.Monospace || style.Symbol {
		return t.Theme.Font(style)
	}
	return t.font
}

// Color returns the base theme's colour, for the forced variant when the mode
// is light or dark, and for the system's variant otherwise.
func (t *Theme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch t.mode {
	case ModeLight:
		variant = fynetheme.VariantLight
	case ModeDark:
		variant = fynetheme.VariantDark
	}
	return t.Theme.Color(name, variant)
}
