package kpitree

import (
	"math"
	"strconv"
	"strings"
)

// Expr is a node of a parsed formula. The set of implementations is sealed:
// Num, Ref, Unary, Binary and Call. Every node knows the byte offset where
// it starts in the source, and String prints the canonical formula, which
// parses back to the same tree.
type Expr interface {
	// Pos is the byte offset of the expression's first token (for Binary,
	// of its operator) in the formula text.
	Pos() int
	// String prints the expression in canonical form.
	String() string
	exprNode()
}

// BinaryOp is an infix operator.
type BinaryOp uint8

// The infix operators, loosest-binding first.
const (
	BinLT  BinaryOp = iota + 1 // <
	BinLE                      // <=
	BinGT                      // >
	BinGE                      // >=
	BinEQ                      // ==
	BinNE                      // !=
	BinAdd                     // +
	BinSub                     // -
	BinMul                     // *
	BinDiv                     // /
	BinPow                     // ^
)

var binaryOpText = [...]string{"", "<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/", "^"}

// String returns the operator's source text.
func (o BinaryOp) String() string {
	if int(o) < len(binaryOpText) {
		return binaryOpText[o]
	}
	return "?"
}

// Precedence levels; unary minus sits between * / and ^ so -a^2 is -(a^2).
const (
	precCompare = 1
	precAdd     = 2
	precMul     = 3
	precUnary   = 4
	precPow     = 5
	precAtom    = 6
)

func (o BinaryOp) prec() int {
	switch o {
	case BinAdd, BinSub:
		return precAdd
	case BinMul, BinDiv:
		return precMul
	case BinPow:
		return precPow
	}
	return precCompare
}

// Num is a number literal. Percent and thousands separators are resolved by
// the parser: "5%" has Value 0.05, "1,234" has Value 1234.
type Num struct {
	At    int
	Value float64
}

// Ref refers to a node, either by bare id (Quoted false, Name is the id) or
// by a double-quoted name or id (Quoted true), which is how non-ASCII names
// such as "アクティブ率" are written.
type Ref struct {
	At     int
	Name   string // the id or the quoted text, unescaped
	Quoted bool
	// node is the node number + 1 Compile resolved the reference to; 0
	// when unresolved. Each Program parses its own formulas, so a Ref
	// belongs to one Program: a map from *Ref was the slowest part of
	// checking units on a 100k-node tree.
	node int32
}

// Unary is a negation.
type Unary struct {
	At int
	X  Expr
}

// Binary is an infix operation; At is the operator's offset.
type Binary struct {
	At   int
	Op   BinaryOp
	X, Y Expr
}

// Call is a function call such as max(a, b) or lag(x, 1).
type Call struct {
	At   int
	Func string
	Args []Expr
}

func (*Num) exprNode()    {}
func (*Ref) exprNode()    {}
func (*Unary) exprNode()  {}
func (*Binary) exprNode() {}
func (*Call) exprNode()   {}

// Pos returns the literal's offset.
func (n *Num) Pos() int { return n.At }

// Pos returns the reference's offset.
func (r *Ref) Pos() int { return r.At }

// Pos returns the minus sign's offset.
func (u *Unary) Pos() int { return u.At }

// Pos returns the operator's offset.
func (b *Binary) Pos() int { return b.At }

// Pos returns the function name's offset.
func (c *Call) Pos() int { return c.At }

// String prints the shortest decimal that parses back to the same float64.
func (n *Num) String() string {
	if math.IsInf(n.Value, 0) || math.IsNaN(n.Value) {
		// Only reachable for hand-built ASTs; keep the output parseable.
		return "(0/0)"
	}
	if a := math.Abs(n.Value); a == 0 || a >= 1e-4 && a < 1e21 {
		return strconv.FormatFloat(n.Value, 'f', -1, 64)
	}
	return strconv.FormatFloat(n.Value, 'g', -1, 64)
}

// String prints a bare id when the name is a valid id, else a quoted name.
func (r *Ref) String() string {
	if !r.Quoted && ValidID(r.Name) {
		return r.Name
	}
	return strconv.Quote(r.Name)
}

// String prints "-x", parenthesising x when it binds looser than ^.
func (u *Unary) String() string { return exprString(u) }

// String prints "x op y" with the parentheses the canonical form needs:
// operators are left-associative except ^, which is right-associative.
func (b *Binary) String() string { return exprString(b) }

// String prints "f(a, b)".
func (c *Call) String() string { return exprString(c) }

// exprString prints e into one buffer. Concatenating each sub-expression's
// String would copy a left-deep chain "a + b + c + …" once per operator,
// which made printing a 30,000-term formula take seconds (quadratic).
func exprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

// writeExpr appends e's canonical form to b.
func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *Unary:
		b.WriteByte('-')
		writeWrapped(b, e.X, precUnary)
	case *Binary:
		p := e.Op.prec()
		lp, rp := p, p+1
		if e.Op == BinPow {
			lp, rp = p+1, p
		}
		writeWrapped(b, e.X, lp)
		b.WriteByte(' ')
		b.WriteString(e.Op.String())
		b.WriteByte(' ')
		writeWrapped(b, e.Y, rp)
	case *Call:
		b.WriteString(e.Func)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case nil:
	default:
		b.WriteString(e.String())
	}
}

// writeWrapped appends e, in parentheses when it binds looser than min.
func writeWrapped(b *strings.Builder, e Expr, min int) {
	if exprPrec(e) < min {
		b.WriteByte('(')
		writeExpr(b, e)
		b.WriteByte(')')
		return
	}
	writeExpr(b, e)
}

func exprPrec(e Expr) int {
	switch e := e.(type) {
	case *Binary:
		return e.Op.prec()
	case *Unary:
		return precUnary
	}
	return precAtom
}

// ValidID reports whether id has the form [A-Za-z_][A-Za-z0-9_]*.
func ValidID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// Walk calls fn for e and every sub-expression, parents before children.
// It stops descending into a node when fn returns false.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch e := e.(type) {
	case *Unary:
		Walk(e.X, fn)
	case *Binary:
		Walk(e.X, fn)
		Walk(e.Y, fn)
	case *Call:
		for _, a := range e.Args {
			Walk(a, fn)
		}
	}
}

// anyExpr reports whether pred holds for e or any of its sub-expressions;
// it stops at the first that does.
func anyExpr(e Expr, pred func(Expr) bool) bool {
	found := false
	Walk(e, func(x Expr) bool {
		found = found || pred(x)
		return !found
	})
	return found
}

// Refs returns the references of e in source order (duplicates kept).
func Refs(e Expr) []*Ref {
	var out []*Ref
	Walk(e, func(x Expr) bool {
		if r, ok := x.(*Ref); ok {
			out = append(out, r)
		}
		return true
	})
	return out
}
