package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/workspace"
)

// usesSource reports whether import was called with --source (a database
// query) rather than --data (a file).
func usesSource(args []string) bool {
	for _, a := range args {
		if a == "--source" || a == "-source" || strings.HasPrefix(a, "--source=") || strings.HasPrefix(a, "-source=") {
			return true
		}
	}
	return false
}

// valueFlag is a repeatable --value column[:agg[:name]].
type valueFlag []source.Value

func (v *valueFlag) String() string { return fmt.Sprint(*v) }

func (v *valueFlag) Set(s string) error {
	parts := strings.Split(s, ":")
	if len(parts) > 3 || parts[0] == "" {
		return fmt.Errorf("%q: write column[:agg[:name]]", s)
	}
	val := source.Value{Column: parts[0], Agg: source.AggSum}
	if len(parts) > 1 && parts[1] != "" {
		val.Agg = parts[1]
	}
	if len(parts) > 2 {
		val.Name = parts[2]
	}
	*v = append(*v, val)
	return nil
}

// runImportQuery is `import FILE --source NAME …`: the dataset is a query
// the database aggregates to the workspace calendar.
func runImportQuery(ctx context.Context, s streams, args []string) error {
	fs := newFlags("import")
	var spec source.Spec
	var values valueFlag
	agg := pairs{what: "column=" + strings.Join(source.Aggregates(), "|")}
	mapping := pairs{what: "node=column"}
	fs.StringVar(&spec.Conn, "source", "", "stored connection NAME (kpitreectl source add)")
	fs.StringVar(&spec.SQL, "query", "", "SQL: the period column first, then value columns; may use :from and :to")
	queryFile := fs.String("query-file", "", "read the SQL from a file (- for stdin)")
	fs.StringVar(&spec.Table, "table", "", "table (schema.table) for the table form")
	fs.StringVar(&spec.DateColumn, "date-column", "", "date or timestamp column of --table")
	fs.Var(&values, "value", "value column of --table: column[:"+strings.Join(source.Aggregates(), "|")+"[:name]] (repeatable; default agg sum)")
	fs.Var(&agg, "agg", "aggregate of a --query column: column=agg (default: by name; rates average, customers last)")
	fs.StringVar(&spec.From, "from", "", "first period (2024-04), inclusive")
	fs.StringVar(&spec.To, "to", "", "end period (2025-04), exclusive")
	name := fs.String("name", "", "dataset name (default: the table or connection)")
	fs.Var(&mapping, "map", "bind a node to a column: node=column (repeatable; default: match by name)")
	onOpen := fs.Bool("refresh-on-open", false, "refresh this dataset whenever the app opens the workspace")
	dryRun := fs.Bool("dry-run", false, "fetch and report only; write nothing")
	format := fs.String("format", "text", "report format: text or json")
	pos, err := parseExactly(fs, args, 1, "one workspace FILE")
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if *queryFile != "" {
		var b []byte
		if *queryFile == "-" {
			b, err = io.ReadAll(s.in)
		} else {
			b, err = os.ReadFile(*queryFile)
		}
		if err != nil {
			return fmt.Errorf("read the query: %w", err)
		}
		spec.SQL = string(b)
	}
	spec.Values, spec.Agg = values, agg.m
	if err := spec.Validate(); err != nil {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	file := pos[0]
	var p *workspace.QueryPreview
	opt := workspace.QueryOptions{Name: *name, Mapping: mapping.m, RefreshOnOpen: *onOpen, PreviewRows: 1}
	if err := withWorkspace(file, true, func(w *workspace.Workspace) error {
		p, err = w.PreviewQuery(ctx, spec, opt)
		return err
	}); err != nil {
		return err
	}
	if *format == "json" {
		err = printQueryJSON(s.out, p)
	} else {
		err = printQueryText(s.out, p)
	}
	if err != nil {
		return fmt.Errorf("print report: %w", err)
	}
	if p.Report.HasErrors() {
		return errors.New("the data has errors (see the report); fix the query before importing")
	}
	if *dryRun {
		return nil
	}
	return withWorkspace(file, false, func(w *workspace.Workspace) error {
		// The preview was taken on a read-only open; take it again on the
		// writable one so the commit is checked against the current file.
		p, err := w.PreviewQuery(ctx, spec, opt)
		if err != nil {
			return err
		}
		_, err = w.CommitPreview(p.ImportPreview, p.Suggested)
		return err
	})
}

func printQueryText(w io.Writer, p *workspace.QueryPreview) error {
	ds, rep := &p.Dataset, p.Report
	fmt.Fprintf(w, "source:   %s\n", rep.Source)
	fmt.Fprintf(w, "rows:     %d database rows aggregated in the database to %d %s periods\n", p.SourceRows, ds.Calendar.Periods, ds.Calendar.Freq)
	if ds.Calendar.Periods > 0 {
		d := dataio.Dataset{Calendar: ds.Calendar}
		l := d.Labels()
		fmt.Fprintf(w, "calendar: %s … %s\n", l[0], l[len(l)-1])
	}
	fmt.Fprintf(w, "\ncolumns:\n")
	rows := [][]string{{"NAME", "UNIT", "VALUES", "FIRST", "LAST"}}
	for _, c := range ds.Columns {
		n, first, last := observed(c.Values)
		rows = append(rows, []string{c.Name, dash(c.Unit), fmt.Sprintf("%d/%d", n, len(c.Values)), num(first), num(last)})
	}
	writeAligned(w, "  ", rows)
	if len(p.Suggested) > 0 {
		fmt.Fprintf(w, "\nbindings:\n")
		rows = [][]string{}
		for _, b := range p.Suggested {
			rows = append(rows, []string{b.Node, "←", b.Column})
		}
		writeAligned(w, "  ", rows)
	}
	fmt.Fprintf(w, "\nreport: %s\n", rep)
	rows = [][]string{}
	for _, is := range rep.Issues {
		rows = append(rows, []string{string(is.Severity), string(is.Code), strings.TrimSpace(is.Column + " " + is.Period), is.Message})
	}
	writeAligned(w, "  ", rows)
	return nil
}

func printQueryJSON(w io.Writer, p *workspace.QueryPreview) error {
	d := dataio.Dataset{Calendar: p.Dataset.Calendar}
	type col struct {
		Name   string     `json:"name"`
		Unit   string     `json:"unit,omitempty"`
		Values []*float64 `json:"values"`
	}
	out := struct {
		Source     string              `json:"source"`
		SourceRows int64               `json:"source_rows"`
		SQL        string              `json:"sql"`
		Periods    []string            `json:"periods"`
		Columns    []col               `json:"columns"`
		Bindings   []workspace.Binding `json:"bindings"`
		Report     *dataio.Report      `json:"report"`
		Summary    string              `json:"summary"`
	}{Source: p.Report.Source, SourceRows: p.SourceRows, SQL: p.SQL, Periods: d.Labels(), Bindings: p.Suggested, Report: p.Report, Summary: p.Report.String()}
	for _, c := range p.Dataset.Columns {
		out.Columns = append(out.Columns, col{Name: c.Name, Unit: c.Unit, Values: jsonNumbers(c.Values)})
	}
	return writeJSON(w, out)
}
