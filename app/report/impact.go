package report

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Impact ranks the drivers of node ("" the root) by realistic movement
// over the planned fiscal year, from the first forecast period, on
// scenario's projection ("" the base): the one computation the tornado,
// the impact table and `kpitreectl impact` show. ranges are typed ranges
// by driver id; or nil.
func (bd *Builder) Impact(ctx context.Context, node, scenario string, ranges map[string]workspace.DriverRange) (*workspace.ImpactRanking, error) {
	r, err := bd.ws.ImpactRank(ctx, scenario, workspace.ImpactOptions{Node: bd.b.Node(node).ID,
		Window: bd.b.FYWindow(), From: bd.b.Hist, Ranges: ranges})
	if err != nil {
		return nil, fmt.Errorf("impact: %w", err)
	}
	return r, nil
}

// Tornado draws a ranking: one bar per driver from the node's value with
// the driver at the low end of its range to the high end, around the
// value in the ranking's scenario, named as that scenario. Nil when there
// are no drivers.
func (bd *Builder) Tornado(r *workspace.ImpactRanking, th chart.Theme) *chart.Tornado {
	if len(r.Rows) == 0 {
		return nil
	}
	tr, n := bd.tr, bd.b.Node(r.Node)
	tn := &chart.Tornado{Title: n.Name, Theme: th, Unit: tr.ChartUnit(n.Unit, tr.FiscalUnitLabel(n.Unit, bd.b.FY)),
		Subtitle: tr.L("report.tornado_subtitle", map[string]any{"FY": tr.FiscalLabel(bd.b.FY), "From": bd.b.Cal.Label(r.From)}),
		Base:     r.Base, BaseLabel: tr.ScenarioLabel(r.Scenario),
		LowLabel: tr.L("report.tornado_low"), HighLabel: tr.L("report.tornado_high"), Note: bd.TiesNote(r)}
	for _, row := range r.Rows {
		tn.Bars = append(tn.Bars, chart.Sensitivity{Label: rankedName(row), Low: row.Low, High: row.High})
	}
	return tn
}

// rankedName is a driver's name with its rank, "=" marking a tie: "2= 解約率".
func rankedName(row workspace.ImpactRow) string {
	tie := ""
	if row.Tied {
		tie = "="
	}
	return strconv.Itoa(row.Rank) + tie + " " + row.Name
}

// TiesNote says which drivers tie, one sentence per group; "" when none do.
func (bd *Builder) TiesNote(r *workspace.ImpactRanking) string {
	var notes []string
	for i := 0; i < len(r.Rows); {
		j := i + 1
		for j < len(r.Rows) && r.Rows[j].Tied && r.Rows[j].Rank == r.Rows[i].Rank {
			j++
		}
		if j-i > 1 {
			names := make([]string, 0, j-i)
			for _, row := range r.Rows[i:j] {
				names = append(names, row.Name)
			}
			sep := ", "
			if bd.tr.Japanese() {
				sep = "、"
			}
			notes = append(notes, bd.tr.L("report.tied", map[string]any{"Names": strings.Join(names, sep), "Node": bd.b.Node(r.Node).Name}))
		}
		i = j
	}
	return strings.Join(notes, " ")
}

// Table is a table of text ready to show or print: a header row and the
// rows, every cell formatted.
type Table struct {
	Header []string
	Rows   [][]string
	// Note is said under the table (ties); or "".
	Note string
}

// ImpactTable is the ranking as the impact pane's table and `kpitreectl
// impact` print it: rank ("2=" for a tie), driver, controllable, the
// driver's range over the window, the node's swing and the swing the team
// can act on, in the node's fiscal-year unit.
func (bd *Builder) ImpactTable(r *workspace.ImpactRanking) Table {
	tr, n := bd.tr, bd.b.Node(r.Node)
	t := Table{Header: []string{tr.L("report.col_rank"), tr.L("report.col_driver"), tr.L("report.col_control"),
		tr.L("report.col_range"),
		tr.L("report.col_swing", map[string]any{"Node": n.Name, "Unit": tr.FiscalUnitLabel(n.Unit, bd.b.FY)}),
		tr.L("report.col_score")}, Note: bd.TiesNote(r)}
	for _, row := range r.Rows {
		rank := strconv.Itoa(row.Rank)
		if row.Tied {
			rank += "="
		}
		ctl := tr.yesNo(row.Controllable)
		dn := bd.b.Node(row.Driver)
		rng := tr.FormatAmount(row.DriverLow, dn.Unit) + " – " + tr.FormatAmount(row.DriverHigh, dn.Unit) +
			" (" + tr.L("report.range_"+string(row.Source)) + ")"
		t.Rows = append(t.Rows, []string{rank, row.Name, ctl, rng,
			tr.FormatAmount(row.Swing, n.Unit), tr.FormatAmount(row.Score, n.Unit)})
	}
	return t
}

// yesNo says a controllable flag as the impact table does.
func (t *Translator) yesNo(b bool) string {
	if b {
		return t.L("report.yes")
	}
	return t.L("report.no")
}

// windowValue formats a node's value over an analysis window and names
// its unit: a total over a fiscal-year window ("¥113.5M", "JPY"), a
// per-period value otherwise ("JPY/month").
func (t *Translator) windowValue(unit string, fiscal bool) (format func(float64) string, label string) {
	if fiscal {
		return func(v float64) string { return t.FormatAmount(v, unit) }, t.UnitText(TotalUnit(unit))
	}
	return func(v float64) string { return t.FormatValue(v, unit) }, t.PeriodUnitLabel(unit)
}

// AttributionTable explains a change of a node as `kpitreectl impact
// --scenario` (or --from/--to) prints it, the numbers of the app's
// waterfall: each driver's contribution in the node's unit (a total over a
// fiscal-year window, per period otherwise), its share of the change and
// whether the team controls it. Its note is the change itself
// ("Add-on revenue: ¥113.5M → ¥121.0M (change +¥7.5M)").
func (bd *Builder) AttributionTable(a *kpitree.Attribution, fiscal bool) Table {
	tr, n := bd.tr, bd.b.Node(a.Node)
	value, unit := tr.windowValue(n.Unit, fiscal)
	t := Table{Header: []string{tr.L("report.col_driver"), tr.L("report.col_control"),
		tr.L("report.col_contribution", map[string]any{"Unit": unit}), tr.L("report.col_share")},
		Note: tr.L("report.attribution_line", map[string]any{"Node": n.Name, "Base": value(a.Base), "Next": value(a.Next), "Change": withPlus(value(a.Change), a.Change)})}
	for _, p := range a.Parts {
		share := strconv.FormatFloat(100*p.Share, 'f', 1, 64) + "%"
		if a.NoChange {
			share = "–" // no share of a change that is zero as shown
		}
		name := cmp.Or(p.Name, bd.b.Node(p.Node).Name)
		t.Rows = append(t.Rows, []string{name, tr.yesNo(p.Controllable), withPlus(value(p.Value), p.Value), share})
	}
	return t
}

// SensitivityTable ranks the drivers of the root by how much it swings
// when each moves by ±pct percent, as `kpitreectl impact --sensitivity`
// prints them: rank, driver, controllable, the swing in the root's unit
// and the elasticity.
func (bd *Builder) SensitivityTable(rows []kpitree.DriverRank, pct float64, fiscal bool) Table {
	tr, n := bd.tr, bd.b.Node("")
	value, unit := tr.windowValue(n.Unit, fiscal)
	t := Table{Header: []string{tr.L("report.col_rank"), tr.L("report.col_driver"), tr.L("report.col_control"),
		tr.L("report.col_sensitivity", map[string]any{"Node": n.Name, "Pct": strconv.FormatFloat(pct, 'g', -1, 64), "Unit": unit}),
		tr.L("report.col_elasticity")}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{strconv.Itoa(r.Rank), cmp.Or(r.Name, bd.b.Node(r.Driver).Name), tr.yesNo(r.Controllable),
			value(r.Impact), strconv.FormatFloat(r.Elasticity, 'f', 3, 64)})
	}
	return t
}
