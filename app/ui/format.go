package ui

import (
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"
)

// FormatValue formats a node value compactly for a box: percentages (stored
// as fractions) with one decimal, JPY with a yen sign, large numbers with
// k/M/B suffixes and other numbers with thousands separators. The unit is
// shown in the UI language (unitText: "904 customers", "904社"); it is for
// reading only, never for a field that is typed back.
func FormatValue(v float64, unit string) string {
	if math.IsNaN(v) {
		return "–"
	}
	if math.IsInf(v, 0) {
		if v > 0 {
			return "∞"
		}
		return "−∞"
	}
	switch unit {
	case "%":
		return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
	case "JPY", "¥", "yen":
		return "¥" + compact(v)
	}
	if per, ok := strings.CutPrefix(unit, "JPY/"); ok {
		return "¥" + compact(v) + "/" + unitText(per)
	}
	return valueWithUnit(compact(v), unitText(unit))
}

// compact prints |v| ≥ 1e5 with a suffix and smaller values with separators
// and at most two decimals, so box widths stay predictable. Japanese uses
// 万 (10⁴) and 億 (10⁸), the way Japanese reports write money and counts
// ("883万", "1.1億"); other languages k, M and B.
func compact(v float64) string {
	a := math.Abs(v)
	if lang.L("format.number_style") == "man-oku" {
		switch {
		case a >= 1e8:
			return trimZeros(strconv.FormatFloat(v/1e8, 'f', 2, 64)) + "億"
		case a >= 1e6:
			return groupThousands(strconv.FormatFloat(v/1e4, 'f', 0, 64)) + "万"
		case a >= 1e5:
			return trimZeros(strconv.FormatFloat(v/1e4, 'f', 1, 64)) + "万"
		}
		return small(v, a)
	}
	switch {
	case a >= 1e9:
		return trimZeros(strconv.FormatFloat(v/1e9, 'f', 2, 64)) + "B"
	case a >= 1e6:
		return trimZeros(strconv.FormatFloat(v/1e6, 'f', 2, 64)) + "M"
	case a >= 1e5:
		return trimZeros(strconv.FormatFloat(v/1e3, 'f', 1, 64)) + "k"
	}
	return small(v, a)
}

// small prints a value below 1e5 (a is its magnitude) with separators and
// at most two decimals, none from 100 up.
func small(v, a float64) string {
	prec := 2
	if a >= 100 {
		prec = 0
	}
	return groupThousands(trimZeros(strconv.FormatFloat(v, 'f', prec, 64)))
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}

// FormatDelta formats value vs ref: percentage points for "%" units and a
// relative change otherwise. The sign is +1 when the change is favourable
// (up for higher-is-better nodes), −1 when unfavourable, 0 when flat.
func FormatDelta(value, ref float64, unit string, higherIsBetter bool) (string, int) {
	if math.IsNaN(value) || math.IsNaN(ref) {
		return "", 0
	}
	d := value - ref
	var text string
	switch {
	case unit == "%":
		text = signed(strconv.FormatFloat(d*100, 'f', 1, 64)) + "pt"
	case ref == 0:
		text = signed(compact(d))
	default:
		text = signed(strconv.FormatFloat(d/math.Abs(ref)*100, 'f', 1, 64)) + "%"
	}
	sign := 0
	const eps = 1e-9
	switch {
	case d > eps*math.Max(1, math.Abs(ref)):
		sign = 1
	case d < -eps*math.Max(1, math.Abs(ref)):
		sign = -1
	}
	if !higherIsBetter {
		sign = -sign
	}
	return text, sign
}

func signed(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	if strings.Trim(s, "0.,") == "" {
		return "±" + s
	}
	return "+" + s
}
