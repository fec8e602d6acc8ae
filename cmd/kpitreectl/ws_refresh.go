package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/kpitree/kpitree/app/workspace"
)

// runRefresh fetches the query datasets again and stores what changed.
func runRefresh(ctx context.Context, s streams, args []string) error {
	fs := newFlags("refresh")
	onOpen := fs.Bool("on-open-only", false, "only the datasets marked refresh-on-open")
	format, formatOK := formatFlag(fs, "text", "json")
	file, err := parseFile(fs, args, formatOK)
	if err != nil {
		return err
	}
	var res []workspace.RefreshResult
	err = withWorkspace(file, false, func(w *workspace.Workspace) error {
		ids := w.QueryDatasets(*onOpen)
		if len(ids) == 0 {
			return errors.New("the workspace has no dataset defined by a query; import one with import FILE --source NAME")
		}
		res, err = w.RefreshQueries(ctx, ids, nil)
		return err
	})
	if err != nil {
		return err
	}
	failed := 0
	if *format == "json" {
		type item struct {
			Dataset   string                 `json:"dataset"`
			Changed   bool                   `json:"changed"`
			Diff      *workspace.DatasetDiff `json:"diff,omitempty"`
			Revisions any                    `json:"revisions,omitempty"`
			Error     string                 `json:"error,omitempty"`
		}
		var out []item
		for _, r := range res {
			it := item{Dataset: r.Name, Diff: r.Diff}
			if r.Err != nil {
				it.Error, failed = r.Err.Error(), failed+1
			} else {
				it.Changed, it.Revisions = !r.Diff.Empty(), r.Revisions
			}
			out = append(out, it)
		}
		if err := writeJSON(s.out, out); err != nil {
			return err
		}
	} else {
		for _, r := range res {
			switch {
			case r.Err != nil:
				failed++
				fmt.Fprintf(s.out, "%s: failed, the stored values stay: %v\n", r.Name, r.Err)
			case r.Diff.Empty():
				fmt.Fprintf(s.out, "%s: unchanged\n", r.Name)
			default:
				d := r.Diff
				fmt.Fprintf(s.out, "%s: %d → %d periods, %d revised values, %d added and %d removed columns\n",
					r.Name, d.OldPeriods, d.NewPeriods, len(r.Revisions.Revised), len(d.AddedColumns), len(d.RemovedColumns))
				for i, rv := range r.Revisions.Revised {
					if i == 20 {
						fmt.Fprintf(s.out, "  … and %d more\n", len(r.Revisions.Revised)-20)
						break
					}
					fmt.Fprintf(s.out, "  %s %s: %s → %s\n", rv.Column, rv.Period, num(rv.Old), num(rv.New))
				}
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d datasets could not be refreshed", failed, len(res))
	}
	return nil
}
