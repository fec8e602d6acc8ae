package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// runCheck prints the tree's findings as the Problems tab lists them, in
// the workspace's language or --lang's; it fails with errCheckFailed
// (exit 1) when any is an error.
func runCheck(_ context.Context, s streams, args []string) error {
	return runReport("check", args, func(file string, w *workspace.Workspace, tr *report.Translator, asJSON bool) error {
		diags, err := w.Check()
		if err != nil {
			return err
		}
		if asJSON {
			if diags == nil {
				diags = []kpitree.Diagnostic{}
			}
			if err := writeJSON(s.out, diags); err != nil {
				return err
			}
		} else if err := printTable(s.out, tr.FindingsTable(w.Tree(), diags), false); err != nil {
			return err
		}
		if kpitree.HasErrors(diags) {
			return fmt.Errorf("%s: %w; fix the errors listed above", file, errCheckFailed)
		}
		return nil
	})
}

// runEval prints every node's values per period of the history.
func runEval(_ context.Context, s streams, args []string) error {
	fs := newFlags("eval")
	scenario := fs.String("scenario", "", "evaluate this scenario instead of the base")
	format, formatOK := formatFlag(fs, "csv", "json")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	reported := fs.Bool("reported", false, "add each reported actual and its gap in % (computed − reported) ÷ reported")
	file, err := parseFile(fs, args, formatOK)
	if err != nil {
		return err
	}
	return withWorkspace(file, *readOnly, func(w *workspace.Workspace) error {
		e, err := w.Evaluate(*scenario)
		if err != nil {
			return err
		}
		ids := e.IDs()
		cols := make([][]float64, len(ids))
		for i, id := range ids {
			cols[i] = e.ValuesView(id) // read only: written out below
		}
		var extra map[string]any
		if *reported {
			ids, cols, extra = withReported(e, *format, ids, cols)
		}
		if err := writeSeries(s, *format, e.Calendar, e.Calendar.Periods, ids, cols, extra); err != nil {
			return err
		}
		return overflowed(e.Diagnostics)
	})
}

// withReported adds the reported actuals and their gaps in percent: as
// "<id>.reported" and "<id>.gap%" columns for CSV, or as the JSON objects
// "reported" and "gap_pct" keyed by node id (both empty when no node has a
// reported actual, so scripts need not test for their presence).
func withReported(e *workspace.Evaluation, format string, ids []string, cols [][]float64) ([]string, [][]float64, map[string]any) {
	rep, gap := map[string][]*float64{}, map[string][]*float64{}
	for _, id := range e.ReportedIDs() {
		r := e.Reported(id)
		_, rel := e.Gap(id)
		pct := make([]float64, len(rel))
		for i, v := range rel {
			pct[i] = v * 100
		}
		if format == "json" {
			rep[id], gap[id] = jsonNumbers(r), jsonNumbers(pct)
			continue
		}
		ids = append(ids, id+".reported", id+".gap%")
		cols = append(cols, r, pct)
	}
	if format == "json" {
		return ids, cols, map[string]any{"reported": rep, "gap_pct": gap}
	}
	return ids, cols, nil
}

// writeSeries writes node series as CSV (one row per period, one column
// per node) or JSON ({"periods": [...], "nodes": {id: [...]}}); extra is
// merged into the JSON object.
func writeSeries(s streams, format string, cal kpitree.Calendar, n int, ids []string, cols [][]float64, extra map[string]any) error {
	if format == "json" {
		nodes := make(map[string][]*float64, len(ids))
		for i, id := range ids {
			nodes[id] = jsonNumbers(cols[i])
		}
		out := map[string]any{"periods": labels(cal, n), "nodes": nodes}
		for k, v := range extra {
			out[k] = v
		}
		return writeJSON(s.out, out)
	}
	cw := csv.NewWriter(s.out)
	if err := cw.Write(append([]string{"period"}, ids...)); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	// The rows are built as bytes: a string per number through csv.Writer
	// was most of `eval` on a 100k-node tree (6M cells). Numbers never
	// need quoting; the period label goes through csv.Writer as before.
	// Formatting numbers is the rest of the cost, so a batch of rows is
	// formatted at once, one row per CPU, and written in order.
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	rows := make([][]byte, workers)
	rowLabels := make([]string, workers)
	for t0 := 0; t0 < n; t0 += workers {
		batch := min(workers, n-t0)
		for k := range batch {
			l, err := csvField(cal.Label(t0 + k))
			if err != nil {
				return err
			}
			rowLabels[k] = l
		}
		var wg sync.WaitGroup
		for k := range batch {
			wg.Go(func() {
				t := t0 + k
				row := append(rows[k][:0], rowLabels[k]...)
				for i := range ids {
					row = append(row, ',')
					if t < len(cols[i]) {
						row = appendNumber(row, cols[i][t])
					}
				}
				rows[k] = append(row, '\n')
			})
		}
		wg.Wait()
		for k := range batch {
			if _, err := s.out.Write(rows[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// csvField is f as csv.Writer writes one field (quoted when it must be).
func csvField(f string) (string, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write([]string{f}); err != nil {
		return "", err
	}
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n"), w.Error()
}

// runForecasts forecasts every bound leaf (using the file's cache) and
// prints a summary per leaf.
func runForecasts(ctx context.Context, s streams, args []string) error {
	fs := newFlags("forecasts")
	readOnly := fs.Bool("read-only", false, "open read-only (results are not cached)")
	accuracy := fs.Bool("accuracy", false, "also measure each leaf's backtest accuracy, one period ahead, as the app's forecast tab shows it (a dozen refits a leaf)")
	lang := fs.String("lang", "", "language of the table: en or ja (default: the workspace's)")
	return onWorkspace(fs, args, readOnly, func(w *workspace.Workspace) error {
		tr, err := translator(w, *lang)
		if err != nil {
			return err
		}
		opt := workspace.ForecastOptions{}
		if s.errTTY {
			opt.OnProgress = func(done, total int) { fmt.Fprintf(s.err, "\rforecast %d/%d", done, total) }
		}
		rep, err := w.ForecastAll(ctx, opt)
		if s.errTTY {
			fmt.Fprint(s.err, "\r\033[K")
		}
		if err != nil {
			return err
		}
		var progress func(done, total int)
		if s.errTTY && *accuracy {
			progress = func(done, total int) { fmt.Fprintf(s.err, "\rbacktest %d/%d", done, total) }
		}
		rows, err := tr.ForecastRows(ctx, w, rep.Failed, error.Error, *accuracy, progress)
		if s.errTTY && *accuracy {
			fmt.Fprint(s.err, "\r\033[K")
		}
		if err != nil {
			return err
		}
		if err := printTable(s.out, tr.ForecastTable(rows, w.Settings(), *accuracy), false); err != nil {
			return err
		}
		fmt.Fprintln(s.out, tr.L("forecast.counts", map[string]any{"Computed": rep.Computed, "Cached": rep.Cached, "Failed": len(rep.Failed)}))
		// A leaf without a forecast makes every later result beyond the
		// history wrong (held flat), so this is a failed operation.
		return rep.Err()
	})
}

// overflowed returns an error wrapping kpitree.ErrOverflow naming the nodes
// whose values are too large to compute (they are printed blank), so eval
// does not exit 0 with a blank root; or nil.
func overflowed(ds []kpitree.Diagnostic) error {
	var names []string
	for _, d := range ds {
		if d.Code == kpitree.CodeOverflow {
			names = append(names, d.Node)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%s: values too large to compute are printed blank; run 'kpitreectl check' for the periods: %w", strings.Join(names, ", "), kpitree.ErrOverflow)
}
