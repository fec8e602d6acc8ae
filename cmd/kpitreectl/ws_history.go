package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// runHistory lists the undo history, oldest first, with each action
// named as the app names it, in the workspace's language or --lang's.
func runHistory(_ context.Context, s streams, args []string) error {
	fs := newFlags("history")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	lang := fs.String("lang", "", "language of the listing: en or ja (default: the workspace's)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	return withTranslator(file, *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		h, err := w.History()
		if err != nil {
			return err
		}
		return printTable(s.out, tr.HistoryTable(h, namer(w)), false)
	})
}

// runUndo undoes the last action.
func runUndo(_ context.Context, s streams, args []string) error { return step(s, args, "undo") }

// runRedo re-applies the last undone action.
func runRedo(_ context.Context, s streams, args []string) error { return step(s, args, "redo") }

// step undoes or redoes the last action and names it as the app's status
// bar does ("Undone: Add scenario Upside"), in the workspace's language.
func step(s streams, args []string, verb string) error {
	fs := newFlags(verb)
	lang := fs.String("lang", "", "language of the message: en or ja (default: the workspace's)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	return withTranslator(file, false, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		do, st := w.Undo, workspace.StepUndo
		if verb == "redo" {
			do, st = w.Redo, workspace.StepRedo
		}
		label, err := do()
		if err != nil {
			return err
		}
		fmt.Fprintln(s.out, steppedText(w, tr, label, st))
		return nil
	})
}

// steppedText names the action just undone or redone by its code: the
// history keeps the applied actions first and the undone after, so it is
// the first undone entry after an undo and the last applied one after a
// redo. Without a code it is said from its English label.
func steppedText(w *workspace.Workspace, tr *report.Translator, label string, st workspace.Step) string {
	h, err := w.History()
	if err == nil {
		undone := slices.IndexFunc(h, func(e workspace.HistoryEntry) bool { return !e.Applied })
		i := undone
		if st == workspace.StepRedo {
			if i = len(h) - 1; undone >= 0 {
				i = undone - 1
			}
		}
		if i >= 0 && i < len(h) && h[i].Code != "" && h[i].Label == label {
			return tr.ActionLabel(h[i].Code, h[i].Args, st, namer(w))
		}
	}
	prefix := "Undo "
	if st == workspace.StepRedo {
		prefix = "Redo "
	}
	return tr.ActionText(prefix + label)
}
