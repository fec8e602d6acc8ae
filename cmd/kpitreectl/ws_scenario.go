package main

import (
	"context"
	"fmt"
	"math"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// runScenario manages scenarios: scenario FILE list|add|rm|show …
func runScenario(_ context.Context, s streams, args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("want FILE and one of list, add, rm, show: %w", errUsage)
	}
	file, sub, rest := args[0], args[1], args[2:]
	switch sub {
	case "list":
		return scenarioList(s, file, rest)
	case "show":
		return scenarioShow(s, file, rest)
	case "rm":
		return scenarioRemove(s, file, rest)
	case "add":
		return scenarioAdd(s, file, rest)
	}
	return fmt.Errorf("unknown scenario action %s: use list, add, rm or show: %w", kpitree.Quote(sub), errUsage)
}

func scenarioList(s streams, file string, args []string) error {
	fs := newFlags("scenario list")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	lang := fs.String("lang", "", "language of the listing: en or ja (default: the workspace's)")
	_, err := parseExactly(fs, args, 0, "no more arguments")
	if err != nil {
		return err
	}
	return withTranslator(file, *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		scs, err := w.Scenarios()
		if err != nil {
			return err
		}
		return printTable(s.out, tr.ScenarioTable(scs), false)
	})
}

func scenarioShow(s streams, file string, args []string) error {
	fs := newFlags("scenario show")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	pos, err := parseExactly(fs, args, 1, "the scenario NAME")
	if err != nil {
		return err
	}
	return withWorkspace(file, *readOnly, func(w *workspace.Workspace) error {
		sc, err := w.Scenario(pos[0])
		if err != nil {
			return err
		}
		return writeJSON(s.out, sc)
	})
}

func scenarioRemove(s streams, file string, args []string) error {
	fs := newFlags("scenario rm")
	pos, err := parseExactly(fs, args, 1, "the scenario NAME")
	if err != nil {
		return err
	}
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		if err := w.DeleteScenario(pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(s.out, "removed scenario %s\n", pos[0])
		return nil
	})
}

// scenarioAdd adds a scenario with one override, or adds the override to an
// existing scenario of that name (so several calls build a scenario):
// --name N --node ID --op set|scale|add --value V --from 2025-04 [--to …] [--ramp 3].
func scenarioAdd(s streams, file string, args []string) error {
	fs := newFlags("scenario add")
	name := fs.String("name", "", "scenario name (required)")
	node := fs.String("node", "", "node id to override (required)")
	op := fs.String("op", "", "set, scale (percent) or add (required)")
	value := fs.Float64("value", 0, "the override value: the new value, percent change or amount")
	from := fs.String("from", "", "first period, e.g. 2025-04 (required)")
	to := fs.String("to", "", "last period (default: to the end)")
	ramp := fs.Int("ramp", 0, "periods to reach full effect (0: at once)")
	desc := fs.String("description", "", "what the scenario assumes")
	_, err := parseExactly(fs, args, 0, "no more arguments", required("--name, --node, --op and --from are required", name, node, op, from))
	if err != nil {
		return err
	}
	switch kpitree.OverrideOp(*op) {
	case kpitree.OpSet, kpitree.OpScale, kpitree.OpAdd:
	default:
		return fmt.Errorf("--op %s: use set, scale or add: %w", kpitree.Quote(*op), errUsage)
	}
	if *ramp < 0 {
		return fmt.Errorf("--ramp %d: use 0 or more periods: %w", *ramp, errUsage)
	}
	if math.IsNaN(*value) || math.IsInf(*value, 0) {
		return fmt.Errorf("--value %v: write a finite number: %w", *value, errUsage)
	}
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		e, err := w.Evaluate("")
		if err != nil {
			return err
		}
		o := kpitree.Override{Node: *node, Op: kpitree.OverrideOp(*op), Value: *value, To: -1, Ramp: *ramp}
		if o.From, err = parsePeriod(e.Calendar, *from); err != nil {
			return err
		}
		if *to != "" {
			if o.To, err = parsePeriod(e.Calendar, *to); err != nil {
				return err
			}
		}
		sc, err := w.Scenario(*name)
		if err != nil {
			sc = kpitree.Scenario{Name: *name, Description: *desc, Overrides: []kpitree.Override{o}}
			if err := w.AddScenario(sc); err != nil {
				return err
			}
			fmt.Fprintf(s.out, "added scenario %s\n", *name)
			return nil
		}
		sc.Overrides = append(sc.Overrides, o)
		if *desc != "" {
			sc.Description = *desc
		}
		if err := w.UpdateScenario(sc); err != nil {
			return err
		}
		fmt.Fprintf(s.out, "added an override to scenario %s (%d now)\n", *name, len(sc.Overrides))
		return nil
	})
}
