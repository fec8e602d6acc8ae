// Package wsgen creates generated workspaces for scale tests, benchmarks
// and the genws command: gentree's tree over bound leaves, a 24-month
// horizon, a scenario and every forecast cached. Test support only.
package wsgen

import (
	"context"
	"fmt"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/gentree"
	"github.com/kpitree/kpitree/kpitree"
)

// Params size a generated workspace.
type Params struct {
	Nodes  int // about this many nodes
	Leaves int // bound input leaves; 0 means 200
	Months int // months of history; 0 means 60
	Paths  int // Monte Carlo paths per leaf; 0 means 1,000
}

// Scenario is the name of the generated scenario: leaf 3 scaled +10 %
// with a six-month ramp from the first forecast month, and bottom node b5
// set to 150 for a year from the fourth.
const Scenario = "push"

// Create writes the workspace to path (which must not exist).
func Create(path string, p Params) error {
	if p.Leaves == 0 {
		p.Leaves = 200
	}
	if p.Months == 0 {
		p.Months = 60
	}
	if p.Paths == 0 {
		p.Paths = 1000
	}
	w, err := workspace.Create(path, workspace.CreateParams{Tree: gentree.Tree(p.Nodes, p.Leaves), Lang: "ja"})
	if err != nil {
		return err
	}
	defer w.Close()
	d := workspace.Dataset{Name: "leaves", Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: gentree.Start(), Periods: p.Months}}
	var binds []workspace.Binding
	for k := range p.Leaves {
		col := fmt.Sprintf("c%d", k)
		d.Columns = append(d.Columns, workspace.Column{Name: col, Values: gentree.Series(k, p.Months)})
		binds = append(binds, workspace.Binding{Node: gentree.LeafID(k), Column: col})
	}
	if _, err := w.CommitImport(d, binds); err != nil {
		return err
	}
	set := w.Settings()
	set.Horizon, set.Paths = 24, p.Paths
	if err := w.SetSettings(set); err != nil {
		return err
	}
	if err := w.AddScenario(kpitree.Scenario{Name: Scenario, Overrides: []kpitree.Override{
		{Node: gentree.LeafID(3), Op: kpitree.OpScale, Value: 10, From: p.Months, To: -1, Ramp: 6},
		{Node: "b5", Op: kpitree.OpSet, Value: 150, From: p.Months + 3, To: p.Months + 14},
	}}); err != nil {
		return err
	}
	_, err = w.ForecastAll(context.Background(), workspace.ForecastOptions{})
	return err
}
