package kpitree

import "math"

// compiler allocates scratch columns with a stack discipline.
type compiler struct {
	p      *Program
	consts map[float64]int32
	next   int32 // next free scratch number
	max    int32
	node   int
}

func (p *Program) emitAll() {
	c := &compiler{p: p, consts: map[float64]int32{}}
	p.codeAt = make([][2]int32, len(p.ids))
	for i := range p.srcOf {
		p.srcOf[i] = -1
	}
	for _, i32 := range p.order {
		i := int(i32)
		nd := &p.tree.Nodes[i]
		start := int32(len(p.code))
		c.node, c.next = i, 0
		d := int32(i)
		switch {
		case p.broken[i]:
			c.emit(instr{op: opNaN, d: d})
		case nd.Kind == KindInput || nd.Kind == KindConstant:
			p.srcOf[i] = int32(p.nSrc)
			p.nSrc++
			c.emit(instr{op: opCopy, d: d, a: -1 - p.srcOf[i]}) // fixed up below
		case nd.Kind == KindHealth:
			c.health(nd, d)
		default:
			c.into(p.exprs[i], d)
		}
		p.codeAt[i] = [2]int32{start, int32(len(p.code))}
	}
	// Slot layout: nodes, literal constants, scratch, raw input columns.
	n := int32(len(p.ids))
	k := int32(len(p.consts))
	p.nScratch = int(c.max)
	base := [4]int32{0, n, n + k, n + k + c.max}
	for j := range p.code {
		in := &p.code[j]
		in.d = fix(in.d, base)
		in.a = fix(in.a, base)
		in.b = fix(in.b, base)
		in.c = fix(in.c, base)
	}
}

// Operands are encoded before layout as: ≥ 0 node, −1−j raw input j,
// constBase+j literal j, scratchBase+j scratch j.
const (
	constBase   = 1 << 28
	scratchBase = 1 << 29
)

func fix(s int32, base [4]int32) int32 {
	switch {
	case s < 0:
		return base[3] + (-1 - s)
	case s >= scratchBase:
		return base[2] + s - scratchBase
	case s >= constBase:
		return base[1] + s - constBase
	}
	return s
}

func (c *compiler) emit(in instr) { c.p.code = append(c.p.code, in) }

func (c *compiler) constant(v float64) int32 {
	if v == 0 {
		v = 0 // fold -0 into 0 so the map key is stable
	}
	if j, ok := c.consts[v]; ok {
		return constBase + j
	}
	j := int32(len(c.p.consts))
	c.p.consts = append(c.p.consts, v)
	c.consts[v] = j
	return constBase + j
}

func (c *compiler) alloc() int32 {
	s := scratchBase + c.next
	c.next++
	if c.next > c.max {
		c.max = c.next
	}
	return s
}

// simple reports whether e needs no code of its own: a reference or a
// literal-only expression.
func (c *compiler) simple(e Expr) bool {
	if _, ok := e.(*Ref); ok {
		return true
	}
	_, ok := constValue(e)
	return ok
}

// value returns an operand holding e, emitting code into a fresh scratch
// column unless e is a literal or a reference.
func (c *compiler) value(e Expr) int32 {
	if v, ok := constValue(e); ok {
		return c.constant(v)
	}
	switch e := e.(type) {
	case *Num:
		return c.constant(e.Value)
	case *Ref:
		return int32(c.p.refTo(e))
	}
	s := c.alloc()
	c.into(e, s)
	return s
}

var binOpcode = map[BinaryOp]opcode{
	BinAdd: opAdd, BinSub: opSub, BinMul: opMul, BinDiv: opDiv, BinPow: opPow,
	BinLT: opLT, BinLE: opLE, BinGT: opGT, BinGE: opGE, BinEQ: opEQ, BinNE: opNE,
}

// into emits code that leaves e in column d.
func (c *compiler) into(e Expr, d int32) {
	if v, ok := constValue(e); ok {
		c.emit(instr{op: opCopy, d: d, a: c.constant(v)})
		return
	}
	save := c.next
	defer func() { c.next = save }()
	switch e := e.(type) {
	case *Ref:
		c.emit(instr{op: opCopy, d: d, a: int32(c.p.refTo(e))})
	case *Unary:
		c.emit(instr{op: opNeg, d: d, a: c.value(e.X)})
	case *Binary:
		if y, ok := constValue(e.Y); ok && e.Op == BinPow && y == 2 {
			c.emit(instr{op: opSquare, d: d, a: c.value(e.X)})
			return
		}
		// Fuse (x op y) op z over leaves into one pass: products and sums of
		// three drivers are the most common KPI formulas, and one pass
		// instead of two cuts the memory traffic by a third.
		if x, ok := e.X.(*Binary); ok && x.Op == e.Op && (e.Op == BinMul || e.Op == BinAdd) &&
			c.simple(x.X) && c.simple(x.Y) && c.simple(e.Y) {
			op := opMul3
			if e.Op == BinAdd {
				op = opAdd3
			}
			c.emit(instr{op: op, d: d, a: c.value(x.X), b: c.value(x.Y), c: c.value(e.Y)})
			return
		}
		a := c.value(e.X)
		b := c.value(e.Y)
		c.emit(instr{op: binOpcode[e.Op], d: d, a: a, b: b})
	case *Call:
		c.call(e, d)
	}
}

func (c *compiler) call(e *Call, d int32) {
	switch e.Func {
	case "sum", "avg", "min", "max":
		op := map[string]opcode{"sum": opAdd, "avg": opAdd, "min": opMin, "max": opMax}[e.Func]
		c.into(e.Args[0], d)
		for _, a := range e.Args[1:] {
			v := c.value(a)
			c.emit(instr{op: op, d: d, a: d, b: v})
			c.next = scratchMark(c.next, v)
		}
		if e.Func == "avg" && len(e.Args) > 1 {
			c.emit(instr{op: opMul, d: d, a: d, b: c.constant(1 / float64(len(e.Args)))})
		}
	case "abs":
		c.emit(instr{op: opAbs, d: d, a: c.value(e.Args[0])})
	case "annualize":
		c.emit(instr{op: opMul, d: d, a: c.value(e.Args[0]), b: c.constant(PeriodsPerYear(c.p.tree.Calendar.Freq))})
	case "cumsum":
		c.emit(instr{op: opCumsum, d: d, a: c.value(e.Args[0])})
	case "lag":
		k := int32(e.Args[1].(*Num).Value)
		c.emit(instr{op: opLag, d: d, a: c.value(e.Args[0]), k: k})
	case "clamp", "if":
		op := opClamp
		if e.Func == "if" {
			op = opIf
		}
		a := c.value(e.Args[0])
		b := c.value(e.Args[1])
		cc := c.value(e.Args[2])
		c.emit(instr{op: op, d: d, a: a, b: b, c: cc})
	}
}

// scratchMark frees the scratch column v (if it is one) after use so long
// sum(...) lists reuse a single temporary.
func scratchMark(next, v int32) int32 {
	if v >= scratchBase && v-scratchBase == next-1 {
		return next - 1
	}
	return next
}

func (c *compiler) health(nd *Node, d int32) {
	c.emit(instr{op: opCopy, d: d, a: c.constant(0)})
	for _, hc := range nd.Health {
		t := c.alloc()
		ref := int32(c.p.index[hc.Ref])
		if hc.Per != "" {
			c.emit(instr{op: opDiv, d: t, a: ref, b: int32(c.p.index[hc.Per])})
		} else {
			c.emit(instr{op: opCopy, d: t, a: ref})
		}
		c.emit(instr{op: opNorm, d: t, a: t, x: hc.Min, y: hc.Max - hc.Min, z: hc.Weight * 100})
		c.emit(instr{op: opAdd, d: d, a: d, b: t})
		c.next--
	}
	c.emit(instr{op: opClamp, d: d, a: d, b: c.constant(0), c: c.constant(100)})
}

// constValue folds literal-only expressions so "12 * 1,000" costs nothing
// per period. Only +, -, *, / and unary minus are folded; the AST is kept
// as written.
func constValue(e Expr) (float64, bool) {
	switch e := e.(type) {
	case *Num:
		return e.Value, true
	case *Unary:
		if v, ok := constValue(e.X); ok {
			return -v, true
		}
	case *Binary:
		// Y first: in a left-nested chain (a + b + … + z) Y is a reference,
		// so the answer is known without walking the whole chain.
		y, ok2 := constValue(e.Y)
		if !ok2 {
			return 0, false
		}
		x, ok1 := constValue(e.X)
		if !ok1 {
			return 0, false
		}
		var v float64
		switch e.Op {
		case BinAdd:
			v = x + y
		case BinSub:
			v = x - y
		case BinMul:
			v = x * y
		case BinDiv:
			if y == 0 {
				return 0, false // keep it so evaluation reports the division by zero
			}
			v = x / y
		default:
			return 0, false
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, false
		}
		return v, true
	}
	return 0, false
}
