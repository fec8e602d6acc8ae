package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// The monitoring annotations: notes on a node and period, and initiatives
// with their expected effect against what was measured. Every change is an
// undoable action (kpitreectl undo takes it back); the tables are the
// review pack's.

// badNoteIsUsage marks an invalid field (period, text, status, number) as
// a usage error: the command line said something the workspace refuses.
func badNoteIsUsage(err error) error {
	if errors.Is(err, workspace.ErrBadNote) {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	return err
}

// subcommand splits "SUB FILE …" and checks SUB against the allowed ones.
func subcommand(cmd string, args []string, subs ...string) (string, []string, error) {
	if len(args) < 1 {
		return "", nil, fmt.Errorf("want one of %v and a FILE: %w", subs, errUsage)
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" || sub == "-help" {
		return "", nil, flag.ErrHelp
	}
	if !slices.Contains(subs, sub) {
		return "", nil, fmt.Errorf("unknown %s action %s: use one of %v: %w", cmd, kpitree.Quote(sub), subs, errUsage)
	}
	return sub, args[1:], nil
}

// flagValue is a flag's name ("--node") and the value it was given.
type flagValue struct{ name, v string }

// needFlags returns a usage error naming the first of flags left empty:
// "note add needs --node".
func needFlags(cmd string, flags ...flagValue) error {
	for _, f := range flags {
		if f.v == "" {
			return fmt.Errorf("%s needs %s: %w", cmd, f.name, errUsage)
		}
	}
	return nil
}

// namer names a node by the workspace tree.
func namer(w *workspace.Workspace) report.NodeNamer {
	t := w.Tree()
	byID := make(map[string]string, len(t.Nodes))
	for _, n := range t.Nodes {
		byID[n.ID] = n.Name
	}
	return func(id string) string { return byID[id] }
}

// runNote manages notes:
//
//	note add FILE --node ID --period 2026-04 --text TEXT [--author NAME]
//	note list FILE [--node ID]
//	note set FILE ID [--node ID] [--period 2026-04] [--text TEXT] [--author NAME]
//	note remove FILE ID
func runNote(_ context.Context, s streams, args []string) error {
	sub, rest, err := subcommand("note", args, "add", "list", "set", "remove")
	if err != nil {
		return err
	}
	fs := newFlags("note " + sub)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	lang := fs.String("lang", "", "language of the text: en or ja (default: the workspace's)")
	node := fs.String("node", "", "the node id (add: required; list: only this node's notes; set: move the note)")
	period := fs.String("period", "", "the period the note is about, as the tree labels it: 2026-04 (add: required)")
	text := fs.String("text", "", "the note (add: required)")
	author := fs.String("author", "", "who wrote it (add, set)")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (list only)")
	pos, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	want := map[string]int{"add": 1, "list": 1, "set": 2, "remove": 2}[sub]
	if err := wantArgs(pos, want, map[string]string{"add": "FILE", "list": "FILE", "set": "FILE and the note ID", "remove": "FILE and the note ID"}[sub]); err != nil {
		return err
	}
	if sub != "list" && *readOnly {
		return fmt.Errorf("--read-only cannot %s a note; leave it out: %w", sub, errUsage)
	}
	if sub == "add" {
		if err := needFlags("note add", flagValue{"--node", *node}, flagValue{"--period", *period}, flagValue{"--text", *text}); err != nil {
			return err
		}
	}
	return withTranslator(pos[0], *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		switch sub {
		case "add":
			n, err := w.AddNote(workspace.Note{Node: *node, Period: *period, Text: *text, Author: *author})
			if err != nil {
				return badNoteIsUsage(err)
			}
			if *asJSON {
				return writeJSON(s.out, n)
			}
			fmt.Fprintln(s.out, tr.L("notes.added", map[string]any{"ID": n.ID, "Node": n.Node, "Period": n.Period}))
			return nil
		case "list":
			notes, err := w.Notes(*node)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(s.out, map[string]any{"notes": notes})
			}
			if len(notes) == 0 {
				fmt.Fprintln(s.out, tr.L("notes.none"))
				return nil
			}
			return printTable(s.out, tr.NotesTable(notes, namer(w)), false)
		case "set":
			n, err := w.Note(pos[1])
			if err != nil {
				return err
			}
			changed := false
			fs.Visit(func(f *flag.Flag) {
				switch f.Name {
				case "node":
					n.Node, changed = *node, true
				case "period":
					n.Period, changed = *period, true
				case "text":
					n.Text, changed = *text, true
				case "author":
					n.Author, changed = *author, true
				}
			})
			if !changed {
				return fmt.Errorf("note set needs --node, --period, --text or --author: %w", errUsage)
			}
			if err := w.UpdateNote(n); err != nil {
				return badNoteIsUsage(err)
			}
			fmt.Fprintln(s.out, tr.L("notes.updated", map[string]any{"ID": n.ID}))
			return nil
		default: // remove
			if err := w.DeleteNote(pos[1]); err != nil {
				return err
			}
			fmt.Fprintln(s.out, tr.L("notes.removed", map[string]any{"ID": pos[1]}))
			return nil
		}
	})
}

// initiativeFlags are the fields an initiative add or set takes.
type initiativeFlags struct {
	node, owner, status, scenario, start, description *string
	cost, hours                                       float64
}

func newInitiativeFlags(fs *flag.FlagSet) *initiativeFlags {
	f := &initiativeFlags{
		node:        fs.String("node", "", "the node it works on (add: required)"),
		owner:       fs.String("owner", "", "who is responsible"),
		status:      fs.String("status", "", "planned, active, done or dropped (add: planned)"),
		scenario:    fs.String("scenario", "", "the scenario that holds its expected effect (\"\" for none)"),
		start:       fs.String("start", "", "the period it takes effect: 2026-04 (add: required)"),
		description: fs.String("description", "", "what it is"),
	}
	number := func(dst *float64) func(string) error {
		return func(s string) error {
			v, err := parseFinite(s)
			if err != nil {
				return err
			}
			*dst = v
			return nil
		}
	}
	fs.Func("cost", "its cost in yen", number(&f.cost))
	fs.Func("hours", "its effort in person-hours", number(&f.hours))
	return f
}

// apply copies the flags that were given onto in.
func (f *initiativeFlags) apply(fs *flag.FlagSet, in *workspace.Initiative) {
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "node":
			in.Node = *f.node
		case "owner":
			in.Owner = *f.owner
		case "status":
			in.Status = workspace.InitiativeStatus(*f.status)
		case "scenario":
			in.Scenario = *f.scenario
		case "start":
			in.Start = *f.start
		case "description":
			in.Description = *f.description
		case "cost":
			in.Cost = f.cost
		case "hours":
			in.Hours = f.hours
		}
	})
}

// runInitiative manages initiatives:
//
//	initiative add FILE --name NAME --node ID --start 2026-04 [--owner O] [--cost YEN] [--hours H] [--status S] [--scenario S]
//	initiative list FILE [--node ID]          with the expected and measured effect since each start
//	initiative set FILE NAME [--owner …]      change only the fields given
//	initiative remove FILE NAME
//	initiative effect FILE NAME               the effect period by period, at the node and the root
func runInitiative(ctx context.Context, s streams, args []string) error {
	sub, rest, err := subcommand("initiative", args, "add", "list", "set", "remove", "effect")
	if err != nil {
		return err
	}
	fs := newFlags("initiative " + sub)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	lang := fs.String("lang", "", "language of the text: en or ja (default: the workspace's)")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (list and effect only)")
	name := fs.String("name", "", "the initiative's name (add, required)")
	f := newInitiativeFlags(fs)
	pos, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	want := map[string]int{"add": 1, "list": 1, "set": 2, "remove": 2, "effect": 2}[sub]
	if err := wantArgs(pos, want, map[bool]string{true: "FILE", false: "FILE and the initiative NAME"}[want == 1]); err != nil {
		return err
	}
	if (sub == "add" || sub == "set" || sub == "remove") && *readOnly {
		return fmt.Errorf("--read-only cannot %s an initiative; leave it out: %w", sub, errUsage)
	}
	if sub == "add" {
		if err := needFlags("initiative add", flagValue{"--name", *name}, flagValue{"--node", *f.node}, flagValue{"--start", *f.start}); err != nil {
			return err
		}
	}
	if sub == "set" && fs.NFlag() == countFlags(fs, "json", "lang", "read-only") {
		return fmt.Errorf("initiative set changes nothing without a field such as --status done: %w", errUsage)
	}
	return withTranslator(pos[0], *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		switch sub {
		case "add":
			in := workspace.Initiative{Name: *name}
			f.apply(fs, &in)
			if err := w.AddInitiative(in); err != nil {
				return badNoteIsUsage(err)
			}
			fmt.Fprintln(s.out, tr.L("notes.initiative_added", map[string]any{"Name": in.Name}))
			return nil
		case "set":
			in, err := w.Initiative(pos[1])
			if err != nil {
				return err
			}
			f.apply(fs, &in)
			if err := w.UpdateInitiative(in); err != nil {
				return badNoteIsUsage(err)
			}
			fmt.Fprintln(s.out, tr.L("notes.initiative_updated", map[string]any{"Name": in.Name}))
			return nil
		case "remove":
			if err := w.DeleteInitiative(pos[1]); err != nil {
				return err
			}
			fmt.Fprintln(s.out, tr.L("notes.initiative_removed", map[string]any{"Name": pos[1]}))
			return nil
		case "effect":
			e, err := w.InitiativeEffect(ctx, pos[1])
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(s.out, e)
			}
			return printTable(s.out, tr.EffectTable(e), false)
		default: // list
			ins, err := w.Initiatives(*f.node)
			if err != nil {
				return err
			}
			effects, err := w.InitiativeEffects(ctx, ins)
			if err != nil {
				return err
			}
			if *asJSON {
				type row struct {
					workspace.Initiative
					Effect *workspace.InitiativeEffect `json:"effect,omitempty"`
				}
				rows := make([]row, len(ins))
				for i, in := range ins {
					rows[i] = row{in, effects[in.Name]}
				}
				return writeJSON(s.out, map[string]any{"initiatives": rows})
			}
			if len(ins) == 0 {
				fmt.Fprintln(s.out, tr.L("notes.no_initiatives"))
				return nil
			}
			return printTable(s.out, tr.InitiativesTable(ins, effects, namer(w)), false)
		}
	})
}

// countFlags counts how many of the named flags were given.
func countFlags(fs *flag.FlagSet, names ...string) int {
	n := 0
	fs.Visit(func(f *flag.Flag) {
		if slices.Contains(names, f.Name) {
			n++
		}
	})
	return n
}
