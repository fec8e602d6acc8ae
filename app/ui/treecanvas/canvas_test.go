package treecanvas_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
)

// smallTree is:
//
//	root ── a ── a1
//	     │    └─ a2
//	     └─ b
func smallTree() []report.BoxModel {
	return []report.BoxModel{
		{ID: "root", Name: "Root", ValueText: "¥1M"},
		{ID: "a", Parent: "root", Name: "A", Op: "×"},
		{ID: "b", Parent: "root", Name: "B", Op: "×"},
		{ID: "a1", Parent: "a", Name: "A1", Op: "+"},
		{ID: "a2", Parent: "a", Name: "A2", Op: "+"},
	}
}

// newApp returns a test app with the app theme. Tests share one per
// top-level test: parsing the 6 MB font for each subtest is slow.
func newApp(t *testing.T) fyne.App {
	t.Helper()
	a := uitest.NewApp(t)
	return a
}

// newCanvas shows boxes in an 800×600 test window.
func newCanvas(t *testing.T, boxes []report.BoxModel) (*treecanvas.Canvas, fyne.Window) {
	t.Helper()
	if fyne.CurrentApp() == nil {
		newApp(t)
	}
	c := treecanvas.New()
	c.SetBoxes(boxes)
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 600))
	return c, w
}

func centre(t *testing.T, c *treecanvas.Canvas, id string) fyne.Position {
	t.Helper()
	p, s, ok := c.BoxRect(id)
	if !ok {
		t.Fatalf("box %q is not shown", id)
	}
	return p.AddXY(s.Width/2, s.Height/2)
}

func overlaps(ap fyne.Position, as fyne.Size, bp fyne.Position, bs fyne.Size) bool {
	return ap.X < bp.X+bs.Width && bp.X < ap.X+as.Width && ap.Y < bp.Y+bs.Height && bp.Y < ap.Y+as.Height
}

func TestTreeCanvas_Layout(t *testing.T) {
	newApp(t)
	for _, o := range []treecanvas.Orientation{treecanvas.LeftToRight, treecanvas.TopDown} {
		t.Run(fmt.Sprintf("should place boxes without overlap, parents before and centred on children (orientation %d)", o), func(t *testing.T) {
			c, _ := newCanvas(t, smallTree())
			c.SetOrientation(o)
			ids := c.ShownIDs()
			if len(ids) != 5 {
				t.Fatalf("shown = %v, want 5 boxes", ids)
			}
			for i, x := range ids {
				for _, y := range ids[i+1:] {
					xp, xs, _ := c.BoxRect(x)
					yp, ys, _ := c.BoxRect(y)
					if overlaps(xp, xs, yp, ys) {
						t.Errorf("%s and %s overlap", x, y)
					}
				}
			}
			rp, _, _ := c.BoxRect("root")
			ap, _, _ := c.BoxRect("a")
			a1, _, _ := c.BoxRect("a1")
			a2, _, _ := c.BoxRect("a2")
			if o == treecanvas.LeftToRight {
				if !(rp.X < ap.X && ap.X < a1.X) {
					t.Errorf("depth does not grow to the right: root %v, a %v, a1 %v", rp, ap, a1)
				}
				if mid := (a1.Y + a2.Y) / 2; abs(ap.Y-mid) > 0.5 {
					t.Errorf("a.Y = %v, want centred on its children at %v", ap.Y, mid)
				}
			} else {
				if !(rp.Y < ap.Y && ap.Y < a1.Y) {
					t.Errorf("depth does not grow downwards: root %v, a %v, a1 %v", rp, ap, a1)
				}
				if mid := (a1.X + a2.X) / 2; abs(ap.X-mid) > 0.5 {
					t.Errorf("a.X = %v, want centred on its children at %v", ap.X, mid)
				}
			}
		})
	}
	t.Run("should draw a tree with a dangling parent and a loop instead of failing", func(t *testing.T) {
		c, _ := newCanvas(t, []report.BoxModel{
			{ID: "x", Parent: "y"}, {ID: "y", Parent: "x"}, {ID: "z", Parent: "missing"}, {ID: "x", Name: "duplicate"},
		})
		if got := len(c.ShownIDs()); got != 3 {
			t.Fatalf("shown %d boxes, want 3 (x, y, z)", got)
		}
	})
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

func TestTreeCanvas_Selection(t *testing.T) {
	newApp(t)
	t.Run("should select the tapped box and report it", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		var gotPrimary string
		c.OnSelect = func(p string, _ []string) { gotPrimary = p }
		test.TapAt(c, centre(t, c, "b"))
		if gotPrimary != "b" || c.Primary() != "b" {
			t.Fatalf("primary = %q (callback %q), want b", c.Primary(), gotPrimary)
		}
	})
	t.Run("should add to the selection with Ctrl held and clear it on the background", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		test.TapAt(c, centre(t, c, "a1"))
		c.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierControl})
		test.TapAt(c, centre(t, c, "b"))
		if got := c.Selected(); !slices.Equal(got, []string{"b", "a1"}) {
			t.Fatalf("selected = %v, want [b a1] in box order", got)
		}
		test.TapAt(c, fyne.NewPos(2, 2))
		if got := c.Selected(); len(got) != 0 {
			t.Fatalf("selected after background tap = %v, want none", got)
		}
	})
}

func TestTreeCanvas_Keyboard(t *testing.T) {
	newApp(t)
	key := func(c *treecanvas.Canvas, k fyne.KeyName) { c.TypedKey(&fyne.KeyEvent{Name: k}) }
	tests := []struct {
		name   string
		orient treecanvas.Orientation
		start  string
		keys   []fyne.KeyName
		want   string
	}{
		{"right goes to the first child", treecanvas.LeftToRight, "root", []fyne.KeyName{fyne.KeyRight}, "a"},
		{"down goes to the next sibling", treecanvas.LeftToRight, "a", []fyne.KeyName{fyne.KeyDown}, "b"},
		{"up at the first sibling stays", treecanvas.LeftToRight, "a", []fyne.KeyName{fyne.KeyUp}, "a"},
		{"left goes to the parent", treecanvas.LeftToRight, "a2", []fyne.KeyName{fyne.KeyLeft}, "a"},
		{"top-down: down goes to the first child", treecanvas.TopDown, "a", []fyne.KeyName{fyne.KeyDown}, "a1"},
		{"top-down: right goes to the next sibling", treecanvas.TopDown, "a1", []fyne.KeyName{fyne.KeyRight}, "a2"},
		{"top-down: up goes to the parent", treecanvas.TopDown, "b", []fyne.KeyName{fyne.KeyUp}, "root"},
		{"tab cycles in display order and wraps", treecanvas.LeftToRight, "a2",
			[]fyne.KeyName{fyne.KeyTab, fyne.KeyTab}, "root"},
		{"an arrow with nothing selected selects the root", treecanvas.LeftToRight, "", []fyne.KeyName{fyne.KeyDown}, "root"},
		{"escape clears the selection", treecanvas.LeftToRight, "a", []fyne.KeyName{fyne.KeyEscape}, ""},
	}
	for _, tt := range tests {
		t.Run("should say "+tt.name, func(t *testing.T) {
			c, _ := newCanvas(t, smallTree())
			c.SetOrientation(tt.orient)
			c.Select(tt.start)
			for _, k := range tt.keys {
				key(c, k)
			}
			if c.Primary() != tt.want {
				t.Fatalf("primary = %q, want %q", c.Primary(), tt.want)
			}
		})
	}
	t.Run("should cycle backwards on Shift+Tab", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.Select("root")
		c.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		key(c, fyne.KeyTab)
		c.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		if c.Primary() != "b" {
			t.Fatalf("Shift+Tab from the root selected %q, want the last box b", c.Primary())
		}
		key(c, fyne.KeyTab)
		if c.Primary() != "root" {
			t.Fatalf("Tab after releasing Shift selected %q, want root", c.Primary())
		}
	})
	t.Run("should ask to edit on Enter and to delete the selection on Delete", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		var edited string
		var deleted []string
		c.OnEdit = func(id string) { edited = id }
		c.OnDelete = func(ids []string) { deleted = ids }
		c.Select("a1")
		c.ToggleSelect("b")
		key(c, fyne.KeyReturn)
		key(c, fyne.KeyDelete)
		if edited != "b" {
			t.Errorf("edited %q, want the primary b", edited)
		}
		if !slices.Equal(deleted, []string{"b", "a1"}) {
			t.Errorf("deleted %v, want [b a1]", deleted)
		}
	})
}

func TestTreeCanvas_Collapse(t *testing.T) {
	newApp(t)
	t.Run("should hide a subtree when its toggle is tapped and show it again", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		toggleOf := func(id string) fyne.Position {
			p, s, _ := c.BoxRect(id)
			return p.AddXY(s.Width-10*c.Zoom(), 10*c.Zoom())
		}
		test.TapAt(c, toggleOf("a"))
		if !c.Collapsed("a") || slices.Contains(c.ShownIDs(), "a1") {
			t.Fatalf("after toggle: collapsed %v, shown %v", c.Collapsed("a"), c.ShownIDs())
		}
		if c.Primary() != "" {
			t.Errorf("tapping the toggle selected %q; it should only toggle", c.Primary())
		}
		test.TapAt(c, toggleOf("a")) // the box moved: it is re-centred without children
		if c.Collapsed("a") || !slices.Contains(c.ShownIDs(), "a1") {
			t.Fatalf("after second toggle: collapsed %v, shown %v", c.Collapsed("a"), c.ShownIDs())
		}
	})
	t.Run("should move the selection up when its subtree collapses", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.Select("a2")
		c.SetCollapsed("a", true)
		if c.Primary() != "a" {
			t.Fatalf("primary = %q, want a", c.Primary())
		}
	})
	t.Run("should expand collapsed ancestors when a hidden box is selected", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.SetCollapsed("root", true)
		c.Select("a1")
		if c.Collapsed("root") || c.Collapsed("a") {
			t.Fatal("ancestors stayed collapsed")
		}
		if _, _, ok := c.BoxRect("a1"); !ok {
			t.Fatal("a1 is not shown after selecting it")
		}
	})
	t.Run("should ignore collapsing a leaf", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.SetCollapsed("b", true)
		if c.Collapsed("b") {
			t.Fatal("a leaf reports collapsed")
		}
	})
}

func TestTreeCanvas_ZoomPan(t *testing.T) {
	newApp(t)
	t.Run("should zoom in and out by steps and clamp", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		c.SetZoom(1)
		c.ZoomIn()
		if z := c.Zoom(); abs(z-1.25) > 1e-4 {
			t.Fatalf("zoom after ZoomIn = %v, want 1.25", z)
		}
		c.ZoomOut()
		c.ZoomOut()
		if z := c.Zoom(); abs(z-0.8) > 1e-4 {
			t.Fatalf("zoom = %v, want 0.8", z)
		}
		c.SetZoom(100)
		if c.Zoom() != treecanvas.MaxZoom {
			t.Fatalf("zoom = %v, want clamped to %v", c.Zoom(), treecanvas.MaxZoom)
		}
		c.TypedRune('-')
		if c.Zoom() >= treecanvas.MaxZoom {
			t.Fatal("'-' did not zoom out")
		}
	})
	t.Run("should fit the whole tree inside the widget", func(t *testing.T) {
		c, _ := newCanvas(t, wideTree(60))
		c.Fit()
		size := c.Size()
		for _, id := range c.ShownIDs() {
			p, s, _ := c.BoxRect(id)
			if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
				t.Fatalf("box %s at %v size %v is outside %v after Fit", id, p, s, size)
			}
		}
		if c.Zoom() >= 1 {
			t.Fatalf("zoom = %v; a 60-leaf tree should need < 1 to fit 600 px", c.Zoom())
		}
	})
	t.Run("should pan on scroll and on a background drag", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		before := c.Offset()
		c.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DX: 10, DY: -20}})
		if got := c.Offset().Subtract(before); got != fyne.NewPos(10, -20) {
			t.Fatalf("scroll moved by %v, want (10,-20)", got)
		}
		before = c.Offset()
		c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(30, 30)}, Dragged: fyne.Delta{DX: 25, DY: 5}})
		c.DragEnd()
		if got := c.Offset().Subtract(before); got != fyne.NewPos(25, 5) {
			t.Fatalf("drag moved by %v, want (25,5)", got)
		}
	})
}

func TestTreeCanvas_DragToReparent(t *testing.T) {
	newApp(t)
	t.Run("should report the dropped box and its new parent", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		var node, parent string
		c.OnReparent = func(n, p string) { node, parent = n, p }
		from, to := centre(t, c, "a2"), centre(t, c, "b")
		d := to.Subtract(from)
		c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from.AddXY(d.X/2, d.Y/2)}, Dragged: fyne.Delta{DX: d.X / 2, DY: d.Y / 2}})
		c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.Delta{DX: d.X / 2, DY: d.Y / 2}})
		c.DragEnd()
		if node != "a2" || parent != "b" {
			t.Fatalf("reparent(%q, %q), want (a2, b)", node, parent)
		}
	})
	t.Run("should not report a drop on the background or on itself", func(t *testing.T) {
		c, _ := newCanvas(t, smallTree())
		called := false
		c.OnReparent = func(string, string) { called = true }
		from := centre(t, c, "a2")
		c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from.AddXY(3, 3)}, Dragged: fyne.Delta{DX: 3, DY: 3}})
		c.DragEnd()
		if called {
			t.Fatal("OnReparent called for a drop on the dragged box itself")
		}
	})
}

// wideTree is a root with n leaves.
func wideTree(n int) []report.BoxModel {
	boxes := []report.BoxModel{{ID: "root", Name: "Root"}}
	for i := range n {
		boxes = append(boxes, report.BoxModel{ID: fmt.Sprintf("n%d", i), Parent: "root", Name: fmt.Sprintf("Leaf %d", i), Op: "+"})
	}
	return boxes
}

// bigTree is a tree of n nodes with a branching factor of 4, with values
// and sparklines like a real one.
func bigTree(n int) []report.BoxModel {
	boxes := make([]report.BoxModel, n)
	for i := range boxes {
		b := report.BoxModel{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("KPI %d", i), ValueText: "1,234 customers",
			DeltaText: "+1.2%", DeltaSign: 1, RAG: report.RAGGreen, Op: "×",
			Spark: []float64{1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8}}
		if i > 0 {
			b.Parent = fmt.Sprintf("n%d", (i-1)/4)
		}
		boxes[i] = b
	}
	return boxes
}

func TestTreeCanvas_Virtualises(t *testing.T) {
	newApp(t)
	t.Run("should create objects only for the boxes in view of a 10,000-node tree", func(t *testing.T) {
		c, _ := newCanvas(t, bigTree(10_000))
		c.Select("n9999") // pans the view to a deep leaf
		objs := test.WidgetRenderer(c).Objects()
		if len(objs) > 3000 {
			t.Fatalf("%d canvas objects for an 800×600 view; want only what is visible", len(objs))
		}
		if len(objs) < 20 {
			t.Fatalf("%d canvas objects; expected the boxes in view to be drawn", len(objs))
		}
		// Panning brings other boxes in without growing the object count much.
		c.Pan(-5000, -3000)
		if n := len(test.WidgetRenderer(c).Objects()); n > 3000 {
			t.Fatalf("%d objects after panning", n)
		}
	})
}

func TestTreeCanvas_ContextMenu(t *testing.T) {
	newApp(t)
	c, _ := newCanvas(t, smallTree())
	var added, sibling string
	c.OnAddChild = func(p string) { added = p }
	c.OnAddSibling = func(id string) { sibling = id }
	c.OnDelete = func([]string) {}
	t.Run("should offer add, collapse and delete on a box with children", func(t *testing.T) {
		m := c.ContextMenu("a")
		if got := uitest.MenuLabels(m); !slices.Equal(got, []string{"Add driver", "Add sibling", "Collapse", "---", "Delete…"}) {
			t.Fatalf("items = %q", got)
		}
		m.Items[0].Action()
		m.Items[1].Action()
		if added != "a" || sibling != "a" {
			t.Fatalf("add child %q, sibling %q", added, sibling)
		}
		m.Items[2].Action()
		if !c.Collapsed("a") {
			t.Fatal("Collapse did not collapse")
		}
		if got := c.ContextMenu("a").Items[2].Label; got != "Expand" {
			t.Fatalf("collapsed box offers %q, want Expand", got)
		}
	})
	t.Run("should leave out collapse on a leaf", func(t *testing.T) {
		if got := uitest.MenuLabels(c.ContextMenu("b")); slices.Contains(got, "Collapse") {
			t.Fatalf("leaf menu = %q", got)
		}
	})
}
