package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
)

// runHistory lists the undo history, oldest first; "*" marks applied actions.
func runHistory(_ context.Context, s streams, args []string) error {
	fs := newFlags("history")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	return onWorkspace(fs, args, readOnly, func(w *workspace.Workspace) error {
		h, err := w.History()
		if err != nil {
			return err
		}
		if len(h) == 0 {
			fmt.Fprintln(s.out, "no history")
			return nil
		}
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "#\tSTATE\tTIME\tACTION")
		for i, e := range h {
			state := "undone"
			if e.Applied {
				state = "applied"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", i+1, state, e.Time.Local().Format(time.DateTime), e.Label)
		}
		return tw.Flush()
	})
}

// runUndo undoes the last action.
func runUndo(_ context.Context, s streams, args []string) error { return step(s, args, "undo") }

// runRedo re-applies the last undone action.
func runRedo(_ context.Context, s streams, args []string) error { return step(s, args, "redo") }

func step(s streams, args []string, verb string) error {
	fs := newFlags(verb)
	return onWorkspace(fs, args, nil, func(w *workspace.Workspace) error {
		do := w.Undo
		if verb == "redo" {
			do = w.Redo
		}
		label, err := do()
		if err != nil {
			return err
		}
		fmt.Fprintf(s.out, "%s: %s\n", verb, label)
		return nil
	})
}
