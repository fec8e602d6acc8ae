// Command genws writes a generated workspace for scale measurements:
//
//	go run ./internal/gentree/genws -nodes 100000 -out /tmp/gen100k.kpitree
//
// The tree is gentree.Tree over 200 leaves bound to 60 months of data, with
// a 24-month horizon, 1,000 paths, the scenario "push" (a leaf scaled with
// a ramp, an intermediate node set for a year) and every forecast cached.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kpitree/kpitree/internal/gentree/wsgen"
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
	if err := wsgen.Create(*out, wsgen.Params{Nodes: *nodes, Leaves: *leaves, Months: *months, Paths: *paths}); err != nil {
		return err
	}
	fmt.Println("wrote", *out)
	return nil
}
