package workspace_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func simWorkspace(t *testing.T) *workspace.Workspace {
	t.Helper()
	w, _ := newSampleWorkspace(t)
	s := w.Settings()
	s.Paths = 300
	if err := w.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSimulate(t *testing.T) {
	w := simWorkspace(t)
	// FY2026 (April 2026 – March 2027) is the forecast year.
	goal := &workspace.Goal{Window: kpitree.Window{FiscalYear: 2026}, Value: 20e6}
	var last [2]int
	sim, err := w.Simulate(context.Background(), workspace.SimulateOptions{Goal: goal,
		OnProgress: func(done, total int) { last = [2]int{done, total} }})
	if err != nil {
		t.Fatal(err)
	}
	if sim.Horizon != 12 || sim.Paths != 300 || len(sim.Runs) != 2 {
		t.Fatalf("simulation: horizon %d, %d paths, %d runs; want 12, 300, base + upside", sim.Horizon, sim.Paths, len(sim.Runs))
	}
	// One pass of the kernel serves the base and every scenario: progress
	// counts paths, not paths × runs.
	if last != [2]int{300, 300} {
		t.Errorf("last progress %v, want 300/300", last)
	}
	base, up := sim.Runs[0], sim.Runs[1]
	t.Run("should keep the history equal to the evaluation", func(t *testing.T) {
		e, err := w.Evaluate("")
		if err != nil {
			t.Fatal(err)
		}
		want := e.Values("revenue")
		for i, v := range want {
			if base.Series["revenue"][i] != v {
				t.Fatalf("period %d: simulated %v, evaluated %v", i, base.Series["revenue"][i], v)
			}
		}
	})
	t.Run("should put the median inside the bands and near the mean path", func(t *testing.T) {
		bands := base.Bands["revenue"]
		if len(bands) != 12 {
			t.Fatalf("%d band periods, want 12", len(bands))
		}
		for k, b := range bands {
			for q := 1; q < len(b); q++ {
				if b[q] < b[q-1] {
					t.Errorf("period %d: quantiles not ordered: %v", k, b)
				}
			}
			mean := base.Series["revenue"][36+k]
			if mean < b[0] || mean > b[len(b)-1] {
				t.Errorf("period %d: deterministic %v outside the 5–95 %% band %v–%v", k, mean, b[0], b[len(b)-1])
			}
		}
	})
	t.Run("should raise revenue in the upside scenario and its probability", func(t *testing.T) {
		if !(up.Series["revenue"][40] > base.Series["revenue"][40]) {
			t.Errorf("upside revenue %v not above base %v", up.Series["revenue"][40], base.Series["revenue"][40])
		}
		if math.IsNaN(base.ProbGoal) || base.ProbGoal < 0 || base.ProbGoal > 1 || up.ProbGoal < base.ProbGoal {
			t.Errorf("P(goal): base %v, upside %v; want probabilities with upside ≥ base", base.ProbGoal, up.ProbGoal)
		}
	})
	t.Run("should be reproducible with the same seed", func(t *testing.T) {
		again, err := w.Simulate(context.Background(), workspace.SimulateOptions{Goal: goal})
		if err != nil {
			t.Fatal(err)
		}
		if again.Runs[1].ProbGoal != up.ProbGoal || again.Runs[0].Bands["revenue"][5][3] != base.Bands["revenue"][5][3] {
			t.Error("a second simulation with the same seed differs")
		}
	})
	t.Run("should give the same result on one core", func(t *testing.T) {
		prev := runtime.GOMAXPROCS(1)
		defer runtime.GOMAXPROCS(prev)
		one, err := w.Simulate(context.Background(), workspace.SimulateOptions{Goal: goal})
		if err != nil {
			t.Fatal(err)
		}
		if one.Runs[1].ProbGoal != up.ProbGoal || one.Runs[0].Bands["revenue"][11][6] != base.Bands["revenue"][11][6] {
			t.Error("the result depends on the number of cores")
		}
	})
	t.Run("should use other paths and seed without touching the cache", func(t *testing.T) {
		s, err := w.Simulate(context.Background(), workspace.SimulateOptions{Paths: 50, Seed: 7, Scenarios: []string{}})
		if err != nil {
			t.Fatal(err)
		}
		if s.Paths != 50 || len(s.Runs) != 1 {
			t.Errorf("got %d paths, %d runs; want 50 paths, base only", s.Paths, len(s.Runs))
		}
		if n := w.Forecasts()["active_rate"].Paths; n != 300 {
			t.Errorf("cache now has %d paths, want the settings' 300", n)
		}
	})
}

func TestSimulateErrors(t *testing.T) {
	w := simWorkspace(t)
	cases := []struct {
		name string
		opt  workspace.SimulateOptions
		want error
	}{
		{"an unknown scenario", workspace.SimulateOptions{Scenarios: []string{"nope"}}, workspace.ErrUnknownScenario},
		{"an unknown node", workspace.SimulateOptions{Nodes: []string{"ghost"}}, kpitree.ErrUnknownNode},
		{"a year outside the horizon", workspace.SimulateOptions{Goal: &workspace.Goal{Window: kpitree.Window{FiscalYear: 2030}}}, kpitree.ErrBadWindow},
		{"a bad quantile", workspace.SimulateOptions{Quantiles: []float64{1.5}}, workspace.ErrBadSettings},
	}
	for _, c := range cases {
		t.Run("should reject "+c.name, func(t *testing.T) {
			if _, err := w.Simulate(context.Background(), c.opt); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
	t.Run("should stop when cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := w.Simulate(ctx, workspace.SimulateOptions{}); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
}
