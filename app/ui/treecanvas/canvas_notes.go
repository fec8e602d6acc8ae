package treecanvas

import (
	"fyne.io/fyne/v2"
)

// SetAnnotated marks the boxes of nodes with notes or initiatives with a
// small dot on their bottom edge, near the right corner (on the edge, not
// inside: the reported-actual line fills the box's bottom row). a counts
// each node's notes and initiatives by node id (the shell reads them from
// the workspace); nil clears the marks.
func (c *Canvas) SetAnnotated(a map[string]int) {
	c.annotated = a
	c.Refresh()
}

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
