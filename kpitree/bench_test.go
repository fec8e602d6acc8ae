package kpitree_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// bigTree builds a random KPI tree of n nodes: formula nodes with two or
// three children (products, sums, differences, ratios), input leaves, in
// breadth-first order so depth grows like log n (about 9 for 10,000).
// It returns the tree, its inputs over periods, and a leaf at depth ≥ 8.
func coreBigTree(n, periods int) (kpitree.Tree, kpitree.Inputs, string) {
	rng := rand.New(rand.NewPCG(7, 7))
	type item struct {
		id    string
		depth int
	}
	nodes := []kpitree.Node{{ID: "n0", Kind: kpitree.KindInput}}
	depth := map[string]int{"n0": 0}
	queue := []item{{"n0", 0}}
	for len(nodes) < n && len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		k := 2 + rng.IntN(2)
		if len(nodes)+k > n {
			break
		}
		kids := make([]string, k)
		for j := range kids {
			kids[j] = fmt.Sprintf("n%d", len(nodes))
			nodes = append(nodes, kpitree.Node{ID: kids[j], Kind: kpitree.KindInput})
			depth[kids[j]] = it.depth + 1
			queue = append(queue, item{kids[j], it.depth + 1})
		}
		f := ""
		switch rng.IntN(4) {
		case 0:
			f = kids[0] + " + " + kids[1]
		case 1:
			f = kids[0] + " - " + kids[1]
		case 2:
			f = kids[0] + " / " + kids[1]
		default:
			f = kids[0] + " * " + kids[1]
		}
		if k == 3 {
			f += " * " + kids[2]
		}
		idx := 0
		fmt.Sscanf(it.id, "n%d", &idx)
		nodes[idx].Kind, nodes[idx].Formula = kpitree.KindFormula, f
	}
	in := kpitree.Inputs{}
	deep := ""
	for _, nd := range nodes {
		if nd.Kind != kpitree.KindInput {
			continue
		}
		v := make([]float64, periods)
		for t := range v {
			v[t] = 1 + rng.Float64()
		}
		in[nd.ID] = v
		if deep == "" && depth[nd.ID] >= 8 {
			deep = nd.ID
		}
	}
	return kpitree.Tree{Root: "n0", Nodes: nodes}, in, deep
}

// reportCPU adds a cpu-ns/op metric measured from start.
func reportCPU(b *testing.B, start time.Duration, ok bool) {
	if end, ok2 := processCPU(); ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkEval10kNodes60Periods(b *testing.B) {
	tree, in, _ := coreBigTree(10000, 60)
	p, diags, err := kpitree.Compile(tree)
	if err != nil || kpitree.HasErrors(diags) {
		b.Fatalf("compile: %v %v", err, diags)
	}
	st := p.NewState(60)
	if err := st.SetInputs(in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		st.Run()
	}
}

func BenchmarkUpdateLeafAtDepth8(b *testing.B) {
	tree, in, leaf := coreBigTree(10000, 60)
	p, _, _ := kpitree.Compile(tree)
	st := p.NewState(60)
	_ = st.SetInputs(in)
	st.Run()
	i := p.Index(leaf)
	col := st.Input(i)
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		col[0] += 1e-9
		st.Update(i)
	}
}

func BenchmarkCompile10kNodes(b *testing.B) {
	tree, _, _ := coreBigTree(10000, 60)
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		if _, _, err := kpitree.Compile(tree); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNaiveColumnarBaseline is the reference the evaluator is
// measured against: a hand-written loop over the same number of binary
// operations on preallocated columns, with no interpretation at all.
func BenchmarkNaiveColumnarBaseline(b *testing.B) {
	const nodes, periods = 10000, 60
	cols := make([][]float64, nodes+1)
	for i := range cols {
		cols[i] = make([]float64, periods)
		for t := range cols[i] {
			cols[i][t] = 1 + float64(t)
		}
	}
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		for i := nodes/2 - 1; i >= 0; i-- {
			d, x, y := cols[i], cols[2*i+1], cols[2*i+2][:len(cols[i])]
			x = x[:len(d)]
			for t := range d {
				d[t] = x[t] * y[t]
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := `if("アクティブ率" > 50%, clamp(unit_price * active_customers, 0, (1,000,000)), lag(revenue, 1) * 1.05) + cumsum(x) / 12`
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		if _, err := kpitree.Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalUnmarshalTree1k(b *testing.B) {
	tree, in, _ := coreBigTree(1000, 36)
	for k := range tree.Nodes {
		tree.Nodes[k].Values = in[tree.Nodes[k].ID]
	}
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		data, err := kpitree.MarshalTree(tree)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := kpitree.UnmarshalTree(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBigTree_IncrementalMatchesFullAndDepth(t *testing.T) {
	tree, in, leaf := coreBigTree(10000, 60)
	if leaf == "" {
		t.Fatal("no leaf at depth 8")
	}
	p, diags, err := kpitree.Compile(tree)
	if err != nil || kpitree.HasErrors(diags) {
		t.Fatalf("compile: %v %v", err, diags)
	}
	full, inc := p.NewState(60), p.NewState(60)
	for _, s := range []*kpitree.State{full, inc} {
		_ = s.SetInputs(in)
		s.Run()
	}
	i := p.Index(leaf)
	for _, s := range []*kpitree.State{full, inc} {
		s.Input(i)[3] *= 1.5
	}
	full.Run()
	inc.Update(i)
	for k := range p.Len() {
		a, b := full.Column(k), inc.Column(k)
		for t2 := range a {
			if a[t2] != b[t2] && !(math.IsNaN(a[t2]) && math.IsNaN(b[t2])) {
				t.Fatalf("%s[%d]: %v vs %v", p.ID(k), t2, a[t2], b[t2])
			}
		}
	}
	if n := testing.AllocsPerRun(5, full.Run); n != 0 {
		t.Errorf("Run on 10k nodes allocates %v", n)
	}
}

// BenchmarkCarryAfterFormulaEdit measures moving a 10,000-node evaluation
// onto a recompiled tree after one formula at depth 8 changed (the compile
// itself is BenchmarkCompile10kNodes).
func BenchmarkCarryAfterFormulaEdit(b *testing.B) {
	tree, in, leaf := coreBigTree(10000, 60)
	p1, _, _ := kpitree.Compile(tree)
	old := p1.NewState(60)
	_ = old.SetInputs(in)
	old.Run()
	parent := p1.Parents(leaf)[0]
	_, k, _ := tree.NodeByID(parent)
	edited := tree.Clone()
	edited.Nodes[k].Formula += " * 1.01"
	p2, _, _ := kpitree.Compile(edited)
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		if _, err := p2.Carry(old); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck10kNodes(b *testing.B) {
	tree, in, _ := coreBigTree(10000, 60)
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	defer func() { reportCPU(b, cpu0, cpuOK) }()
	for b.Loop() {
		_ = kpitree.Check(tree, in)
	}
}
