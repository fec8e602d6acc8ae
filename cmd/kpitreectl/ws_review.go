package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// The monitoring commands: plan versions, the variance bridge (review) and
// what each KPI is worth. Each prints the app/report table the Review pane
// shows, in the workspace's language unless --lang says otherwise, or the
// workspace's result as JSON.

// translator returns the translator for --lang, or the workspace's language.
func translator(w *workspace.Workspace, lang string) (*report.Translator, error) {
	if lang == "" {
		lang = w.Settings().Lang
	}
	l, err := report.ParseLang(lang)
	if err != nil {
		return nil, fmt.Errorf("--lang: %w: %w", err, errUsage)
	}
	return report.For(l), nil
}

// withTranslator runs fn with the workspace at path open and the translator
// for lang (see translator): a wrong --lang is told before fn runs.
func withTranslator(path string, readOnly bool, lang string, fn func(*workspace.Workspace, *report.Translator) error) error {
	return withWorkspace(path, readOnly, func(w *workspace.Workspace) error {
		tr, err := translator(w, lang)
		if err != nil {
			return err
		}
		return fn(w, tr)
	})
}

// textFlags are the --json and --lang flags of the commands that print a
// report table (or the workspace's result as JSON).
type textFlags struct {
	asJSON bool
	lang   string
}

func (f *textFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.asJSON, "json", false, "print JSON instead of text")
	fs.StringVar(&f.lang, "lang", "", "language of the text: en or ja (default: the workspace's)")
}

// print writes v as JSON with --json, or else the table that table makes
// of it in the --lang language, its note first.
func (f *textFlags) print(s streams, w *workspace.Workspace, v any, table func(*report.Translator) report.Table) error {
	tr, err := translator(w, f.lang)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(s.out, v)
	}
	return printTable(s.out, table(tr), true)
}

// printTable prints a report table aligned in columns, its note first or
// last (report.Table.WriteText).
func printTable(out io.Writer, t report.Table, noteFirst bool) error {
	return t.WriteText(out, noteFirst)
}

// writeAligned prints rows as columns, each line after indent
// (report.WriteColumns).
func writeAligned(w io.Writer, indent string, rows [][]string) error {
	return report.WriteColumns(w, indent, rows)
}

// runPlan manages plan versions:
//
//	plan freeze FILE NAME            freeze the current forecasts, targets and scenarios
//	plan list FILE                   list the plan versions
//	plan compare FILE A [B]          compare plan A with plan B (default: the current forecast)
//	plan rename FILE NAME NEW        rename a plan version
//	plan delete FILE NAME            delete a plan version (undo brings it back)
func runPlan(ctx context.Context, s streams, args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("want one of freeze, list, compare, rename, delete and a FILE: %w", errUsage)
	}
	sub, rest := args[0], args[1:]
	if sub == "-h" || sub == "--help" || sub == "-help" {
		return flag.ErrHelp
	}
	fs := newFlags("plan " + sub)
	var tf textFlags
	tf.register(fs)
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (list and compare only)")
	pos, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	want := map[string][2]int{"freeze": {2, 2}, "list": {1, 1}, "compare": {2, 3}, "rename": {3, 3}, "delete": {2, 2}}
	n, ok := want[sub]
	if !ok {
		return fmt.Errorf("unknown plan action %s: use freeze, list, compare, rename or delete: %w", kpitree.Quote(sub), errUsage)
	}
	if len(pos) < n[0] || len(pos) > n[1] {
		return fmt.Errorf("plan %s wants %d to %d arguments (FILE …), got %d %q: %w", sub, n[0], n[1], len(pos), pos, errUsage)
	}
	writes := sub == "freeze" || sub == "rename" || sub == "delete"
	if writes && *readOnly {
		return fmt.Errorf("--read-only cannot %s a plan; leave it out: %w", sub, errUsage)
	}
	return withTranslator(pos[0], *readOnly, tf.lang, func(w *workspace.Workspace, tr *report.Translator) error {
		switch sub {
		case "freeze":
			info, err := w.FreezePlan(ctx, pos[1])
			if err != nil {
				return badNameIsUsage(err)
			}
			if tf.asJSON {
				return writeJSON(s.out, info)
			}
			fmt.Fprintln(s.out, tr.L("review.frozen", map[string]any{"Name": info.Name, "LastActual": info.LastActual,
				"Nodes": info.Nodes, "Size": tr.Compact(float64(info.Bytes)) + " B"}))
			return nil
		case "list":
			ps, err := w.Plans()
			if err != nil {
				return err
			}
			if tf.asJSON {
				return writeJSON(s.out, map[string]any{"plans": ps})
			}
			if len(ps) == 0 {
				fmt.Fprintln(s.out, tr.L("review.no_plans"))
				return nil
			}
			return printTable(s.out, tr.PlanListTable(ps), false)
		case "compare":
			b := ""
			if len(pos) == 3 {
				b = pos[2]
			}
			c, err := w.ComparePlans(ctx, pos[1], b)
			if err != nil {
				return err
			}
			if tf.asJSON {
				return writeJSON(s.out, c)
			}
			return printTable(s.out, tr.PlanCompareTable(c), false)
		case "rename":
			if err := w.RenamePlan(pos[1], pos[2]); err != nil {
				return badNameIsUsage(err)
			}
			fmt.Fprintln(s.out, tr.L("review.renamed", map[string]any{"Name": pos[1], "To": pos[2]}))
			return nil
		default: // delete
			if err := w.DeletePlan(pos[1]); err != nil {
				return err
			}
			fmt.Fprintln(s.out, tr.L("review.deleted", map[string]any{"Name": pos[1]}))
			return nil
		}
	})
}

// runReview prints the variance bridge of a node (the root by default)
// over a window against a plan, the forecast made before the window, the
// prior period or the prior year.
func runReview(ctx context.Context, s streams, args []string) error {
	fs := newFlags("review")
	vs := fs.String("vs", "", "compare with plan:NAME, forecast, prior or yoy (required)")
	period := fs.String("period", "", "the window: 2026-04, 2026-Q2, FY2026-Q1, FY2026-YTD or FY2026 (required)")
	node := fs.String("node", "", "explain this node's gap instead of the root's (drill down)")
	leaves := fs.Bool("leaves", false, "split the gap over every input under the node, not its direct drivers")
	var tf textFlags
	tf.register(fs)
	_ = fs.Bool("read-only", true, "open the workspace read-only (review never writes)")
	file, err := parseFile(fs, args, required("--vs and --period are required", vs, period))
	if err != nil {
		return err
	}
	ref, plan, err := workspace.ParseBridgeRef(*vs)
	if err != nil {
		return fmt.Errorf("--vs %w: %w", err, errUsage)
	}
	return withWorkspace(file, true, func(w *workspace.Workspace) error {
		if _, err := translator(w, tf.lang); err != nil {
			return err // a wrong --lang is told before the bridge is computed
		}
		b, err := w.Bridge(ctx, workspace.BridgeOptions{Ref: ref, Plan: plan, Period: *period, Node: *node, Leaves: *leaves})
		if errors.Is(err, workspace.ErrBadBridge) || errors.Is(err, kpitree.ErrUnknownNode) {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
		if err != nil {
			return err
		}
		return tf.print(s, w, b, func(tr *report.Translator) report.Table { return tr.BridgeTable(b) })
	})
}

// runWorth prints what reaching each KPI's target is worth to the root in
// the planned fiscal year, ranked.
func runWorth(ctx context.Context, s streams, args []string) error {
	fs := newFlags("worth")
	var tf textFlags
	tf.register(fs)
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (forecasts are not cached)")
	return onWorkspace(fs, args, readOnly, func(w *workspace.Workspace) error {
		if _, err := translator(w, tf.lang); err != nil {
			return err // a wrong --lang is told before the forecasts run
		}
		res, err := w.Worth(ctx)
		if err != nil {
			return err
		}
		return tf.print(s, w, res, func(tr *report.Translator) report.Table { return tr.WorthTable(res) })
	})
}

// badNameIsUsage marks an invalid plan name as a usage error (exit 2).
func badNameIsUsage(err error) error {
	if errors.Is(err, workspace.ErrBadName) {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	return err
}
