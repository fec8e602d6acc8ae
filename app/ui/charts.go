package ui

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// ChartKind names one of the figures the charts pane and the export dialog
// offer (report.Kind).
type ChartKind = report.Kind

// The chart kinds, in tab order.
const (
	ChartFan       = report.Fan
	ChartCompare   = report.Compare
	ChartWaterfall = report.Waterfall
	ChartTornado   = report.Tornado
	ChartTree      = report.Tree
)

// ChartKinds lists every kind in tab order.
func ChartKinds() []ChartKind { return report.Kinds() }

// ChartRequest says which figures to build (report.Request).
type ChartRequest = report.Request

// uiTranslator is app/report's translator for the language the UI shows:
// the one whose translations Fyne's lang package resolved (the
// "format.number_style" key tells them apart), so a figure's text and the
// widgets around it are in one language.
func uiTranslator() *report.Translator {
	if lang.L("format.number_style") == "man-oku" {
		return report.For(report.Japanese)
	}
	return report.For(report.English)
}

// basis is what every analysis needs to know about a workspace: the tree,
// its calendar, the history length and the fiscal year being planned
// (report.Basis, with the field names the panes use).
type basis struct {
	tree kpitree.Tree
	cal  kpitree.Calendar
	hist int
	// fy is the fiscal year that contains the first forecast period.
	fy int
	rb *report.Basis
}

func newBasis(ws *workspace.Workspace) (*basis, error) {
	rb, err := report.NewBasis(ws)
	if err != nil {
		return nil, err
	}
	return &basis{tree: rb.Tree, cal: rb.Cal, hist: rb.Hist, fy: rb.FY, rb: rb}, nil
}

// node returns the node id ("" = root), with its id as name if unnamed.
func (b *basis) node(id string) kpitree.Node { return b.rb.Node(id) }

func (b *basis) name(id string) string { return b.node(id).Name }

// fyWindow is the planned fiscal year as an analysis window.
func (b *basis) fyWindow() kpitree.Window { return b.rb.FYWindow() }

// fyLabel names the planned fiscal year in the user's language.
func (b *basis) fyLabel() string { return fiscalLabel(b.fy) }

// fiscalLabel is "FY2025" or "2025年度".
func fiscalLabel(fy int) string { return uiTranslator().FiscalLabel(fy) }

// chartUnit is how a chart writes a node's per-period values in the UI
// language (report.Translator.ChartUnit).
func chartUnit(n kpitree.Node) chart.Unit {
	tr := uiTranslator()
	return tr.ChartUnit(n.Unit, tr.PeriodUnitLabel(n.Unit))
}

// chartPeriod maps a calendar to the charts' x axis.
func chartPeriod(cal kpitree.Calendar) chart.Period { return uiTranslator().Period(cal) }

// scenarioLabel is the display name of a scenario ("" = base).
func scenarioLabel(name string) string { return uiTranslator().ScenarioLabel(name) }

// BuildCharts builds the requested figures with app/report in the UI
// language: exactly the specs `kpitreectl export` draws for the same
// request.
func BuildCharts(ctx context.Context, ws *workspace.Workspace, req ChartRequest) ([]chart.Job, error) {
	bd, err := report.NewBuilder(ws, uiTranslator())
	if err != nil {
		return nil, err
	}
	return bd.Build(ctx, req)
}
