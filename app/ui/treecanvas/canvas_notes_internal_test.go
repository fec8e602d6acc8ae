package treecanvas

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestCanvas_NoteMark(t *testing.T) {
	w := uitest.NewWindow(t)
	c := New()
	c.SetBoxes([]report.BoxModel{
		{ID: "root", Name: "Revenue"},
		{ID: "unit_price", Parent: "root", Name: "Price"},
		{ID: "active_rate", Parent: "root", Name: "Active rate"},
		{ID: "csm_count", Parent: "active_rate", Name: "CSMs"},
	})
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
	if got := marks(); got != 2 || c.annotated["unit_price"] != 2 || c.annotated["active_rate"] != 0 {
		t.Errorf("%d note marks, want 2 (unit_price, csm_count)", got)
	}
	c.SetAnnotated(nil)
	if got := marks(); got != 0 {
		t.Errorf("%d note marks after clearing", got)
	}
}
