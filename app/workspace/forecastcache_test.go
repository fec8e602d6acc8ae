package workspace_test

import (
	"context"
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// simBits flattens every band of every run to bits, for exact comparison.
func simBits(sim *workspace.Simulation) []uint64 {
	var out []uint64
	for _, r := range sim.Runs {
		for _, id := range sortedIDs(r.Bands) {
			for _, q := range r.Bands[id] {
				for _, v := range q {
					out = append(out, math.Float64bits(v))
				}
			}
		}
		out = append(out, math.Float64bits(r.ProbGoal))
	}
	return out
}

func sortedIDs(m map[string][][]float64) []string {
	var ids []string
	for id := range m {
		ids = append(ids, id)
	}
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			if ids[j] < ids[i] {
				ids[i], ids[j] = ids[j], ids[i]
			}
		}
	}
	return ids
}

// TestForecastCache_CompactAndBitIdenticalAfterReload: the generated
// workspace with 200 bound leaves × 1,000 paths keeps its forecast cache
// under 4 MB, and a simulation after closing and reopening it (paths
// regenerated from the inputs and seed) gives the same bits as the one
// before (paths computed by ForecastAll).
func TestForecastCache_CompactAndBitIdenticalAfterReload(t *testing.T) {
	if testing.Short() {
		t.Skip("forecasts 200 leaves")
	}
	path := scaleWorkspace(t, t.TempDir(), 1_000, 1000)
	w, err := workspace.Open(path, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opt := workspace.SimulateOptions{Goal: &workspace.Goal{Window: kpitree.Window{FiscalYear: 2026}, Value: 1e6}}
	if _, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := w.Simulate(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	size, err := w.ForecastCacheBytes()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("forecast cache: %d bytes for %d leaves", size, len(w.Forecasts()))
	if len(w.Forecasts()) != scaleLeaves {
		t.Fatalf("%d cached forecasts, want %d", len(w.Forecasts()), scaleLeaves)
	}
	if size > 4<<20 {
		t.Errorf("forecast cache is %d bytes, want ≤ 4 MiB", size)
	}
	w.Close()

	w, err = workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	after, err := w.Simulate(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	a, b := simBits(before), simBits(after)
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d numbers before reload, %d after", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("number %d differs after reload: %v then %v", i, math.Float64frombits(a[i]), math.Float64frombits(b[i]))
		}
	}
}
