package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// runExportData writes every node's series over history and forecast
// horizon (base, and a scenario when asked) as CSV or XLSX.
func runExportData(ctx context.Context, s streams, args []string) error {
	fs := newFlags("export-data")
	out := fs.String("out", "", "file to write: .csv or .xlsx (required)")
	scenario := fs.String("scenario", "", "also export this scenario")
	readOnly := fs.Bool("read-only", false, "open read-only (forecasts are not cached)")
	// UTF-8 with a BOM is what Excel on Japanese Windows opens without
	// garbling; Shift_JIS is for older tools that read nothing else.
	encoding := fs.String("encoding", dataio.EncodingUTF8, "CSV text encoding: utf-8 (with BOM, for Excel) or shift_jis")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".csv" && ext != ".xlsx" {
		return fmt.Errorf("--out %q: give a .csv or .xlsx file name: %w", *out, errUsage)
	}
	enc := strings.ToLower(strings.ReplaceAll(*encoding, "-", "_"))
	switch enc {
	case "utf_8", "utf8":
		enc = dataio.EncodingUTF8
	case "shift_jis", "sjis", "cp932":
		enc = dataio.EncodingShiftJIS
	default:
		return fmt.Errorf("--encoding %q: use utf-8 or shift_jis: %w", *encoding, errUsage)
	}
	if enc != dataio.EncodingUTF8 && ext != ".csv" {
		return fmt.Errorf("--encoding applies to .csv only (XLSX is always Unicode): %w", errUsage)
	}
	var tables []dataio.Table
	err = withWorkspace(file, *readOnly, func(w *workspace.Workspace) error {
		for _, sc := range []string{"", *scenario} {
			if sc == "" && len(tables) > 0 {
				continue
			}
			st, err := w.Projection(ctx, sc)
			if err != nil {
				return err
			}
			name := sc
			if name == "" {
				name = "base"
			}
			tables = append(tables, projectionTable(st, name))
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = writeOutput(file, *out, func(f io.Writer) error {
		if ext == ".csv" {
			return dataio.WriteCSV(f, tables, dataio.CSVOptions{BOM: true, Encoding: enc})
		}
		return dataio.WriteXLSX(f, tables, dataio.XLSXOptions{Dates: true})
	})
	if err != nil {
		return fmt.Errorf("export data: %w", err)
	}
	fmt.Fprintf(s.out, "wrote %s\n", *out)
	return nil
}

// projectionTable turns a projection into an export table, one column per
// node in tree order.
func projectionTable(st *kpitree.State, sheet string) dataio.Table {
	p := st.Program()
	cal := p.Tree().Calendar
	t := dataio.Table{Sheet: sheet}
	for i := range st.Periods() {
		t.Periods = append(t.Periods, cal.Label(i))
		t.Starts = append(t.Starts, cal.Time(i))
	}
	for i := range p.Len() {
		n := p.Node(i)
		t.Columns = append(t.Columns, dataio.Series{Name: n.ID, Unit: n.Unit, Values: append([]float64(nil), st.Column(i)...)})
	}
	return t
}

// chartKinds are the figures `export` can draw.
func chartKinds() []string { return []string{"fan", "compare", "waterfall", "tornado", "tree"} }

// runExport draws the workspace's charts into a directory.
func runExport(ctx context.Context, s streams, args []string) error {
	fs := newFlags("export")
	out := fs.String("out", "", "directory to write the charts into (required)")
	format := fs.String("format", "png", "png, svg or pdf")
	charts := fs.String("charts", strings.Join(chartKinds(), ","), "comma-separated: "+strings.Join(chartKinds(), ", "))
	scenario := fs.String("scenario", "", "scenario for compare, waterfall and tornado (default: all for compare, the first for waterfall)")
	readOnly := fs.Bool("read-only", false, "open read-only (forecasts are not cached)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("--out DIR is required: %w", errUsage)
	}
	cf, err := chart.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("--format %q: %w: %w", *format, err, errUsage)
	}
	want := map[string]bool{}
	for _, k := range strings.Split(*charts, ",") {
		k = strings.TrimSpace(k)
		if !contains(chartKinds(), k) {
			return fmt.Errorf("--charts: %q is not one of %s: %w", k, strings.Join(chartKinds(), ", "), errUsage)
		}
		want[k] = true
	}
	var jobs []chart.Job
	err = withWorkspace(file, *readOnly, func(w *workspace.Workspace) error {
		jobs, err = chartJobs(ctx, w, want, *scenario)
		return err
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	files, err := chart.Batch(ctx, jobs, *out, cf, chart.SizeSlide(), nil)
	if err != nil {
		return fmt.Errorf("export charts: %w", err)
	}
	for _, f := range files {
		fmt.Fprintln(s.out, f)
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// chartUnit maps a node unit to a chart unit numbered with num.
func chartUnit(n kpitree.Node, num chart.Numbering) chart.Unit {
	var u chart.Unit
	switch {
	case n.Unit == "%":
		u = chart.Percent(n.Name)
	case strings.HasPrefix(n.Unit, "JPY"):
		u = chart.Yen(n.Name + " (" + n.Unit + ")")
	default:
		u = chart.Count(n.Name)
	}
	u.Numbering = num
	return u
}

// chartNumbering writes chart numbers in 万/億 for a Japanese workspace
// (Settings.Lang "ja"), as its planners' decks do, and with thousands
// separators otherwise.
func chartNumbering(lang string) chart.Numbering {
	if lang == "ja" {
		return chart.NumberingJapanese
	}
	return chart.NumberingWestern
}

func chartPeriod(cal kpitree.Calendar) chart.Period {
	p := chart.Period{Start: cal.Start, FiscalYearStart: cal.FiscalYearStart}
	switch cal.Freq {
	case kpitree.Quarter:
		p.Freq = chart.Quarterly
	case kpitree.Week:
		p.Freq = chart.Weekly
	case kpitree.Day:
		p.Freq = chart.Daily
	case kpitree.Year:
		p.Freq = chart.Yearly
	}
	return p
}

// chartJobs builds the requested figures for the root.
func chartJobs(ctx context.Context, w *workspace.Workspace, want map[string]bool, scenario string) ([]chart.Job, error) {
	t := w.Tree()
	root := kpitree.Node{ID: t.Root, Name: t.Root}
	for _, n := range t.Nodes {
		if n.ID == t.Root {
			root = n
		}
	}
	var scen []string
	if scenario != "" {
		scen = []string{scenario}
	}
	sim, err := w.Simulate(ctx, workspace.SimulateOptions{Scenarios: scen, Quantiles: []float64{0.025, 0.1, 0.5, 0.9, 0.975}})
	if err != nil {
		return nil, err
	}
	cal := sim.Calendar
	hist := cal.Periods
	num := chartNumbering(w.Settings().Lang)
	period, unit := chartPeriod(cal), chartUnit(root, num)
	base := sim.Runs[0]
	var jobs []chart.Job
	if want["fan"] {
		fan := &chart.FanChart{Title: root.Name, Period: period, Unit: unit, Actual: base.Series[root.ID][:hist]}
		if bands := base.Bands[root.ID]; len(bands) > 0 {
			b := chart.Band{Start: hist}
			for _, q := range bands {
				b.Lo95, b.Lo80, b.Median, b.Hi80, b.Hi95 = append(b.Lo95, q[0]), append(b.Lo80, q[1]), append(b.Median, q[2]), append(b.Hi80, q[3]), append(b.Hi95, q[4])
			}
			fan.Forecast = b
		}
		jobs = append(jobs, chart.Job{Node: root.ID, Figure: fan})
	}
	if want["compare"] && len(sim.Runs) > 1 {
		cmp := &chart.ScenarioCompare{Title: root.Name, Period: period, Unit: unit, Actual: base.Series[root.ID][:hist],
			Base: chart.Line{Name: "Base", Start: hist, Values: base.Series[root.ID][hist:]}}
		for _, r := range sim.Runs[1:] {
			cmp.Scenarios = append(cmp.Scenarios, chart.Line{Name: r.Scenario, Start: hist, Values: r.Series[root.ID][hist:]})
		}
		jobs = append(jobs, chart.Job{Node: root.ID, Figure: cmp})
	}
	fy := kpitree.Window{FiscalYear: cal.FiscalYear(hist)}
	if want["waterfall"] && len(sim.Runs) > 1 {
		name := sim.Runs[1].Scenario
		a, err := w.Attribute(ctx, name, fy, kpitree.AttributionOptions{})
		if err != nil {
			return nil, err
		}
		wf := &chart.Waterfall{Title: root.Name, Subtitle: kpitree.FiscalLabel(fy.FiscalYear), Unit: unit,
			StartLabel: "Base", EndLabel: name, Start: a.Base, End: a.Next}
		for _, p := range a.Parts {
			wf.Parts = append(wf.Parts, chart.Contribution{Label: p.Name, Value: p.Value})
		}
		jobs = append(jobs, chart.Job{Node: root.ID, Scenario: name, Figure: wf})
	}
	if want["tornado"] {
		rows, err := w.Sensitivity(ctx, scenario, kpitree.SensitivityOptions{Window: fy, Delta: 0.1, From: hist})
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			tn := &chart.Tornado{Title: root.Name, Subtitle: kpitree.FiscalLabel(fy.FiscalYear) + " ±10 %", Unit: unit, Base: rows[0].Base,
				LowLabel: "Driver −10 %", HighLabel: "Driver +10 %"}
			for _, r := range rows {
				tn.Bars = append(tn.Bars, chart.Sensitivity{Label: r.Name, Low: r.Low, High: r.High})
			}
			jobs = append(jobs, chart.Job{Node: root.ID, Scenario: scenario, Figure: tn})
		}
	}
	if want["tree"] {
		tp, err := treePicture(ctx, w, scenario, fy, num)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, chart.Job{Node: root.ID, Scenario: scenario, Figure: tp})
	}
	return jobs, nil
}

// treePicture draws the tree reachable from the root with each node's
// fiscal-year value on the base projection, and its change in the
// scenario when one is named, numbered with num. A node used by several
// parents is drawn under the first one met from the root.
func treePicture(ctx context.Context, w *workspace.Workspace, scenario string, fy kpitree.Window, num chart.Numbering) (*chart.TreePicture, error) {
	base, err := w.Projection(ctx, "")
	if err != nil {
		return nil, err
	}
	var next *kpitree.State
	if scenario != "" {
		if next, err = w.Projection(ctx, scenario); err != nil {
			return nil, err
		}
	}
	p := base.Program()
	t := p.Tree()
	from, to := t.Calendar.FiscalPeriods(fy.FiscalYear)
	to = min(to, base.Periods())
	value := func(st *kpitree.State, i int) float64 {
		if st == nil || from < 0 || from >= to {
			return math.NaN()
		}
		col := st.Column(i)[from:to]
		switch n := p.Node(i); {
		case n.Aggregation == "last":
			return col[len(col)-1]
		case n.Aggregation == "mean" || (n.Aggregation == "" && n.Unit == "%"):
			sum := 0.0
			for _, v := range col {
				sum += v
			}
			return sum / float64(len(col))
		}
		sum := 0.0
		for _, v := range col {
			sum += v
		}
		return sum
	}
	root := p.Index(t.Root)
	if root < 0 {
		return nil, fmt.Errorf("draw the tree: the root %q is not a node; fix it with 'kpitreectl check'", t.Root)
	}
	tp := &chart.TreePicture{Title: t.Name, Subtitle: kpitree.FiscalLabel(fy.FiscalYear)}
	parent := map[int]int{root: -1}
	queue := []int{root}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		n := p.Node(i)
		tn := chart.TreeNode{ID: n.ID, Name: n.Name, Unit: chartUnit(n, num), Value: value(base, i), Delta: math.NaN(), DeltaRel: math.NaN(), Op: formulaOp(n.Formula)}
		if pi := parent[i]; pi >= 0 {
			tn.Parent = p.ID(pi)
		}
		if next != nil {
			v := value(next, i)
			tn.Delta, tn.DeltaLabel = v-tn.Value, "vs base"
			if tn.Value != 0 {
				tn.DeltaRel = tn.Delta / math.Abs(tn.Value)
			}
		}
		tp.Nodes = append(tp.Nodes, tn)
		for _, c := range p.ChildIndexes(i) {
			if _, seen := parent[c]; !seen {
				parent[c] = i
				queue = append(queue, c)
			}
		}
	}
	return tp, nil
}

// formulaOp is the operator drawn where a node's children branch: "×" for
// a pure product, "+" for a pure sum, "÷" for a ratio; "" otherwise.
func formulaOp(f string) string {
	has := func(c string) bool { return strings.Contains(f, c) }
	switch {
	case f == "":
		return ""
	case has("*") && !has("+") && !has("-") && !has("/"):
		return "×"
	case has("+") && !has("*") && !has("-") && !has("/"):
		return "+"
	case has("/") && !has("*") && !has("+") && !has("-"):
		return "÷"
	}
	return ""
}
