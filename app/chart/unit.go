package chart

import (
	"math"
	"strconv"
	"strings"
)

// Unit says how a node's values are written on axes and labels. Values are
// always passed in the domain's base unit (yen, fractions for rates, counts);
// Scale turns them into what people read (0.538 → 53.8 %).
type Unit struct {
	// Label is the axis title, already translated, e.g. "JPY / month" or
	// "円/月"; empty means no axis title.
	Label string
	// Prefix is written before the number, e.g. "¥"; may be empty.
	Prefix string
	// Suffix is written after the number, e.g. " %"; may be empty.
	Suffix string
	// Scale multiplies values before display; 0 means 1.
	Scale float64
	// Decimals is the number of digits after the decimal point for value
	// labels; negative means automatic (up to 2, trailing zeros dropped).
	Decimals int
	// DeltaSuffix replaces Suffix in FormatDelta, e.g. " pt" so a change
	// of a rate reads "+2.1 pt" rather than a misleading "+2.1 %"; empty
	// means Suffix.
	DeltaSuffix string
}

// Yen is the unit for amounts in Japanese yen: ¥1,523,085.
func Yen(label string) Unit { return Unit{Label: label, Prefix: "¥"} }

// Percent is the unit for rates stored as fractions: 0.538 → 53.8 %.
func Percent(label string) Unit {
	return Unit{Label: label, Suffix: " %", Scale: 100, Decimals: 1, DeltaSuffix: " pt"}
}

// Count is the unit for counts such as customers or accounts: 1,234.
func Count(label string) Unit { return Unit{Label: label} }

// Number is the unit for plain numbers shown with up to two decimals.
func Number(label string) Unit { return Unit{Label: label, Decimals: -1} }

func (u Unit) scale() float64 {
	if u.Scale == 0 || math.IsNaN(u.Scale) || math.IsInf(u.Scale, 0) {
		return 1
	}
	return u.Scale
}

// Format writes v with the unit, thousands separators and the unit's
// decimals: ¥1,523,085, 53.8 %, 1,234. Missing values (NaN) are written "–".
func (u Unit) Format(v float64) string {
	return u.format(v, u.Decimals, false)
}

// FormatDelta writes a change with an explicit sign: +¥120,000, or +2.1 pt
// for a Percent unit (a change of a rate is in percentage points).
func (u Unit) FormatDelta(v float64) string {
	if u.DeltaSuffix != "" {
		u.Suffix = u.DeltaSuffix
	}
	return u.format(v, u.Decimals, true)
}

func (u Unit) format(v float64, decimals int, signed bool) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := u.scale()
	x := v * s
	if math.IsInf(x, 0) {
		if x > 0 {
			return "∞"
		}
		return "−∞"
	}
	num := groupDigits(math.Abs(x), decimals)
	var b strings.Builder
	zero := num == zeroString(num)
	switch {
	case signed && zero:
		b.WriteString("±")
	case x < 0 && !zero:
		b.WriteString("−")
	case signed:
		b.WriteString("+")
	}
	b.WriteString(u.Prefix)
	b.WriteString(num)
	b.WriteString(u.Suffix)
	return b.String()
}

// zeroString reports the all-zero rendering of num (e.g. "0.0"), so a tiny
// negative value that rounds to zero is not written "−0.0".
func zeroString(num string) string {
	return strings.Map(func(r rune) rune {
		if r >= '1' && r <= '9' {
			return '0'
		}
		return r
	}, num)
}

// formatPercent writes a relative change such as +4.1 %.
func formatPercent(frac float64) string {
	return Unit{Suffix: " %", Scale: 100, Decimals: 1}.FormatDelta(frac)
}

// groupDigits formats a non-negative x with decimals digits (negative:
// automatic, at most 2, trailing zeros dropped) and commas every three
// integer digits.
func groupDigits(x float64, decimals int) string {
	// Beyond a thousand trillion a value is a data error, not a KPI; keep
	// its label short instead of writing hundreds of digits.
	if x >= 1e15 {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	var s string
	if decimals < 0 {
		s = strconv.FormatFloat(x, 'f', 2, 64)
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	} else {
		d := min(decimals, 12)
		// Round half away from zero, as spreadsheets do; FormatFloat alone
		// rounds half to even (1,234.5 → 1,234).
		if p := math.Pow10(d); x*p < 1e15 {
			x = math.Round(x*p) / p
		}
		s = strconv.FormatFloat(x, 'f', d, 64)
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) > 3 {
		var b strings.Builder
		lead := len(intPart) % 3
		if lead > 0 {
			b.WriteString(intPart[:lead])
		}
		for i := lead; i < len(intPart); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(intPart[i : i+3])
		}
		intPart = b.String()
	}
	if hasFrac {
		return intPart + "." + frac
	}
	return intPart
}
