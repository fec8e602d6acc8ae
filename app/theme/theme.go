// Package theme is KPI Tree's Fyne theme: Fyne's default look with the
// embedded IPAexGothic font for text, so Japanese node names, menus and
// dialogs render on machines without CJK system fonts, and an optional
// forced light or dark variant.
//
// Error contract: ParseMode never panics; it returns ErrUnknownMode (wrapped)
// for an unrecognised setting so callers can fall back to ModeSystem.
package theme

import (
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
var embeddedFont fyne.Resource = fyne.NewStaticResource(FontName, assets.FontIPAexGothic)

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
