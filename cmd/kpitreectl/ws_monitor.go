package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// errAlertsFired marks a monitor run in which at least one alert fired:
// the command worked, and exits 3 so cron and CI can act on it.
var errAlertsFired = errors.New("alerts fired")

// exitAlerts is monitor's exit code when an alert fired.
const exitAlerts = 3

// alertJSON is one fired alert in `monitor --json`; numbers that do not
// apply to the rule (or are not finite) are null.
type alertJSON struct {
	Node      string   `json:"node"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit,omitempty"`
	Rule      string   `json:"rule"`
	Kind      string   `json:"kind"`
	Threshold *float64 `json:"threshold"`
	Period    int      `json:"period"`
	Label     string   `json:"label"`
	Observed  *float64 `json:"observed"`
	Expected  *float64 `json:"expected"`
	Lower     *float64 `json:"lower"`
	Upper     *float64 `json:"upper"`
	Deviation *float64 `json:"deviation"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"`
	Severity  string   `json:"severity"`
	Key       string   `json:"key"`
	Message   string   `json:"message"`
}

// runMonitor evaluates the workspace's alert rules on its latest data and
// prints the alerts that fire: exit 0 when none does, 3 when any does, 1
// when they cannot be evaluated, 2 for a usage error. It opens the file
// read-only, so it runs from cron beside the app.
func runMonitor(ctx context.Context, s streams, args []string) error {
	fs := newFlags("monitor")
	asJSON := fs.Bool("json", false, "print the alerts as JSON")
	lang := fs.String("lang", "", "language of the messages: en or ja (default: the workspace's)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *lang != "" {
		if _, err := report.ParseLang(*lang); err != nil {
			return fmt.Errorf("--lang: %w: %w", err, errUsage)
		}
	}
	var alerts []workspace.Alert
	var tr *report.Translator
	hasRules := false
	err = withWorkspace(file, true, func(w *workspace.Workspace) error {
		l := *lang
		if l == "" {
			l = w.Settings().Lang
		}
		pl, _ := report.ParseLang(l)
		tr = report.For(pl)
		hasRules = w.HasAlertRules()
		var err error
		alerts, err = w.Alerts(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if !hasRules {
		fmt.Fprintln(s.err, tr.L("alert.no_rules"))
	}
	if *asJSON {
		out := make([]alertJSON, len(alerts))
		for i, a := range alerts {
			n := jsonNumbers([]float64{a.Observed, a.Expected, a.Lower, a.Upper, a.Deviation})
			j := alertJSON{Node: a.Node, Name: a.Name, Unit: a.Unit, Rule: a.Rule.String(), Kind: string(a.Rule.Kind),
				Period: a.Period, Label: a.Label, Observed: n[0], Expected: n[1], Lower: n[2], Upper: n[3], Deviation: n[4],
				Severity: string(a.Severity), Key: a.Key, Message: tr.AlertText(a)}
			if a.Rule.Kind.HasThreshold() {
				j.Threshold = jsonNumbers([]float64{a.Rule.Threshold})[0]
			}
			if a.Rule.Kind == kpitree.AlertRAG {
				j.From, j.To = string(a.From), string(a.To)
			}
			out[i] = j
		}
		if err := writeJSON(s.out, map[string]any{"file": file, "count": len(alerts), "alerts": out}); err != nil {
			return err
		}
	} else {
		if len(alerts) == 0 {
			fmt.Fprintln(s.out, tr.L("alert.none"))
		}
		rows := make([][]string, 0, len(alerts))
		for _, a := range alerts {
			rows = append(rows, []string{strings.ToUpper(tr.SeverityText(a.Severity)), a.Node, a.Rule.String(), a.Label, tr.AlertText(a)})
		}
		writeAligned(s.out, "  ", rows)
		if len(alerts) > 0 {
			fmt.Fprintln(s.out, tr.L("alert.count", map[string]any{"Count": len(alerts)}))
		}
	}
	if len(alerts) > 0 {
		return errAlertsFired
	}
	return nil
}

// runAlert manages the alert rules kept on the tree's nodes:
//
//	alert list FILE [NODE] [--json]
//	alert add FILE NODE --rule band95|band80|rag|gap:10%|recon:5% [--rule …]
//	alert remove FILE NODE [--rule KIND …] (every rule of NODE without --rule)
//
// add and remove are one undoable node edit each; adding a kind the node
// already has replaces its threshold.
func runAlert(_ context.Context, s streams, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("want list, add or remove: %w", errUsage)
	}
	verb := args[0]
	switch verb {
	case "-h", "-help", "--help":
		return flag.ErrHelp
	}
	fs := newFlags("alert")
	var rules multi
	fs.Var(&rules, "rule", "band95, band80, rag, gap:X% or recon:Y% (repeatable)")
	asJSON := fs.Bool("json", false, "list as JSON")
	lang := fs.String("lang", "", "language of the listing: en or ja (default: the workspace's)")
	pos, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch verb {
	case "list":
		if len(pos) < 1 || len(pos) > 2 {
			return fmt.Errorf("want FILE [NODE], got %q: %w", pos, errUsage)
		}
		return withTranslator(pos[0], true, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
			return listAlerts(s, w, tr, pos[1:], *asJSON)
		})
	case "add", "remove":
	default:
		return fmt.Errorf("%s: want list, add or remove: %w", kpitree.Quote(verb), errUsage)
	}
	if err := wantArgs(pos, 2, "FILE NODE"); err != nil {
		return err
	}
	if verb == "add" && len(rules) == 0 {
		return fmt.Errorf("add needs at least one --rule: %w", errUsage)
	}
	var parsed []kpitree.AlertRule
	for _, r := range rules {
		if verb == "remove" && !strings.Contains(r, ":") {
			// remove names a kind; gap and recon need no threshold here.
			k := kpitree.AlertKind(strings.ToLower(strings.TrimSpace(r)))
			if k.HasThreshold() {
				parsed = append(parsed, kpitree.AlertRule{Kind: k})
				continue
			}
		}
		p, err := kpitree.ParseAlertRule(r)
		if err != nil {
			return fmt.Errorf("--rule: %w: %w", err, errUsage)
		}
		parsed = append(parsed, p)
	}
	file, id := pos[0], pos[1]
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		n, ok := w.Node(id)
		if !ok {
			return fmt.Errorf("node %s: %w", kpitree.Quote(id), kpitree.ErrUnknownNode)
		}
		before := slices.Clone(n.Alerts)
		if verb == "add" {
			for _, r := range parsed {
				if i := slices.IndexFunc(n.Alerts, func(x kpitree.AlertRule) bool { return x.Kind == r.Kind }); i >= 0 {
					n.Alerts[i] = r
				} else {
					n.Alerts = append(n.Alerts, r)
				}
			}
		} else {
			n.Alerts = slices.DeleteFunc(n.Alerts, func(x kpitree.AlertRule) bool {
				return len(parsed) == 0 || slices.ContainsFunc(parsed, func(r kpitree.AlertRule) bool { return r.Kind == x.Kind })
			})
			if len(n.Alerts) == len(before) {
				return fmt.Errorf("node %s has no such rule (it has: %s)", kpitree.Quote(id), ruleList(before))
			}
		}
		if len(n.Alerts) == 0 {
			n.Alerts = nil
		}
		if err := w.SetNode(n); err != nil {
			return err
		}
		fmt.Fprintf(s.out, "%s: %s\n", id, ruleList(n.Alerts))
		return nil
	})
}

// multi is a repeatable string flag (--rule band95 --rule gap:10%).
type multi []string

func (m *multi) String() string { return strings.Join(*m, ",") }

func (m *multi) Set(s string) error {
	*m = append(*m, s)
	return nil
}

// ruleList writes rules as the CLI takes them: "band95, gap:10%"; "none".
func ruleList(rules []kpitree.AlertRule) string {
	if len(rules) == 0 {
		return "none"
	}
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

// listAlerts prints the nodes with rules (or one node's rules).
func listAlerts(s streams, w *workspace.Workspace, tr *report.Translator, only []string, asJSON bool) error {
	var nodes []kpitree.Node
	for _, n := range w.Tree().Nodes {
		if (len(only) > 0 && n.ID == only[0]) || (len(only) == 0 && len(n.Alerts) > 0) {
			nodes = append(nodes, n)
		}
	}
	if len(only) > 0 && len(nodes) == 0 {
		return fmt.Errorf("node %s: %w", kpitree.Quote(only[0]), kpitree.ErrUnknownNode)
	}
	if !asJSON {
		return printTable(s.out, tr.AlertRulesTable(nodes), false)
	}
	type nodeRules struct {
		Node  string   `json:"node"`
		Name  string   `json:"name"`
		Rules []string `json:"rules"`
	}
	out := []nodeRules{}
	for _, n := range nodes {
		nr := nodeRules{Node: n.ID, Name: n.Name, Rules: []string{}}
		for _, r := range n.Alerts {
			nr.Rules = append(nr.Rules, r.String())
		}
		out = append(out, nr)
	}
	return writeJSON(s.out, out)
}
