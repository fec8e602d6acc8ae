package treecanvas

import (
	"fyne.io/fyne/v2"
	"github.com/kpitree/kpitree/app/report"
)

// Orientation is the direction the tree grows on the canvas.
type Orientation int

// The canvas orientations.
const (
	// LeftToRight puts the root on the left and drivers to its right, which
	// suits long names and wide screens.
	LeftToRight Orientation = iota
	// TopDown puts the root at the top, as in planning decks.
	TopDown
)

// Box geometry in canvas units (zoom 1). The sizes are chosen so that
// Fit shows the canonical 7-node tree (4 levels, 4 leaves) at ≥ 90 % in
// the canvas pane of a default 1280×800 window, where text is legible:
// wide 210-unit boxes made it land at ~60 %, shrinking 13 px names to
// 8 px. Names wrap onto two lines instead of needing a wide box.
const (
	boxWidth  float32 = 144
	boxHeight float32 = 86
	gapDepth  float32 = 30 // between levels, room for the operator label
	gapBreath float32 = 14 // between siblings
)

// treeIndex is the parent/children structure of a []report.BoxModel by index.
type treeIndex struct {
	parent []int   // −1 for roots
	kids   [][]int // in box order
	roots  []int
	index  map[string]int
}

// indexBoxes builds the structure. A parent id that names no box, or that
// would make a loop, turns the box into a root instead of failing: the
// canvas must draw whatever it is given.
func indexBoxes(boxes []report.BoxModel) treeIndex {
	ti := treeIndex{
		parent: make([]int, len(boxes)),
		kids:   make([][]int, len(boxes)),
		index:  make(map[string]int, len(boxes)),
	}
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
	// Break loops: a box whose walk up never reaches a root becomes one,
	// in box order. Walking the whole way up from every box was
	// O(n × depth): 11 s for a 100,000-deep chain. A box once seen to
	// reach a root always does (cutting only ends walks sooner), so each
	// walk stops at the first such box; on valid trees every box is
	// walked over once. stamp marks the boxes of the current walk, so
	// meeting one again is the loop.
	ends := make([]bool, len(boxes)) // the walk up from the box reaches a root
	stamp := make([]int, len(boxes)) // i+1 while on the walk from box i
	var walk []int
	for i := range boxes {
		walk = walk[:0]
		looped := false
		for p := i; p >= 0 && !ends[p]; p = ti.parent[p] {
			if stamp[p] == i+1 {
				looped = true
				break
			}
			stamp[p] = i + 1
			walk = append(walk, p)
		}
		if looped {
			ti.parent[i] = -1
			ends[i] = true
			continue
		}
		for _, p := range walk {
			ends[p] = true
		}
	}
	for i, p := range ti.parent {
		if p < 0 {
			if ti.index[boxes[i].ID] == i {
				ti.roots = append(ti.roots, i)
			}
			continue
		}
		ti.kids[p] = append(ti.kids[p], i)
	}
	return ti
}

// treeLayout holds box positions in canvas units (zoom 1, origin 0,0).
type treeLayout struct {
	pos     []fyne.Position // top-left corner per box; valid where shown
	shown   []bool          // false for boxes inside a collapsed subtree
	size    fyne.Size       // bounding size of all shown boxes
	visible []int           // shown box indices in drawing order
}

// layoutTree places boxes with a tidy layout: leaves take consecutive slots
// along the breadth axis, each parent is centred on its first and last
// child, and depth maps to levels. Subtrees never overlap and the work is
// linear in the number of shown boxes. It walks with an explicit stack so a
// 10,000-deep chain cannot exhaust the goroutine stack.
func layoutTree(ti treeIndex, collapsed []bool, o Orientation) treeLayout {
	n := len(ti.parent)
	l := treeLayout{pos: make([]fyne.Position, n), shown: make([]bool, n), visible: make([]int, 0, n)}
	breadth := make([]float32, n)
	depth := make([]int, n)
	slot := float32(0)
	step := boxHeight + gapBreath
	if o == TopDown {
		step = boxWidth + gapBreath
	}
	type frame struct {
		i    int
		next int // index into kids of the next child to visit
	}
	maxDepth := 0
	for _, r := range ti.roots {
		stack := []frame{{i: r}}
		l.shown[r] = true
		l.visible = append(l.visible, r)
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			i := top.i
			kids := ti.kids[i]
			if collapsed[i] {
				kids = nil
			}
			if top.next < len(kids) {
				k := kids[top.next]
				top.next++
				depth[k] = depth[i] + 1
				maxDepth = max(maxDepth, depth[k])
				l.shown[k] = true
				l.visible = append(l.visible, k)
				stack = append(stack, frame{i: k})
				continue
			}
			if len(kids) == 0 {
				breadth[i] = slot
				slot += step
			} else {
				breadth[i] = (breadth[kids[0]] + breadth[kids[len(kids)-1]]) / 2
			}
			stack = stack[:len(stack)-1]
		}
	}
	for _, i := range l.visible {
		d := float32(depth[i])
		if o == TopDown {
			l.pos[i] = fyne.NewPos(breadth[i], d*(boxHeight+gapDepth))
		} else {
			l.pos[i] = fyne.NewPos(d*(boxWidth+gapDepth), breadth[i])
		}
	}
	levels := float32(maxDepth + 1)
	if len(l.visible) == 0 {
		return l
	}
	if o == TopDown {
		l.size = fyne.NewSize(slot-gapBreath, levels*(boxHeight+gapDepth)-gapDepth)
	} else {
		l.size = fyne.NewSize(levels*(boxWidth+gapDepth)-gapDepth, slot-gapBreath)
	}
	return l
}
