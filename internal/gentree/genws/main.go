// Command genws writes a generated workspace for scale measurements:
//
//	go run ./internal/gentree/genws -nodes 100000 -out /tmp/gen100k.kpitree
//
// The tree is gentree.Tree over 200 leaves bound to 60 months of data, with
// a 24-month horizon, 1,000 paths, the scenario "push" (a leaf scaled with
// a ramp, an intermediate node set for a year) and every forecast cached.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/gentree"
	"github.com/kpitree/kpitree/kpitree"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genws:", err)
		os.Exit(1)
	}
}

func run() error {
	nodes := flag.Int("nodes", 10000, "about this many nodes")
	leaves := flag.Int("leaves", 200, "bound input leaves")
	months := flag.Int("months", 60, "months of history")
	paths := flag.Int("paths", 1000, "Monte Carlo paths per leaf")
	out := flag.String("out", "", "workspace file to create (must not exist)")
	flag.Parse()
	if *out == "" {
		return fmt.Errorf("-out FILE is required")
	}
	w, err := workspace.Create(*out, workspace.CreateParams{Tree: gentree.Tree(*nodes, *leaves), Lang: "ja"})
	if err != nil {
		return err
	}
	defer w.Close()
	d := workspace.Dataset{Name: "leaves", Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: gentree.Start(), Periods: *months}}
	var binds []workspace.Binding
	for k := range *leaves {
		col := fmt.Sprintf("c%d", k)
		d.Columns = append(d.Columns, workspace.Column{Name: col, Values: gentree.Series(k, *months)})
		binds = append(binds, workspace.Binding{Node: gentree.LeafID(k), Column: col})
	}
	if _, err := w.CommitImport(d, binds); err != nil {
		return err
	}
	set := w.Settings()
	set.Horizon, set.Paths = 24, *paths
	if err := w.SetSettings(set); err != nil {
		return err
	}
	if err := w.AddScenario(kpitree.Scenario{Name: "push", Overrides: []kpitree.Override{
		{Node: gentree.LeafID(3), Op: kpitree.OpScale, Value: 10, From: *months, To: -1, Ramp: 6},
		{Node: "b5", Op: kpitree.OpSet, Value: 150, From: *months + 3, To: *months + 14},
	}}); err != nil {
		return err
	}
	if _, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		return err
	}
	fmt.Println(*out, len(w.Tree().Nodes), "nodes")
	return nil
}
