package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// runModel lists or sets the per-leaf forecast model overrides:
//
//	model FILE                     list every input leaf's model
//	model FILE LEAF                show one leaf's model, and what its
//	                               forecast says: the model in words, why,
//	                               its backtest accuracy and data notes
//	model FILE LEAF MODEL|default  pin LEAF's model, or follow the workspace's again
func runModel(ctx context.Context, s streams, args []string) error {
	fs := newFlags("model")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only (listing only)")
	lang := fs.String("lang", "", "language of one leaf's explanation: en or ja (default: the workspace's)")
	pos, err := parseBetween(fs, args, 1, 3, "FILE [LEAF [MODEL|default]]")
	if err != nil {
		return err
	}
	if len(pos) == 3 {
		if *readOnly {
			return fmt.Errorf("--read-only cannot set a model; leave it out: %w", errUsage)
		}
		return withWorkspace(pos[0], false, func(w *workspace.Workspace) error {
			return setLeafModel(s, w, pos[1], pos[2])
		})
	}
	return withTranslator(pos[0], *readOnly, *lang, func(w *workspace.Workspace, tr *report.Translator) error {
		if len(pos) == 1 {
			return listLeafModels(s, w, tr, "")
		}
		leaf := pos[1]
		if _, ok := w.Node(leaf); !ok {
			return fmt.Errorf("leaf %s: %w; run 'kpitreectl model FILE' for the list", kpitree.Quote(leaf), kpitree.ErrUnknownNode)
		}
		if err := listLeafModels(s, w, tr, leaf); err != nil {
			return err
		}
		return explainForecast(ctx, s, w, tr, leaf)
	})
}

// setLeafModel stores the override and says what changed.
func setLeafModel(s streams, w *workspace.Workspace, leaf, model string) error {
	before, _ := w.Settings().ModelFor(leaf)
	if err := w.SetLeafModel(leaf, model); err != nil {
		if errors.Is(err, forecast.ErrBadSpec) {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
		return err
	}
	after, pinned := w.Settings().ModelFor(leaf)
	how := "pinned"
	if !pinned {
		how = "the workspace default"
	}
	fmt.Fprintf(s.out, "%s: model %s (%s; was %s). Run 'kpitreectl forecasts' to re-forecast.\n", leaf, after, how, before)
	return nil
}

// listLeafModels prints the input leaves (or just leaf) with the model
// each is forecast with, where it comes from and the model the last
// current forecast actually used (report.Translator.LeafModelTable).
func listLeafModels(s streams, w *workspace.Workspace, tr *report.Translator, leaf string) error {
	return printTable(s.out, tr.LeafModelTable(w.Tree(), w.Settings(), w.Forecasts(), leaf), false)
}

// explainForecast says what leaf's current forecast says, as the inspector
// does: the model in words, why it was chosen, its backtest accuracy
// (measured now unless remembered) and the data notes. Nothing is said of
// a leaf without a current forecast.
func explainForecast(ctx context.Context, s streams, w *workspace.Workspace, tr *report.Translator, leaf string) error {
	lf := w.Forecasts()[leaf]
	if lf == nil {
		return nil
	}
	mape, err := w.ForecastAccuracy(ctx, leaf)
	if err != nil {
		return err
	}
	// label: value lines, not a table: a tab stop cannot align the
	// double-width characters of the Japanese labels.
	cal := w.Calendar()
	fmt.Fprintln(s.out)
	fmt.Fprintf(s.out, "%s: %s\n", tr.L("inspector.model_used"), report.ModelExplained(tr, lf.Model))
	fmt.Fprintf(s.out, "%s: %s\n", tr.L("inspector.reason"), tr.ForecastReason(lf))
	fmt.Fprintf(s.out, "%s: %s\n", tr.L("inspector.accuracy"), tr.ForecastAccuracy(mape, cal.Freq))
	for _, note := range tr.ForecastNotes(lf, cal.Label) {
		fmt.Fprintf(s.out, "%s: %s\n", tr.L("fcnotes.row"), note)
	}
	return nil
}
