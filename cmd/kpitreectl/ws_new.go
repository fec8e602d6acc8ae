package main

import (
	"context"
	"fmt"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// runNew creates a workspace from a template:
// new --template NAME [--lang en|ja] [--sample-data] FILE.
func runNew(_ context.Context, s streams, args []string) error {
	fs := newFlags("new")
	tpl := fs.String("template", workspace.SampleTemplate, "template id (see 'kpitreectl templates')")
	lang := fs.String("lang", "en", "language of names and defaults: en or ja (ja: April fiscal years)")
	sample := fs.Bool("sample-data", false, "import the bundled sample data and bind the leaves")
	freq := fs.String("freq", "", "the tree's period: week, month, quarter, year or day (default: the template's, monthly)")
	pos, err := parseExactly(fs, args, 1, "one workspace FILE to create")
	if err != nil {
		return err
	}
	if *lang != "en" && *lang != "ja" {
		return fmt.Errorf("--lang %s: use en or ja: %w", kpitree.Quote(*lang), errUsage)
	}
	t, err := kpitree.NewFromTemplate(*tpl, *lang)
	if err != nil {
		return fmt.Errorf("template %s: %w (run 'kpitreectl templates' for the list): %w", kpitree.Quote(*tpl), err, errUsage)
	}
	switch f := kpitree.Freq(*freq); f {
	case "":
	case kpitree.Day, kpitree.Week, kpitree.Month, kpitree.Quarter, kpitree.Year:
		if *sample && f != kpitree.Month {
			return fmt.Errorf("--sample-data is monthly: leave out --freq %s, or import weekly data with 'kpitreectl import': %w", f, errUsage)
		}
		t.SetFreq(f)
	default:
		return fmt.Errorf("--freq %s: use day, week, month, quarter or year: %w", kpitree.Quote(*freq), errUsage)
	}
	var w *workspace.Workspace
	if *sample && *tpl == workspace.SampleTemplate {
		// One transaction, empty history: undo cannot remove the sample.
		w, err = workspace.CreateSample(pos[0], *lang)
	} else {
		w, err = workspace.Create(pos[0], workspace.CreateParams{Tree: t, Lang: *lang, AppVersion: appVersionTag()})
		if err == nil && *sample {
			if ierr := w.ImportSampleData(); ierr != nil {
				_ = w.Close()
				return fmt.Errorf("import the sample data: %w", ierr)
			}
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "created %s from template %s (%d nodes, %d bound)\n", pos[0], *tpl, len(t.Nodes), len(w.Bindings()))
	return w.Close()
}

// runTemplates lists the templates.
func runTemplates(_ context.Context, s streams, args []string) error {
	fs := newFlags("templates")
	lang := fs.String("lang", "en", "language of the names: en or ja")
	_, err := parseExactly(fs, args, 0, "no arguments")
	if err != nil {
		return err
	}
	l, err := report.ParseLang(*lang)
	if err != nil {
		return fmt.Errorf("--lang: %w: %w", err, errUsage)
	}
	return printTable(s.out, report.For(l).TemplatesTable(kpitree.Templates()), false)
}
