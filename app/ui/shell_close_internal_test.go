package ui

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// gatedAdapter holds UpdateNode until gate is closed, so a test can switch
// workspaces while an edit is still waiting to be stored.
type gatedAdapter struct {
	*Adapter
	gate chan struct{}
}

func (g gatedAdapter) UpdateNode(n kpitree.Node) error {
	<-g.gate
	return g.Adapter.UpdateNode(n)
}

// An edit made just before another workspace is opened is stored in the
// file it was made in: the shell closes the old file only after its
// writes. Closing it at once lost the edit to "workspace closed".
func TestShell_StoresTheLastEditBeforeClosing(t *testing.T) {
	first := gatedAdapter{Adapter: NewSampleAdapter(t), gate: make(chan struct{})}
	path := first.Path()
	s, err := New(Params{App: uitest.NewApp(t), Opener: FileOpener{}, Workspace: first, Panes: []Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.WaitIdle(); s.Window().Close() })
	s.WaitIdle()
	n, ok := first.Node("csm_count")
	if !ok {
		t.Fatal("the sample has no csm_count")
	}
	n.Name = "CS managers"
	s.edit(func(ws Workspace) error { return ws.UpdateNode(n) }, nil)
	s.SetWorkspace(NewSampleAdapter(t), "") // the user opens another file
	close(first.gate)
	s.WaitIdle()

	ws, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen the first workspace: %v", err)
	}
	defer ws.Close()
	if got, _ := ws.Node("csm_count"); got.Name != "CS managers" {
		t.Errorf("csm_count is named %q in the file: the edit made before the switch was lost", got.Name)
	}
}

// Typed in the inspector but not applied, an edit is stored when another
// workspace is opened, as when the user moves to another node.
func TestShell_StoresTheInspectorsTypedEditBeforeClosing(t *testing.T) {
	first := NewSampleAdapter(t)
	path := first.Path()
	s, err := New(Params{App: uitest.NewApp(t), Opener: FileOpener{}, Workspace: first, Panes: []Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.WaitIdle(); s.Window().Close() })
	s.WaitIdle()
	s.canvas.Select("csm_count")
	s.WaitIdle()
	s.inspector.Name.SetText("CS managers")
	if !s.inspector.Dirty() {
		t.Fatal("typing the name did not mark the inspector edited")
	}
	s.SetWorkspace(NewSampleAdapter(t), "")
	s.WaitIdle()

	ws, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen the first workspace: %v", err)
	}
	defer ws.Close()
	if got, _ := ws.Node("csm_count"); got.Name != "CS managers" {
		t.Errorf("csm_count is named %q in the file: the typed edit was dropped", got.Name)
	}
}
