package treecanvas

import (
	"image/color"
	"math"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/kpitree"
)

// Box decoration sizes in canvas units.
const (
	toggleSize  float32 = 16
	stripeWidth float32 = 6
	nameSize    float32 = 12 // two lines of it; ≥ 11 px at zoom 1 stays legible
	nameLeading float32 = 15 // baseline-to-baseline of the two name lines
	valueSize   float32 = 16
	deltaSize   float32 = 12
	reportSize  float32 = 12 // the reconciliation line; as legible as the names
	opSize      float32 = 13
)

// boxObj is the pooled set of canvas objects that draws one box.
type boxObj struct {
	frame, stripe, toggleBg *canvas.Rectangle
	name, name2             *canvas.Text // a long name wraps onto name2
	value, delta            *canvas.Text
	reported, gap           *canvas.Text // reconciliation line; drawn only for reported nodes
	toggle                  *canvas.Text
	spark                   []*canvas.Line
	// badge marks a box the checker has a finding about; badgeMark is its
	// "!" (drawn at text zoom).
	badge     *canvas.Circle
	badgeMark *canvas.Text
	// noteMark marks a box with notes or initiatives (canvas_notes.go).
	noteMark *canvas.Circle
}

func newBoxObj() *boxObj {
	b := &boxObj{
		frame:    canvas.NewRectangle(color.Transparent),
		stripe:   canvas.NewRectangle(color.Transparent),
		toggleBg: canvas.NewRectangle(color.Transparent),
		name:     canvas.NewText("", color.Black),
		name2:    canvas.NewText("", color.Black),
		value:    canvas.NewText("", color.Black),
		delta:    canvas.NewText("", color.Black),
		reported: canvas.NewText("", color.Black),
		gap:      canvas.NewText("", color.Black),
		toggle:   canvas.NewText("", color.Black),
		spark:    make([]*canvas.Line, report.SparkLen-1),

		badge:     canvas.NewCircle(color.Transparent),
		badgeMark: canvas.NewText("!", color.White),
		noteMark:  canvas.NewCircle(color.Transparent),
	}
	b.badgeMark.TextStyle.Bold = true
	b.badgeMark.Alignment = fyne.TextAlignCenter
	b.value.TextStyle.Bold = true
	b.toggle.Alignment = fyne.TextAlignCenter
	b.gap.Alignment = fyne.TextAlignTrailing
	for i := range b.spark {
		b.spark[i] = canvas.NewLine(color.Black)
	}
	return b
}

// treeRenderer draws only what is inside the viewport, reusing pooled
// objects, so drawing cost follows the window size, not the tree size.
type treeRenderer struct {
	c       *Canvas
	bg      *canvas.Rectangle
	ghost   *canvas.Rectangle
	mini    *minimapView
	boxes   []*boxObj
	lines   []*canvas.Line
	ops     []*canvas.Text
	objects []fyne.CanvasObject
	size    fyne.Size
}

// CreateRenderer builds the canvas's renderer (fyne.Widget).
func (c *Canvas) CreateRenderer() fyne.WidgetRenderer {
	r := &treeRenderer{
		c:     c,
		bg:    canvas.NewRectangle(color.Transparent),
		ghost: canvas.NewRectangle(color.Transparent),
		mini:  newMinimapView(),
	}
	r.update()
	return r
}

func (r *treeRenderer) Destroy()                     {}
func (r *treeRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *treeRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Layout repositions for the new size, fitting first if a fit is pending.
func (r *treeRenderer) Layout(s fyne.Size) {
	r.size = s
	if r.c.fitPending && !s.IsZero() {
		r.c.fitPending = false
		r.c.Fit()
	}
	r.update()
}
func (r *treeRenderer) Refresh() { r.update(); canvas.Refresh(r.c) }

// palette holds the theme colours of one update.
type palette struct {
	fg, muted, surface, border, primary, good, warn, bad, sel, bg color.Color
}

func (r *treeRenderer) palette() palette {
	th := r.c.Theme()
	v := theme.VariantLight
	if a := fyne.CurrentApp(); a != nil {
		v = a.Settings().ThemeVariant()
	}
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	return palette{
		fg:      col(theme.ColorNameForeground),
		muted:   col(theme.ColorNamePlaceHolder),
		surface: col(theme.ColorNameInputBackground),
		border:  col(theme.ColorNameInputBorder),
		primary: col(theme.ColorNamePrimary),
		good:    col(theme.ColorNameSuccess),
		warn:    col(theme.ColorNameWarning),
		bad:     col(theme.ColorNameError),
		sel:     col(theme.ColorNameSelection),
		bg:      col(theme.ColorNameBackground),
	}
}

// update positions pooled objects for the boxes and connectors that
// intersect the viewport and rebuilds the object list.
func (r *treeRenderer) update() {
	c := r.c
	l := c.layout()
	pal := r.palette()
	size := r.size
	if size.IsZero() {
		size = c.Size()
	}
	r.bg.Resize(size)
	r.objects = append(r.objects[:0], r.bg)

	z := c.zoom
	// The viewport in canvas units, grown by a margin so connectors whose
	// ends are just outside still draw.
	vx0, vy0 := -c.offset.X/z-gapDepth, -c.offset.Y/z-gapDepth
	vx1, vy1 := (size.Width-c.offset.X)/z+gapDepth, (size.Height-c.offset.Y)/z+gapDepth
	inView := func(x0, y0, x1, y1 float32) bool {
		return x1 >= vx0 && x0 <= vx1 && y1 >= vy0 && y0 <= vy1
	}

	nLines, nOps, nBoxes := 0, 0, 0
	showText := z >= textMinZoom
	lineW := max(1, 1.5*z)
	for _, k := range l.visible {
		p := c.ti.parent[k]
		if p < 0 {
			continue
		}
		pp, kp := l.pos[p], l.pos[k]
		x0, y0 := min(pp.X, kp.X), min(pp.Y, kp.Y)
		x1, y1 := max(pp.X, kp.X)+boxWidth, max(pp.Y, kp.Y)+boxHeight
		if !inView(x0, y0, x1, y1) {
			continue
		}
		// An elbow connector: out of the parent, across, into the child.
		var a, b, m1, m2 fyne.Position
		if c.orient == TopDown {
			a = fyne.NewPos(pp.X+boxWidth/2, pp.Y+boxHeight)
			b = fyne.NewPos(kp.X+boxWidth/2, kp.Y)
			mid := a.Y + gapDepth/2
			m1, m2 = fyne.NewPos(a.X, mid), fyne.NewPos(b.X, mid)
		} else {
			a = fyne.NewPos(pp.X+boxWidth, pp.Y+boxHeight/2)
			b = fyne.NewPos(kp.X, kp.Y+boxHeight/2)
			mid := a.X + gapDepth/2
			m1, m2 = fyne.NewPos(mid, a.Y), fyne.NewPos(mid, b.Y)
		}
		for _, seg := range [3][2]fyne.Position{{a, m1}, {m1, m2}, {m2, b}} {
			ln := r.line(nLines)
			nLines++
			ln.StrokeColor = pal.border
			ln.StrokeWidth = lineW
			ln.Position1 = c.toScreen(seg[0])
			ln.Position2 = c.toScreen(seg[1])
			r.objects = append(r.objects, ln)
		}
		if op := c.boxes[k].Op; op != "" && showText {
			t := r.op(nOps)
			nOps++
			setText(t, op)
			t.Color = pal.muted
			t.TextSize = opSize * z
			t.TextStyle.Bold = true
			var at fyne.Position
			if c.orient == TopDown {
				at = fyne.NewPos(b.X+4, m2.Y+2)
			} else {
				at = fyne.NewPos(m2.X+4, b.Y-opSize-4)
			}
			t.Move(c.toScreen(at))
			r.objects = append(r.objects, t)
		}
	}
	for _, i := range l.visible {
		bp := l.pos[i]
		if !inView(bp.X, bp.Y, bp.X+boxWidth, bp.Y+boxHeight) {
			continue
		}
		bo := r.box(nBoxes)
		nBoxes++
		r.drawBox(bo, i, bp, pal, showText)
	}
	if d := c.drag; d.active && d.node >= 0 {
		r.ghost.FillColor = withAlpha(pal.primary, 0x40)
		r.ghost.StrokeColor = pal.primary
		r.ghost.StrokeWidth = 1
		r.ghost.CornerRadius = 6 * z
		r.ghost.Resize(fyne.NewSize(boxWidth*z, boxHeight*z))
		r.ghost.Move(d.at.SubtractXY(boxWidth*z/2, boxHeight*z/2))
		r.objects = append(r.objects, r.ghost)
	}
	r.mini.update(r, pal)
}

// drawBox lays out one box's objects at canvas position bp.
func (r *treeRenderer) drawBox(bo *boxObj, i int, bp fyne.Position, pal palette, showText bool) {
	c := r.c
	z := c.zoom
	m := c.boxes[i]
	at := c.toScreen(bp)
	w, h := boxWidth*z, boxHeight*z

	bo.frame.FillColor = pal.surface
	bo.frame.StrokeColor = pal.border
	bo.frame.StrokeWidth = max(1, z)
	bo.frame.CornerRadius = 6 * z
	switch {
	case c.drag.active && c.drag.target == i:
		bo.frame.StrokeColor = pal.warn
		bo.frame.StrokeWidth = 3 * z
	case c.selected[i]:
		bo.frame.FillColor = pal.sel
		bo.frame.StrokeColor = pal.primary
		bo.frame.StrokeWidth = max(1.5, 2*z)
		if i == c.primary && c.focused {
			bo.frame.StrokeWidth = max(2, 3*z)
		}
	}
	bo.frame.Move(at)
	bo.frame.Resize(fyne.NewSize(w, h))
	r.objects = append(r.objects, bo.frame)

	if m.RAG != report.RAGNone {
		bo.stripe.FillColor = ragColor(m.RAG, pal)
		bo.stripe.CornerRadius = 3 * z
		bo.stripe.Move(at.AddXY(1, 1))
		bo.stripe.Resize(fyne.NewSize(stripeWidth*z, h-2))
		r.objects = append(r.objects, bo.stripe)
	}

	if len(c.ti.kids[i]) > 0 {
		ts := toggleSize * z
		bo.toggleBg.FillColor = withAlpha(pal.muted, 0x30)
		bo.toggleBg.CornerRadius = ts / 2
		bo.toggleBg.Move(at.AddXY(w-ts-4*z, 4*z))
		bo.toggleBg.Resize(fyne.NewSize(ts, ts))
		r.objects = append(r.objects, bo.toggleBg)
		if showText {
			sym := "−"
			if c.collapsed[i] {
				sym = "+"
			}
			setText(bo.toggle, sym)
			bo.toggle.Color = pal.fg
			bo.toggle.TextSize = 12 * z
			bo.toggle.Move(at.AddXY(w-ts-4*z, 4*z))
			bo.toggle.Resize(fyne.NewSize(ts, ts))
			r.objects = append(r.objects, bo.toggle)
		}
	}

	if sev, ok := c.problems[m.ID]; ok {
		r.drawBadge(bo, sev, at, w, z, len(c.ti.kids[i]) > 0, showText, pal)
	}

	r.drawNoteMark(bo, m.ID, at, w, h, z, pal)

	rows := rowsFor(m.ReportedText != "")
	if showText {
		pad := (stripeWidth + 8) * z
		f := r.fit(i)
		setText(bo.name, f.name)
		bo.name.Color = pal.fg
		bo.name.TextSize = nameSize * z
		bo.name.Move(at.AddXY(pad, rows.name*z))
		r.objects = append(r.objects, bo.name)
		if f.name2 != "" {
			setText(bo.name2, f.name2)
			bo.name2.Color = pal.fg
			bo.name2.TextSize = nameSize * z
			bo.name2.Move(at.AddXY(pad, (rows.name+rows.leading)*z))
			r.objects = append(r.objects, bo.name2)
		}

		setText(bo.value, f.value)
		bo.value.Color = pal.fg
		bo.value.TextSize = f.valueSize * z
		bo.value.Move(at.AddXY(pad, rows.value*z))
		r.objects = append(r.objects, bo.value)

		if m.DeltaText != "" {
			setText(bo.delta, m.DeltaText)
			switch {
			case m.DeltaSign > 0:
				bo.delta.Color = pal.good
			case m.DeltaSign < 0:
				bo.delta.Color = pal.bad
			default:
				bo.delta.Color = pal.muted
			}
			bo.delta.TextSize = deltaSize * z
			bo.delta.Move(at.AddXY(pad, rows.delta*z))
			r.objects = append(r.objects, bo.delta)
		}
		if m.ReportedText != "" {
			r.drawReported(bo, f, m, at.AddXY(pad, rows.reported*z), w-pad-8*z, pal)
		}
	}
	if showText {
		// Below text zoom a sparkline is a few pixels of noise; skipping it
		// also keeps a zoomed-out huge tree cheap to draw.
		r.drawSpark(bo, m.Spark, at, z, rows, pal)
	}
}

// badgeSize is the diameter of a box's checker badge in canvas units.
const badgeSize float32 = 16

// drawBadge draws the checker's badge at a box's top-right corner (left of
// the collapse toggle when the box has one): red for an error, amber for
// a warning, the muted colour for information.
func (r *treeRenderer) drawBadge(bo *boxObj, sev kpitree.Severity, at fyne.Position, w, z float32, toggle, showText bool, pal palette) {
	bs := badgeSize * z
	x := w - bs - 4*z
	if toggle {
		x -= toggleSize*z + 4*z
	}
	switch sev {
	case kpitree.SevError:
		bo.badge.FillColor = pal.bad
	case kpitree.SevWarning:
		bo.badge.FillColor = pal.warn
	default:
		bo.badge.FillColor = pal.muted
	}
	bo.badge.Move(at.AddXY(x, 4*z))
	bo.badge.Resize(fyne.NewSize(bs, bs))
	r.objects = append(r.objects, bo.badge)
	if showText {
		bo.badgeMark.TextSize = 12 * z
		bo.badgeMark.Move(at.AddXY(x, 4*z))
		bo.badgeMark.Resize(fyne.NewSize(bs, bs))
		r.objects = append(r.objects, bo.badgeMark)
	}
}

// boxRows are the vertical positions of a box's rows in canvas units
// (zoom 1), from the box's top.
type boxRows struct {
	name, leading, value, delta float32 // text tops; leading between name lines
	sparkTop, sparkBottom       float32 // the sparkline's band, beside the delta
	reported                    float32 // the reconciliation line's top; unused in rowsPlain
}

// rowsFor returns a box's rows. Most boxes have two name lines, a large
// value and the delta beside the sparkline. A node with a reported actual
// packs the same rows closer to make room for the reconciliation line at
// the bottom, so it keeps the box size the tidy layout relies on.
func rowsFor(reported bool) boxRows {
	if reported {
		return boxRows{name: 3, leading: 14, value: 31, delta: 50, sparkTop: 51, sparkBottom: 64, reported: 67}
	}
	return boxRows{name: 5, leading: nameLeading, value: 38, delta: boxHeight - 24, sparkTop: boxHeight - 26, sparkBottom: boxHeight - 8}
}

// drawReported draws the reconciliation line at at, width w wide: the
// reported value on the left and the gap right-aligned, in the warning
// colour and bold when it exceeds the threshold.
func (r *treeRenderer) drawReported(bo *boxObj, f *fitted, m report.BoxModel, at fyne.Position, w float32, pal palette) {
	z := r.c.zoom
	setText(bo.reported, f.reported)
	bo.reported.Color = pal.muted
	bo.reported.TextSize = reportSize * z
	bo.reported.Move(at)
	r.objects = append(r.objects, bo.reported)
	if m.GapText == "" {
		return
	}
	setText(bo.gap, m.GapText)
	bo.gap.Color = pal.muted
	bo.gap.TextStyle.Bold = m.GapAlert
	if m.GapAlert {
		bo.gap.Color = pal.warn
	}
	bo.gap.TextSize = reportSize * z
	bo.gap.Move(at)
	bo.gap.Resize(fyne.NewSize(w, reportSize*z))
	r.objects = append(r.objects, bo.gap)
}

// drawSpark draws the sparkline in the box's lower right corner, leaving
// gaps at NaN values.
func (r *treeRenderer) drawSpark(bo *boxObj, s []float64, at fyne.Position, z float32, rows boxRows, pal palette) {
	if len(s) < 2 {
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range s {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) {
		return
	}
	// Bottom right, beside the delta: the value row above keeps the
	// whole box width so numbers need not shrink.
	x0, x1 := at.X+boxWidth*0.5*z, at.X+(boxWidth-8)*z
	y0, y1 := at.Y+rows.sparkTop*z, at.Y+rows.sparkBottom*z
	n := min(len(s), report.SparkLen)
	s = s[len(s)-n:]
	pt := func(k int) fyne.Position {
		x := x0 + (x1-x0)*float32(k)/float32(n-1)
		f := 0.5
		if hi > lo {
			f = (s[k] - lo) / (hi - lo)
		}
		return fyne.NewPos(x, y1-(y1-y0)*float32(f))
	}
	for k := 0; k+1 < n; k++ {
		if math.IsNaN(s[k]) || math.IsNaN(s[k+1]) || math.IsInf(s[k], 0) || math.IsInf(s[k+1], 0) {
			continue
		}
		ln := bo.spark[k]
		ln.StrokeColor = pal.primary
		ln.StrokeWidth = max(1, 1.5*z)
		ln.Position1, ln.Position2 = pt(k), pt(k+1)
		r.objects = append(r.objects, ln)
	}
}

func (r *treeRenderer) box(n int) *boxObj {
	for len(r.boxes) <= n {
		r.boxes = append(r.boxes, newBoxObj())
	}
	return r.boxes[n]
}

func (r *treeRenderer) line(n int) *canvas.Line {
	for len(r.lines) <= n {
		r.lines = append(r.lines, canvas.NewLine(color.Black))
	}
	return r.lines[n]
}

func (r *treeRenderer) op(n int) *canvas.Text {
	for len(r.ops) <= n {
		r.ops = append(r.ops, canvas.NewText("", color.Black))
	}
	return r.ops[n]
}

// setText changes a pooled text and refreshes it only when the text
// differs: drivers cache text textures per object.
func setText(t *canvas.Text, s string) {
	if t.Text != s {
		t.Text = s
		t.Refresh()
	}
}

func ragColor(g report.RAG, p palette) color.Color {
	switch g {
	case report.RAGGreen:
		return p.good
	case report.RAGAmber:
		return p.warn
	case report.RAGRed:
		return p.bad
	}
	return color.Transparent
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// fitted is a box's texts prepared to fit the box at zoom 1; text scales
// with the box, so they fit at every zoom.
type fitted struct {
	done      bool
	name      string
	name2     string // second line of a long name; or ""
	value     string
	valueSize float32
	reported  string // ReportedText cut to leave room for the gap; or ""
}

// fit measures a box's texts once, when the box is first drawn: measuring
// all 10,000 boxes up front would cost more than drawing the visible ones.
func (r *treeRenderer) fit(i int) *fitted {
	c := r.c
	f := &c.fits[i]
	if f.done {
		return f
	}
	m := c.boxes[i]
	// The first name line leaves room for the collapse toggle.
	textW := boxWidth - stripeWidth - 8 - 8
	f.name, f.name2 = wrapName(m.Name, nameSize, textW-toggleSize-4, textW)
	// The value has its row to itself. Shrink it a little if that is
	// enough; otherwise drop the unit (the inspector shows it) so the
	// number stays large and whole.
	valueW := textW
	style := fyne.TextStyle{Bold: true}
	f.value, f.valueSize = m.ValueText, valueSize
	// Text width is not proportional to size (glyphs snap to whole
	// pixels), so step the size down and measure again.
	for f.valueSize > valueSize*0.8 && fyne.MeasureText(f.value, f.valueSize, style).Width > valueW {
		f.valueSize--
	}
	if fyne.MeasureText(f.value, f.valueSize, style).Width > valueW {
		f.valueSize = valueSize
		if k := strings.IndexAny(f.value, " /"); k > 0 {
			f.value = f.value[:k]
		}
	}
	f.value = fitWidth(f.value, f.valueSize, style, valueW)
	if m.ReportedText != "" {
		repW := textW
		if m.GapText != "" {
			// The gap is the figure that matters: it stays whole and bold
			// (its widest style), and the label gives way.
			repW -= fyne.MeasureText(m.GapText, reportSize, fyne.TextStyle{Bold: true}).Width + 4
		}
		f.reported = m.ReportedText
		if fyne.MeasureText(f.reported, reportSize, fyne.TextStyle{}).Width > repW && m.ReportedShort != "" {
			f.reported = m.ReportedShort
		}
		f.reported = fitWidth(f.reported, reportSize, fyne.TextStyle{}, repW)
	}
	f.done = true
	return f
}

// wrapName splits a name over two lines of widths w1 and w2, cutting the
// second with an ellipsis. Latin text breaks at the last space that fits;
// Japanese, which has no spaces, breaks between any two characters.
func wrapName(s string, size, w1, w2 float32) (string, string) {
	style := fyne.TextStyle{}
	if fyne.MeasureText(s, size, style).Width <= w1 {
		return s, ""
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // longest prefix that fits the first line
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(rs[:mid]), size, style).Width <= w1 {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	k := lo
	if k < len(rs) && rs[k] != ' ' && isWordRune(rs[k]) && k > 0 && isWordRune(rs[k-1]) {
		// Mid-word: move the break back to the last space, if any.
		for j := k - 1; j > 0; j-- {
			if rs[j] == ' ' {
				k = j
				break
			}
		}
	}
	// Japanese line-break rules (kinsoku): a line may not start with a
	// closing bracket, small kana or the long-vowel mark, and an opening
	// bracket near the end moves down with what it opens.
	if k < len(rs) && k == lo {
		for k > 1 && strings.ContainsRune(noLineStart, rs[k]) {
			k--
		}
		for j := k - 1; j > 0 && j >= k-4; j-- {
			if strings.ContainsRune(noLineEnd, rs[j]) {
				k = j
				break
			}
		}
	}
	if k == 0 {
		k = max(lo, 1)
	}
	first := strings.TrimRight(string(rs[:k]), " ")
	rest := strings.TrimLeft(string(rs[k:]), " ")
	return first, fitWidth(rest, size, style, w2)
}

// Characters a Japanese line must not start or end with.
const (
	noLineStart = "）)」』】〕、。，．・：；！？ーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ"
	noLineEnd   = "（(「『【〔"
)

// isWordRune reports whether r belongs to a space-separated script, where
// a line must not break inside a word.
func isWordRune(r rune) bool { return r < 0x2E80 && !unicode.IsSpace(r) }

// fitWidth cuts s with an ellipsis so it is at most width wide.
func fitWidth(s string, size float32, style fyne.TextStyle, width float32) string {
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // binary search the longest prefix that fits
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(rs[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(rs[:lo]) + "…"
}
