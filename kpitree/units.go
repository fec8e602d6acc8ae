package kpitree

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// unit is a product of base units with integer exponents, as used by the
// checker. "%" is dimensionless: it only changes how values are shown, so
// JPY × % is JPY and a ratio of two account counts may be declared "%".
type unit struct {
	dims    map[string]int
	known   bool   // false: no unit declared, so nothing can be checked
	literal bool   // a number literal: adapts to whatever it is combined with
	text    string // the unit as the user wrote it, for messages; or empty when derived
}

var dimensionless = map[string]bool{
	"%": true, "1": true, "ratio": true, "x": true, "score": true, "pt": true, "point": true,
	"index": true, "rate": true, "ポイント": true, "点": true, "倍": true,
}

// unitAlias maps spellings to one base unit, so "customers", "accounts"
// and "社" agree: in B2B SaaS a customer is an account (a company). Japanese
// counters map to their English base.
var unitAlias = map[string]string{
	"people": "person", "csm": "person", "head": "person", "headcount": "person", "人": "person", "名": "person",
	"customer": "account", "company": "account", "client": "account", "社": "account",
	"円": "JPY", "¥": "JPY", "yen": "JPY", "jpy": "JPY", "$": "USD", "usd": "USD", "ドル": "USD",
	"件": "count", "回": "count", "個": "count", "item": "count",
	"月": "month", "ヶ月": "month", "か月": "month", "mo": "month", "日": "day", "週": "week", "年": "year",
	"quarter": "quarter", "qtr": "quarter", "四半期": "quarter", "yr": "year",
}

// timeUnits are the base units that measure time. They are distinct
// dimensions, so "JPY/month" and "JPY/year" do not agree: turning one into
// the other needs annualize(), never a bare 12.
var timeUnits = map[string]bool{"day": true, "week": true, "month": true, "quarter": true, "year": true}

// periodCounts lists, per time unit, the bare numbers that convert an
// amount per that unit into another period (12 months, 52 weeks, 365 or 7
// days, 4 quarters in a year). Multiplying a per-month amount by 12 with a
// plain number leaves the unit per month while the value is per year: the
// mistake behind "ARR = MRR × 12" labelled JPY/month.
var periodCounts = map[string][]float64{
	"month": {12}, "week": {52}, "day": {365, 7}, "quarter": {4}, "year": {12, 52, 365, 4},
}

// periodUnit is the base time unit of one period of a calendar.
func periodUnit(f Freq) string {
	switch f {
	case Day, Week, Quarter, Year:
		return string(f)
	}
	return "month"
}

// timeDim returns the one time unit u is "per" (exponent −1) and true, when
// u has exactly one time dimension with exponent −1.
func (u unit) timeDim() (string, bool) {
	found := ""
	for d, e := range u.dims {
		if !timeUnits[d] {
			continue
		}
		if e != -1 || found != "" {
			return "", false
		}
		found = d
	}
	return found, found != ""
}

// hasTime reports whether u has any time dimension.
func (u unit) hasTime() bool {
	for d := range u.dims {
		if timeUnits[d] {
			return true
		}
	}
	return false
}

// isRatePer reports whether u is exactly 1/T for a time unit T: a share
// per period, such as churned customers per month ÷ customers.
func (u unit) isRatePer() bool {
	_, ok := u.timeDim()
	return ok && len(u.dims) == 1
}

// nodeUnits returns every node's declared unit, parsed. The slice and
// the units' dims are shared: read them, never change them.
func (p *Program) nodeUnits() []unit {
	p.unitsOnce.Do(func() {
		p.units = make([]unit, len(p.tree.Nodes))
		seen := map[string]unit{}
		for i := range p.tree.Nodes {
			text := p.tree.Nodes[i].Unit
			u, ok := seen[text]
			if !ok {
				u = parseUnit(text)
				seen[text] = u
			}
			p.units[i] = u
		}
	})
	return p.units
}

// parseUnit reads a unit such as "JPY / customer / month" or
// "accounts/person". Unparseable pieces make the unit unknown rather than
// wrong, because a false warning teaches users to ignore warnings.
func parseUnit(s string) unit {
	s = strings.TrimSpace(s)
	if s == "" {
		return unit{}
	}
	u := unit{dims: map[string]int{}, known: true, text: s}
	for k, part := range strings.Split(s, "/") {
		sign := 1
		if k > 0 {
			sign = -1
		}
		for _, f := range strings.FieldsFunc(part, func(r rune) bool { return r == '*' || r == '·' || r == '×' || r == ' ' }) {
			exp := 1
			if b, e, ok := strings.Cut(f, "^"); ok {
				n, err := strconv.Atoi(e)
				if err != nil || n < -16 || n > 16 {
					return unit{} // an exponent we cannot read: do not guess
				}
				f, exp = b, n
			}
			base := baseUnit(f)
			if base == "" {
				continue
			}
			u.dims[base] += sign * exp
			if u.dims[base] == 0 {
				delete(u.dims, base)
			}
		}
	}
	return u
}

// baseUnit normalises one factor: aliases, plural "s", lower case (currency
// codes stay upper case).
func baseUnit(f string) string {
	if dimensionless[strings.ToLower(f)] {
		return ""
	}
	if a, ok := unitAlias[f]; ok {
		return a
	}
	if len(f) == 3 && strings.ToUpper(f) == f && f[0] >= 'A' && f[0] <= 'Z' {
		return f // currency code
	}
	f = strings.ToLower(f)
	if a, ok := unitAlias[f]; ok {
		return a
	}
	if len(f) > 3 && strings.HasSuffix(f, "s") && !strings.HasSuffix(f, "ss") {
		f = strings.TrimSuffix(f, "s")
	}
	if a, ok := unitAlias[f]; ok {
		return a
	}
	return f
}

func (u unit) equal(v unit) bool {
	if len(u.dims) != len(v.dims) {
		return false
	}
	for k, e := range u.dims {
		if v.dims[k] != e {
			return false
		}
	}
	return true
}

// String prints the canonical unit ("JPY/account/month") for messages.
func (u unit) String() string {
	if !u.known {
		return "unknown"
	}
	if u.text != "" {
		return u.text
	}
	if u.literal || len(u.dims) == 0 {
		return "a plain number"
	}
	var num, den []string
	for _, k := range sortedKeys(u.dims) {
		e := u.dims[k]
		name := k
		if abs := max(e, -e); abs > 1 {
			name += "^" + strconv.Itoa(abs)
		}
		if e > 0 {
			num = append(num, name)
		} else {
			den = append(den, name)
		}
	}
	s := strings.Join(num, "·")
	if s == "" {
		s = "1"
	}
	for _, d := range den {
		s += "/" + d
	}
	return s
}

// arg is the unit as a message argument: as String, except that a plain
// number is PlainUnit, so a UI can say it in its own language.
func (u unit) arg() string {
	if u.known && u.text == "" && (u.literal || len(u.dims) == 0) {
		return PlainUnit
	}
	return u.String()
}

func mulUnits(a, b unit, sign int) unit {
	switch {
	case !a.known || !b.known:
		return unit{}
	case a.literal && b.literal:
		return a
	}
	// Most products and ratios of a tree combine a unit with a plain
	// number or one base unit with itself: answer those without a new map
	// (a map per operator was most of checking a 100k-node tree). Units
	// are never changed once made, so sharing a side's dims is safe.
	ad, bd := a.dims, b.dims
	if a.literal {
		ad = nil
	}
	if b.literal {
		bd = nil
	}
	switch {
	case len(bd) == 0 && noZeroDims(ad):
		return unit{dims: ad, known: true}
	case len(ad) == 0 && sign == 1 && noZeroDims(bd):
		return unit{dims: bd, known: true}
	case len(ad) == 1 && len(bd) == 1:
		for k, x := range ad {
			if y, same := bd[k]; same {
				if e := x + sign*y; e != 0 {
					return unit{dims: map[string]int{k: e}, known: true}
				}
				return unit{known: true}
			}
		}
	}
	out := unit{dims: map[string]int{}, known: true}
	for k, e := range a.dims {
		if !a.literal {
			out.dims[k] += e
		}
	}
	for k, e := range b.dims {
		if !b.literal {
			out.dims[k] += sign * e
		}
	}
	for k, e := range out.dims {
		if e == 0 {
			delete(out.dims, k)
		}
	}
	return out
}

// noZeroDims reports whether no exponent in dims is zero (a unit raised
// to the power 0 keeps its dimensions with exponent 0 until a product
// drops them).
func noZeroDims(dims map[string]int) bool {
	for _, e := range dims {
		if e == 0 {
			return false
		}
	}
	return true
}

// unitChecker infers formula units and collects mismatches.
type unitChecker struct {
	p      *Program
	units  []unit
	node   string
	period string // base time unit of one calendar period ("month")
	out    []Diagnostic
}

// checkUnits reports formulas whose units do not agree, or whose result
// differs from the node's declared unit.
func (p *Program) checkUnits() []Diagnostic {
	// A copy: a "%" node whose formula gives a rate per period takes that
	// unit here, which must not leak into the Program's table.
	c := &unitChecker{p: p, units: slices.Clone(p.nodeUnits()), period: periodUnit(p.tree.Calendar.Freq)}
	// Children first, so a "%" node whose formula gives a rate per period
	// passes that unit on to the formulas that use it.
	for _, i32 := range p.order {
		i := int(i32)
		nd := p.tree.Nodes[i]
		e := p.exprs[i]
		if e == nil || p.broken[i] {
			continue
		}
		c.node = nd.ID
		got := c.infer(e)
		want := c.units[i]
		if got.known && want.known && !got.literal && !got.equal(want) {
			if len(want.dims) == 0 && got.isRatePer() {
				// "%" on churned per month ÷ customers is a share per
				// period: the usual way to write a monthly rate.
				c.units[i] = got
				continue
			}
			c.out = append(c.out, diag(nd.ID, SevWarning, CodeUnit, -1, MsgUnitNode, got.arg(), nd.Unit))
		}
	}
	p.fillCols(c.out)
	return c.out
}

// agree checks that the operands of an additive operation share a unit and
// returns the common one; msg (with fn, when not empty, as its first
// argument) says what the operation does when they differ.
func (c *unitChecker) agree(pos int, msg MsgCode, fn string, us ...unit) unit {
	var first unit
	have := false
	for _, u := range us {
		if !u.known {
			return unit{}
		}
		if u.literal {
			continue
		}
		if !have {
			first, have = u, true
			continue
		}
		if !u.equal(first) {
			args := []string{first.arg(), u.arg()}
			if fn != "" {
				args = append([]string{fn}, args...)
			}
			c.out = append(c.out, diag(c.node, SevWarning, CodeUnit, pos, msg, args...))
			return first
		}
	}
	if !have {
		return unit{known: true, literal: true}
	}
	return first
}

func (c *unitChecker) infer(e Expr) unit {
	switch e := e.(type) {
	case *Num:
		return unit{known: true, literal: true}
	case *Ref:
		return c.units[c.p.refTo(e)]
	case *Unary:
		return c.infer(e.X)
	case *Binary:
		a, b := c.infer(e.X), c.infer(e.Y)
		switch e.Op {
		case BinAdd:
			return c.agree(e.At, MsgUnitAdd, "", a, b)
		case BinSub:
			return c.agree(e.At, MsgUnitSub, "", a, b)
		case BinMul:
			c.periodCount(e, a, b)
			return mulUnits(a, b, 1)
		case BinDiv:
			c.periodCount(e, a, b)
			return mulUnits(a, b, -1)
		case BinPow:
			if !a.known || a.literal {
				return a
			}
			if k, ok := constValue(e.Y); ok && k == math.Trunc(k) && math.Abs(k) <= 16 {
				out := unit{dims: map[string]int{}, known: true}
				for d, x := range a.dims {
					out.dims[d] = x * int(k)
				}
				return out
			}
			if len(a.dims) > 0 {
				c.out = append(c.out, diag(c.node, SevWarning, CodeUnit, e.At, MsgUnitPow, a.arg()))
			}
			return unit{dims: map[string]int{}, known: true}
		default:
			c.agree(e.At, MsgUnitCompare, "", a, b)
			return unit{dims: map[string]int{}, known: true}
		}
	case *Call:
		args := make([]unit, len(e.Args))
		for k, a := range e.Args {
			args[k] = c.infer(a)
		}
		switch e.Func {
		case "sum", "avg", "min", "max", "clamp":
			return c.agree(e.At, MsgUnitFunc, e.Func, args...)
		case "if":
			return c.agree(e.At, MsgUnitIf, "", args[1], args[2])
		case "annualize":
			return c.annualize(e, args[0])
		}
		return args[0] // abs, lag, cumsum keep the unit
	}
	return unit{}
}

// periodCount warns when an amount per period is multiplied or divided by
// a bare number of periods (x * 12, x / 12): the value changes period but
// the unit does not, so "ARR = MRR × 12" would still read JPY/month.
func (c *unitChecker) periodCount(e *Binary, a, b unit) {
	var k float64
	var other unit
	if v, ok := constValue(e.Y); ok {
		k, other = v, a
	} else if v, ok := constValue(e.X); ok && e.Op == BinMul {
		k, other = v, b
	} else {
		return // 12 / x is not a conversion
	}
	if !other.known || other.literal {
		return
	}
	for d, exp := range other.dims {
		if !timeUnits[d] || exp >= 0 {
			continue
		}
		for _, n := range periodCounts[d] {
			if k == n {
				msg := MsgUnitTimeMul
				if e.Op == BinDiv {
					msg = MsgUnitTimeDiv
				}
				c.out = append(c.out, diag(c.node, SevWarning, CodeTimeScale, e.At, msg, other.arg(), strconv.FormatFloat(k, 'g', -1, 64)))
				return
			}
		}
	}
}

// annualize gives the unit of annualize(x): x per calendar period becomes
// x per year. Anything else is a warning and an unknown unit.
func (c *unitChecker) annualize(e *Call, x unit) unit {
	if !x.known || x.literal {
		return x
	}
	if d, ok := x.timeDim(); ok && d == c.period {
		out := unit{dims: map[string]int{}, known: true}
		for k, v := range x.dims {
			out.dims[k] = v
		}
		delete(out.dims, d)
		out.dims["year"]--
		if out.dims["year"] == 0 {
			delete(out.dims, "year")
		}
		return out
	}
	c.out = append(c.out, diag(c.node, SevWarning, CodeTimeScale, e.At, MsgUnitAnnualize, x.arg(), c.period))
	return unit{}
}

// FormatValue formats v for display in its unit: "¥1,523,085" for JPY
// (also "JPY/customer/month"), "53.8%" for "%" (values are fractions),
// whole numbers with thousands separators ("1,320"), and small
// non-integers with up to two decimals ("3.25"). Missing values print "—".
func FormatValue(v float64, unitText string) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	u := strings.TrimSpace(unitText)
	if u == "%" {
		return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	pu := parseUnit(u)
	switch {
	case pu.dims["JPY"] == 1:
		return sign + "¥" + group(math.Round(v))
	case pu.dims["USD"] == 1:
		return sign + "$" + group(math.Round(v))
	}
	if v >= 100 || v == math.Trunc(v) {
		return sign + group(math.Round(v))
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "0" {
		sign = ""
	}
	return sign + s
}

// group prints a non-negative whole number with thousands separators.
func group(v float64) string {
	if v >= 1e21 {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// UnitOf returns the canonical form of a unit text ("customers/CSM" →
// "account/person"), useful to compare units; "" when the unit is empty
// and "1" when it is dimensionless (such as "%").
func UnitOf(text string) string {
	u := parseUnit(text)
	if !u.known {
		return ""
	}
	if len(u.dims) == 0 {
		return "1"
	}
	u.text = ""
	return u.String()
}
