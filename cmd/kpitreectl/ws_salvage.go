package main

import (
	"context"
	"fmt"

	"github.com/kpitree/kpitree/app/workspace"
)

// runSalvage copies every intact record of a damaged workspace into a new
// file and lists what was lost. It exits 1 when something was lost, so a
// script notices.
func runSalvage(_ context.Context, s streams, args []string) error {
	fs := newFlags("salvage")
	out := fs.String("out", "", "the new workspace file to write (must not exist)")
	file, err := parseFile(fs, args, required("--out NEW.kpitree is required", out))
	if err != nil {
		return err
	}
	rep, err := workspace.Salvage(file, *out)
	if err != nil {
		return err
	}
	fmt.Fprint(s.out, rep.String())
	if len(rep.Lost) > 0 || len(rep.Dropped) > 0 {
		return fmt.Errorf("%d record(s) could not be salvaged; %s holds the rest", len(rep.Lost)+len(rep.Dropped), *out)
	}
	fmt.Fprintf(s.out, "nothing was lost; %s is a complete copy\n", *out)
	return nil
}
