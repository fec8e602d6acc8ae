package report

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/kpitree"
)

// Numbering is how the translator's language writes large numbers in
// charts: 万/億 in Japanese, thousands separators otherwise.
func (t *Translator) Numbering() chart.Numbering {
	if t.Japanese() {
		return chart.NumberingJapanese
	}
	return chart.NumberingWestern
}

// FormatValue formats a node value compactly for a box, a table or a
// message: percentages (stored as fractions) with one decimal, yen with a
// yen sign, large numbers by Compact and other numbers with thousands
// separators. The unit is shown in the language ("904 customers",
// "904社"); the text is for reading only, never for a field typed back.
func (t *Translator) FormatValue(v float64, unit string) string {
	if s, ok := nonFinite(v); ok {
		return s
	}
	if unit == "%" {
		return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
	}
	// A negative amount reads "−¥250k": the sign before the yen sign.
	yen := "¥"
	if v < 0 {
		yen, v = "−¥", -v
	}
	switch unit {
	case "JPY", "¥", "yen":
		return yen + t.Compact(v)
	}
	if per, ok := strings.CutPrefix(unit, "JPY/"); ok {
		return yen + t.Compact(v) + "/" + t.UnitText(per)
	}
	if yen != "¥" {
		v = -v
	}
	return ValueWithUnit(t.Compact(v), t.UnitText(unit))
}

// FormatFiscal formats a node's fiscal-year value of aggregation kind
// kind: a flow's total without its per-period suffix ("¥1.36B", not
// "¥113M/month"), any other kind in the node's own unit (MRR at the
// year's end is still per month).
func (t *Translator) FormatFiscal(v float64, unit string, kind kpitree.AggKind) string {
	if kind == kpitree.AggFlow {
		unit = TotalUnit(unit)
	}
	return t.FormatValue(v, unit)
}

// FormatAmount formats v like FormatValue but without a per-period or
// per-unit suffix after the yen sign ("¥13,328" rather than
// "¥13,328/customer/month"): for totals over a window, whose label names
// the window, and for fields whose unit is shown beside them.
func (t *Translator) FormatAmount(v float64, unit string) string {
	if strings.HasPrefix(unit, "JPY/") {
		unit = "JPY"
	}
	return t.FormatValue(v, unit)
}

func nonFinite(v float64) (string, bool) {
	switch {
	case math.IsNaN(v):
		return "–", true
	case math.IsInf(v, 1):
		return "∞", true
	case math.IsInf(v, -1):
		return "−∞", true
	}
	return "", false
}

// Compact writes v by chart.CompactMagnitude from 10⁵ up (EN 123.5k,
// 12.35M; JA 12.3万, 1,212万, 12.3億) and smaller values with separators
// and at most two decimals (none from 100 up), so box widths stay
// predictable and a number reads the same on a box and in a chart.
func (t *Translator) Compact(v float64) string {
	if s, ok := nonFinite(v); ok {
		return s
	}
	a := math.Abs(v)
	if s, ok := chart.CompactMagnitude(a, t.Numbering()); ok {
		if v < 0 {
			return "-" + s
		}
		return s
	}
	prec := 2
	if a >= 100 {
		prec = 0
	}
	return GroupThousands(trimZeros(strconv.FormatFloat(v, 'f', prec, 64)))
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// GroupThousands puts commas every three integer digits of a number
// written by strconv ("-1234567.5" → "-1,234,567.5").
func GroupThousands(s string) string {
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
func (t *Translator) FormatDelta(value, ref float64, unit string, higherIsBetter bool) (string, int) {
	if math.IsNaN(value) || math.IsNaN(ref) {
		return "", 0
	}
	d := value - ref
	var text string
	switch {
	case unit == "%":
		text = Signed(strconv.FormatFloat(d*100, 'f', 1, 64)) + "pt"
	case ref == 0:
		text = Signed(t.Compact(d))
	default:
		text = Signed(strconv.FormatFloat(d/math.Abs(ref)*100, 'f', 1, 64)) + "%"
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

// withPlus marks a formatted increase v with "+"; a decrease keeps the
// minus sign its formatting gave it, zero none.
func withPlus(s string, v float64) string {
	if v > 0 {
		return "+" + s
	}
	return s
}

// Signed gives a number written by strconv an explicit sign: "+1.2",
// "−1.2" (a real minus sign), "±0.0".
func Signed(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	if strings.Trim(s, "0.,") == "" {
		return "±" + s
	}
	return "+" + s
}

// ValueWithUnit joins a formatted number and a unit as shown: "13.58
// people", but "13.58人" when the shown unit starts with a Japanese
// character, which Japanese writes without a space.
func ValueWithUnit(num, shownUnit string) string {
	if shownUnit == "" {
		return num
	}
	if r, _ := utf8.DecodeRuneInString(shownUnit); r >= 0x3000 {
		return num + shownUnit
	}
	return num + " " + shownUnit
}
