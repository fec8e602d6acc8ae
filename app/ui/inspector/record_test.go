package inspector_test

import (
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/kpitree"
)

// recorder is the sample workspace whose node edits are recorded rather
// than stored, so a test reads exactly what Apply handed over; err, when
// set, is what storing returns, and block, when set, holds the write
// until it is closed. Everything else (the sections' reads) is the real
// workspace.
type recorder struct {
	uitest.Workspace
	err   error
	block chan struct{}

	mu    sync.Mutex
	nodes []kpitree.Node
}

// record makes in edit a recorder over the English sample workspace.
func record(t testing.TB, in *inspector.Inspector) *recorder {
	t.Helper()
	r := &recorder{Workspace: uitest.Sample(t, "en")}
	in.SetSource(r, nil)
	t.Cleanup(in.Wait) // before the workspace closes (cleanups run last first)
	return r
}

// Apply records the node of an UpdateNode (the only op the inspector
// stores) off the UI goroutine, as the workspace would store it.
func (r *recorder) Apply(op kpitree.Op) error {
	if r.block != nil {
		<-r.block
	}
	if u, ok := op.(kpitree.UpdateNode); ok && r.err == nil {
		r.mu.Lock()
		r.nodes = append(r.nodes, u.Node)
		r.mu.Unlock()
	}
	return r.err
}

// PreviewEdit finds nothing: these tests are about what is stored.
func (r *recorder) PreviewEdit(kpitree.Op) ([]kpitree.Diagnostic, error) { return nil, nil }

// stored is every node stored so far.
func (r *recorder) stored() []kpitree.Node {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]kpitree.Node(nil), r.nodes...)
}

// last is the last node stored; the test fails when none was.
func (r *recorder) last(t testing.TB) kpitree.Node {
	t.Helper()
	got := r.stored()
	if len(got) == 0 {
		t.Fatal("nothing was stored")
	}
	return got[len(got)-1]
}
