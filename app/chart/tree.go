package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Status is a node's red/amber/green state.
type Status int

const (
	// StatusNone draws no status colour (no target or thresholds).
	StatusNone Status = iota
	// StatusGreen means on track.
	StatusGreen
	// StatusAmber means at risk.
	StatusAmber
	// StatusRed means off track.
	StatusRed
)

// TreeNode is one box of a tree picture. Children are drawn in the order
// they appear in the slice.
type TreeNode struct {
	// ID identifies the node; required and unique.
	ID string
	// Parent is the parent's ID; empty (or unknown) for a root.
	Parent string
	// Name is the label, already translated.
	Name string
	// Value is the node's current value in its base unit; NaN for none.
	Value float64
	// Unit formats Value and Delta.
	Unit Unit
	// Delta is the change against the comparison (base or target); NaN
	// for none.
	Delta float64
	// DeltaRel is Delta relative to the comparison (0.041 = +4.1 %); NaN
	// for none.
	DeltaRel float64
	// DeltaLabel names the comparison, e.g. "vs base" or "目標比"; may be
	// empty.
	DeltaLabel string
	// LowerIsBetter colours a negative Delta as good (churn, cost).
	LowerIsBetter bool
	// Status colours the box's left edge.
	Status Status
	// Op is the operator combining this node's children, drawn where the
	// edges branch: "×", "+", "−" or "÷"; empty for none.
	Op string
}

// TreePicture draws a whole KPI tree as a diagram for a deck: one box per
// node (name, value, change, status colour), edges labelled with the
// operator, laid out as a tidy tree scaled to fit the page.
type TreePicture struct {
	// Title, Subtitle and Note are drawn as given; any may be empty.
	Title, Subtitle, Note string
	// Theme selects light (print) or dark colours.
	Theme Theme
	// Direction is LeftToRight (default) or TopDown.
	Direction Direction
	// Nodes is the tree; see LayoutTree for the rules.
	Nodes []TreeNode
	// Legend holds the texts for the status colours in the order green,
	// amber, red, e.g. {"On track", "At risk", "Off track"}; nil hides the
	// legend.
	Legend []string
	// Root, if set, draws only the subtree under the node with this id
	// (Nodes may hold the whole tree); "" draws from the roots.
	Root string
	// Depth, if > 0, draws only the nodes at most Depth levels below the
	// drawn roots (1: a root and its children); 0 means every level.
	// A picture that would still have more than 10,000 boxes is cut to
	// the deepest depth that fits, and says so in the note.
	Depth int
	// CropNote, if set, writes the note added when the picture shows part
	// of the tree (shown of total boxes, depth levels below root, the
	// root's name; root is "" for the whole tree), e.g. in the user's
	// language; nil writes it in English.
	CropNote func(shown, total, depth int, root string) string
}

// view returns the boxes to draw and the note: Nodes cut to Root and
// Depth, and further to the deepest depth that fits the size limit.
func (tp *TreePicture) view() ([]TreeNode, string, error) {
	nodes := tp.Nodes
	if tp.Depth < 0 {
		return nil, "", fmt.Errorf("tree %q: depth %d: %w (use 0 for every level, or a positive number)", tp.Title, tp.Depth, ErrBadTree)
	}
	if tp.Root == "" && tp.Depth == 0 && len(nodes) <= maxTreeNodes {
		return nodes, tp.Note, nil
	}
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		if _, dup := index[n.ID]; dup || n.ID == "" {
			return nil, "", fmt.Errorf("tree %q: id %q empty or used twice: %w (ids must be unique)", tp.Title, n.ID, ErrBadTree)
		}
		index[n.ID] = i
	}
	children := make([][]int, len(nodes))
	var roots []int
	for i, n := range nodes {
		if p, ok := index[n.Parent]; ok && n.Parent != "" {
			children[p] = append(children[p], i)
		} else {
			roots = append(roots, i)
		}
	}
	rootName := ""
	if tp.Root != "" {
		r, ok := index[tp.Root]
		if !ok {
			return nil, "", fmt.Errorf("tree %q: root %q is not one of its nodes: %w (choose a node id)", tp.Title, tp.Root, ErrBadTree)
		}
		roots = []int{r}
		rootName = nodes[r].Name
		if rootName == "" {
			rootName = nodes[r].ID
		}
	}
	// Breadth-first from the roots: perLevel counts the boxes at each
	// depth, so the deepest depth that fits is read off without a second
	// walk. A cycle cannot loop: each node is taken once.
	level := make([]int, len(nodes))
	for i := range level {
		level[i] = -1
	}
	queue := slices.Clone(roots)
	for _, r := range roots {
		level[r] = 0
	}
	var perLevel []int
	for k := 0; k < len(queue); k++ {
		i := queue[k]
		if level[i] >= len(perLevel) {
			perLevel = append(perLevel, 0)
		}
		perLevel[level[i]]++
		if tp.Depth > 0 && level[i] >= tp.Depth {
			continue
		}
		for _, c := range children[i] {
			if level[c] < 0 {
				level[c] = level[i] + 1
				queue = append(queue, c)
			}
		}
	}
	depth, shown := -1, 0
	for d, n := range perLevel {
		if shown+n > maxTreeNodes {
			break
		}
		depth, shown = d, shown+n
	}
	if depth < 0 {
		return nil, "", fmt.Errorf("tree %q: %d roots: %w (at most %d; choose a root)", tp.Title, perLevel[0], ErrBadTree, maxTreeNodes)
	}
	out := make([]TreeNode, 0, shown)
	for _, i := range queue {
		if level[i] <= depth {
			n := nodes[i]
			if level[i] == 0 {
				n.Parent = "" // a subtree root drawn without its parent
			}
			out = append(out, n)
		}
	}
	note := tp.Note
	if shown < len(nodes) {
		msg := ""
		if tp.CropNote != nil {
			msg = tp.CropNote(shown, len(nodes), depth, rootName)
		} else {
			where := "the top"
			if rootName != "" {
				where = rootName
			}
			levels := "levels"
			if depth == 1 {
				levels = "level"
			}
			msg = fmt.Sprintf("Showing %d of %d nodes: %d %s below %s. Choose a subtree and depth to see more.", shown, len(nodes), depth, levels, where)
		}
		if note != "" {
			note += " · "
		}
		note += msg
	}
	return out, note, nil
}

// Kind implements Figure.
func (*TreePicture) Kind() string    { return "tree" }
func (tp *TreePicture) theme() Theme { return tp.Theme }

// Box geometry in slide points, before the tree is scaled to fit.
const (
	treeBoxW = 200
	treeBoxH = 66
	treeGapX = 58
	treeGapY = 16
)

func (tp *TreePicture) validate() error {
	if len(tp.Nodes) == 0 {
		return fmt.Errorf("tree %q: %w (add a node)", tp.Title, ErrNoData)
	}
	nodes, _, err := tp.view()
	if err != nil {
		return err
	}
	_, err = LayoutTree(nodes, tp.Direction, 1, 1, 1, 1)
	return err
}

func (tp *TreePicture) draw(c draw.Canvas, f *frame) {
	var legend []legendItem
	for i, l := range tp.Legend {
		if i < 3 {
			legend = append(legend, legendItem{label: l, kind: swBar, color: []color.Color{f.pal.green, f.pal.amber, f.pal.red}[i]})
		}
	}
	nodes, note, err := tp.view()
	if err != nil {
		return // validate already reported it
	}
	area := f.drawChrome(c, chrome{title: tp.Title, subtitle: tp.Subtitle, note: note, legend: legend})
	gapX, gapY := float64(treeGapX), float64(treeGapY)
	if tp.Direction == TopDown {
		gapX, gapY = 16, 44
	}
	rects, err := LayoutTree(nodes, tp.Direction, treeBoxW, treeBoxH, gapX, gapY)
	if err != nil {
		return // validate already reported it
	}
	w, h := layoutBounds(rects)
	aw, ah := float64(area.Size().X), float64(area.Size().Y)
	// k maps layout points to canvas points; boxes grow up to 1.5× for
	// small trees so a three-node tree does not float in white space.
	k := math.Min(aw/w, ah/h)
	k = math.Min(k, 1.5*f.s)
	ox := float64(area.Min.X) + (aw-w*k)/2
	oy := float64(area.Max.Y) - (ah-h*k)/2
	g := f.scaled(k / f.s)
	at := func(x, y float64) vg.Point { return vg.Point{X: vg.Length(ox + x*k), Y: vg.Length(oy - y*k)} }

	byID := make(map[string]int, len(nodes))
	for i, n := range nodes {
		byID[n.ID] = i
	}
	kids := make(map[string][]string)
	for _, n := range nodes {
		if _, ok := byID[n.Parent]; ok && n.Parent != "" {
			kids[n.Parent] = append(kids[n.Parent], n.ID)
		}
	}
	edge := g.line(f.pal.axis, 1.2)
	for _, n := range nodes {
		ch := kids[n.ID]
		if len(ch) == 0 {
			continue
		}
		r := rects[n.ID]
		var out, bus vg.Point
		var ends []vg.Point
		if tp.Direction == TopDown {
			out = at(r.X+r.W/2, r.Y+r.H)
			bus = at(r.X+r.W/2, r.Y+r.H+gapY/2)
			for _, id := range ch {
				cr := rects[id]
				ends = append(ends, at(cr.X+cr.W/2, cr.Y))
			}
			c.StrokeLine2(edge, out.X, out.Y, bus.X, bus.Y)
			for _, e := range ends {
				c.StrokeLines(edge, []vg.Point{{X: bus.X, Y: bus.Y}, {X: e.X, Y: bus.Y}, e})
			}
		} else {
			out = at(r.X+r.W, r.Y+r.H/2)
			bus = at(r.X+r.W+gapX/2, r.Y+r.H/2)
			for _, id := range ch {
				cr := rects[id]
				ends = append(ends, at(cr.X, cr.Y+cr.H/2))
			}
			c.StrokeLine2(edge, out.X, out.Y, bus.X, bus.Y)
			for _, e := range ends {
				c.StrokeLines(edge, []vg.Point{bus, {X: bus.X, Y: e.Y}, e})
			}
		}
		if n.Op != "" {
			g.opBadge(c, bus, n.Op)
		}
		// − and ÷ do not commute: mark the subtracted or dividing children
		// on their edges so "first child − the rest" is readable.
		if n.Op == "−" || n.Op == "÷" || n.Op == "-" || n.Op == "/" {
			st := g.text(12, f.pal.text, draw.XRight, draw.YBottom)
			for _, e := range ends[1:] {
				if tp.Direction == TopDown {
					st.XAlign, st.YAlign = draw.XLeft, draw.YTop
					c.FillText(st, vg.Point{X: e.X + g.pt(4), Y: e.Y + g.pt(16)}, n.Op)
				} else {
					c.FillText(st, vg.Point{X: e.X - g.pt(5), Y: e.Y + g.pt(2)}, n.Op)
				}
			}
		}
	}
	for _, n := range nodes {
		r := rects[n.ID]
		g.nodeBox(c, at(r.X, r.Y+r.H), vg.Length(r.W*k), vg.Length(r.H*k), n)
	}
}

// opBadge draws the operator in a small circle where edges branch.
func (f *frame) opBadge(c draw.Canvas, at vg.Point, op string) {
	rad := f.pt(10)
	c.FillPolygon(f.pal.background, circlePts(at, rad))
	c.StrokeLines(f.line(f.pal.axis, 1.2), append(circlePts(at, rad), circlePts(at, rad)[0]))
	st := f.text(13, f.pal.text, draw.XCenter, draw.YCenter)
	c.FillText(st, at, op)
}

func circlePts(c vg.Point, r vg.Length) []vg.Point {
	const n = 28
	pts := make([]vg.Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / n
		pts[i] = vg.Point{X: c.X + r*vg.Length(math.Cos(a)), Y: c.Y + r*vg.Length(math.Sin(a))}
	}
	return pts
}

// roundRect returns the outline of a rectangle with rounded corners.
func roundRect(x0, y0, x1, y1, r vg.Length) []vg.Point {
	r = min(r, (x1-x0)/2, (y1-y0)/2)
	var pts []vg.Point
	corner := func(cx, cy vg.Length, from float64) {
		for i := 0; i <= 4; i++ {
			a := from + float64(i)*math.Pi/8
			pts = append(pts, vg.Point{X: cx + r*vg.Length(math.Cos(a)), Y: cy + r*vg.Length(math.Sin(a))})
		}
	}
	corner(x1-r, y0+r, -math.Pi/2)
	corner(x1-r, y1-r, 0)
	corner(x0+r, y1-r, math.Pi/2)
	corner(x0+r, y0+r, math.Pi)
	return pts
}

// nodeBox draws one node with its bottom-left corner at bl.
func (f *frame) nodeBox(c draw.Canvas, bl vg.Point, w, h vg.Length, n TreeNode) {
	x0, y0, x1, y1 := bl.X, bl.Y, bl.X+w, bl.Y+h
	rad := f.pt(6)
	outline := roundRect(x0, y0, x1, y1, rad)
	c.FillPolygon(f.pal.box, outline)
	c.StrokeLines(f.line(f.pal.boxBorder, 1), append(outline, outline[0]))
	var stripe color.Color
	switch n.Status {
	case StatusGreen:
		stripe = f.pal.green
	case StatusAmber:
		stripe = f.pal.amber
	case StatusRed:
		stripe = f.pal.red
	}
	pad := f.pt(10)
	if stripe != nil {
		sw := f.pt(6)
		c.FillPolygon(stripe, roundRect(x0, y0, x0+sw*2, y1, rad))
		c.FillPolygon(f.pal.box, rectPts(x0+sw, y0+f.pt(0.8), x0+sw*2+f.pt(1), y1-f.pt(0.8)))
		pad += sw
	}
	tw := w - pad - f.pt(8)
	// Long names first shrink a little, then lose their tail: a smaller
	// full name reads better than a truncated one.
	name := f.text(sizeBox, f.pal.muted, draw.XLeft, draw.YTop)
	if name.Width(n.Name) > tw {
		name = f.text(sizeBox*0.82, f.pal.muted, draw.XLeft, draw.YTop)
	}
	c.FillText(name, vg.Point{X: x0 + pad, Y: y1 - f.pt(7)}, ellipsize(name, n.Name, tw))
	val := f.text(17, f.pal.text, draw.XLeft, draw.YCenter)
	c.FillText(val, vg.Point{X: x0 + pad, Y: y0 + h*0.47}, ellipsize(val, n.Unit.Format(n.Value), tw))
	if finite(n.Delta) || finite(n.DeltaRel) {
		var s string
		switch {
		case finite(n.Delta) && finite(n.DeltaRel):
			s = n.Unit.FormatDelta(n.Delta) + " (" + formatPercent(n.DeltaRel) + ")"
		case finite(n.Delta):
			s = n.Unit.FormatDelta(n.Delta)
		default:
			s = formatPercent(n.DeltaRel)
		}
		if n.DeltaLabel != "" {
			s += " " + n.DeltaLabel
		}
		d := n.Delta
		if !finite(d) {
			d = n.DeltaRel
		}
		clr := f.pal.muted
		if good := (d > 0) != n.LowerIsBetter; d != 0 {
			clr = f.pal.down
			if good {
				clr = f.pal.up
			}
		}
		st := f.text(sizeBox-1, clr, draw.XLeft, draw.YBottom)
		c.FillText(st, vg.Point{X: x0 + pad, Y: y0 + f.pt(7)}, ellipsize(st, s, tw))
	}
}

// ellipsize shortens s with "…" until it fits width, keeping the longest
// prefix that fits (binary search: labels can be long).
func ellipsize(st interface {
	Width(string) vg.Length
}, s string, width vg.Length) string {
	if st.Width(s) <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 1, len(r) // r[:lo] is kept even if it overflows: one rune
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if st.Width(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + "…"
}

// NaturalSize returns the page size at which the tree's boxes are drawn at
// full slide size (at least a slide, at most the size limit), for exports
// of big trees that would be unreadable scaled onto one slide: a 300-node
// tree becomes a tall poster PDF instead of specks.
func (tp *TreePicture) NaturalSize() (Size, error) {
	gapX, gapY := float64(treeGapX), float64(treeGapY)
	if tp.Direction == TopDown {
		gapX, gapY = 16, 44
	}
	nodes, _, err := tp.view()
	if err != nil {
		return Size{}, err
	}
	rects, err := LayoutTree(nodes, tp.Direction, treeBoxW, treeBoxH, gapX, gapY)
	if err != nil {
		return Size{}, err
	}
	w, h := layoutBounds(rects)
	// Margins and the title block take about 1.1 in across and 1.9 in down
	// on a slide; the layout is in points.
	s := SizeSlide()
	s.Width = clamp(math.Max(s.Width, w/72+1.1), minInches, maxInches)
	s.Height = clamp(math.Max(s.Height, h/72+1.9), minInches, maxInches)
	for s.Validate() != nil && s.DPI > 10 {
		s.DPI /= 2 // a huge poster keeps its size; PNG gets coarser
	}
	return s, nil
}
