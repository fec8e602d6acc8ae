package workspace_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestCreateSample(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run("should bind every leaf of the "+lang+" sample", func(t *testing.T) {
			w, err := workspace.CreateSample(filepath.Join(t.TempDir(), "s.kpitree"), lang)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if w.CanUndo() {
				t.Error("the sample's creation is undoable; a first Undo would remove the data")
			}
			if got := len(w.Bindings()); got != 4 {
				t.Errorf("bindings = %+v, want the 4 leaves bound", w.Bindings())
			}
			diags, err := w.Check()
			if err != nil {
				t.Fatal(err)
			}
			if kpitree.HasErrors(diags) {
				t.Errorf("sample has check errors: %v", diags)
			}
			e, err := w.Evaluate("")
			if err != nil {
				t.Fatal(err)
			}
			if e.Calendar.Periods != 36 {
				t.Errorf("periods = %d, want 36", e.Calendar.Periods)
			}
			rev := e.Values(w.Tree().Root)
			if v := rev[0]; v < 1.4e6 || v > 1.6e6 {
				t.Errorf("April 2023 revenue = %v, want about 1.52 million", v)
			}
		})
	}
}

func TestImportSampleDataIsUndoable(t *testing.T) {
	w, _ := newWorkspace(t)
	if err := w.ImportSampleData(); err != nil {
		t.Fatal(err)
	}
	if len(w.Bindings()) != 4 || len(w.Datasets()) != 1 {
		t.Fatalf("after importing the sample: %d bindings, %d datasets", len(w.Bindings()), len(w.Datasets()))
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(w.Bindings()) != 0 || len(w.Datasets()) != 0 {
		t.Error("undo left sample data behind")
	}
}

func TestCreateSamplePlan(t *testing.T) {
	t.Run("should give the root and the controllable rate a plan with RAG thresholds", func(t *testing.T) {
		w, err := workspace.CreateSample(filepath.Join(t.TempDir(), "s.kpitree"), "en")
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		tree := w.Tree()
		for _, id := range []string{"addon_revenue", "active_rate"} {
			n, _, ok := tree.NodeByID(id)
			if !ok {
				t.Fatalf("no node %s", id)
			}
			if n.RAG == nil {
				t.Errorf("%s: no RAG thresholds", id)
			}
			if _, ok := n.TargetFor(35); !ok {
				t.Errorf("%s: no target for March 2026 (period 35)", id)
			}
			if _, ok := n.FiscalTarget(2026); !ok {
				t.Errorf("%s: no FY2026 target", id)
			}
		}
		ev, err := w.Evaluate("")
		if err != nil {
			t.Fatal(err)
		}
		rev := ev.Values("addon_revenue")
		root, _, _ := tree.NodeByID("addon_revenue")
		target, _ := root.TargetFor(35)
		// The plan is meant to be a little ahead of the actuals: amber, not red or green.
		if ratio := rev[35] / target; ratio < 0.9 || ratio >= 1 {
			t.Errorf("March 2026 revenue / target = %.3f, want amber (0.9 ≤ r < 1)", ratio)
		}
	})
}

func TestCreateSampleSameFiscalYearInBothLanguages(t *testing.T) {
	t.Run("should keep the template's April fiscal year for an English user", func(t *testing.T) {
		var fy [2]time.Month
		var root [2][]float64
		for i, lang := range []string{"en", "ja"} {
			w, err := workspace.CreateSample(filepath.Join(t.TempDir(), lang+".kpitree"), lang)
			if err != nil {
				t.Fatal(err)
			}
			fy[i] = w.Settings().FiscalYearStart
			ev, err := w.Evaluate("")
			if err != nil {
				t.Fatal(err)
			}
			root[i] = ev.Values("addon_revenue")
			w.Close()
		}
		if fy[0] != time.April || fy[1] != time.April {
			t.Errorf("fiscal-year start en=%v ja=%v, want April for both (the sample's data is an April year)", fy[0], fy[1])
		}
		if len(root[0]) != len(root[1]) {
			t.Fatalf("en has %d periods, ja %d", len(root[0]), len(root[1]))
		}
		for p := range root[0] {
			if root[0][p] != root[1][p] {
				t.Fatalf("period %d: en %v, ja %v: the same data must give the same root", p, root[0][p], root[1][p])
			}
		}
	})
}
