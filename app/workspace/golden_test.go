package workspace_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

// goldenInterchange is a version-1 workspace JSON checked into testdata.
// Reading it guards compatibility: files people exported and shared must
// keep opening with the same numbers. Set KPITREE_UPDATE_GOLDEN=1 to
// rewrite it after a deliberate, compatible format change.
const goldenInterchange = "testdata/workspace_v1.json"

func TestGoldenInterchange(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	got := exportJSON(t, w)
	if os.Getenv("KPITREE_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(goldenInterchange, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenInterchange)
	if err != nil {
		t.Fatalf("%v (run with KPITREE_UPDATE_GOLDEN=1 to create it)", err)
	}
	t.Run("should export the same bytes as the golden file", func(t *testing.T) {
		if !bytes.Equal(got, want) {
			t.Error("the export differs from testdata/workspace_v1.json; if the change is deliberate and old files still open, regenerate it")
		}
	})
	t.Run("should open the golden file with the same numbers", func(t *testing.T) {
		g, err := workspace.CreateFromJSON(filepath.Join(t.TempDir(), "g.kpitree"), want, workspace.CreateParams{})
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		a, _ := w.Evaluate("upside")
		b, _ := g.Evaluate("upside")
		av, bv := a.Values("revenue"), b.Values("revenue")
		if len(av) != 36 || len(bv) != 36 {
			t.Fatalf("%d and %d periods", len(av), len(bv))
		}
		for i := range av {
			if av[i] != bv[i] {
				t.Errorf("period %d: golden %v, now %v", i, bv[i], av[i])
			}
		}
	})
}
