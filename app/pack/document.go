package pack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// Document is a review pack: what the HTML and the PDF both show, already
// in one language.
type Document struct {
	Lang report.Lang
	// Title names the pack ("Monthly KPI review: Add-on revenue").
	Title string
	// Facts are the short lines under the title: the data's last period,
	// the fiscal year, the file and when the pack was made.
	Facts    []string
	Sections []Section
}

// Section is one heading with what stands under it, in this order: its
// paragraphs, its table, its figure.
type Section struct {
	Heading string
	Text    []string
	Table   *report.Table
	// Numeric marks the table's columns that hold numbers (right-aligned).
	Numeric []bool
	// Figure is drawn as vector graphics in HTML and as a picture in the
	// PDF; FigureAlt describes it for screen readers.
	Figure    chart.Figure
	FigureAlt string
}

// Options say what goes into the pack.
type Options struct {
	// Lang is the pack's language.
	Lang report.Lang
	// Now stamps the pack; zero means time.Now. Tests fix it so two packs
	// of the same workspace are byte-identical.
	Now time.Time
	// Period and Vs choose the variance bridge as `kpitreectl review`
	// takes them ("2026-04", "FY2026-YTD"; "plan:NAME", "forecast",
	// "prior", "yoy"); "" is the last month with data against the newest
	// plan version (the forecast made before the month without a plan).
	Period, Vs string
}

// Build gathers the pack of ws. It forecasts what is not cached yet, so it
// can take seconds on a big workspace; ctx cancels it.
func Build(ctx context.Context, ws *workspace.Workspace, opt Options) (*Document, error) {
	tr := report.For(opt.Lang)
	bd, err := report.NewBuilder(ws, tr)
	if err != nil {
		return nil, fmt.Errorf("review pack: %w", err)
	}
	b := bd.Basis()
	root := b.Node("")
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	doc := &Document{Lang: opt.Lang, Title: tr.L("pack.title", map[string]any{"Root": root.Name})}
	last := "-"
	if b.Hist > 0 {
		last = b.Cal.Label(b.Hist - 1)
	}
	doc.Facts = []string{
		tr.L("pack.fact_data", map[string]any{"Period": last}),
		tr.L("pack.fact_fy", map[string]any{"FY": tr.FiscalLabel(b.FY)}),
		tr.L("pack.fact_file", map[string]any{"File": filepath.Base(ws.Path())}),
		tr.L("pack.fact_made", map[string]any{"Date": now.Format("2006-01-02 15:04")}),
	}
	kpis := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		return kpiSection(ctx, ws, bd)
	}
	alerts := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		return alertsSection(ctx, ws, bd)
	}
	bridge := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		return bridgeSection(ctx, ws, bd, opt)
	}
	worth := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		return worthSection(ctx, ws, bd)
	}
	forecast := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		s, ok, err := forecastSection(ctx, bd)
		if ok && err == nil {
			err = addPlanLine(ws, bd, opt, &s)
		}
		return s, ok, err
	}
	notes := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		return notesSection(ctx, ws, bd)
	}
	initiatives := func(ctx context.Context, bd *report.Builder) (Section, bool, error) {
		return initiativesSection(ctx, ws, bd)
	}
	steps := []func(context.Context, *report.Builder) (Section, bool, error){kpis, bridge, worth, alerts,
		initiatives, notes, treeSection, forecast, impactSection}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s, ok, err := step(ctx, bd)
		if err != nil {
			return nil, fmt.Errorf("review pack: %w", err)
		}
		if ok {
			doc.Sections = append(doc.Sections, s)
		}
	}
	return doc, nil
}

// kpiSection lists every KPI with a fiscal-year target: its FY value
// (flows summed, stocks at the year's end, ratios over the year), the
// target and the status — where each KPI stands.
func kpiSection(ctx context.Context, ws *workspace.Workspace, bd *report.Builder) (Section, bool, error) {
	tr, b := bd.Translator(), bd.Basis()
	rows, err := ws.FiscalYear(ctx, "", b.FY)
	if err != nil {
		return Section{}, false, err
	}
	s := Section{Heading: tr.L("pack.kpis"), Table: &report.Table{Header: []string{tr.L("pack.col_kpi"), tr.L("pack.col_owner"),
		tr.L("pack.col_fy_value", map[string]any{"FY": tr.FiscalLabel(b.FY)}), tr.L("pack.col_fy_target"), tr.L("pack.col_status"),
		tr.L("pack.col_control")}}, Numeric: []bool{false, false, true, true, false, false}}
	for _, r := range rows {
		if !r.HasTarget {
			continue
		}
		n := b.Node(r.ID)
		ctl := tr.L("report.no")
		if n.Controllable {
			ctl = tr.L("report.yes")
		}
		status := tr.ProgressText(r.Status)
		if status == "" {
			status = "-"
		}
		s.Table.Rows = append(s.Table.Rows, []string{r.Name, dash(n.Owner), tr.FormatFiscal(r.Value, r.Unit, r.Agg.Kind),
			tr.FormatFiscal(r.Target, r.Unit, r.Agg.Kind), status, ctl})
	}
	if len(s.Table.Rows) == 0 {
		s.Table = nil
		s.Text = []string{tr.L("pack.no_targets")}
	}
	return s, true, nil
}

// treeSection is the tree picture with each box's status.
func treeSection(ctx context.Context, bd *report.Builder) (Section, bool, error) {
	tr := bd.Translator()
	fig, err := bd.TreePicture(ctx, "", chart.Light)
	if err != nil {
		return Section{}, false, err
	}
	return Section{Heading: tr.L("pack.tree"), Figure: fig, FigureAlt: tr.L("pack.tree_alt")}, true, nil
}

// forecastSection is the root's fan chart: history, forecast and bands.
func forecastSection(ctx context.Context, bd *report.Builder) (Section, bool, error) {
	tr := bd.Translator()
	jobs, err := bd.Build(ctx, report.Request{Kinds: []report.Kind{report.Fan}, Scenario: "", Theme: chart.Light})
	if err != nil {
		return Section{}, false, err
	}
	if len(jobs) == 0 {
		return Section{}, false, nil
	}
	root := bd.Basis().Node("")
	s := Section{Heading: tr.L("pack.forecast", map[string]any{"Root": root.Name}), Figure: jobs[0].Figure,
		Text: []string{tr.L("pack.forecast_text")}, FigureAlt: tr.L("pack.forecast_alt", map[string]any{"Root": root.Name})}
	return s, true, nil
}

// impactSection ranks the root's drivers by realistic movement over the
// fiscal year, as the impact pane and `kpitreectl impact` do.
func impactSection(ctx context.Context, bd *report.Builder) (Section, bool, error) {
	tr := bd.Translator()
	r, err := bd.Impact(ctx, "", "", nil)
	if err != nil {
		return Section{}, false, err
	}
	if len(r.Rows) == 0 {
		return Section{}, false, nil
	}
	t := bd.ImpactTable(r)
	s := Section{Heading: tr.L("pack.impact"), Table: &t, Numeric: []bool{false, false, false, false, true, true},
		FigureAlt: tr.L("pack.impact_alt")}
	if tn := bd.Tornado(r, chart.Light); tn != nil {
		s.Figure = tn
	}
	return s, true, nil
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// ErrFormat is returned by Write for a path that is neither .html nor .pdf.
var ErrFormat = errors.New("a review pack is written as .html or .pdf")

// Format is how a pack is written.
type Format int

// The formats.
const (
	HTML Format = iota + 1
	PDF
)

// FormatOf is the format a pack written to path takes, from its extension
// (.html, .htm or .pdf, any case); an error wrapping ErrFormat otherwise.
// Callers check a path with it before the (slow) Build.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return HTML, nil
	case ".pdf":
		return PDF, nil
	}
	return 0, fmt.Errorf("%s: %w", filepath.Base(path), ErrFormat)
}

// Write writes doc to w as HTML or PDF, chosen by path's extension (the
// file the user named; its folder is not touched). stamp dates the PDF.
func Write(w io.Writer, doc *Document, path string, stamp time.Time) error {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	if f == PDF {
		return WritePDF(w, doc, stamp)
	}
	return WriteHTML(w, doc)
}
