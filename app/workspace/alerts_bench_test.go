package workspace_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/gentree/wsgen"
	"github.com/kpitree/kpitree/kpitree"
)

// BenchmarkAlerts evaluates a full monitoring set-up on the generated
// trees (wsgen: 200 bound leaves × 60 months, forecasts cached with 1,000
// paths): band95 on the root and on every 50th node, band80 on every
// bound leaf, and rag, gap:10% and recon:5% on every node. The band rules
// refit every leaf below them on 59 months and push 1,000 paths through
// the tree; the others read the evaluation.
func BenchmarkAlerts(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1_000, 10_000} {
		path, rules := alertsWorkspace(b, n)
		open := func(b *testing.B) *workspace.Workspace {
			w, err := workspace.Open(path, workspace.Options{})
			if err != nil {
				b.Fatal(err)
			}
			return w
		}
		run := func(b *testing.B, w *workspace.Workspace) int {
			a, err := w.Alerts(ctx)
			if err != nil {
				b.Fatal(err)
			}
			return len(a)
		}
		// first: the first evaluation after opening the file, which
		// refits every banded leaf's hold-out forecast.
		b.Run(fmt.Sprintf("nodes=%d/first", n), func(b *testing.B) {
			var fired int
			for b.Loop() {
				b.StopTimer()
				w := open(b)
				b.StartTimer()
				fired = run(b, w)
				b.StopTimer()
				_ = w.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(rules), "rules")
			b.ReportMetric(float64(fired), "fired")
		})
		// again: a later evaluation of the same data (the app's Review
		// pane, a second import of the same file), hold-outs cached.
		b.Run(fmt.Sprintf("nodes=%d/again", n), func(b *testing.B) {
			w := open(b)
			defer w.Close()
			run(b, w)
			var fired int
			for b.Loop() {
				fired = run(b, w)
			}
			b.ReportMetric(float64(rules), "rules")
			b.ReportMetric(float64(fired), "fired")
		})
	}
}

// alertsWorkspace writes the generated n-node workspace with the rules
// BenchmarkAlerts describes and its forecasts stored, and returns its path
// and the number of rules.
func alertsWorkspace(b *testing.B, n int) (string, int) {
	path := filepath.Join(b.TempDir(), "gen.kpitree")
	if err := wsgen.Create(path, wsgen.Params{Nodes: n}); err != nil {
		b.Fatal(err)
	}
	w, err := workspace.Open(path, workspace.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	bound := map[string]bool{}
	for _, bd := range w.Bindings() {
		bound[bd.Node] = true
	}
	rules := 0
	err = w.EditTree("Add alert rules", func(t *kpitree.Tree) error {
		for i := range t.Nodes {
			nd := &t.Nodes[i]
			nd.Alerts = []kpitree.AlertRule{{Kind: kpitree.AlertRAG}, {Kind: kpitree.AlertGap, Threshold: 0.1}, {Kind: kpitree.AlertRecon, Threshold: 0.05}}
			switch {
			case nd.ID == t.Root || i%50 == 0:
				nd.Alerts = append(nd.Alerts, kpitree.AlertRule{Kind: kpitree.AlertBand95})
			case bound[nd.ID]:
				nd.Alerts = append(nd.Alerts, kpitree.AlertRule{Kind: kpitree.AlertBand80})
			}
			rules += len(nd.Alerts)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		b.Fatal(err)
	}
	return path, rules
}
