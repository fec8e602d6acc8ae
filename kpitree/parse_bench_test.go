package kpitree_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// BenchmarkParse_Error measures a formula with a mistake, parsed on every
// keystroke by the formula editor: the error, its code, its arguments and
// its English text.
func BenchmarkParse_Error(b *testing.B) {
	for _, src := range []string{`"平均単価" "アクティブ顧客数"`, "unit_price * (active_customers", "foo(a, b)"} {
		b.Run(src, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := kpitree.Parse(src); err == nil {
					b.Fatal("want an error")
				}
			}
		})
	}
}

// longFormula is a sum of n products over n distinct nodes,
// "x0 * 2 + x1 * 2 + …", and a tree in which every one of them is an input.
func longFormula(n int) (string, kpitree.Tree) {
	var b strings.Builder
	tr := kpitree.Tree{Name: "long", Root: "root", Calendar: kpitree.Calendar{Freq: kpitree.Month}}
	tr.Nodes = append(tr.Nodes, kpitree.Node{ID: "root", Name: "root", Kind: kpitree.KindFormula})
	for i := range n {
		if i > 0 {
			b.WriteString(" + ")
		}
		id := "x" + strconv.Itoa(i)
		b.WriteString(id)
		b.WriteString(" * 2")
		tr.Nodes = append(tr.Nodes, kpitree.Node{ID: id, Name: id, Kind: kpitree.KindInput})
	}
	tr.Nodes[0].Formula = b.String()
	return b.String(), tr
}

// BenchmarkParse_Terms parses one formula of 1,000, 10,000 and 100,000
// terms. Parsing is linear: the time per op grows tenfold per row (the
// issue's target is ≤ 0.2 s for 100,000 terms; it was 12.8 s for 30,000
// through the workspace before the printing and column fixes).
func BenchmarkParse_Terms(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		src, _ := longFormula(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			cpu0, cpuOK := processCPU()
			defer func() { reportCPU(b, cpu0, cpuOK) }()
			for b.Loop() {
				if _, err := kpitree.Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseStringCompile_Terms is the whole path a long formula takes
// when a workspace opens or an edit is checked: parse, print the canonical
// form, compile the tree and its references.
func BenchmarkParseStringCompile_Terms(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		src, tr := longFormula(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			cpu0, cpuOK := processCPU()
			defer func() { reportCPU(b, cpu0, cpuOK) }()
			for b.Loop() {
				e, err := kpitree.Parse(src)
				if err != nil {
					b.Fatal(err)
				}
				_ = e.String()
				if _, _, err := kpitree.Compile(tr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
