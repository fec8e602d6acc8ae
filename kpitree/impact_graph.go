package kpitree

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/kpitree/kpitree/internal/bigmem"
)

// vnode is one node of the compiled graph used by impact analysis, goal
// seek and Monte Carlo.
type vnode struct {
	id, name, agg string
	unit          string // for deciding whether a change shows as zero
	kind          Kind
	controllable  bool
	children      []int  // distinct node indices in first-use order
	prog          *vprog // nil for inputs and constants
	// lin holds coefficients when the node is k0 + Σ lin[i]·child_i, which
	// lets attribution use exact deltas instead of 2^n evaluations; or nil.
	lin  []float64
	mono []float64 // exponents when the node is k·Π child_i^mono[i]; or nil
	// konst is the value of a KindConstant node.
	konst  float64
	values []float64 // typed values of an input node; or nil
}

// vgraph is a tree compiled for fast, repeated vector evaluation.
type vgraph struct {
	// prog is the Program the graph was built from; its Aggregator (window
	// values) is made on first use, as resolving every node's kind costs
	// as much as the compile on a large tree and many callers need none.
	prog    *Program
	aggOnce sync.Once
	agg     *Aggregator
	nodes   []vnode
	order   []int // every node, children before parents
	root    int
	index   map[string]int
	scratch int // most scratch registers any node needs
}

func (g *vgraph) leaf(i int) bool { return g.nodes[i].prog == nil }

// aggregator returns the Aggregator of the graph's Program.
func (g *vgraph) aggregator() *Aggregator {
	g.aggOnce.Do(func() { g.agg = NewAggregator(g.prog) })
	return g.agg
}

// buildGraph compiles every node of p for vector evaluation. It reuses the
// Program's parsed formulas and resolves references the same way, and a
// node the Program marks broken (syntax error, unknown reference, cycle,
// bad health component) evaluates to missing here too, so both evaluators
// agree on every tree.
func buildGraph(p *Program) (*vgraph, error) {
	t := &p.tree // read only: a clone of a 100k-node tree costs more than the compile
	// The Program's id index is the graph's (same nodes, same order, and
	// neither changes it): building another map cost a tenth of the graph.
	g := &vgraph{index: p.index, root: -1, prog: p, nodes: make([]vnode, 0, len(t.Nodes))}
	for _, n := range t.Nodes {
		g.nodes = append(g.nodes, vnode{
			id: n.ID, name: n.Name, agg: n.Aggregation, unit: n.Unit, kind: n.Kind,
			controllable: n.Controllable, konst: n.Value, values: n.Values,
		})
	}
	r, ok := g.index[t.Root]
	if !ok {
		return nil, fmt.Errorf("root %s: %w: set the tree's root to one of its nodes", Quote(t.Root), ErrUnknownNode)
	}
	g.root = r
	for i, n := range t.Nodes {
		if err := g.compileNode(p, i, n); err != nil {
			return nil, fmt.Errorf("node %s: %w", Quote(n.ID), err)
		}
	}
	if err := g.sort(); err != nil {
		return nil, err
	}
	return g, nil
}

// compileTree compiles t with Compile and then for vector evaluation.
func compileTree(t Tree) (*vgraph, error) {
	p, _, err := Compile(t)
	if err != nil {
		return nil, err
	}
	return buildGraph(p)
}

func (g *vgraph) compileNode(p *Program, i int, n Node) error {
	vn := &g.nodes[i]
	if p.Broken(i) {
		vn.prog = &vprog{nin: 0, nregs: 1, instrs: []vinstr{{op: vConst, dst: 0, k: math.NaN()}}}
		return nil
	}
	// Formulas name a few children: a linear scan beats a map per node
	// (100k maps were a third of building the graph); long sums switch to
	// a map.
	var childReg map[int]int
	child := func(j int) int {
		if childReg != nil {
			if r, seen := childReg[j]; seen {
				return r
			}
		} else {
			for r, c := range vn.children {
				if c == j {
					return r
				}
			}
			if len(vn.children) >= 32 {
				childReg = make(map[int]int, 2*len(vn.children))
				for r, c := range vn.children {
					childReg[c] = r
				}
			}
		}
		if childReg != nil {
			childReg[j] = len(vn.children)
		}
		vn.children = append(vn.children, j)
		return len(vn.children) - 1
	}
	// A node that is not broken had every reference resolved by Compile:
	// read its answer instead of resolving names again.
	resolve := func(r *Ref) (int, error) {
		j, ok := p.refNode(r)
		if !ok {
			return 0, fmt.Errorf("reference %s: %w: add the node or fix the name", Quote(r.Name), ErrUnknownNode)
		}
		return child(j), nil
	}
	switch n.Kind {
	case KindFormula:
		e := p.Expr(i)
		if e == nil {
			return fmt.Errorf("formula did not parse: %w: fix it (Check says where)", ErrSyntax)
		}
		c := &vcompiler{perYear: PeriodsPerYear(p.tree.Calendar.Freq), resolve: func(r *Ref) (int, error) {
			k, err := resolve(r)
			return -(k + 1), err
		}}
		res, err := c.expr(e)
		if err != nil {
			return err
		}
		vn.prog = finishProg(c.prog, res, len(vn.children))
		regOf := func(r *Ref) int {
			k, err := resolve(r)
			if err != nil {
				return -1
			}
			return k
		}
		vn.lin = linearForm(e, regOf, len(vn.children))
		vn.mono = monoForm(e, regOf, len(vn.children))
	case KindHealth:
		var ins []vinstr
		for k, hc := range n.Health {
			a, ok := g.index[hc.Ref]
			if !ok {
				return fmt.Errorf("health component %s: %w", Quote(hc.Ref), ErrUnknownNode)
			}
			b := -1
			if hc.Per != "" {
				pi, ok := g.index[hc.Per]
				if !ok {
					return fmt.Errorf("health component per %s: %w", Quote(hc.Per), ErrUnknownNode)
				}
				b = pi
			}
			in := vinstr{op: vHealth, a: child(a), b: -1, k: hc.Weight, k2: hc.Min, k3: hc.Max, zeroFirst: k == 0}
			if b >= 0 {
				in.b = child(b)
			}
			ins = append(ins, in)
		}
		nin := len(vn.children)
		for k := range ins {
			ins[k].dst = nin
		}
		if len(ins) == 0 {
			ins = append(ins, vinstr{op: vConst, dst: nin, k: math.NaN()})
		}
		ins = append(ins, vinstr{op: vClamp100, dst: nin, a: nin})
		vn.prog = &vprog{nin: nin, nregs: nin + 1, instrs: ins}
	case KindInput, KindConstant:
	default:
		vn.prog = &vprog{nin: 0, nregs: 1, instrs: []vinstr{{op: vConst, dst: 0, k: math.NaN()}}}
	}
	if vn.prog != nil {
		g.scratch = max(g.scratch, vn.prog.nregs-vn.prog.nin-1)
	}
	return nil
}

// finishProg renumbers registers: inputs (encoded −(child+1) by the
// compiler) become 0..nin−1, the output nin, scratch nin+1.., and the result
// lands in the output register.
func finishProg(p vprog, res, nin int) *vprog {
	remap := func(r int) int {
		if r < 0 {
			return -r - 1
		}
		return nin + 1 + r
	}
	out := &vprog{nin: nin, nregs: nin + 1 + p.nregs}
	for _, in := range p.instrs {
		in.dst = remap(in.dst)
		in.a, in.b, in.c = remap(in.a), remap(in.b), remap(in.c)
		out.instrs = append(out.instrs, in)
	}
	last := len(out.instrs) - 1
	if res >= 0 && last >= 0 && out.instrs[last].dst == remap(res) {
		out.instrs[last].dst = nin
	} else {
		out.instrs = append(out.instrs, vinstr{op: vCopy, dst: nin, a: remap(res)})
	}
	return out
}

// sort fills g.order (children first) and reports cycles by name.
func (g *vgraph) sort() error {
	const (
		white = iota
		grey
		black
	)
	state := make([]uint8, len(g.nodes))
	g.order = g.order[:0]
	var stack []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case black:
			return nil
		case grey:
			var ids []string
			for k := len(stack) - 1; k >= 0; k-- {
				ids = append(ids, g.nodes[stack[k]].id)
				if stack[k] == i {
					break
				}
			}
			return fmt.Errorf("%s: %w: break the loop by making one node an input", strings.Join(ids, " ← "), ErrCycle)
		}
		state[i] = grey
		stack = append(stack, i)
		for _, c := range g.nodes[i].children {
			if err := visit(c); err != nil {
				return err
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = black
		g.order = append(g.order, i)
		return nil
	}
	for i := range g.nodes {
		if err := visit(i); err != nil {
			return err
		}
	}
	return nil
}

// descendants reports which nodes node i depends on (i included).
func (g *vgraph) descendants(i int) []bool {
	in := make([]bool, len(g.nodes))
	var walk func(int)
	walk = func(k int) {
		if in[k] {
			return
		}
		in[k] = true
		for _, c := range g.nodes[k].children {
			walk(c)
		}
	}
	walk(i)
	return in
}

// linearForm returns coefficients c such that e = c[nin] + Σ c[i]·child_i,
// or nil when e is not linear in its references.
func linearForm(e Expr, reg func(*Ref) int, nin int) []float64 {
	c := make([]float64, nin+1)
	if !addLinear(e, 1, c, reg) {
		return nil
	}
	return c
}

func addLinear(e Expr, w float64, c []float64, reg func(*Ref) int) bool {
	switch e := e.(type) {
	case *Num:
		c[len(c)-1] += w * e.Value
		return true
	case *Ref:
		r := reg(e)
		if r < 0 {
			return false
		}
		c[r] += w
		return true
	case *Unary:
		return addLinear(e.X, -w, c, reg)
	case *Binary:
		switch e.Op {
		case BinAdd:
			return addLinear(e.X, w, c, reg) && addLinear(e.Y, w, c, reg)
		case BinSub:
			return addLinear(e.X, w, c, reg) && addLinear(e.Y, -w, c, reg)
		case BinMul:
			if n, ok := e.X.(*Num); ok {
				return addLinear(e.Y, w*n.Value, c, reg)
			}
			if n, ok := e.Y.(*Num); ok {
				return addLinear(e.X, w*n.Value, c, reg)
			}
		case BinDiv:
			if n, ok := e.Y.(*Num); ok && n.Value != 0 {
				return addLinear(e.X, w/n.Value, c, reg)
			}
		}
	case *Call:
		if e.Func == "sum" || e.Func == "avg" {
			if e.Func == "avg" {
				w /= float64(len(e.Args))
			}
			for _, a := range e.Args {
				if !addLinear(a, w, c, reg) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// monoForm returns exponents x such that e = k·Π child_i^x[i] (k in the
// last slot), or nil when e is not a product of powers of its references.
func monoForm(e Expr, reg func(*Ref) int, nin int) []float64 {
	x := make([]float64, nin+1)
	x[nin] = 1
	if !addMono(e, 1, x, reg) {
		return nil
	}
	return x
}

func addMono(e Expr, p float64, x []float64, reg func(*Ref) int) bool {
	switch e := e.(type) {
	case *Num:
		x[len(x)-1] *= math.Pow(e.Value, p)
		return true
	case *Ref:
		r := reg(e)
		if r < 0 {
			return false
		}
		x[r] += p
		return true
	case *Binary:
		switch e.Op {
		case BinMul:
			return addMono(e.X, p, x, reg) && addMono(e.Y, p, x, reg)
		case BinDiv:
			return addMono(e.X, p, x, reg) && addMono(e.Y, -p, x, reg)
		case BinPow:
			if n, ok := e.Y.(*Num); ok {
				return addMono(e.X, p*n.Value, x, reg)
			}
		}
	}
	return false
}

// vevaluator evaluates a graph over blocks of n = paths × h values.
type vevaluator struct {
	g    *vgraph
	n, h int
	vals [][]float64 // per node; leaves may alias caller data
	regs [][]float64
	tmp  [][]float64
	// cin and cout, when not nil, carry lag and cumsum state per node from
	// a history into the block (cin) or out of a one-path block (cout).
	cin, cout []*progCarry
	// own holds, per overridden per-path input, the worker's copy that
	// the overrides are applied to; nil when there is none.
	own map[int][]float64
}

func (g *vgraph) newEvaluator(n, h int) *vevaluator {
	ev := &vevaluator{g: g, n: n, h: h, vals: make([][]float64, len(g.nodes))}
	// One slab for every node's values instead of a slice per node: on a
	// 100k-node tree that was 100k allocations and 48 MB of fresh 4 KiB
	// pages per history run (see bigmem).
	slab := bigmem.Floats(len(g.nodes) * n)
	maxRegs := 0
	for i := range g.nodes {
		ev.vals[i] = slab[i*n : (i+1)*n : (i+1)*n]
		if p := g.nodes[i].prog; p != nil {
			maxRegs = max(maxRegs, p.nregs)
		}
	}
	ev.regs = make([][]float64, maxRegs)
	ev.tmp = make([][]float64, g.scratch)
	for k := range ev.tmp {
		ev.tmp[k] = make([]float64, n)
	}
	return ev
}

// runNode evaluates formula node i from the current values of its children.
func (ev *vevaluator) runNode(i int) {
	vn := &ev.g.nodes[i]
	p := vn.prog
	regs := ev.regs[:p.nregs]
	for k, c := range vn.children {
		regs[k] = ev.vals[c]
	}
	regs[p.nin] = ev.vals[i]
	copy(regs[p.nin+1:], ev.tmp)
	var cin, cout *progCarry
	if ev.cin != nil {
		cin = ev.cin[i]
	}
	if ev.cout != nil {
		cout = ev.cout[i]
	}
	p.runCarry(regs, ev.n, ev.h, cin, cout)
}

// runAll evaluates every formula node in order.
func (ev *vevaluator) runAll() {
	for _, i := range ev.g.order {
		if !ev.g.leaf(i) {
			ev.runNode(i)
		}
	}
}
