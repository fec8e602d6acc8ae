package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestCanvas_NoteMark was beside the inspector's notes tests until the
// inspector got its own package; it tests the canvas's marks only.
func TestCanvas_NoteMark(t *testing.T) {
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	c := NewTreeCanvas()
	c.SetBoxes(BuildBoxes(a.Snapshot()))
	w.SetContent(c)
	marks := func() (n int) {
		r := test.WidgetRenderer(c).(*treeRenderer)
		for _, o := range r.Objects() {
			if slices.ContainsFunc(r.boxes, func(b *boxObj) bool { return b.noteMark == o }) {
				n++
			}
		}
		return n
	}
	if got := marks(); got != 0 {
		t.Fatalf("%d note marks on a tree without notes", got)
	}
	c.SetAnnotated(map[string]int{"unit_price": 2, "csm_count": 1})
	if got := marks(); got != 2 || c.Annotated("unit_price") != 2 || c.Annotated("active_rate") != 0 {
		t.Errorf("%d note marks, want 2 (unit_price, csm_count)", got)
	}
	c.SetAnnotated(nil)
	if got := marks(); got != 0 {
		t.Errorf("%d note marks after clearing", got)
	}
}
