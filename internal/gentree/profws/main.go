// Command profws profiles one workspace operation on a file:
//
//	go run ./internal/gentree/profws -op simulate -cpuprofile cpu.out FILE
//
// op is open, check, eval, impact, simulate or whatif; it prints the time
// of each of -n runs (the first includes loading cached forecasts).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "profws:", err)
		os.Exit(1)
	}
}

func run() error {
	op := flag.String("op", "simulate", "open, check, eval, impact, simulate")
	n := flag.Int("n", 3, "runs")
	cpu := flag.String("cpuprofile", "", "write a CPU profile")
	mem := flag.String("memprofile", "", "write a heap profile after the runs")
	flag.Parse()
	file := flag.Arg(0)
	ctx := context.Background()
	w, err := workspace.Open(file, workspace.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for range *n {
		t0 := time.Now()
		switch *op {
		case "open":
			w2, err := workspace.Open(file, workspace.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			if _, err := w2.Evaluate(""); err != nil {
				return err
			}
			w2.Close()
		case "check":
			_, err = w.Check()
		case "eval":
			_, err = w.Projection(ctx, "push")
		case "impact":
			_, err = w.Attribute(ctx, "push", kpitree.Window{FiscalYear: 2026}, kpitree.AttributionOptions{})
		case "simulate":
			_, err = w.Simulate(ctx, workspace.SimulateOptions{Scenarios: []string{"push"}})
		}
		if err != nil {
			return err
		}
		fmt.Printf("%s %v\n", *op, time.Since(t0))
	}
	if *mem != "" {
		runtime.GC()
		f, err := os.Create(*mem)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.WriteHeapProfile(f)
	}
	return nil
}
