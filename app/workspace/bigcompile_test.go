package workspace_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// TestBigTreeDiagnosticsInNodeOrder: a tree large enough for kpitree to
// parse its formulas in parallel (the workspace relies on it to open
// 10,000-node trees quickly) reports the same diagnostics, in the same
// order, as the same broken nodes in a small tree that parses sequentially.
func TestBigTreeDiagnosticsInNodeOrder(t *testing.T) {
	build := func(n int) kpitree.Tree {
		tr := kpitree.Tree{Name: "big", Root: "n0", Calendar: kpitree.Calendar{Freq: kpitree.Month}}
		for i := range n {
			f := fmt.Sprintf("n%d + 1", i+1)
			switch {
			case i == n-1:
				f = "2"
			case i%997 == 5:
				f = "n1 + * 2" // syntax error
			case i%1499 == 7:
				f = "nope + 1" // unknown reference
			}
			tr.Nodes = append(tr.Nodes, kpitree.Node{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("n%d", i), Kind: kpitree.KindFormula, Formula: f})
		}
		return tr
	}
	codes := func(ds []kpitree.Diagnostic) []string {
		var out []string
		for _, d := range ds {
			out = append(out, fmt.Sprintf("%s %s %d", d.Node, d.Code, d.Pos))
		}
		return out
	}
	big := build(6000)
	_, diags, err := kpitree.Compile(big)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range big.Nodes {
		if i == len(big.Nodes)-1 {
			continue
		}
		switch {
		case i%997 == 5:
			want = append(want, fmt.Sprintf("n%d %s 5", i, kpitree.CodeSyntax))
		case i%1499 == 7:
			want = append(want, fmt.Sprintf("n%d %s 0", i, kpitree.CodeUnknownRef))
		}
	}
	if got := codes(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics out of node order or wrong:\n got %v\nwant %v", got, want)
	}
}
