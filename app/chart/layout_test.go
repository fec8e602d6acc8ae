package chart_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

const (
	boxW, boxH, gapX, gapY = 100.0, 40.0, 30.0, 10.0
)

// checkTidy asserts the layout invariants: every node placed, no two boxes
// overlap, depth maps to the grow axis, parents are centred over their
// first and last child, siblings keep input order, and the layout starts at 0.
func checkTidy(t *testing.T, nodes []chart.TreeNode, dir chart.Direction, rects map[string]chart.Rect) {
	t.Helper()
	if len(rects) != len(nodes) {
		t.Fatalf("placed %d of %d nodes", len(rects), len(nodes))
	}
	ids := make(map[string]bool, len(nodes))
	for _, n := range nodes {
		ids[n.ID] = true
	}
	depth := make(map[string]int)
	var depthOf func(id string) int
	depthOf = func(id string) int {
		if d, ok := depth[id]; ok {
			return d
		}
		d := 0
		for _, n := range nodes {
			if n.ID == id && n.Parent != "" && ids[n.Parent] {
				d = depthOf(n.Parent) + 1
			}
		}
		depth[id] = d
		return d
	}
	breadth := func(r chart.Rect) float64 {
		if dir == chart.TopDown {
			return r.X + r.W/2
		}
		return r.Y + r.H/2
	}
	minX, minY := math.Inf(1), math.Inf(1)
	for i, a := range nodes {
		ra := rects[a.ID]
		minX, minY = math.Min(minX, ra.X), math.Min(minY, ra.Y)
		grow := ra.X
		step := boxW + gapX
		if dir == chart.TopDown {
			grow, step = ra.Y, boxH+gapY
		}
		if want := float64(depthOf(a.ID)) * step; math.Abs(grow-want) > 1e-9 {
			t.Errorf("%s at depth %d is at %v along the grow axis, want %v", a.ID, depthOf(a.ID), grow, want)
		}
		for _, b := range nodes[i+1:] {
			rb := rects[b.ID]
			if ra.X < rb.X+rb.W-1e-9 && rb.X < ra.X+ra.W-1e-9 && ra.Y < rb.Y+rb.H-1e-9 && rb.Y < ra.Y+ra.H-1e-9 {
				t.Errorf("boxes %s %+v and %s %+v overlap", a.ID, ra, b.ID, rb)
			}
		}
		var kids []string
		for _, c := range nodes {
			if c.Parent == a.ID {
				kids = append(kids, c.ID)
			}
		}
		if len(kids) > 0 {
			first, last := breadth(rects[kids[0]]), breadth(rects[kids[len(kids)-1]])
			if mid := (first + last) / 2; math.Abs(breadth(ra)-mid) > 1e-6 {
				t.Errorf("%s is at %v, want centred over its children at %v", a.ID, breadth(ra), mid)
			}
			for j := 1; j < len(kids); j++ {
				if breadth(rects[kids[j-1]]) >= breadth(rects[kids[j]]) {
					t.Errorf("children of %s are out of input order: %s before %s", a.ID, kids[j-1], kids[j])
				}
			}
		}
	}
	if len(nodes) > 0 && (math.Abs(minX) > 1e-9 || math.Abs(minY) > 1e-9) {
		t.Errorf("layout starts at (%v, %v), want (0, 0)", minX, minY)
	}
}

// randomTree returns n nodes where each node's parent is an earlier node,
// with a few extra roots.
func randomTree(n int, seed uint64) []chart.TreeNode {
	rng := rand.New(rand.NewPCG(seed, 7))
	nodes := make([]chart.TreeNode, n)
	for i := range nodes {
		nodes[i].ID = fmt.Sprintf("n%d", i)
		if i > 0 && rng.IntN(20) > 0 {
			// Bias towards recent nodes so trees get deep as well as wide.
			p := i - 1 - rng.IntN(min(i, 1+rng.IntN(8)))
			nodes[i].Parent = fmt.Sprintf("n%d", p)
		}
	}
	return nodes
}

func TestLayoutTree(t *testing.T) {
	t.Run("should centre a root over two leaves left to right", func(t *testing.T) {
		nodes := []chart.TreeNode{{ID: "r"}, {ID: "a", Parent: "r"}, {ID: "b", Parent: "r"}}
		rects, err := chart.LayoutTree(nodes, chart.LeftToRight, boxW, boxH, gapX, gapY)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]chart.Rect{
			"r": {X: 0, Y: 25, W: boxW, H: boxH},
			"a": {X: 130, Y: 0, W: boxW, H: boxH},
			"b": {X: 130, Y: 50, W: boxW, H: boxH},
		}
		for id, w := range want {
			if rects[id] != w {
				t.Errorf("%s = %+v, want %+v", id, rects[id], w)
			}
		}
	})
	t.Run("should pack a small subtree under a wide neighbour's contour", func(t *testing.T) {
		// r has children a (with two children) and b (a leaf). Tidy packing
		// puts b one slot below a's lower child's parent level, not below
		// a's whole subtree at every level.
		nodes := []chart.TreeNode{
			{ID: "r"}, {ID: "a", Parent: "r"}, {ID: "b", Parent: "r"},
			{ID: "a1", Parent: "a"}, {ID: "a2", Parent: "a"}, {ID: "a3", Parent: "a"},
		}
		rects, err := chart.LayoutTree(nodes, chart.LeftToRight, boxW, boxH, gapX, gapY)
		if err != nil {
			t.Fatal(err)
		}
		checkTidy(t, nodes, chart.LeftToRight, rects)
		if gap := rects["b"].Y - rects["a"].Y; gap != boxH+gapY {
			t.Errorf("b is %v below a, want one slot (%v): subtrees are not packed", gap, boxH+gapY)
		}
	})
	t.Run("should keep the canonical KPI tree tidy in both directions", func(t *testing.T) {
		nodes := canonicalTree(false).Nodes
		for _, dir := range []chart.Direction{chart.LeftToRight, chart.TopDown} {
			rects, err := chart.LayoutTree(nodes, dir, boxW, boxH, gapX, gapY)
			if err != nil {
				t.Fatal(err)
			}
			checkTidy(t, nodes, dir, rects)
		}
	})
	t.Run("should keep random forests of up to 300 nodes tidy", func(t *testing.T) {
		for seed := range uint64(40) {
			nodes := randomTree(1+int(seed*7)%300, seed)
			dir := chart.Direction(seed % 2)
			rects, err := chart.LayoutTree(nodes, dir, boxW, boxH, gapX, gapY)
			if err != nil {
				t.Fatal(err)
			}
			checkTidy(t, nodes, dir, rects)
		}
	})
	t.Run("should treat a node with an unknown parent as a root", func(t *testing.T) {
		nodes := []chart.TreeNode{{ID: "a", Parent: "missing"}, {ID: "b"}}
		rects, err := chart.LayoutTree(nodes, chart.LeftToRight, boxW, boxH, gapX, gapY)
		if err != nil {
			t.Fatal(err)
		}
		checkTidy(t, nodes, chart.LeftToRight, rects)
	})
}

func TestLayoutTreeErrors(t *testing.T) {
	big := make([]chart.TreeNode, 10_001)
	for i := range big {
		big[i].ID = fmt.Sprint(i)
	}
	cases := []struct {
		name  string
		nodes []chart.TreeNode
		size  float64
	}{
		{"an empty id", []chart.TreeNode{{ID: ""}}, 1},
		{"a repeated id", []chart.TreeNode{{ID: "a"}, {ID: "a"}}, 1},
		{"a node that is its own parent", []chart.TreeNode{{ID: "a", Parent: "a"}}, 1},
		{"a cycle of three", []chart.TreeNode{{ID: "r"}, {ID: "a", Parent: "c"}, {ID: "b", Parent: "a"}, {ID: "c", Parent: "b"}}, 1},
		{"a NaN box size", []chart.TreeNode{{ID: "a"}}, math.NaN()},
		{"a negative box size", []chart.TreeNode{{ID: "a"}}, -1},
		{"too many nodes", big, 1},
	}
	for _, tc := range cases {
		t.Run("should reject "+tc.name, func(t *testing.T) {
			_, err := chart.LayoutTree(tc.nodes, chart.LeftToRight, tc.size, 1, 1, 1)
			if !errors.Is(err, chart.ErrBadTree) {
				t.Errorf("err = %v, want ErrBadTree", err)
			}
		})
	}
}

func FuzzLayoutTree(f *testing.F) {
	f.Add([]byte{0, 0, 1, 1, 2}, uint8(0))
	f.Add([]byte{1, 2, 3, 0}, uint8(1))
	f.Add([]byte{255, 3, 3, 3, 3, 3, 3}, uint8(0))
	f.Fuzz(func(t *testing.T, parents []byte, dir uint8) {
		if len(parents) > 200 {
			parents = parents[:200]
		}
		n := len(parents)
		nodes := make([]chart.TreeNode, n)
		for i, p := range parents {
			nodes[i].ID = fmt.Sprintf("n%d", i)
			if k := int(p) % (n + 1); k < n {
				nodes[i].Parent = fmt.Sprintf("n%d", k) // may form cycles
			}
		}
		d := chart.Direction(dir % 2)
		rects, err := chart.LayoutTree(nodes, d, boxW, boxH, gapX, gapY)
		if err != nil {
			if !errors.Is(err, chart.ErrBadTree) {
				t.Fatalf("err = %v, want ErrBadTree", err)
			}
			return
		}
		checkTidy(t, nodes, d, rects)
	})
}
