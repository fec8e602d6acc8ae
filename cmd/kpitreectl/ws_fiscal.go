package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// runFY prints every node's fiscal-year value with how it is formed (its
// aggregation kind, where the kind comes from, the rate convention and the
// column's caption), its FY target and RAG status.
func runFY(ctx context.Context, s streams, args []string) error {
	fs := newFlags("fy")
	fy := fs.Int("fy", 0, "the fiscal year, named by the year it starts in (default: the year the forecast starts in, as in the app)")
	scenario := fs.String("scenario", "", "show this scenario instead of the base")
	format, formatOK := formatFlag(fs, "text", "json")
	lang := fs.String("lang", "", "language of the text: en or ja (default: the workspace's)")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (forecasts are not cached)")
	file, err := parseFile(fs, args, formatOK)
	if err != nil {
		return err
	}
	return withTranslator(file, *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		year := *fy
		if year == 0 {
			year = w.Calendar().PlannedFiscalYear()
		}
		rows, err := w.FiscalYear(ctx, *scenario, year)
		if err != nil {
			return err
		}
		if *format == "json" {
			type row struct {
				workspace.FiscalRow
				Value  *float64 `json:"value"`
				Target *float64 `json:"target"`
			}
			out := make([]row, len(rows))
			for i, r := range rows {
				v := jsonNumbers([]float64{r.Value, r.Target})
				out[i] = row{FiscalRow: r, Value: v[0], Target: v[1]}
			}
			return writeJSON(s.out, map[string]any{"fiscal_year": year, "label": kpitree.FiscalLabel(year), "nodes": out})
		}
		return printTable(s.out, tr.FiscalTable(year, rows), true)
	})
}

// runAggregation lists or sets the nodes' fiscal-year aggregation:
//
//	aggregation FILE                                   list every node's kind and rate convention
//	aggregation FILE NODE KIND|infer [--note TEXT]     set (or clear) the kind, with why
//	aggregation FILE NODE --rate year|compound|period|mean   choose what a rate's FY column shows
func runAggregation(_ context.Context, s streams, args []string) error {
	fs := newFlags("aggregation")
	note := fs.String("note", "", "why the kind is set (shown with it)")
	rate := fs.String("rate", "", "the FY rate convention: year, compound, period or mean")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (listing only)")
	lang := fs.String("lang", "", "language of the listing: en or ja (default: the workspace's)")
	pos, err := parseBetween(fs, args, 1, 3, "FILE [NODE [KIND|infer]]")
	if err != nil {
		return err
	}
	set := len(pos) == 3 || *rate != ""
	if set && len(pos) < 2 {
		return fmt.Errorf("--rate needs a NODE: %w", errUsage)
	}
	if set && *readOnly {
		return fmt.Errorf("--read-only cannot change a node; leave it out: %w", errUsage)
	}
	if *note != "" && len(pos) != 3 {
		return fmt.Errorf("--note goes with a KIND: %w", errUsage)
	}
	return withTranslator(pos[0], !set && *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		if len(pos) == 3 {
			kind := kpitree.AggKind(pos[2])
			if pos[2] == "infer" {
				kind = ""
			}
			if err := w.SetAggregation(pos[1], kind, *note); err != nil {
				return usageIfBad(err)
			}
		}
		if *rate != "" {
			if err := w.SetFYRate(pos[1], kpitree.FYRate(*rate)); err != nil {
				return usageIfBad(err)
			}
		}
		aggs, err := w.Aggregations()
		if err != nil {
			return err
		}
		if len(pos) >= 2 {
			aggs = slices.DeleteFunc(aggs, func(a workspace.NodeAggregation) bool { return a.ID != pos[1] })
		}
		return printTable(s.out, tr.AggregationTable(aggs, namer(w)), false)
	})
}

// usageIfBad marks a rejected setting as a usage error (exit 2).
func usageIfBad(err error) error {
	if errors.Is(err, workspace.ErrBadSettings) {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	return err
}

// runMigrateNotes prints which nodes' fiscal-year values change from the
// old sum/last/mean rule to aggregation by meaning, and by how much.
func runMigrateNotes(_ context.Context, s streams, args []string) error {
	return runReport("migrate-notes", args, func(_ string, w *workspace.Workspace, tr *report.Translator, asJSON bool) error {
		notes, err := w.MigrationNotes()
		if err != nil {
			return err
		}
		if asJSON {
			// Shadow the float fields: JSON has no NaN (a missing value is null).
			type row struct {
				workspace.FYChange
				Old    *float64 `json:"old"`
				New    *float64 `json:"new"`
				Change *float64 `json:"change"`
				Rel    *float64 `json:"rel"`
			}
			out := make([]row, len(notes))
			for i, c := range notes {
				v := jsonNumbers([]float64{c.Old, c.New, c.Change, c.Rel})
				out[i] = row{FYChange: c, Old: v[0], New: v[1], Change: v[2], Rel: v[3]}
			}
			return writeJSON(s.out, out)
		}
		unit := func(id string) string {
			n, _ := w.Node(id)
			return n.Unit
		}
		return printTable(s.out, tr.MigrationTable(notes, unit), false)
	})
}
