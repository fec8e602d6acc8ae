package kpitree

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/kpitree/kpitree/internal/bigmem"
)

// Inputs maps input node ids to their series (NaN for missing periods).
// Series may be longer than Calendar.Periods when forecasts are appended.
type Inputs map[string][]float64

// State holds one evaluation of a Program over a horizon: a column of values
// per node, the raw input columns, scratch space and the active scenario.
// Reusing a State makes Run allocation-free. A State is not safe for
// concurrent use; give each goroutine its own (Program.NewState).
type State struct {
	p       *Program
	periods int
	buf     []float64 // all columns, periods long each
	// off is the start of each slot's column in buf. An input or constant
	// node without scenario overrides shares its raw input column (alias),
	// so a full Run does not copy any input data.
	off   []int
	alias []bool
	divz  []int32 // per node: 1 + first period where a division hit zero; 0 none
	ovr   [][]override
	scen  *Scenario
	mark  []bool
	queue []int32
}

// override is a validated scenario override.
type override struct {
	op             OverrideOp
	v              float64
	from, to, ramp int
}

// NewState allocates the columns for a horizon of periods (at least 1):
// every input starts with its typed Values (NaN where absent) and every
// constant with its Value.
func (p *Program) NewState(periods int) *State {
	periods = max(periods, 1)
	n := len(p.ids)
	slots := n + len(p.consts) + p.nScratch + p.nSrc
	s := &State{
		p:       p,
		periods: periods,
		buf:     bigmem.Floats(slots * periods),
		off:     make([]int, slots),
		alias:   make([]bool, n),
		divz:    make([]int32, n),
		ovr:     make([][]override, n),
		mark:    make([]bool, n),
		queue:   make([]int32, 0, n),
	}
	for k := range s.off {
		s.off[k] = k * periods
	}
	s.relink()
	for k, v := range p.consts {
		fill(s.col(n+k), v)
	}
	for i, nd := range p.tree.Nodes {
		if p.srcOf[i] < 0 {
			continue
		}
		raw := s.rawCol(i)
		if nd.Kind == KindConstant {
			fill(raw, nd.Value)
			continue
		}
		fill(raw, math.NaN())
		copy(raw, nd.Values)
	}
	return s
}

func fill(c []float64, v float64) {
	for t := range c {
		c[t] = v
	}
}

func (s *State) col(slot int) []float64 {
	o := s.off[slot]
	return s.buf[o : o+s.periods : o+s.periods]
}

func (s *State) rawSlot(i int) int {
	p := s.p
	return len(p.ids) + len(p.consts) + p.nScratch + int(p.srcOf[i])
}

func (s *State) rawCol(i int) []float64 { return s.col(s.rawSlot(i)) }

// relink points every source node without overrides at its raw column, and
// gives overridden ones their own column to hold raw ⊕ overrides.
func (s *State) relink() {
	for i, src := range s.p.srcOf {
		if src < 0 {
			continue
		}
		s.alias[i] = len(s.ovr[i]) == 0
		if s.alias[i] {
			s.off[i] = s.off[s.rawSlot(i)]
		} else {
			s.off[i] = i * s.periods
		}
	}
}

// Program returns the program the state evaluates.
func (s *State) Program() *Program { return s.p }

// Periods returns the horizon length.
func (s *State) Periods() int { return s.periods }

// Values returns the evaluated column of id (valid until the next Run or
// Update; do not modify); or nil for an unknown id.
func (s *State) Values(id string) []float64 {
	i := s.p.Index(id)
	if i < 0 {
		return nil
	}
	return s.col(i)
}

// Column returns the evaluated column of node i (do not modify).
func (s *State) Column(i int) []float64 { return s.col(i) }

// Input returns the raw, writable input column of node i (an input or
// constant node; nil otherwise). Write values, then call Run or Update(i):
// this is the fast path for Monte Carlo and sensitivity loops.
func (s *State) Input(i int) []float64 {
	if i < 0 || i >= len(s.p.ids) || s.p.srcOf[i] < 0 {
		return nil
	}
	return s.rawCol(i)
}

// SetInputs copies series into the input columns (shorter series are padded
// with NaN, longer ones cut to the horizon). Inputs not named keep their
// current values. It does not evaluate; call Run.
func (s *State) SetInputs(in Inputs) error {
	for _, id := range sortedKeys(in) {
		i := s.p.Index(id)
		if i < 0 {
			return fmt.Errorf("set inputs: %s: %w: bind data only to nodes of this tree", Quote(id), ErrUnknownNode)
		}
		if s.p.tree.Nodes[i].Kind != KindInput {
			return fmt.Errorf("set inputs: %s is a %s node, not an input: %w: change its kind to input to bind data", Quote(id), s.p.tree.Nodes[i].Kind, ErrBadOp)
		}
		raw := s.rawCol(i)
		fill(raw, math.NaN())
		copy(raw, in[id])
	}
	return nil
}

// Run evaluates every node over the horizon, applying the scenario's
// overrides. It does not allocate.
func (s *State) Run() {
	clear(s.divz)
	for _, i := range s.p.order {
		s.evalNode(int(i))
	}
}

// Update re-evaluates node i and only the nodes that depend on it, after
// its input column (Input) or its scenario changed. It does not allocate.
func (s *State) Update(i int) {
	s.queue = append(s.queue[:0], int32(i))
	s.mark[i] = true
	s.updateQueued()
}

// UpdateMany is Update for several changed nodes at once; each affected
// node is recomputed once.
func (s *State) UpdateMany(nodes ...int) {
	s.queue = s.queue[:0]
	for _, i := range nodes {
		if !s.mark[i] {
			s.mark[i] = true
			s.queue = append(s.queue, int32(i))
		}
	}
	s.updateQueued()
}

// updateQueued extends the marked queue with all ancestors, then evaluates
// them children-first.
func (s *State) updateQueued() {
	for k := 0; k < len(s.queue); k++ {
		for _, par := range s.p.parents[s.queue[k]] {
			if !s.mark[par] {
				s.mark[par] = true
				s.queue = append(s.queue, int32(par))
			}
		}
	}
	for k, n := range s.queue {
		s.mark[n] = false
		s.queue[k] = s.p.rank[n]
	}
	slices.Sort(s.queue)
	for _, r := range s.queue {
		n := int(s.p.order[r])
		s.divz[n] = 0
		s.evalNode(n)
	}
}

func (s *State) evalNode(i int) {
	if s.alias[i] {
		return // the node's column is its input column
	}
	at := s.p.codeAt[i]
	for k := at[0]; k < at[1]; k++ {
		s.exec(&s.p.code[k], i)
	}
	for _, o := range s.ovr[i] {
		applyOverride(s.col(i), o)
	}
}

func applyOverride(d []float64, o override) { applyOverrideAt(d, 0, len(d), o) }

// applyOverrideAt applies o to d, which holds periods g0, g0+1, … of an
// evaluation over total periods: the Monte Carlo kernel's blocks hold only
// the simulated periods, and must get exactly the numbers a State would.
func applyOverrideAt(d []float64, g0, total int, o override) {
	to := o.to
	if to < 0 || to >= total {
		to = total - 1
	}
	to = min(to, g0+len(d)-1)
	for g := max(o.from, g0); g <= to; g++ {
		t := g - g0
		f := 1.0
		if o.ramp > 0 && g-o.from+1 < o.ramp {
			f = float64(g-o.from+1) / float64(o.ramp)
		}
		switch o.op {
		case OpSet:
			if f == 1 {
				d[t] = o.v
			} else {
				d[t] += (o.v - d[t]) * f
			}
		case OpScale:
			d[t] *= 1 + o.v/100*f
		case OpAdd:
			d[t] += o.v * f
		}
	}
}

// exec runs one columnar instruction for node i.
func (s *State) exec(in *instr, node int) {
	d := s.col(int(in.d))
	n := len(d)
	switch in.op {
	case opNaN:
		fill(d, math.NaN())
	case opCopy:
		copy(d, s.col(int(in.a)))
	case opAdd:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			d[t] = a[t] + b[t]
		}
	case opMul3:
		a, b, c := s.col(int(in.a))[:n], s.col(int(in.b))[:n], s.col(int(in.c))[:n]
		for t := range d {
			d[t] = a[t] * b[t] * c[t]
		}
	case opAdd3:
		a, b, c := s.col(int(in.a))[:n], s.col(int(in.b))[:n], s.col(int(in.c))[:n]
		for t := range d {
			d[t] = a[t] + b[t] + c[t]
		}
	case opSub:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			d[t] = a[t] - b[t]
		}
	case opMul:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			d[t] = a[t] * b[t]
		}
	case opDiv:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			if b[t] == 0 {
				d[t] = math.NaN()
				if s.divz[node] == 0 {
					s.divz[node] = int32(t + 1)
				}
				continue
			}
			d[t] = a[t] / b[t]
		}
	case opPow:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			v := math.Pow(a[t], b[t])
			if math.IsInf(v, 0) {
				v = math.NaN() // 0^-1 and overflow: missing, never Inf
			}
			d[t] = v
		}
	case opSquare:
		a := s.col(int(in.a))[:n]
		for t := range d {
			d[t] = a[t] * a[t]
		}
	case opNeg:
		a := s.col(int(in.a))[:n]
		for t := range d {
			d[t] = -a[t]
		}
	case opLT, opLE, opGT, opGE, opEQ, opNE:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		op := cmpBinaryOp[in.op]
		for t := range d {
			d[t] = compare(op, a[t], b[t])
		}
	case opMin:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			d[t] = math.Min(a[t], b[t])
		}
	case opMax:
		a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n]
		for t := range d {
			d[t] = math.Max(a[t], b[t])
		}
	case opAbs:
		a := s.col(int(in.a))[:n]
		for t := range d {
			d[t] = math.Abs(a[t])
		}
	case opLag:
		a := s.col(int(in.a))[:n]
		k := min(int(in.k), n)
		fill(d[:k], math.NaN())
		copy(d[k:], a[:n-k])
	case opCumsum:
		a := s.col(int(in.a))[:n]
		acc := 0.0
		for t := range d {
			acc += a[t] // a missing period makes the running total missing from then on
			d[t] = acc
		}
	case opClamp:
		a, lo, hi := s.col(int(in.a))[:n], s.col(int(in.b))[:n], s.col(int(in.c))[:n]
		for t := range d {
			d[t] = clampValue(a[t], lo[t], hi[t])
		}
	case opIf:
		c, a, b := s.col(int(in.a))[:n], s.col(int(in.b))[:n], s.col(int(in.c))[:n]
		for t := range d {
			d[t] = ifValue(c[t], a[t], b[t])
		}
	case opNorm:
		a := s.col(int(in.a))[:n]
		for t := range d {
			d[t] = healthShare(a[t], in.x, in.y) * in.z
		}
	}
}

// cmpBinaryOp maps the comparison opcodes back to the operator they came
// from, so that the compiled evaluator and the vector evaluator share one
// comparison (compare) and cannot disagree about NaN or the result values.
var cmpBinaryOp = [...]BinaryOp{
	opLT: BinLT, opLE: BinLE, opGT: BinGT, opGE: BinGE, opEQ: BinEQ, opNE: BinNE,
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// Clone returns an independent copy of the state (inputs, values, scenario
// and findings), so one goroutine can explore changes without disturbing
// the original.
func (s *State) Clone() *State {
	c := *s
	c.buf = slices.Clone(s.buf)
	c.off = slices.Clone(s.off)
	c.alias = slices.Clone(s.alias)
	c.divz = slices.Clone(s.divz)
	c.ovr = make([][]override, len(s.ovr))
	for i, o := range s.ovr {
		c.ovr[i] = slices.Clone(o)
	}
	c.mark = make([]bool, len(s.mark))
	c.queue = make([]int32, 0, cap(s.queue))
	return &c
}
