package dataio

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
	"golang.org/x/text/width"
)

// Units the importer recognises in cells and headers.
const (
	UnitPercent = "%"   // values are stored as fractions: 0.538 means 53.8 %
	UnitJPY     = "JPY" // Japanese yen
	UnitUSD     = "USD" // US dollars
)

// Number is one parsed cell.
type Number struct {
	Value float64 // NaN when Missing
	// Unit is the unit written in the cell ("%", "JPY", "USD"); or empty.
	Unit string
	// Missing is true for empty cells and markers such as "-", "n/a", "#N/A".
	Missing bool
	// FullWidth is true when the text used full-width digits or signs, which
	// were read as their ASCII forms; the importer reports it as a note.
	FullWidth bool
}

// spaceMinus maps the minus sign and non-ASCII spaces that Excel and
// Japanese input methods produce to ASCII. A Replacer is immutable and safe
// for concurrent use.
var spaceMinus = strings.NewReplacer("−", "-", "\u00a0", " ", "\u3000", " ")

// missingMarkers are the texts spreadsheets and BI tools use for "no value".
// Excel error values other than #N/A (#DIV/0!, #REF!) are not here on
// purpose: they signal a broken formula and are reported as non-numeric.
var missingMarkers = [...]string{"", "-", "--", "—", "–", "n/a", "na", "#n/a", "null", "none", "nan", "(blank)", "#none"}

// ParseNumber parses one cell of a numeric column.
//
//	number   = [sign] [currency] amount [unit] | "(" amount ")" | "▲" amount | "△" amount
//	amount   = digits ["." digits] [("e"|"E") [sign] digits]   ; digits may be grouped by ","
//	currency = "¥" | "$" ; unit = "%" | "円"
//
// Full-width characters and surrounding (also full-width) spaces are
// accepted. Percentages become fractions with Unit "%". Parentheses and the
// Japanese markers ▲/△ mean negative. Missing markers return Missing true
// and a nil error. Anything else returns an error wrapping ErrNotNumber;
// thousands groups that are not three digits long are rejected rather than
// guessed (1,23 could be a European decimal).
func ParseNumber(raw string) (Number, error) {
	if v, ok := fastNumber(raw); ok {
		return Number{Value: v}, nil
	}
	s := raw
	var n Number
	if !isASCII(s) {
		narrow := width.Narrow.String(s)
		if narrow != s {
			n.FullWidth = hasFullWidthDigit(s)
			s = narrow
		}
		s = spaceMinus.Replace(s)
	}
	s = strings.TrimSpace(s)
	if isMissing(s) {
		return Number{Value: nan(), Missing: true, FullWidth: n.FullWidth}, nil
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	for _, p := range []string{"▲", "△"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if neg {
				return n, fmt.Errorf("%s: two negative markers: %w", kpitree.Quote(raw), ErrNotNumber)
			}
			neg, s = true, strings.TrimSpace(rest)
		}
	}
	if rest, ok := strings.CutPrefix(s, "-"); ok && !neg {
		neg, s = true, strings.TrimSpace(rest)
	} else if rest, ok := strings.CutPrefix(s, "+"); ok && !neg {
		s = strings.TrimSpace(rest)
	}
	// Currency symbols may come before or after a sign ("-¥1,000", "¥-1,000").
	for _, c := range []struct{ sym, unit string }{{"¥", UnitJPY}, {"$", UnitUSD}, {"円", UnitJPY}, {"JPY", UnitJPY}, {"USD", UnitUSD}} {
		if rest, ok := strings.CutPrefix(s, c.sym); ok {
			n.Unit, s = c.unit, strings.TrimSpace(rest)
			break
		}
		if rest, ok := strings.CutSuffix(s, c.sym); ok {
			n.Unit, s = c.unit, strings.TrimSpace(rest)
			break
		}
	}
	if rest, ok := strings.CutSuffix(s, "%"); ok {
		if n.Unit != "" {
			return n, fmt.Errorf("%s: both a currency and %%: %w", kpitree.Quote(raw), ErrNotNumber)
		}
		n.Unit, s = UnitPercent, strings.TrimSpace(rest)
	}
	if !neg {
		if rest, ok := strings.CutPrefix(s, "-"); ok {
			neg, s = true, rest
		}
	}
	digits, err := ungroup(s)
	if err != nil {
		return n, fmt.Errorf("%s: %w", kpitree.Quote(raw), err)
	}
	scale := 1.0
	if n.Unit == UnitPercent {
		// Shifting the exponent lets strconv round once, so "53.8%" is
		// exactly the float64 nearest 0.538 (not 53.8/100).
		if strings.ContainsAny(digits, "eE") {
			scale = 0.01
		} else {
			digits += "e-2"
		}
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return n, fmt.Errorf("%s: %w", kpitree.Quote(raw), ErrNotNumber)
	}
	if neg {
		v = -v
	}
	n.Value = v * scale
	return n, nil
}

// fastNumber parses the common case, a plain ASCII decimal such as "2452"
// or "-0.538", without the general path's allocations; it reports false for
// anything else.
func fastNumber(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 24 {
		return 0, false
	}
	i, neg := 0, false
	if s[0] == '-' {
		i, neg = 1, true
	}
	var n uint64
	digits, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			n = n*10 + uint64(c-'0')
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	if !dot && digits <= 15 { // exact in a float64
		v := float64(n)
		if neg {
			v = -v
		}
		return v, true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// ungroup validates s as a plain decimal number, removes thousands
// separators and returns text that strconv.ParseFloat accepts. It rejects
// what ParseFloat would take but a spreadsheet user never means (inf, nan,
// hex floats, underscores).
func ungroup(s string) (string, error) {
	if s == "" {
		return "", ErrNotNumber
	}
	intPart, rest := s, ""
	if i := strings.IndexAny(s, ".eE"); i >= 0 {
		intPart, rest = s[:i], s[i:]
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return "", fmt.Errorf("thousands separator in the wrong place: %w", ErrNotNumber)
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", fmt.Errorf("thousands separator in the wrong place: %w", ErrNotNumber)
			}
		}
		intPart = strings.Join(groups, "")
	}
	if !allDigits(intPart) {
		return "", ErrNotNumber
	}
	if rest != "" {
		frac, exp := rest, ""
		if i := strings.IndexAny(rest, "eE"); i >= 0 {
			frac, exp = rest[:i], rest[i+1:]
			if exp == "" {
				return "", ErrNotNumber
			}
			e := strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
			if !allDigits(e) || e == "" || len(e) > 4 {
				return "", ErrNotNumber
			}
		}
		if frac != "" {
			if frac[0] != '.' || !allDigits(frac[1:]) {
				return "", ErrNotNumber
			}
			if intPart == "" && len(frac) == 1 {
				return "", ErrNotNumber
			}
		} else if intPart == "" {
			return "", ErrNotNumber
		}
	} else if intPart == "" {
		return "", ErrNotNumber
	}
	return intPart + rest, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasFullWidthDigit reports whether s has a full-width digit, separator,
// sign or percent (U+FF01–U+FF5E); a full-width space alone is not worth a note.
func hasFullWidthDigit(s string) bool {
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E || r == 0xFFE5 {
			return true
		}
	}
	return false
}

func isMissing(s string) bool {
	if len(s) > 8 {
		return false
	}
	l := strings.ToLower(s)
	for _, m := range missingMarkers {
		if l == m {
			return true
		}
	}
	return false
}
