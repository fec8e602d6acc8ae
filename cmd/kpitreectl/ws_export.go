package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// exportFlags are the flags export and export-data share.
type exportFlags struct {
	out      *string
	scenario *string
	lang     *string
	force    *bool
	readOnly *bool
}

func (f *exportFlags) register(fs interface {
	String(name, value, usage string) *string
	Bool(name string, value bool, usage string) *bool
}, outUsage, scenarioUsage string) {
	f.out = fs.String("out", "", outUsage)
	f.scenario = fs.String("scenario", "", scenarioUsage)
	f.lang = fs.String("lang", "", "language of titles, axes, units and sheet names: en or ja (default: the workspace's)")
	f.force = fs.Bool("force", false, "replace files that already exist")
	f.readOnly = fs.Bool("read-only", false, "open read-only (forecasts are not cached)")
}

// language is --lang, or the workspace's language when it is not given.
func (f *exportFlags) language(w *workspace.Workspace) (report.Lang, error) {
	l := *f.lang
	if l == "" {
		l = w.Settings().Lang
	}
	lang, err := report.ParseLang(l)
	if err != nil {
		return lang, fmt.Errorf("--lang: %w: %w", err, errUsage)
	}
	return lang, nil
}

// builder opens the report builder for w in the chosen language.
func (f *exportFlags) builder(w *workspace.Workspace) (*report.Builder, error) {
	lang, err := f.language(w)
	if err != nil {
		return nil, err
	}
	return report.NewBuilder(w, report.For(lang))
}

// refuseOverwrite fails when files exist and --force was not given.
func (f *exportFlags) refuseOverwrite(paths ...string) error {
	if *f.force {
		return nil
	}
	var there []string
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			there = append(there, p)
		}
	}
	if len(there) > 0 {
		return fmt.Errorf("%s already exist(s); add --force to replace, or choose another --out: %w", strings.Join(there, ", "), errUsage)
	}
	return nil
}

// runExportData writes every node's series over history and forecast
// horizon (base, and a scenario when asked) as CSV or XLSX, with sheet
// names and headers (display name and unit) in the workspace's language.
func runExportData(ctx context.Context, s streams, args []string) error {
	fs := newFlags("export-data")
	var ef exportFlags
	ef.register(fs, "file to write: .csv or .xlsx (required)", "also export this scenario")
	all := fs.Bool("all-scenarios", false, "also export every scenario (what the app's numbers export writes)")
	layoutFlag := fs.String("layout", "auto", "XLSX: auto, periods (a row per period) or nodes (a row per node; automatic past 16,384 nodes)")
	// UTF-8 with a BOM is what Excel on Japanese Windows opens without
	// garbling; Shift_JIS is for older tools that read nothing else.
	encoding := fs.String("encoding", dataio.EncodingUTF8, "CSV text encoding: utf-8 (with BOM, for Excel) or shift_jis")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	layout, err := dataio.ParseXLSXLayout(*layoutFlag)
	if err != nil {
		return fmt.Errorf("--layout: %w: %w", err, errUsage)
	}
	format := report.NumbersFormat(*ef.out)
	if format == "" {
		return fmt.Errorf("--out %s: give a .csv or .xlsx file name: %w", kpitree.Quote(*ef.out), errUsage)
	}
	enc := strings.ToLower(strings.ReplaceAll(*encoding, "-", "_"))
	switch enc {
	case "utf_8", "utf8":
		enc = dataio.EncodingUTF8
	case "shift_jis", "sjis", "cp932":
		enc = dataio.EncodingShiftJIS
	default:
		return fmt.Errorf("--encoding %s: use utf-8 or shift_jis: %w", kpitree.Quote(*encoding), errUsage)
	}
	if enc != dataio.EncodingUTF8 && format != ".csv" {
		return fmt.Errorf("--encoding applies to .csv only (XLSX is always Unicode): %w", errUsage)
	}
	if err := ef.refuseOverwrite(*ef.out); err != nil {
		return err
	}
	var tables []dataio.Table
	var tr *report.Translator
	err = withWorkspace(file, *ef.readOnly, func(w *workspace.Workspace) error {
		bd, err := ef.builder(w)
		if err != nil {
			return err
		}
		tr = bd.Translator()
		names := []string{*ef.scenario}
		if *all {
			more, err := w.ScenarioNames()
			if err != nil {
				return err
			}
			names = append(names, more...)
		}
		tables, err = bd.ProjectionTables(ctx, names)
		return err
	})
	if err != nil {
		return err
	}
	err = writeOutput(file, *ef.out, func(f io.Writer) error {
		return tr.WriteNumbers(f, format, tables, report.NumbersOptions{Layout: layout, Encoding: enc})
	})
	if err != nil {
		return fmt.Errorf("export data: %w", err)
	}
	fmt.Fprintf(s.out, "wrote %s\n", *ef.out)
	return nil
}

// chartKinds are the figures `export` can draw, as --charts names them.
func chartKinds() []string {
	var out []string
	for _, k := range report.AllKinds() {
		out = append(out, string(k))
	}
	return out
}

// runExport draws the workspace's charts into a directory, built by
// app/report exactly as the app's charts pane builds them.
func runExport(ctx context.Context, s streams, args []string) error {
	fs := newFlags("export")
	var ef exportFlags
	ef.register(fs, "directory to write the charts into (required)",
		"the scenario drawn beside the base (default: every scenario on the fan and compare, the first in the waterfall)")
	format := fs.String("format", "png", "png, svg, pdf, or json (the figure specs)")
	charts := fs.String("charts", strings.Join(chartKinds()[:5], ","), "comma-separated: "+strings.Join(chartKinds(), ", "))
	node := fs.String("node", "", "the node the fan, compare, waterfall and tornado are about (default: the root)")
	treeRoot := fs.String("root", "", "tree picture: draw only the subtree under this node id")
	treeDepth := fs.Int("depth", 0, "tree picture: draw only this many levels below the root (0: all; trees over 10,000 nodes are cut to fit)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *treeDepth < 0 {
		return fmt.Errorf("--depth %d: use 0 for every level or a positive number: %w", *treeDepth, errUsage)
	}
	if *ef.out == "" {
		return fmt.Errorf("--out DIR is required: %w", errUsage)
	}
	specs := strings.EqualFold(*format, "json")
	var cf chart.Format
	if !specs {
		if cf, err = chart.ParseFormat(*format); err != nil {
			return fmt.Errorf("--format %s: %w: %w", kpitree.Quote(*format), err, errUsage)
		}
	}
	req := report.Request{Node: *node, Scenario: *ef.scenario, Theme: chart.Light, TreeRoot: *treeRoot, TreeDepth: *treeDepth}
	for _, name := range strings.Split(*charts, ",") {
		k, err := report.ParseKind(name)
		if err != nil {
			return fmt.Errorf("--charts: %s is not one of %s: %w", kpitree.Quote(strings.TrimSpace(name)), strings.Join(chartKinds(), ", "), errUsage)
		}
		req.Kinds = append(req.Kinds, k)
	}
	var jobs []chart.Job
	err = withWorkspace(file, *ef.readOnly, func(w *workspace.Workspace) error {
		if *treeRoot != "" {
			if _, ok := w.Node(*treeRoot); !ok {
				return fmt.Errorf("--root %s is not a node of the tree: %w", kpitree.Quote(*treeRoot), errUsage)
			}
		}
		bd, err := ef.builder(w)
		if err != nil {
			return err
		}
		jobs, err = bd.Build(ctx, req)
		return err
	})
	if err != nil {
		return err
	}
	ext := ".json"
	if !specs {
		ext = cf.Ext()
	}
	if !*ef.force {
		if there := chart.Existing(jobs, *ef.out, ext); len(there) > 0 {
			return fmt.Errorf("%s already exist(s); add --force to replace, or choose another --out: %w", strings.Join(there, ", "), errUsage)
		}
	}
	if err := os.MkdirAll(*ef.out, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var files []string
	if specs {
		files, err = writeSpecs(file, jobs, *ef.out)
	} else {
		// All or nothing: a chart that fails leaves no partial set behind.
		files, err = chart.BatchAll(ctx, jobs, *ef.out, cf, chart.SizeSlide(), nil)
	}
	if err != nil {
		return fmt.Errorf("export charts: %w", err)
	}
	for _, f := range files {
		fmt.Fprintln(s.out, f)
	}
	return nil
}

// writeSpecs writes each figure's spec as canonical JSON (report.SpecJSON)
// under the name Batch would give its picture, with ".json".
func writeSpecs(workspacePath string, jobs []chart.Job, dir string) ([]string, error) {
	var files []string
	for i, name := range chart.UniqueNames(jobs, ".json") {
		b, err := report.SpecJSON(jobs[i].Figure)
		if err != nil {
			return files, err
		}
		path := filepath.Join(dir, name)
		if err := writeOutput(workspacePath, path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	return files, nil
}
