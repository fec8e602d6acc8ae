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
	// annualize turns an amount per calendar period into the same amount
	// per year (× 12 on a monthly calendar); see PeriodsPerYear.
	"annualize": {1, 1},
}

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
		p.fail(0, MsgParseEmpty)
	}
	e = p.comparison()
	p.skipSpace()
	if p.pos < len(src) {
		if src[p.pos] == ')' {
			p.fail(p.pos, MsgParseUnmatchedClose)
		}
		p.fullWidth()
		p.fail(p.pos, MsgParseTrailing, p.describe())
	}
	return e, nil
}

// fail records the error code with args at pos and unwinds the parser.
func (p *parser) fail(pos int, code MsgCode, args ...string) {
	args = clipAll(args)
	p.errs = append(p.errs, &Error{Pos: pos, Col: colOf(p.src, pos), Msg: messageText(code, args...), Code: code, Args: args})
	panic(bailout{})
}

// fullWidth fails with a hint when the next character is a full-width
// (全角) form of an ASCII character, which Japanese IMEs produce easily.
func (p *parser) fullWidth() {
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	if r >= 0xFF01 && r <= 0xFF5E {
		p.fail(p.pos, MsgParseFullWidth, string(r), string(r-0xFEE0))
	}
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail(p.pos, MsgParseTooDeep, strconv.Itoa(maxDepth))
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

// describe names the character at p.pos (not at the end) for error
// messages, in words of no language: the character itself, or an escape
// such as \x1f or \xff for a control character or a byte that is not UTF-8.
func (p *parser) describe() string {
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	switch {
	case r == utf8.RuneError && size <= 1:
		return fmt.Sprintf("\\x%02x", p.src[p.pos])
	case !unicode.IsPrint(r):
		q := strconv.QuoteRune(r)
		return q[1 : len(q)-1]
	}
	return string(r)
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
		p.fail(p.pos, MsgParseSingleEq)
	case '!':
		p.fail(p.pos, MsgParseSingleBang)
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
		p.fail(p.pos, MsgParseEarlyEnd)
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
			p.fail(p.pos, MsgParseMissingClose, strconv.Itoa(colOf(p.src, open)))
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
		p.fail(p.pos, MsgParseOperandBefore, ")")
	case c == ',':
		p.fail(p.pos, MsgParseOperandBefore, ",")
	}
	p.fullWidth()
	if r, _ := utf8.DecodeRuneInString(p.src[p.pos:]); unicode.IsLetter(r) {
		p.fail(p.pos, MsgParseQuoteNames)
	}
	p.fail(p.pos, MsgParseUnexpected, p.describe())
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
			p.fail(p.pos, MsgParseThousands)
		}
		p.pos++
		digits()
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		b.WriteByte('.')
		p.pos++
		if digits() == 0 && intDigits == 0 {
			p.fail(start, MsgParseNumberDigits)
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
			p.fail(save, MsgParseExponentDigits)
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) {
		p.fail(start, MsgParseNumberTooLarge)
	}
	if p.pos < len(p.src) && p.src[p.pos] == '%' {
		p.pos++
		v /= 100
	}
	if p.pos < len(p.src) {
		if c := p.src[p.pos]; c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			p.fail(p.pos, MsgParseNumberThenName)
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
		p.fail(start, MsgParseUnclosedQuote)
	}
	s, err := strconv.Unquote(p.src[start : i+1])
	if err != nil {
		p.fail(start, MsgParseBadEscape)
	}
	if strings.TrimSpace(s) == "" {
		p.fail(start, MsgParseEmptyName)
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
		p.fail(start, MsgParseQuoteNames)
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
		p.fail(start, MsgParseUnknownFunc, name)
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
			if p.pos >= len(p.src) {
				p.fail(p.pos, MsgParseArgsUnclosed, name)
			}
			p.fail(p.pos, MsgParseArgsExpected, name, p.describe())
		}
	}
	c := &Call{At: start, Func: name, Args: args}
	if len(args) < arity[0] || arity[1] >= 0 && len(args) > arity[1] {
		p.failArity(start, name, arity)
	}
	if name == "lag" {
		if k, ok := args[1].(*Num); !ok || k.Value != math.Trunc(k.Value) || k.Value < 0 || k.Value > 10000 {
			p.fail(args[1].Pos(), MsgParseLagPeriods)
		}
	}
	return c
}

// failArity reports a call with the wrong number of arguments, showing
// the call's shape where a count alone would not help.
func (p *parser) failArity(pos int, name string, a [2]int) {
	switch {
	case a[1] < 0:
		p.fail(pos, MsgParseArityMin, name, strconv.Itoa(a[0]))
	case name == "lag":
		p.fail(pos, MsgParseArityLag)
	case name == "clamp":
		p.fail(pos, MsgParseArityClamp)
	case name == "if":
		p.fail(pos, MsgParseArityIf)
	}
	p.fail(pos, MsgParseArityExact, name, strconv.Itoa(a[0]))
}
