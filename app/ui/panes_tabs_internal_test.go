package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

// A bottom tab's pane is built when the tab is first shown, so the panes
// behind hidden tabs compute nothing while the window opens; built late,
// the charts pane still starts on the node selected on the tree.
func TestShell_BuildsATabWhenFirstShown(t *testing.T) {
	a := NewSampleAdapter(t)
	s, err := New(Params{App: uitest.NewApp(t), Opener: FileOpener{}, Workspace: a, Panes: AnalysisPanes()})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() { s.WaitIdle(); s.Window().Close() })
	s.WaitIdle()
	selects := func(item *container.TabItem) []*widget.Select {
		var out []*widget.Select
		for _, o := range test.LaidOutObjects(item.Content) {
			if sel, ok := o.(*widget.Select); ok {
				out = append(out, sel)
			}
		}
		return out
	}
	whatIf, charts := s.tabs.Items[0], s.tabs.Items[1]
	if charts.Text != "Charts" {
		t.Fatalf("tab 1 is %q, want Charts", charts.Text)
	}
	if len(selects(whatIf)) == 0 {
		t.Fatal("the tab shown at start (What-if) was not built")
	}
	if n := len(selects(charts)); n != 0 {
		t.Fatalf("the hidden Charts tab was built at start (%d selects drawn)", n)
	}
	node, ok := a.Node("csm_count")
	if !ok {
		t.Fatal("the sample has no csm_count")
	}
	s.canvas.Select(node.ID)
	s.WaitIdle()
	s.tabs.Select(charts)
	s.WaitIdle()
	var shown []string
	for _, sel := range selects(charts) {
		shown = append(shown, sel.Selected)
		if sel.Selected == node.Name {
			return
		}
	}
	t.Fatalf("the Charts tab shows %q, want the selected node %q", shown, node.Name)
}
