package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/workspace"
)

// runReviewPack writes the monthly review pack — KPIs against their
// targets, the tree, the root's forecast and the drivers that matter — as
// one self-contained HTML file or a multi-page PDF (chosen by --out's
// extension), in the workspace's language or --lang.
func runReviewPack(ctx context.Context, s streams, args []string) error {
	fs := newFlags("review-pack")
	var f exportFlags
	f.register(fs, "the pack to write: PATH.html (one self-contained file) or PATH.pdf (required)", "not taken: the pack shows the base forecast")
	vs := fs.String("vs", "", "explain the top line against plan:NAME, forecast, prior or yoy (default: the newest plan, else forecast)")
	period := fs.String("period", "", "the window the bridge explains: 2026-04, 2026-Q2, FY2026-YTD … (default: the last month with data)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *f.scenario != "" {
		return fmt.Errorf("--scenario: the review pack shows the base forecast: %w", errUsage)
	}
	if _, err := pack.FormatOf(*f.out); *f.out == "" || err != nil {
		return fmt.Errorf("--out must name a .html or .pdf file, got %q: %w", *f.out, errUsage)
	}
	if err := f.refuseOverwrite(*f.out); err != nil {
		return err
	}
	return withWorkspace(file, *f.readOnly, func(w *workspace.Workspace) error {
		lang, err := f.language(w)
		if err != nil {
			return err
		}
		doc, err := pack.Build(ctx, w, pack.Options{Lang: lang, Vs: *vs, Period: *period})
		if errors.Is(err, workspace.ErrBadBridge) {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
		if err != nil {
			return err
		}
		err = writeOutput(w.Path(), *f.out, func(out io.Writer) error {
			return pack.Write(out, doc, *f.out, time.Now())
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(s.out, "wrote %s (%d sections)\n", *f.out, len(doc.Sections))
		return nil
	})
}
