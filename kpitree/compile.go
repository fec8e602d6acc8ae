package kpitree

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Program is a compiled tree, ready to be evaluated many times with
// different inputs, horizons and scenarios. Nodes are numbered 0..Len()-1 in
// the tree's node order. A Program is immutable and safe for concurrent use;
// each goroutine evaluates into its own State.
type Program struct {
	tree     Tree
	ids      []string
	index    map[string]int
	exprs    []Expr  // parsed formula per node; nil when not a formula or unparsable
	broken   []bool  // node compiled to "missing" because of an error diagnostic
	children [][]int // direct references, de-duplicated, in source order
	parents  [][]int
	nRefs    int     // resolved references (see Ref.node)
	order    []int32 // evaluation order: children before parents
	rank     []int32 // rank[node] = position in order
	code     []instr
	codeAt   [][2]int32 // per node: code[start:end]
	consts   []float64  // literal columns
	nScratch int
	srcOf    []int32 // per node: raw input column number; -1 for formula nodes
	seen     []int32 // scratch for resolve (see add there); nil after Compile
	nSrc     int
	diags    []Diagnostic
	// units holds every node's declared unit, parsed on first use
	// (nodeUnits): the checker and the fiscal-year Aggregator both need
	// them, and a tree has few distinct units, so each is parsed once.
	unitsOnce sync.Once
	units     []unit
}

type opcode uint8

const (
	opCopy opcode = iota
	opNaN
	opAdd
	opSub
	opMul
	opDiv
	opPow
	opSquare
	opNeg
	opLT
	opLE
	opGT
	opGE
	opEQ
	opNE
	opMin
	opMax
	opAbs
	opLag
	opCumsum
	opClamp
	opIf
	opNorm // d = clamp((a - x) / y, 0, 1) * z
	opMul3 // d = a * b * c
	opAdd3 // d = a + b + c
)

// instr is one columnar instruction: it computes a whole column d from the
// columns a, b, c (slot numbers). Working on columns instead of periods is
// what makes evaluation allocation-free and cache-friendly.
type instr struct {
	op      opcode
	d, a, b int32
	c, k    int32
	x, y, z float64
}

// Compile resolves references, orders the nodes and compiles every formula
// into columnar instructions. Nodes with errors (syntax, unknown reference,
// cycle) compile to "missing" (NaN) and are reported as error diagnostics,
// so the rest of the tree still evaluates. The error is non-nil only when
// the tree cannot be indexed at all: an invalid or duplicate id.
func Compile(t Tree) (*Program, []Diagnostic, error) { return compile(t.Clone()) }

// CompileShared is Compile without copying the tree: the Program keeps
// t's nodes (and what they point to) as they are. The caller promises
// never to change them afterwards, as a copy-on-write store of immutable
// trees can (app/workspace): copying a 100k-node tree cost a fifth of the
// compile.
func CompileShared(t Tree) (*Program, []Diagnostic, error) { return compile(t) }

// compile is Compile over a tree the Program may keep.
func compile(t Tree) (*Program, []Diagnostic, error) {
	n := len(t.Nodes)
	p := &Program{
		tree:     t,
		ids:      make([]string, n),
		index:    make(map[string]int, n),
		exprs:    make([]Expr, n),
		broken:   make([]bool, n),
		children: make([][]int, n),
		parents:  make([][]int, n),
		srcOf:    make([]int32, n),
		seen:     make([]int32, n),
	}
	for i, nd := range t.Nodes {
		if !ValidID(nd.ID) {
			return nil, nil, fmt.Errorf("compile: node %d id %s: %w: use letters, digits and _ and start with a letter", i+1, Quote(nd.ID), ErrInvalidID)
		}
		if _, dup := p.index[nd.ID]; dup {
			return nil, nil, fmt.Errorf("compile: node %s: %w: give each node its own id", Quote(nd.ID), ErrDuplicateID)
		}
		p.ids[i] = nd.ID
		p.index[nd.ID] = i
	}
	// byName maps a name to its node, or to -1 when several share it: a
	// slice per name was 100k small allocations on a large tree.
	byName := make(map[string]int, n)
	for i, nd := range t.Nodes {
		if nd.Name != "" {
			if _, dup := byName[nd.Name]; dup {
				byName[nd.Name] = -1
			} else {
				byName[nd.Name] = i
			}
		}
	}
	if _, ok := p.index[t.Root]; !ok {
		d := diag("", SevError, CodeNoRoot, -1, MsgTreeNoRoot)
		if t.Root != "" {
			d = diag("", SevError, CodeNoRoot, -1, MsgTreeUnknownRoot, t.Root)
		}
		p.diags = append(p.diags, d)
	}
	parsed := parseAll(p.tree.Nodes)
	for i := range t.Nodes {
		p.resolve(i, byName, parsed[i])
	}
	p.seen = nil
	for i, cs := range p.children {
		for _, c := range cs {
			p.parents[c] = append(p.parents[c], i)
		}
	}
	p.topo()
	// About one instruction per node plus one per reference: reserving it
	// up front saves emitAll growing (and copying) the code of a
	// 10,000-node tree a dozen times.
	p.code = make([]instr, 0, n+p.nRefs)
	p.emitAll()
	p.fillCols(p.diags)
	return p, slices.Clone(p.diags), nil
}

// fillCols sets the character column of diagnostics that point into a
// node's formula.
// Counting from the formula's start for each one made a formula with
// 30,000 unknown references take seconds (quadratic), so the count resumes
// from the previous diagnostic when it is on the same node and further on,
// which is how resolve and the unit checker emit them.
func (p *Program) fillCols(ds []Diagnostic) {
	last, lastPos, lastCol := -1, 0, 0
	for k := range ds {
		i, ok := p.index[ds[k].Node]
		if !ok || ds[k].Pos < 0 {
			continue
		}
		src := p.tree.Nodes[i].Formula
		pos := min(ds[k].Pos, len(src))
		if i != last || pos < lastPos {
			last, lastPos, lastCol = i, 0, 1
		}
		lastCol += utf8.RuneCountInString(src[lastPos:pos])
		lastPos = pos
		ds[k].Col = lastCol
	}
}

// parsed is one node's formula parsed by parseAll.
type parsed struct {
	e   Expr
	err error
}

// parallelParse is the tree size from which parseAll splits the work over
// the CPUs: below it the goroutines cost more than they save.
const parallelParse = 2000

// parseAll parses the formulas of the formula nodes (others stay zero).
// Parse is a pure function of the text, so large trees (opening a
// 10,000-node workspace) parse in parallel; resolve then runs in node
// order, so diagnostics come out exactly as from a sequential compile.
func parseAll(nodes []Node) []parsed {
	out := make([]parsed, len(nodes))
	parse := func(from, step int) {
		for i := from; i < len(nodes); i += step {
			if nodes[i].Kind == KindFormula {
				out[i].e, out[i].err = Parse(nodes[i].Formula)
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(nodes)/parallelParse)
	if workers <= 1 {
		parse(0, 1)
		return out
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { parse(w, workers) })
	}
	wg.Wait()
	return out
}

// resolve records node i's children from its parsed formula (pr).
func (p *Program) resolve(i int, byName map[string]int, pr parsed) {
	nd := &p.tree.Nodes[i]
	// seen marks the children already added to node i (seen[c] == i+1), so
	// a formula with thousands of distinct references adds each once in
	// constant time instead of scanning the list so far (quadratic).
	add := func(c int) {
		if p.seen[c] != int32(i+1) {
			p.seen[c] = int32(i + 1)
			p.children[i] = append(p.children[i], c)
		}
	}
	switch nd.Kind {
	case KindFormula:
		e, err := pr.e, pr.err
		if err != nil {
			for _, fe := range err.(ErrorList) {
				p.diags = append(p.diags, Diagnostic{Node: nd.ID, Severity: SevError, Code: CodeSyntax,
					Message: fe.Msg, MsgCode: fe.Code, Args: fe.Args, Pos: fe.Pos, Period: -1})
			}
			p.broken[i] = true
			return
		}
		for _, r := range Refs(e) {
			c, ok := p.lookup(r, byName)
			switch {
			case ok:
				r.node = int32(c + 1)
				p.nRefs++
				add(c)
			case c == -2:
				p.diags = append(p.diags, diag(nd.ID, SevError, CodeAmbiguous, r.At, MsgRefAmbiguous, r.Name))
				p.broken[i] = true
			default:
				p.diags = append(p.diags, diag(nd.ID, SevError, CodeUnknownRef, r.At, MsgRefUnknown, r.Name))
				p.broken[i] = true
			}
		}
		p.exprs[i] = e
	case KindHealth:
		if len(nd.Health) == 0 {
			p.diags = append(p.diags, diag(nd.ID, SevError, CodeHealth, -1, MsgHealthEmpty))
			p.broken[i] = true
		}
		for k, hc := range nd.Health {
			ids := []string{hc.Ref}
			if hc.Per != "" {
				ids = append(ids, hc.Per)
			}
			for _, id := range ids {
				if c, ok := p.index[id]; ok {
					add(c)
				} else {
					p.diags = append(p.diags, diag(nd.ID, SevError, CodeUnknownRef, -1, MsgHealthUnknown, strconv.Itoa(k+1), id))
					p.broken[i] = true
				}
			}
			if !(hc.Max > hc.Min) || math.IsInf(hc.Max-hc.Min, 0) || math.IsNaN(hc.Weight) || math.IsInf(hc.Weight, 0) {
				p.diags = append(p.diags, diag(nd.ID, SevError, CodeHealth, -1, MsgHealthBad, strconv.Itoa(k+1)))
				p.broken[i] = true
			}
		}
	case KindInput, KindConstant:
	default:
		p.diags = append(p.diags, diag(nd.ID, SevError, CodeKind, -1, MsgNodeUnknownKind, string(nd.Kind)))
		p.broken[i] = true
	}
}

// refNode returns the node Compile resolved r to, and whether it did.
func (p *Program) refNode(r *Ref) (int, bool) { return int(r.node) - 1, r.node > 0 }

// refTo is refNode's node, or 0 when r is unresolved (only asked of the
// references of nodes that compiled without errors, which all resolved).
func (p *Program) refTo(r *Ref) int { return max(int(r.node)-1, 0) }

// lookup resolves a reference: bare names are ids; quoted names are node
// names first (unique), then ids. It returns -2 for an ambiguous name.
func (p *Program) lookup(r *Ref, byName map[string]int) (int, bool) {
	if r.Quoted {
		if j, named := byName[r.Name]; named {
			if j >= 0 {
				return j, true
			}
			if c, ok := p.index[r.Name]; ok {
				return c, true
			}
			return -2, false
		}
	}
	c, ok := p.index[r.Name]
	if !ok {
		return -1, false
	}
	return c, true
}

// topo orders nodes children-first (Kahn's algorithm, ties in tree order).
// Nodes on or behind a cycle are appended at the end and compiled to NaN.
func (p *Program) topo() {
	n := len(p.ids)
	pending := make([]int, n)
	for i := range n {
		pending[i] = len(p.children[i])
	}
	p.order = make([]int32, 0, n)
	for i := range n {
		if pending[i] == 0 {
			p.order = append(p.order, int32(i))
		}
	}
	for k := 0; k < len(p.order); k++ {
		for _, par := range p.parents[p.order[k]] {
			pending[par]--
			if pending[par] == 0 {
				p.order = append(p.order, int32(par))
			}
		}
	}
	if len(p.order) < n {
		reported := make([]bool, n)
		for i := range n {
			if pending[i] > 0 {
				p.broken[i] = true
				p.order = append(p.order, int32(i))
				if !reported[i] {
					p.reportCycle(i, pending, reported)
				}
			}
		}
	}
	p.rank = make([]int32, n)
	for r, i := range p.order {
		p.rank[i] = int32(r)
	}
}

// reportCycle finds a cycle reachable from start among unfinished nodes and
// reports it once, naming the path.
func (p *Program) reportCycle(start int, pending []int, reported []bool) {
	onPath := map[int]int{}
	var path []int
	cur := start
	for {
		if at, ok := onPath[cur]; ok {
			cyc := path[at:]
			names := make([]string, 0, len(cyc)+1)
			for _, c := range cyc {
				names = append(names, p.ids[c])
			}
			names = append(names, p.ids[cyc[0]])
			for _, c := range cyc {
				if !reported[c] {
					reported[c] = true
					p.diags = append(p.diags, diag(p.ids[c], SevError, CodeCycle, -1,
						MsgTreeCycle, strings.Join(names, " → ")))
				}
			}
			return
		}
		if reported[cur] {
			return // leads into a cycle already reported
		}
		onPath[cur] = len(path)
		path = append(path, cur)
		next := -1
		for _, c := range p.children[cur] {
			if pending[c] > 0 {
				next = c
				break
			}
		}
		if next < 0 {
			return
		}
		cur = next
	}
}
