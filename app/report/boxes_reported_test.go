package ui

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestGapNote: the note names the period with the largest gap beyond the
// threshold, like workspace.Evaluation.Reconciliation, and nothing else.
func TestGapNote(t *testing.T) {
	nan := math.NaN()
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC), Periods: 4}
	snap := func(comp, rep []float64, silenced bool) Snapshot {
		n := kpitree.Node{ID: "rev", Name: "Revenue", Kind: kpitree.KindInput}
		if silenced {
			n.Silenced = []string{workspace.CodeReconciliation}
		}
		s := Snapshot{Tree: kpitree.Tree{Root: "rev", Calendar: cal, Nodes: []kpitree.Node{n}},
			Actual: map[string][]float64{"rev": comp}}
		if rep != nil {
			s.Reported = map[string][]float64{"rev": rep}
		}
		return s
	}
	tests := []struct {
		name string
		s    Snapshot
		want string // a fragment of the note; "" for no note
	}{
		{"should name the worst period", snap([]float64{106, 100, 91, 100}, []float64{100, 100, 100, 100}, false), "−9.0% against the reported actual in 2025-06"},
		{"should stay quiet within the threshold", snap([]float64{104, 100, 96, 100}, []float64{100, 100, 100, 100}, false), ""},
		{"should skip missing and zero reports", snap([]float64{200, nan, 5, 100}, []float64{0, 100, nan, 100}, false), ""},
		{"should respect a node that silences the gap", snap([]float64{150, 100, 100, 100}, []float64{100, 100, 100, 100}, true), ""},
		{"should stay quiet without a reported actual", snap([]float64{150, 100, 100, 100}, nil, false), ""},
		{"should cope with a reported series longer than the computed one", snap([]float64{150}, []float64{100, 100, 100, 100, 100, 100}, false), "+50.0% against the reported actual in 2025-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gapNote(tt.s, "rev")
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("gapNote = %q, want it to contain %q", got, tt.want)
			}
		})
	}
	if got := gapNote(snap([]float64{150}, []float64{100}, false), "missing"); got != "" {
		t.Errorf("gapNote of an unknown node = %q", got)
	}
}
