package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// pairs is a repeatable KEY=VALUE flag (--map node=column, --agg column=rule).
type pairs struct {
	what string // "node=column" for messages
	m    map[string]string
}

func (p *pairs) String() string { return fmt.Sprint(p.m) }

func (p *pairs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" || v == "" {
		return fmt.Errorf("%s: write %s", kpitree.Quote(s), p.what)
	}
	if p.m == nil {
		p.m = map[string]string{}
	}
	if _, dup := p.m[k]; dup {
		return fmt.Errorf("%s is given twice", kpitree.Quote(k))
	}
	p.m[k] = v
	return nil
}

// importFlags are the parsed arguments of `kpitreectl import`.
type importFlags struct {
	workspace string
	opt       dataio.Options
	data      string
	dryRun    bool
	format    string
	lang      string
	mapping   pairs
}

func parseImportFlags(args []string) (*importFlags, error) {
	f := &importFlags{mapping: pairs{what: "node=column"}}
	agg := pairs{what: "column=sum|mean|last|first|max|min"}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by run
	fs.StringVar(&f.data, "data", "", "CSV, TSV or XLSX file to import (required)")
	fs.StringVar(&f.opt.Sheet, "sheet", "", "XLSX sheet (default: the first)")
	fs.Var(&f.mapping, "map", "bind a node to a column: node=column (repeatable)")
	fs.StringVar(&f.opt.Encoding, "encoding", "auto", "auto, utf-8, shift_jis or utf-16")
	fs.StringVar(&f.opt.Delimiter, "delimiter", "auto", "auto, comma, tab, semicolon or pipe")
	layout := fs.String("layout", "auto", "auto, wide (one column per metric) or long (metric,period,value)")
	fs.IntVar(&f.opt.HeaderRow, "header-row", 0, "1-based header row (0: detect)")
	fs.StringVar(&f.opt.PeriodColumn, "period-column", "", "header of the date/period column (default: detect)")
	freq := fs.String("freq", "", "aggregate to week, month, quarter or year (default: the workspace tree's; with --dry-run alone, the file's)")
	fy := fs.Int("fy-start", 4, "first month of the fiscal year (1–12)")
	dateOrder := fs.String("date-order", "auto", "dates written 05/01/2024: dmy (day first), mdy (month first) or auto (only when a date such as 20/01/2024 shows the order)")
	fs.Var(&agg, "agg", "aggregation rule for a column: column=sum|mean|last|first|max|min (repeatable; default: suggested from the column's name and unit: events sum, daily active users average, seats and balances take the last)")
	keep := fs.String("duplicates", "last", "rows with the same period: keep the first or last, or aggregate them (one row per account or event)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "read and report only; write nothing")
	fs.StringVar(&f.format, "format", "text", "report format: text or json")
	fs.StringVar(&f.lang, "lang", "", "language of the report: en or ja (default: the workspace's, else English)")
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %w", err, errUsage) // keeps flag.ErrHelp for run
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(positional) > 1:
		return nil, fmt.Errorf("one workspace FILE expected, got %q: %w", positional, errUsage)
	case len(positional) == 1:
		f.workspace = positional[0]
	case !f.dryRun:
		return nil, fmt.Errorf("the workspace FILE is missing (or use --dry-run): %w", errUsage)
	}
	if f.data == "" {
		return nil, fmt.Errorf("--data is required: %w", errUsage)
	}
	if f.format != "text" && f.format != "json" {
		return nil, fmt.Errorf("--format %s: use text or json: %w", kpitree.Quote(f.format), errUsage)
	}
	if *fy < 1 || *fy > 12 {
		return nil, fmt.Errorf("--fy-start %d: use a month 1–12: %w", *fy, errUsage)
	}
	f.opt.FiscalYearStart = time.Month(*fy)
	order, err := dataio.ParseDateOrder(*dateOrder)
	if err != nil {
		return nil, fmt.Errorf("--date-order: %w: %w", err, errUsage)
	}
	f.opt.DateOrder = order
	f.opt.Layout = dataio.Layout(*layout)
	f.opt.TargetFreq = kpitree.Freq(*freq)
	f.opt.Agg = agg.m
	f.opt.Mapping = f.mapping.m
	switch *keep {
	case "last":
	case "first":
		f.opt.Resolutions = append(f.opt.Resolutions, dataio.Resolution{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionKeepFirst})
	case "aggregate":
		f.opt.Resolutions = append(f.opt.Resolutions, dataio.Resolution{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionAggregate})
	default:
		return nil, fmt.Errorf("--duplicates %s: use first, last or aggregate: %w", kpitree.Quote(*keep), errUsage)
	}
	return f, nil
}

// runImport reads a data file, prints its quality report and, unless
// --dry-run, stores the dataset in the workspace and binds the mapped nodes.
func runImport(ctx context.Context, s streams, args []string) error {
	if usesSource(args) {
		return runImportQuery(ctx, s, args)
	}
	f, err := parseImportFlags(args)
	if err != nil {
		return err
	}
	if s.errTTY {
		f.opt.Progress = func(rows int) { fmt.Fprintf(s.err, "\rread %d rows", rows) }
	}
	if f.opt.TargetFreq == "" && f.workspace != "" {
		// Daily data bound to a weekly or monthly tree is aggregated to
		// the tree's periods, each column by its rule (--agg or the one
		// suggested from its name); data already at that frequency is
		// read as it is.
		if freq, err := treeFreq(f.workspace); err == nil {
			f.opt.TargetFreq = freq
		} else if !f.dryRun {
			return err
		}
	}
	tr, err := f.translator()
	if err != nil {
		return err
	}
	ds, rep, err := dataio.Read(ctx, f.data, f.opt)
	if s.errTTY {
		fmt.Fprint(s.err, "\r\033[K")
	}
	if err != nil {
		if errors.Is(err, dataio.ErrBadOption) {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
		return err
	}
	if f.format == "json" {
		err = printImportJSON(s.out, ds, rep)
	} else {
		err = printImportText(s.out, tr, filepath.Base(f.data), ds, rep)
	}
	if err != nil {
		return fmt.Errorf("print report: %w", err)
	}
	if rep.HasErrors() {
		return errors.New("the data has errors (see the report); fix them before importing")
	}
	if f.dryRun {
		return nil
	}
	res, err := importIntoWorkspace(ctx, f.workspace, ds, f.mapping.m)
	if err != nil {
		return fmt.Errorf("import into %s: %w", f.workspace, err)
	}
	if res.Refreshed {
		// JSON output stays one JSON document: the note goes to stderr.
		w := s.out
		if f.format == "json" {
			w = s.err
		}
		fmt.Fprintf(w, "%s was already the dataset %s: refreshed it (%s)\n", f.data, kpitree.Quote(res.ID), res.Diff)
	}
	return nil
}

// translator is the language of the report: --lang, else the
// workspace's, else English (a dry run of a file alone).
func (f *importFlags) translator() (*report.Translator, error) {
	lang := f.lang
	if lang == "" && f.workspace != "" {
		_ = withWorkspace(f.workspace, true, func(w *workspace.Workspace) error {
			lang = w.Settings().Lang
			return nil
		})
	}
	l, err := report.ParseLang(lang)
	if err != nil {
		return nil, fmt.Errorf("--lang: %w: %w", err, errUsage)
	}
	return report.For(l), nil
}

// treeFreq is the period of the workspace's tree (monthly when unset).
func treeFreq(file string) (kpitree.Freq, error) {
	var freq kpitree.Freq
	err := withWorkspace(file, true, func(w *workspace.Workspace) error {
		freq = w.Tree().Calendar.Freq
		return nil
	})
	if freq == "" {
		freq = kpitree.Month
	}
	return freq, err
}

// printImportText prints what was read as the import wizard says it: the
// summary sentence, the columns (how each combines into the tree's
// periods, how many values it has, the first and last) and the quality
// report, most serious first, with each issue's code for scripts.
func printImportText(w io.Writer, tr *report.Translator, file string, ds *dataio.Dataset, rep *dataio.Report) error {
	cols := report.Table{Note: tr.ImportSummary(file, ds, rep), Header: []string{tr.L("import.col_column"), tr.L("import.col_unit"),
		tr.L("import.col_agg"), tr.L("import.col_values"), tr.L("import.col_first"), tr.L("import.col_last")}}
	for _, c := range ds.Columns {
		n, first, last := observed(c.Values)
		agg := c.Agg
		if tr.Has("bind.agg." + agg) {
			agg = tr.L("bind.agg." + agg)
		}
		cols.Rows = append(cols.Rows, []string{c.Name, dash(tr.UnitText(c.Unit)), dash(agg), fmt.Sprintf("%d/%d", n, len(c.Values)), num(first), num(last)})
	}
	if err := cols.WriteText(w, true); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return tr.ImportIssuesTable(rep).WriteText(w, false)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', 8, 64)
}

func printImportJSON(w io.Writer, ds *dataio.Dataset, rep *dataio.Report) error {
	// dataio's Column and Issue write missing values as null.
	out := struct {
		Report  *dataio.Report  `json:"report"`
		Periods []string        `json:"periods"`
		Freq    kpitree.Freq    `json:"freq"`
		Columns []dataio.Column `json:"columns"`
		Summary string          `json:"summary"`
		Options dataio.Options  `json:"options"`
	}{Report: rep, Periods: ds.Labels(), Freq: ds.Calendar.Freq, Columns: ds.Columns, Summary: rep.String(), Options: ds.Options}
	return writeJSON(w, out)
}

// observed counts the values that are not missing (NaN) and returns the
// first and last of them; both NaN when there is none. The import summaries
// show it per column as VALUES n/len, FIRST, LAST.
func observed(values []float64) (n int, first, last float64) {
	first, last = math.NaN(), math.NaN()
	for _, v := range values {
		if !math.IsNaN(v) {
			if n == 0 {
				first = v
			}
			n, last = n+1, v
		}
	}
	return n, first, last
}
