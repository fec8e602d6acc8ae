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
	// Numbering chooses how large numbers are grouped: the zero value
	// writes thousands separators (¥12,119,471); NumberingJapanese writes
	// 万 and 億 (¥1,212万), as Japanese decks do. The caller decides,
	// usually from the UI or workspace language.
	Numbering Numbering
}

// Numbering is a way of writing large numbers.
type Numbering int

const (
	// NumberingWestern groups digits by thousands with commas: ¥12,119,471,
	// ¥14,000,000. The zero value.
	NumberingWestern Numbering = iota
	// NumberingJapanese writes magnitudes from 10,000 up in 万 (10⁴) and
	// 億 (10⁸): value labels with three significant digits (¥1,212万,
	// ¥8.86億, 12.3万), axis ticks with as many decimals as tell them apart
	// (¥500万, ¥1,500万, ¥1億, ¥1.5億). Smaller numbers and scaled units
	// such as Percent, whose suffix already names the magnitude, are
	// written as with NumberingWestern.
	NumberingJapanese
)

// String names the numbering for messages and benchmark names.
func (n Numbering) String() string {
	switch n {
	case NumberingWestern:
		return "western"
	case NumberingJapanese:
		return "japanese"
	}
	return "Numbering(" + strconv.Itoa(int(n)) + ")"
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
	return u.compose(v, signed, func(a float64) string {
		if u.japanese() {
			return japaneseLabel(a, decimals)
		}
		return groupDigits(a, decimals)
	})
}

// formatTick writes an axis tick v of an axis whose ticks are step apart
// (in the domain unit); decimals is what tells Western ticks apart.
func (u Unit) formatTick(v, step float64, decimals int) string {
	return u.compose(v, false, func(a float64) string {
		if u.japanese() {
			return japaneseTick(a, math.Abs(step*u.scale()), decimals)
		}
		return groupDigits(a, decimals)
	})
}

// japanese reports whether values are written in 万 and 億: only unscaled
// units, since a scaled unit's suffix (" %", " k") already names a
// magnitude and "1.2万 %" would read as nonsense.
func (u Unit) japanese() bool {
	return u.Numbering == NumberingJapanese && u.scale() == 1
}

// compose writes v with sign, prefix and suffix around digits(|v·scale|).
func (u Unit) compose(v float64, signed bool, digits func(a float64) string) string {
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
	num := digits(math.Abs(x))
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

// Japanese magnitudes.
const (
	man = 1e4 // 万
	oku = 1e8 // 億
	// labelFrom is where value labels switch to 万: the tree's boxes
	// (app/ui format.go) switch there too, so a figure reads the same on a
	// box and in a chart.
	labelFrom = 10 * man
)

// japaneseLabel writes a non-negative value label a in 万 or 億 by
// CompactMagnitude, the rule the tree's boxes, tables and messages use too,
// so a figure reads the same on a box and in a chart. Below 10万 it is
// groupDigits (a unit price reads ¥13,315, as on the boxes).
func japaneseLabel(a float64, decimals int) string {
	if s, ok := CompactMagnitude(a, NumberingJapanese); ok {
		return s
	}
	return groupDigits(a, decimals)
}

// CompactMagnitude writes a non-negative magnitude a from 10万 (10⁵) up
// with a magnitude word: the one rule for compact numbers in the app's
// boxes, tables and messages, its charts' labels and its exports.
//
// With NumberingJapanese: 万 or 億 with three significant digits (12.3万,
// 123万, 1.23億, 12.3億, 123億); 1,212万 keeps four, as 0.121億 would be
// harder to read. Otherwise: k with one decimal (123.5k), M and B with two
// (12.35M, 1.2B), as English dashboards write them. Trailing zeros are
// dropped, and the word is chosen by the rounded value, so 99,999.7 reads
// 10万 rather than 100,000 and 99,995,000 reads 1億 rather than 10,000万.
// ok is false below 10⁵ (after rounding to a whole number) and for NaN or
// infinities, where callers write plain digits.
func CompactMagnitude(a float64, n Numbering) (s string, ok bool) {
	if !(a >= 0) || math.IsInf(a, 0) || roundHalfAway(a, 0) < labelFrom {
		return "", false
	}
	if n == NumberingJapanese {
		div, name := man, "万"
		if a >= oku {
			div, name = oku, "億"
		}
		m := a / div
		d := sigDecimals(m)
		if r := roundHalfAway(m, d); name == "万" && r >= oku/man {
			div, name = oku, "億"
			m = a / div
			d = sigDecimals(m)
		}
		return trimZeros(groupDigits(m, d)) + name, true
	}
	switch {
	case roundHalfAway(a/1e6, 2) >= 1000:
		return trimZeros(groupDigits(a/1e9, 2)) + "B", true
	case roundHalfAway(a/1e3, 1) >= 1000:
		return trimZeros(groupDigits(a/1e6, 2)) + "M", true
	}
	return trimZeros(groupDigits(a/1e3, 1)) + "k", true
}

// sigDecimals is the number of decimals that leaves three significant
// digits in m ≥ 1 (none from 100 up).
func sigDecimals(m float64) int {
	switch {
	case roundHalfAway(m, 2) < 10:
		return 2
	case roundHalfAway(m, 1) < 100:
		return 1
	}
	return 0
}

// japaneseTick writes a non-negative tick a of an axis with ticks step
// apart in the largest of 億 and 万 that tells neighbouring ticks apart with
// at most two decimals (¥1億, ¥1.5億; ¥500万, ¥1,500万; 1.25万). A step too
// fine for that falls back to the next smaller unit, down to plain digits
// with decimals (9,950, 10,000, 10,050), so ticks never collide.
func japaneseTick(a, step float64, decimals int) string {
	for _, u := range []struct {
		div  float64
		name string
	}{{oku, "億"}, {man, "万"}} {
		if a < u.div*(1-1e-9) {
			continue
		}
		if d, ok := stepDecimals(step / u.div); ok {
			return trimZeros(groupDigits(a/u.div, d)) + u.name
		}
	}
	return groupDigits(a, decimals)
}

// stepDecimals returns the decimals, at most two, that write multiples of
// step exactly; ok is false when step needs more (or is not positive).
func stepDecimals(step float64) (d int, ok bool) {
	for d := range 3 {
		x := step * math.Pow10(d)
		if x >= 1-1e-9 && math.Abs(x-math.Round(x)) <= 1e-6*x {
			return d, true
		}
	}
	return 0, false
}

// roundHalfAway rounds x ≥ 0 to d decimals, half away from zero.
func roundHalfAway(x float64, d int) float64 {
	p := math.Pow10(d)
	if x*p >= 1e15 {
		return x
	}
	return math.Round(x*p) / p
}

// trimZeros drops trailing zeros after a decimal point, and the point if
// nothing is left after it: "1.50" → "1.5", "2.00" → "2".
func trimZeros(s string) string {
	if !strings.Contains(s, ".") || strings.ContainsAny(s, "eE") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
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
