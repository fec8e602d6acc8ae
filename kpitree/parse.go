package kpitree

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// funcArity lists the formula functions with their minimum and maximum
// argument counts (-1: no maximum).
var funcArity = map[string][2]int{
	"sum":    {1, -1},
	"avg":    {1, -1},
	"min":    {1, -1},
	"max":    {1, -1},
	"abs":    {1, 1},
	"lag":    {2, 2},
	"cumsum": {1, 1},
	"clamp":  {3, 3},
	"if":     {3, 3},
}

func isFuncName(s string) bool { _, ok := funcArity[s]; return ok }

const funcList = "sum, avg, min, max, abs, lag, cumsum, clamp or if"

// parser is a recursive-descent parser over the formula bytes. It stops at
// the first error: later complaints after a syntax error are mostly noise.
type parser struct {
	src   string
	pos   int
	depth int
	call  int // > 0 inside a function's argument list, where ',' separates arguments
	errs  ErrorList
}

// bailout is panicked to unwind the parser at the first error.
type bailout struct{}

// Parse parses a formula. The grammar (loosest first):
//
//	formula    = comparison EOF
//	comparison = additive { ("<" | "<=" | ">" | ">=" | "==" | "!=") additive }
//	additive   = term { ("+" | "-") term }
//	term       = unary { ("*" | "/") unary }
//	unary      = ("-" | "+") unary | power
//	power      = primary [ "^" unary ]
//	primary    = number [ "%" ] | id | "\"" name "\"" | func "(" args ")" | "(" comparison ")"
//	number     = digits { "," 3digits } [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ]
//
// Thousands separators ("1,234") are accepted outside function arguments
// only: inside max(1,234) the comma separates arguments. On failure the
// error is an ErrorList whose entries wrap ErrSyntax.
func Parse(src string) (e Expr, err error) {
	p := &parser{src: src}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				if re, ok := r.(runtime.Error); ok {
					panic(re)
				}
				panic(r)
			}
			e, err = nil, p.errs.Err()
		}
	}()
	p.skipSpace()
	if p.pos == len(src) {
		p.fail(0, "formula is empty: enter an expression such as price * customers")
	}
	e = p.comparison()
	p.skipSpace()
	if p.pos < len(src) {
		if src[p.pos] == ')' {
			p.fail(p.pos, "unexpected ')': there is no '(' to close; remove it")
		}
		p.fullWidth()
		p.fail(p.pos, fmt.Sprintf("unexpected %s after a complete expression: add an operator such as + or *", p.describe()))
	}
	return e, nil
}

func (p *parser) fail(pos int, msg string) {
	p.errs = append(p.errs, &Error{Pos: pos, Col: colOf(p.src, pos), Msg: msg})
	panic(bailout{})
}

// fullWidth fails with a hint when the next character is a full-width
// (全角) form of an ASCII character, which Japanese IMEs produce easily.
func (p *parser) fullWidth() {
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	if r >= 0xFF01 && r <= 0xFF5E {
		p.fail(p.pos, fmt.Sprintf("full-width %q: type the half-width (半角) %q instead", r, r-0xFEE0))
	}
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail(p.pos, fmt.Sprintf("formula is nested more than %d levels deep: split it into intermediate nodes", maxDepth))
	}
}

func (p *parser) leave() { p.depth-- }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			if strings.HasPrefix(p.src[p.pos:], "\u3000") { // full-width space from Japanese IMEs
				p.pos += len("\u3000")
				continue
			}
			return
		}
	}
}

// describe names the token at p.pos for error messages.
func (p *parser) describe() string {
	if p.pos >= len(p.src) {
		return "end of formula"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte %#x", p.src[p.pos])
	}
	return strconv.QuoteRune(r)
}

// peekOp returns the comparison or arithmetic operator at p.pos, if any.
func (p *parser) peekOp() (BinaryOp, int) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return 0, 0
	}
	two := ""
	if p.pos+1 < len(p.src) {
		two = p.src[p.pos : p.pos+2]
	}
	switch two {
	case "<=":
		return BinLE, 2
	case ">=":
		return BinGE, 2
	case "==":
		return BinEQ, 2
	case "!=":
		return BinNE, 2
	}
	switch p.src[p.pos] {
	case '<':
		return BinLT, 1
	case '>':
		return BinGT, 1
	case '+':
		return BinAdd, 1
	case '-':
		return BinSub, 1
	case '*':
		return BinMul, 1
	case '/':
		return BinDiv, 1
	case '^':
		return BinPow, 1
	case '=':
		p.fail(p.pos, "use == to compare two values")
	case '!':
		p.fail(p.pos, "use != for 'not equal'")
	}
	return 0, 0
}

func (p *parser) binaryLevel(prec int, next func() Expr) Expr {
	p.enter()
	defer p.leave()
	x := next()
	for {
		op, n := p.peekOp()
		if op == 0 || op.prec() != prec {
			return x
		}
		at := p.pos
		p.pos += n
		y := next()
		x = &Binary{At: at, Op: op, X: x, Y: y}
	}
}

func (p *parser) comparison() Expr { return p.binaryLevel(precCompare, p.additive) }
func (p *parser) additive() Expr   { return p.binaryLevel(precAdd, p.term) }
func (p *parser) term() Expr       { return p.binaryLevel(precMul, p.unary) }

func (p *parser) unary() Expr {
	p.enter()
	defer p.leave()
	p.skipSpace()
	if p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '-':
			at := p.pos
			p.pos++
			return &Unary{At: at, X: p.unary()}
		case '+':
			p.pos++
			return p.unary()
		}
	}
	return p.power()
}

func (p *parser) power() Expr {
	x := p.primary()
	if op, n := p.peekOp(); op == BinPow {
		at := p.pos
		p.pos += n
		return &Binary{At: at, Op: BinPow, X: x, Y: p.unary()}
	}
	return x
}

func (p *parser) primary() Expr {
	p.skipSpace()
	if p.pos >= len(p.src) {
		p.fail(p.pos, "formula ends too early: expected a number, a node or '('")
	}
	c := p.src[p.pos]
	switch {
	case c == '(':
		open := p.pos
		p.pos++
		saved := p.call
		p.call = 0 // parentheses restore thousands separators: max((1,234), x)
		x := p.comparison()
		p.call = saved
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			p.fail(p.pos, fmt.Sprintf("missing ')' to close the '(' at col %d", colOf(p.src, open)))
		}
		p.pos++
		return x
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == '"':
		return p.quoted()
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return p.ident()
	case c == ')':
		p.fail(p.pos, "expected a number, a node or '(' before ')'")
	case c == ',':
		p.fail(p.pos, "expected a number, a node or '(' before ','")
	}
	p.fullWidth()
	if r, _ := utf8.DecodeRuneInString(p.src[p.pos:]); unicode.IsLetter(r) {
		p.fail(p.pos, "put node names in double quotes, e.g. \"アクティブ率\" * 2")
	}
	p.fail(p.pos, fmt.Sprintf("unexpected %s: expected a number, a node or '('", p.describe()))
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number scans a literal. Thousands groups must have exactly three digits,
// so "1,23" is an error rather than a silent 123.
func (p *parser) number() Expr {
	start := p.pos
	var b strings.Builder
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			b.WriteByte(p.src[p.pos])
			p.pos++
			n++
		}
		return n
	}
	intDigits := digits()
	for p.call == 0 && intDigits > 0 && p.pos < len(p.src) && p.src[p.pos] == ',' {
		n := 0
		for n < 4 && p.pos+1+n < len(p.src) && isDigit(p.src[p.pos+1+n]) {
			n++
		}
		if n != 3 {
			p.fail(p.pos, "thousands separators need groups of three digits, e.g. 1,234,567")
		}
		p.pos++
		digits()
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		b.WriteByte('.')
		p.pos++
		if digits() == 0 && intDigits == 0 {
			p.fail(start, "a number needs digits, e.g. 0.5")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		save := p.pos
		b.WriteByte('e')
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			b.WriteByte(p.src[p.pos])
			p.pos++
		}
		if digits() == 0 {
			p.pos = save
			p.fail(save, "an exponent needs digits, e.g. 1e6")
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) {
		p.fail(start, "number is too large")
	}
	if p.pos < len(p.src) && p.src[p.pos] == '%' {
		p.pos++
		v /= 100
	}
	if p.pos < len(p.src) {
		if c := p.src[p.pos]; c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			p.fail(p.pos, "a number cannot run into a name: add '*' between them, e.g. 2 * x")
		}
	}
	return &Num{At: start, Value: v}
}

func (p *parser) quoted() Expr {
	start := p.pos
	i := p.pos + 1
	for i < len(p.src) && p.src[i] != '"' {
		if p.src[i] == '\\' {
			i++
		}
		i++
	}
	if i >= len(p.src) {
		p.fail(start, "missing closing '\"' after the node name")
	}
	s, err := strconv.Unquote(p.src[start : i+1])
	if err != nil {
		p.fail(start, "invalid escape in the quoted name: write \\\" for a quote and \\\\ for a backslash")
	}
	if strings.TrimSpace(s) == "" {
		p.fail(start, "empty node name in quotes: write the node's name or id")
	}
	p.pos = i + 1
	return &Ref{At: start, Name: s, Quoted: true}
}

func (p *parser) ident() Expr {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) {
			p.pos++
			continue
		}
		break
	}
	name := p.src[start:p.pos]
	if r, _ := utf8.DecodeRuneInString(p.src[p.pos:]); p.pos < len(p.src) && unicode.IsLetter(r) {
		p.fail(start, "put node names in double quotes, e.g. \"アクティブ率\" * 2")
	}
	save := p.pos
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '(' {
		return p.callExpr(start, name)
	}
	p.pos = save
	return &Ref{At: start, Name: name}
}

func (p *parser) callExpr(start int, name string) Expr {
	arity, ok := funcArity[name]
	if !ok {
		p.fail(start, fmt.Sprintf("unknown function %q: use %s", name, funcList))
	}
	p.enter()
	defer p.leave()
	p.pos++ // '('
	p.call++
	defer func() { p.call-- }()
	var args []Expr
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ')' {
		p.pos++
	} else {
		for {
			args = append(args, p.comparison())
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.src) && p.src[p.pos] == ')' {
				p.pos++
				break
			}
			p.fail(p.pos, fmt.Sprintf("expected ',' or ')' in the arguments of %s, found %s", name, p.describe()))
		}
	}
	c := &Call{At: start, Func: name, Args: args}
	if len(args) < arity[0] || arity[1] >= 0 && len(args) > arity[1] {
		p.fail(start, arityMsg(name, arity))
	}
	if name == "lag" {
		if k, ok := args[1].(*Num); !ok || k.Value != math.Trunc(k.Value) || k.Value < 0 || k.Value > 10000 {
			p.fail(args[1].Pos(), "lag needs a whole number of periods (0 to 10000) as its second argument, e.g. lag(x, 1)")
		}
	}
	return c
}

func arityMsg(name string, a [2]int) string {
	switch {
	case a[1] < 0:
		return fmt.Sprintf("%s needs at least %d argument(s)", name, a[0])
	case name == "lag":
		return "lag needs two arguments: lag(x, periods)"
	case name == "clamp":
		return "clamp needs three arguments: clamp(x, low, high)"
	case name == "if":
		return "if needs three arguments: if(condition, then, else)"
	}
	return fmt.Sprintf("%s needs exactly %d argument(s)", name, a[0])
}
