package ui

import (
	"fyne.io/fyne/v2"
)

// SetAnnotated marks the boxes of nodes with notes or initiatives with a
// small dot on their bottom edge, near the right corner (on the edge, not
// inside: the reported-actual line fills the box's bottom row); nil
// clears the marks.
func (c *TreeCanvas) SetAnnotated(a map[string]int) {
	c.annotated = a
	c.Refresh()
}

// Annotated returns how many notes and initiatives node id has.
func (c *TreeCanvas) Annotated(id string) int { return c.annotated[id] }

// noteMarkSize is the diameter of a box's notes mark in canvas units.
const noteMarkSize float32 = 8

// drawNoteMark draws the notes mark of box m, if its node has any.
func (r *treeRenderer) drawNoteMark(bo *boxObj, id string, at fyne.Position, w, h, z float32, pal palette) {
	if r.c.annotated[id] == 0 {
		return
	}
	d := noteMarkSize * z
	bo.noteMark.FillColor = pal.primary
	bo.noteMark.Move(at.AddXY(w-d-12*z, h-d/2))
	bo.noteMark.Resize(fyne.NewSize(d, d))
	r.objects = append(r.objects, bo.noteMark)
}

// markAnnotated reads which nodes have notes or initiatives and marks their
// boxes. The workspace counts them from its in-memory snapshot (no file
// read: 0.1 ms for 1,000 notes, see docs/benchmarks.md), so the UI
// goroutine asks directly, like reload's Snapshot.
func (s *Shell) markAnnotated() {
	var marks map[string]int
	if src, err := sourceOf(s.ws); err == nil {
		if a, err := src.Unwrap().Annotated(); err == nil {
			marks = make(map[string]int, len(a))
			for id, n := range a {
				marks[id] = n.Notes + n.Initiatives
			}
		}
	}
	s.canvas.SetAnnotated(marks)
}
