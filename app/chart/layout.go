package chart

import (
	"fmt"
	"math"
)

// Direction is the way a tree grows from its root.
type Direction int

const (
	// LeftToRight puts the root on the left and its drivers to the right,
	// the usual way KPI trees are drawn.
	LeftToRight Direction = iota
	// TopDown puts the root on top.
	TopDown
)

// Rect is a box in layout space: X and Y are the top-left corner, with Y
// growing downwards as on screen; all values in the caller's units.
type Rect struct {
	X, Y, W, H float64
}

// LayoutTree places every node of a forest as a tidy tree (Reingold–Tilford:
// subtrees are packed as close as their contours allow, parents are centred
// over their children, siblings keep their input order, and no boxes
// overlap). Boxes are boxW × boxH; gapX and gapY are the horizontal and
// vertical gaps between boxes. Roots (empty Parent, or a Parent that is not
// in nodes) are placed one after another. The layout starts at (0, 0).
//
// It returns ErrBadTree for an empty or repeated ID, a cycle, or sizes that
// are negative or not finite. The cost is O(n·depth).
func LayoutTree(nodes []TreeNode, dir Direction, boxW, boxH, gapX, gapY float64) (map[string]Rect, error) {
	for _, v := range []float64{boxW, boxH, gapX, gapY} {
		if !finite(v) || v < 0 {
			return nil, fmt.Errorf("layout tree: box %v×%v gap %v×%v: %w (sizes must be finite and ≥ 0)", boxW, boxH, gapX, gapY, ErrBadTree)
		}
	}
	children, roots, err := treeLinks(nodes)
	if err != nil {
		return nil, fmt.Errorf("layout tree: %w", err)
	}
	// A virtual super-root makes a forest one tree; its level is dropped.
	const virtual = -1
	kids := func(i int) []int {
		if i == virtual {
			return roots
		}
		return children[i]
	}
	rel := make([]float64, len(nodes)) // breadth offset from parent, in slots
	var place func(i int) (left, right []float64)
	place = func(i int) (left, right []float64) {
		ks := kids(i)
		if len(ks) == 0 {
			return []float64{0}, []float64{0}
		}
		offs := make([]float64, len(ks))
		var accL, accR []float64
		for j, ch := range ks {
			l, r := place(ch)
			if j == 0 {
				accL, accR = l, r
				continue
			}
			shift := math.Inf(-1)
			for d := 0; d < len(l) && d < len(accR); d++ {
				shift = math.Max(shift, accR[d]-l[d]+1)
			}
			offs[j] = shift
			for d := range l {
				if d < len(accR) {
					accR[d] = shift + r[d]
				} else {
					accR = append(accR, shift+r[d])
					accL = append(accL, shift+l[d])
				}
			}
		}
		mid := (offs[0] + offs[len(offs)-1]) / 2
		for j, ch := range ks {
			if ch != virtual {
				rel[ch] = offs[j] - mid
			}
		}
		left = make([]float64, 0, len(accL)+1)
		right = make([]float64, 0, len(accR)+1)
		left, right = append(left, 0), append(right, 0)
		for d := range accL {
			left = append(left, accL[d]-mid)
			right = append(right, accR[d]-mid)
		}
		return left, right
	}
	place(virtual)

	// Absolute positions: breadth by accumulating offsets, depth by level.
	breadth := make([]float64, len(nodes))
	depth := make([]int, len(nodes))
	stack := append([]int(nil), roots...)
	for _, r := range roots {
		breadth[r] = rel[r]
	}
	minB := math.Inf(1)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		minB = math.Min(minB, breadth[i])
		for _, ch := range children[i] {
			breadth[ch] = breadth[i] + rel[ch]
			depth[ch] = depth[i] + 1
			stack = append(stack, ch)
		}
	}
	out := make(map[string]Rect, len(nodes))
	for i, n := range nodes {
		b := breadth[i] - minB
		d := float64(depth[i])
		if dir == TopDown {
			out[n.ID] = Rect{X: b * (boxW + gapX), Y: d * (boxH + gapY), W: boxW, H: boxH}
		} else {
			out[n.ID] = Rect{X: d * (boxW + gapX), Y: b * (boxH + gapY), W: boxW, H: boxH}
		}
	}
	return out, nil
}

// treeLinks returns each node's children (in input order) and the roots,
// checking that IDs are unique and non-empty and that there is no cycle.
func treeLinks(nodes []TreeNode) (children [][]int, roots []int, err error) {
	if len(nodes) > maxTreeNodes {
		return nil, nil, fmt.Errorf("%d nodes: %w (at most %d; draw a subtree)", len(nodes), ErrBadTree, maxTreeNodes)
	}
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		if n.ID == "" {
			return nil, nil, fmt.Errorf("node %d has no id: %w (give every node an id)", i, ErrBadTree)
		}
		if _, dup := index[n.ID]; dup {
			return nil, nil, fmt.Errorf("id %q used twice: %w (ids must be unique)", n.ID, ErrBadTree)
		}
		index[n.ID] = i
	}
	children = make([][]int, len(nodes))
	for i, n := range nodes {
		p, ok := index[n.Parent]
		if n.Parent == "" || !ok {
			roots = append(roots, i)
			continue
		}
		children[p] = append(children[p], i)
	}
	// Every node must be reachable from a root; the rest sit on cycles.
	seen := make([]bool, len(nodes))
	stack := append([]int(nil), roots...)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		seen[i] = true
		stack = append(stack, children[i]...)
	}
	for i, ok := range seen {
		if !ok {
			return nil, nil, fmt.Errorf("node %q is its own ancestor: %w (fix the parent links)", nodes[i].ID, ErrBadTree)
		}
	}
	return children, roots, nil
}

// maxTreeNodes bounds LayoutTree, whose cost grows with n·depth.
const maxTreeNodes = 10_000

// layoutBounds returns the width and height covered by rects.
func layoutBounds(rects map[string]Rect) (w, h float64) {
	for _, r := range rects {
		w = math.Max(w, r.X+r.W)
		h = math.Max(h, r.Y+r.H)
	}
	return w, h
}
