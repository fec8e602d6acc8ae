package treecanvas

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/kpitree/kpitree/app/report"
)

// layoutBoxes makes n boxes: a chain (every box under the previous one,
// the deepest tree) or a tree with four children per box.
func layoutBoxes(n int, chain bool) []report.BoxModel {
	boxes := make([]report.BoxModel, n)
	for i := range boxes {
		boxes[i].ID = fmt.Sprintf("n%d", i)
		switch {
		case i == 0:
		case chain:
			boxes[i].Parent = fmt.Sprintf("n%d", i-1)
		default:
			boxes[i].Parent = fmt.Sprintf("n%d", (i-1)/4)
		}
	}
	return boxes
}

// BenchmarkLayout_100k measures indexBoxes + layoutTree (the tidy layout
// behind SetBoxes, without drawing) on 1k, 10k and 100k boxes, as a
// four-way tree and as a chain, the deepest tree there is.
func BenchmarkLayout_100k(b *testing.B) {
	for _, chain := range []bool{false, true} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			b.Run(fmt.Sprintf("chain=%v/nodes=%d", chain, n), func(b *testing.B) {
				boxes := layoutBoxes(n, chain)
				collapsed := make([]bool, n)
				b.ReportAllocs()
				for b.Loop() {
					layoutTree(indexBoxes(boxes), collapsed, LeftToRight)
				}
			})
		}
	}
}

// indexBoxesWalk is indexBoxes's loop breaking as it was: a walk of up to
// n steps from every box, O(n × depth). The memoised walk must cut the
// same boxes.
func indexBoxesWalk(boxes []report.BoxModel) []int {
	ti := treeIndex{parent: make([]int, len(boxes)), index: make(map[string]int, len(boxes))}
	for i, b := range boxes {
		if _, dup := ti.index[b.ID]; !dup {
			ti.index[b.ID] = i
		}
	}
	for i, b := range boxes {
		p, ok := ti.index[b.Parent]
		if !ok || b.Parent == "" || p == i || ti.index[b.ID] != i {
			ti.parent[i] = -1
			continue
		}
		ti.parent[i] = p
	}
	for i := range boxes {
		steps, p := 0, ti.parent[i]
		for p >= 0 && steps <= len(boxes) {
			p = ti.parent[p]
			steps++
		}
		if steps > len(boxes) {
			ti.parent[i] = -1
		}
	}
	return ti.parent
}

func TestIndexBoxes_BreaksLoopsAsTheFullWalk(t *testing.T) {
	for seed := range uint64(400) {
		rng := rand.New(rand.NewPCG(seed, 5))
		n := 1 + rng.IntN(40)
		boxes := make([]report.BoxModel, n)
		for i := range boxes {
			boxes[i].ID = fmt.Sprintf("b%d", rng.IntN(n+3)) // duplicates too
			switch r := rng.IntN(10); {
			case r == 0:
				boxes[i].Parent = "" // a root
			case r == 1:
				boxes[i].Parent = "nowhere"
			default:
				boxes[i].Parent = fmt.Sprintf("b%d", rng.IntN(n+3)) // loops, self-loops
			}
		}
		want := indexBoxesWalk(boxes)
		ti := indexBoxes(boxes)
		if !reflect.DeepEqual(ti.parent, want) {
			t.Fatalf("seed %d: parents %v, want %v (boxes %+v)", seed, ti.parent, want, boxes)
		}
		// Every box is reached from exactly one root, or is a root's
		// duplicate: the layout must place each shown box once.
		l := layoutTree(ti, make([]bool, n), TopDown)
		seen := map[int]bool{}
		for _, i := range l.visible {
			if seen[i] {
				t.Fatalf("seed %d: box %d laid out twice", seed, i)
			}
			seen[i] = true
		}
	}
}

func TestIndexBoxes_DeepChainIsLinear(t *testing.T) {
	// A 100,000-deep chain: the full walk took n²/2 steps (seconds); the
	// memoised one visits each box once.
	boxes := layoutBoxes(100_000, true)
	ti := indexBoxes(boxes)
	if len(ti.roots) != 1 || ti.parent[len(boxes)-1] != len(boxes)-2 {
		t.Fatalf("roots %v, last parent %d", ti.roots, ti.parent[len(boxes)-1])
	}
	l := layoutTree(ti, make([]bool, len(boxes)), LeftToRight)
	if len(l.visible) != len(boxes) {
		t.Fatalf("%d boxes shown, want %d", len(l.visible), len(boxes))
	}
}
