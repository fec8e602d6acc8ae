package uikit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/kpitree"
)

// Translator is report's formatter in the UI language: Japanese number
// style (万/億) when the loaded translations say so, else English (k/M/B).
// Panes hand it to app/report so a figure on screen reads as the CLI's
// export of it does.
func Translator() *report.Translator {
	if lang.L("format.number_style") == "man-oku" {
		return report.For(report.Japanese)
	}
	return report.For(report.English)
}

// FormatValue formats a node value compactly for a box in the UI language
// (report.Translator.FormatValue): the one formatter the app, its charts
// and the CLI's exports share.
func FormatValue(v float64, unit string) string { return Translator().FormatValue(v, unit) }

// FormatFiscal formats a fiscal-year value in the UI language
// (report.Translator.FormatFiscal).
func FormatFiscal(v float64, unit string, kind kpitree.AggKind) string {
	return Translator().FormatFiscal(v, unit, kind)
}

// Compact writes a number as report.Translator.Compact does in the UI
// language (123.5k, 12.35M; 12.3万, 12.3億).
func Compact(v float64) string { return Translator().Compact(v) }

// FormatDelta formats value vs ref in the UI language
// (report.Translator.FormatDelta).
func FormatDelta(value, ref float64, unit string, higherIsBetter bool) (string, int) {
	return Translator().FormatDelta(value, ref, unit, higherIsBetter)
}

// UnitText shows a stored unit in the UI language
// (report.Translator.UnitText): "accounts/person" → "アカウント/人".
func UnitText(u string) string {
	if !strings.ContainsFunc(u, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) {
		return u // "%", "", "社": nothing to translate, so no language lookup
	}
	return Translator().UnitText(u)
}

// ParseField reads a number typed in a field, in the units the field
// shows, with the importer's number reader (separators, full-width digits,
// ¥, ▲ and (…) negatives). A trailing % keeps the number as typed: the
// field already shows percentages. ok is false for an empty field.
func ParseField(text string) (v float64, ok bool, err error) {
	// The % comes off before the importer's reader, which would turn
	// 95 % into the fraction 0.95 (and 7 % back into 7.000000000000001).
	t := strings.TrimSpace(text)
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "%"), "％"))
	if t == "" {
		return 0, false, nil
	}
	// A spreadsheet's missing markers ("-", "n/a", "NaN") are no number
	// a user means to type into a field.
	n, err := dataio.ParseNumber(t)
	if err != nil || n.Missing {
		return 0, false, fmt.Errorf("read %q: %w", text, ErrBadNumber)
	}
	if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
		return 0, false, fmt.Errorf("read %q: %w", text, ErrBadNumber)
	}
	return n.Value, true, nil
}

// ToDisplay and FromDisplay convert between base units and what the user
// reads: rates are stored as fractions and shown as percentages.
func ToDisplay(unit string, v float64) float64 {
	if unit == "%" {
		return v * 100
	}
	return v
}

func FromDisplay(unit string, v float64) float64 {
	if unit == "%" {
		return v / 100
	}
	return v
}

// FormatField writes a display-unit number for a field: up to two
// decimals, no separators, so it can be typed back.
func FormatField(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
