// Command kpitreectl is the headless companion of the KPI Tree desktop app:
// it checks, evaluates, forecasts, simulates, imports and exports the same
// workspace files. It builds with CGO_ENABLED=0.
//
// Exit codes: 0 success, 1 a failed check or operation, 2 a usage error,
// 3 (monitor only) alerts fired.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// errUsage marks errors in how the command was called; they exit with code 2.
var errUsage = errors.New("usage error")

// streams are the command's standard streams, injected so tests can capture them.
type streams struct {
	in     io.Reader
	out    io.Writer
	err    io.Writer
	errTTY bool // stderr is a terminal: progress may be drawn on it
}

// command is one subcommand of kpitreectl.
type command struct {
	name    string
	usage   string // argument synopsis
	summary string
	run     func(ctx context.Context, s streams, args []string) error
}

func commands() []command {
	return []command{
		{"version", "", "print the version", runVersion},
		{"help", "[COMMAND]", "show help for kpitreectl or one command", nil},
		{"new", "--template NAME [--lang en|ja] [--sample-data] FILE", "create a workspace from a template", runNew},
		{"templates", "[--lang en|ja]", "list the tree templates", runTemplates},
		{"check", "FILE [--format text|json]", "check the tree and its data (exit 1 on errors)", runCheck},
		{"eval", "FILE [--scenario S] [--format csv|json] [--reported] [--read-only]", "print every node's values over the history", runEval},
		{"bind", "FILE --node ID --column C [--dataset D] [--actual]", "bind a leaf to a data column, or with --actual any node's reported actual", runBind},
		{"unbind", "FILE --node ID [--actual]", "remove a leaf's data binding, or with --actual a node's reported actual", runUnbind},
		{"forecasts", "FILE [--accuracy] [--lang ja] [--read-only]", "forecast every bound leaf (cached in the file)", runForecasts},
		{"model", "FILE [LEAF [MODEL|default]] [--lang ja] [--read-only]", "list the leaves' forecast models, or pin one leaf's model", runModel},
		{"scenario", "FILE list|show NAME|rm NAME|add --name N --node ID --op set|scale|add --value V --from 2025-04 [--to P] [--ramp N]", "manage what-if scenarios", runScenario},
		{"simulate", "FILE [--scenario S] [--paths N] [--seed N] [--target V --fy Y|--period P] [--format csv|json] [--read-only]", "base and scenarios over history + forecast, Monte Carlo bands", runSimulate},
		{"impact", "FILE [--scenario S | --from P --to P] [--sensitivity 10] [--rank] [--fy Y|--period P] [--lang ja] [--read-only]", "explain a change and rank the drivers", runImpact},
		{"goalseek", "FILE --target V [--period P | --fy 2026] --driver ID [--from P] [--ramp N] [--scenario S] [--lang ja] [--read-only]", "find the driver value that reaches a target", runGoalSeek},
		{"fy", "FILE [--fy Y] [--scenario S] [--format text|json] [--lang ja] [--read-only]", "every node's fiscal-year value, how it is aggregated, its target and status", runFY},
		{"aggregation", "FILE [NODE [flow|stock|opening|average|ratio|infer] [--note TEXT]] [--rate year|compound|period|mean] [--lang ja] [--read-only]", "list or set how nodes aggregate into a fiscal year", runAggregation},
		{"migrate-notes", "FILE [--format text|json]", "list the nodes whose fiscal-year values changed with aggregation by meaning", runMigrateNotes},
		{"plan", "freeze FILE NAME | list FILE | compare FILE A [B] | rename FILE NAME NEW | delete FILE NAME [--json] [--lang ja] [--read-only]", "freeze the current forecasts, targets and scenarios as a named plan version; list, compare (B defaults to the current forecast), rename, delete", runPlan},
		{"review", "FILE --vs plan:NAME|forecast|prior|yoy --period 2026-04|2026-Q2|FY2026-Q1|FY2026-YTD|FY2026 [--node ID] [--leaves] [--json] [--lang ja]", "the variance bridge: the actual against a plan, the forecast made before the window, the prior period or the prior year, split exactly over the drivers", runReview},
		{"note", "add FILE --node ID --period 2026-04 --text TEXT [--author NAME] | list FILE [--node ID] | set FILE ID [--node ID] [--period P] [--text TEXT] [--author NAME] | remove FILE ID [--json] [--lang ja] [--read-only]", "notes on a node and period: add, list, set, remove (undoable)", runNote},
		{"initiative", "add FILE --name N --node ID --start 2026-04 [--owner O] [--cost YEN] [--hours H] [--status planned|active|done|dropped] [--scenario S] [--description D] | list FILE [--node ID] | set FILE NAME [fields] | remove FILE NAME | effect FILE NAME [--json] [--lang ja] [--read-only]", "initiatives on a node with cost, status and expected effect (a scenario); list and effect compare it with what was measured since the start", runInitiative},
		{"worth", "FILE [--json] [--lang ja] [--read-only]", "what reaching each KPI's target is worth to the root in the planned fiscal year, ranked", runWorth},
		{"export-json", "FILE --out F.json|- [--read-only]", "export the workspace as JSON", runExportJSON},
		{"import-json", "F.json --out FILE", "create a workspace from exported JSON", runImportJSON},
		{"history", "FILE [--lang ja] [--read-only]", "list the undo history", runHistory},
		{"salvage", "FILE --out NEW", "copy every intact record of a damaged workspace into a new file, listing what was lost", runSalvage},
		{"undo", "FILE [--lang ja]", "undo the last action", runUndo},
		{"redo", "FILE [--lang ja]", "redo the last undone action", runRedo},
		{"export-data", "FILE --out PATH.csv|.xlsx [--encoding utf-8|shift_jis] [--scenario S | --all-scenarios] [--layout auto|periods|nodes] [--lang ja] [--force] [--read-only]", "export all nodes over history + horizon", runExportData},
		{"export", "FILE --out DIR [--format png|svg|pdf|json] [--charts fan,compare,waterfall,tornado,tree,multiples] [--node ID] [--scenario S] [--root NODE --depth N] [--lang ja] [--force] [--read-only]", "draw the charts", runExport},
		{"review-pack", "FILE --out PACK.html|PACK.pdf [--vs plan:NAME|forecast|prior|yoy] [--period P] [--lang ja] [--force] [--read-only]", "write the monthly review pack: KPIs against targets, why the top line moved, what each target is worth, alerts, the tree, the forecast, the drivers", runReviewPack},
		{"import", "FILE --data PATH [--sheet S] [--map node=column …] [--encoding auto|utf-8|shift_jis|utf-16] [--date-order auto|dmy|mdy] [--dry-run] [--format text|json]\n  | FILE --source NAME (--query SQL | --query-file F | --table T --date-column C --value col[:agg[:name]] …) [--agg col=agg] [--from P] [--to P] [--name N] [--map node=column …] [--refresh-on-open] [--dry-run] [--format text|json]", "import a CSV/XLSX file, or a query the database aggregates, printing the quality report", runImport},
		{"source", "add|test|list|rm FILE [NAME] [--kind postgres|mysql|sqlite --host H --port P --database D --user U --tls M --timeout S --password-stdin --no-test] [--format text|json]", "manage the workspace's database connections (passwords: OS keyring, KPITREE_DB_PASSWORD_<NAME> or ~/.pgpass; never in the file)", runSource},
		{"refresh", "FILE [--on-open-only] [--format text|json]", "fetch the query datasets again and store what changed", runRefresh},
		{"monitor", "FILE [--json] [--lang en|ja]", "evaluate the alert rules on the latest data, for cron and CI (exit 3 when any alert fires, 0 when none)", runMonitor},
		{"alert", "list FILE [NODE] [--json] | add FILE NODE --rule band95|band80|rag|gap:10%|recon:5% … | remove FILE NODE [--rule KIND …]", "list or set the nodes' alert rules (undoable node edits)", runAlert},
		{"forecast", "--in series.csv --horizon H [--season M] [--model auto|ets|theta|naive|snaive|drift|mean|combo] [--level 80,95] [--out forecasts.csv]", "forecast every series of a CSV file (series_id,t,value)", runForecast},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s := streams{in: os.Stdin, out: os.Stdout, err: os.Stderr, errTTY: isTerminal(os.Stderr)}
	os.Exit(run(ctx, s, os.Args[1:]))
}

// run executes one kpitreectl invocation and returns its exit code.
func run(ctx context.Context, s streams, args []string) int {
	if len(args) == 0 {
		printHelp(s.err)
		return 2
	}
	name, rest := args[0], args[1:]
	if name == "-h" || name == "--help" || name == "help" {
		return runHelp(s, rest)
	}
	if name == "-version" || name == "--version" {
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name || c.run == nil {
			continue
		}
		err := c.run(ctx, s, rest)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errAlertsFired):
			return exitAlerts // the alerts are the output
		case errors.Is(err, flag.ErrHelp):
			// CMD --help asks for the same text as help CMD, and succeeds.
			return runHelp(s, []string{c.name})
		case errors.Is(err, errUsage):
			fmt.Fprintf(s.err, "kpitreectl %s: %v\nusage: kpitreectl %s %s\n", c.name, err, c.name, c.usage)
			return 2
		default:
			fmt.Fprintf(s.err, "kpitreectl %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(s.err, "kpitreectl: unknown command %q; run 'kpitreectl help' for the list\n", name)
	return 2
}

func runVersion(_ context.Context, s streams, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("version takes no arguments: %w", errUsage)
	}
	fmt.Fprintf(s.out, "kpitreectl %s\n", version)
	return nil
}

func runHelp(s streams, args []string) int {
	if len(args) == 0 {
		printHelp(s.out)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			fmt.Fprintf(s.out, "kpitreectl %s %s\n\n%s\n", c.name, c.usage, c.summary)
			return 0
		}
	}
	fmt.Fprintf(s.err, "kpitreectl help: unknown command %q\n", args[0])
	return 2
}

func printHelp(w io.Writer) {
	fmt.Fprintf(w, "kpitreectl %s — KPI Tree workspaces from the command line\n\nUsage: kpitreectl COMMAND [ARGS]\n\nCommands:\n", version)
	cmds := commands()
	sort.SliceStable(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'kpitreectl help COMMAND' for a command's flags.\nExit codes: 0 ok, 1 failed, 2 usage error, 3 alerts fired (monitor).\n")
}

// isTerminal reports whether f is a character device (a terminal), without cgo.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && !strings.EqualFold(os.Getenv("TERM"), "dumb")
}
