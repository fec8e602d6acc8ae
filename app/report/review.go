package report

import (
	"strconv"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// The review figures: the variance bridge as a table and a waterfall, plan
// versions and what each KPI is worth, laid out once for the CLI's review,
// plan and worth commands and the Review pane. They take the workspace's
// results as they are and only format them.

// WindowLabel names a bridge window in the language: "2026-03",
// "2025-Q4", "FY2025", "FY2025 to date (2025-04 – 2026-03)".
func (t *Translator) WindowLabel(p workspace.BridgePeriod) string {
	switch p.Kind {
	case workspace.PeriodFY:
		return t.FiscalLabel(p.FiscalYear)
	case workspace.PeriodFYTD:
		return t.L("review.window_fytd", map[string]any{"FY": t.FiscalLabel(p.FiscalYear), "From": p.FromLabel, "To": p.ThroughLabel})
	case workspace.PeriodQuarter:
		if p.FiscalYear != 0 {
			return t.L("review.window_fyq", map[string]any{"Label": p.Label, "From": p.FromLabel, "To": p.ThroughLabel})
		}
		return t.L("review.window_span", map[string]any{"Label": p.Label, "From": p.FromLabel, "To": p.ThroughLabel})
	}
	return p.Label
}

// RefLabel names what a bridge compares with: "plan FY2026 v1", "forecast
// made with data to 2025-09", "prior period (2026-02)", "a year before
// (2025-03)".
func (t *Translator) RefLabel(b *workspace.Bridge) string {
	switch b.Ref {
	case workspace.RefPlan:
		return t.L("review.ref_plan", map[string]any{"Name": b.Plan})
	case workspace.RefForecast:
		return t.L("review.ref_forecast", map[string]any{"To": b.RefFrom})
	case workspace.RefPrior:
		return t.L("review.ref_prior", map[string]any{"From": b.RefFrom})
	case workspace.RefYoY:
		return t.L("review.ref_yoy", map[string]any{"From": b.RefFrom})
	}
	return string(b.Ref)
}

// bridgeValue formats a window value of the bridge's node: a one-period
// window in the node's unit ("¥8.66M/month"), a longer one as the window's
// value by meaning (a flow's total "¥25.1M", a stock at the window's end).
func (t *Translator) bridgeValue(b *workspace.Bridge, v float64) string {
	if b.Period.Len() == 1 {
		return t.FormatValue(v, b.Unit)
	}
	return t.FormatFiscal(v, b.Unit, b.Agg.Kind)
}

// bridgeUnit is the axis title of the bridge's values: the unit and the
// window ("JPY, 2025-Q4", "円（2025年度）").
func (t *Translator) bridgeUnit(b *workspace.Bridge) string {
	unit := b.Unit
	if b.Period.Len() > 1 && b.Agg.Kind == kpitree.AggFlow {
		unit = TotalUnit(unit)
	}
	u := t.UnitText(unit)
	if b.Period.Kind == workspace.PeriodFY {
		return t.FiscalUnitLabel(unit, b.Period.FiscalYear)
	}
	// The title says the window's periods; the axis names it briefly.
	window := b.Period.Label
	if b.Period.Kind == workspace.PeriodFYTD {
		window = t.L("review.window_fytd_short", map[string]any{"FY": t.FiscalLabel(b.Period.FiscalYear)})
	}
	if u == "" {
		return window
	}
	return t.L("report.unit_fy", map[string]any{"Unit": u, "FY": window})
}

// BridgeTitle is the sentence above a bridge: the node, its actual over
// the window against the reference and the gap.
func (t *Translator) BridgeTitle(b *workspace.Bridge) string {
	return t.L("review.bridge_title", map[string]any{"Node": b.Name, "Window": t.WindowLabel(b.Period),
		"Actual": t.bridgeValue(b, b.Actual), "Ref": t.RefLabel(b), "Reference": t.bridgeValue(b, b.Reference),
		"Gap": t.signed(b, b.Gap)})
}

// signed formats a change with its sign ("+¥1.2M", "−¥0.3M").
func (t *Translator) signed(b *workspace.Bridge, v float64) string {
	return withPlus(t.bridgeValue(b, v), v)
}

// BridgeTable is the bridge as the CLI prints it and the Review pane lists
// it: rank, driver, controllable, its part of the gap and share, and
// whether it can be drilled into; the actual, reference and gap as the
// first rows' context in Note.
func (t *Translator) BridgeTable(b *workspace.Bridge) Table {
	tb := Table{Header: []string{t.L("report.col_rank"), t.L("report.col_driver"), t.L("report.col_control"),
		t.L("review.col_part", map[string]any{"Unit": t.bridgeUnit(b)}), t.L("review.col_share"), t.L("review.col_drill")},
		Note: t.BridgeTitle(b)}
	for k, p := range b.Parts {
		ctl, drill := t.L("report.no"), ""
		if p.Controllable {
			ctl = t.L("report.yes")
		}
		if p.Drill {
			drill = t.L("review.drill", map[string]any{"ID": p.Node})
		}
		name := p.Name
		if name == "" {
			name = p.Node
		}
		if p.Residual {
			name = t.L("review.residual", map[string]any{"Name": name})
		}
		share := "–"
		if !b.NoChange {
			share = strconv.FormatFloat(100*p.Share, 'f', 1, 64) + "%"
		}
		tb.Rows = append(tb.Rows, []string{strconv.Itoa(k + 1), name, ctl, t.signed(b, p.Value), share, drill})
	}
	return tb
}

// BridgeWaterfall draws the bridge: the reference, each driver's part,
// the actual. Its axis says the unit and the window; when it cannot start
// at zero the chart marks the break and says so.
func (t *Translator) BridgeWaterfall(b *workspace.Bridge, th chart.Theme) *chart.Waterfall {
	wf := &chart.Waterfall{Title: b.Name, Theme: th, Unit: t.ChartUnit(b.Unit, t.bridgeUnit(b)),
		Subtitle:   t.L("review.waterfall_subtitle", map[string]any{"Window": t.WindowLabel(b.Period), "Ref": t.RefLabel(b)}),
		StartLabel: t.L("review.reference"), EndLabel: t.L("review.actual"), Start: b.Reference, End: b.Actual,
		UpLabel: t.L("chart.increase"), DownLabel: t.L("chart.decrease"), BreakLabel: t.L("report.waterfall_break")}
	for _, p := range b.Parts {
		name := p.Name
		if name == "" {
			name = p.Node
		}
		if p.Controllable {
			name = t.L("review.controllable_mark", map[string]any{"Name": name})
		}
		wf.Parts = append(wf.Parts, chart.Contribution{Label: name, Value: p.Value})
	}
	return wf
}

// WorthTable ranks what reaching each KPI's target is worth to the root
// over the planned fiscal year: rank, KPI, controllable, its FY forecast
// and target, the root's FY value with it on target and the difference.
func (t *Translator) WorthTable(w *workspace.Worth) Table {
	fy := t.FiscalLabel(w.FiscalYear)
	rootUnit := t.FiscalUnitLabel(w.RootUnit, w.FiscalYear)
	tb := Table{Header: []string{t.L("report.col_rank"), t.L("review.col_kpi"), t.L("report.col_control"),
		t.L("review.col_forecast", map[string]any{"FY": fy}), t.L("review.col_target", map[string]any{"FY": fy}),
		t.L("review.col_root_on_target", map[string]any{"Root": w.RootName, "Unit": rootUnit}),
		t.L("review.col_worth", map[string]any{"Unit": rootUnit})},
		Note: t.L("review.worth_note", map[string]any{"Root": w.RootName, "FY": fy, "From": w.FromLabel,
			"Forecast": t.FormatFiscal(w.RootForecast, w.RootUnit, w.RootKind)})}
	if r := w.RootTarget; r != nil {
		gap := t.FormatFiscal(r.Worth, w.RootUnit, w.RootKind)
		if r.Worth > 0 {
			gap = "+" + gap
		}
		tb.Note += " " + t.L("review.worth_root_gap", map[string]any{"Root": w.RootName, "FY": fy,
			"Target": t.FormatFiscal(r.Target, r.Unit, r.Kind), "Gap": gap})
	}
	for k, r := range w.Rows {
		ctl := t.L("report.no")
		if r.Controllable {
			ctl = t.L("report.yes")
		}
		target := t.FormatFiscal(r.Target, r.Unit, r.Kind)
		if r.PeriodTargets > 0 {
			target = t.L("review.period_targets", map[string]any{"N": r.PeriodTargets, "Target": target})
		}
		worth := t.worthCell(w, r)
		tb.Rows = append(tb.Rows, []string{strconv.Itoa(k + 1), r.Name, ctl,
			t.FormatFiscal(r.Forecast, r.Unit, r.Kind), target, t.FormatFiscal(r.RootFY, w.RootUnit, w.RootKind), worth})
	}
	return tb
}

// PlanListTable lists plan versions: name, frozen at, last actual,
// horizon, nodes, scenarios and stored size.
func (t *Translator) PlanListTable(ps []workspace.PlanInfo) Table {
	tb := Table{Header: []string{t.L("review.col_plan"), t.L("review.col_frozen"), t.L("review.col_last_actual"),
		t.L("review.col_horizon"), t.L("review.col_nodes"), t.L("review.col_scenarios"), t.L("review.col_size")}}
	for _, p := range ps {
		tb.Rows = append(tb.Rows, []string{p.Name, p.Created.Format("2006-01-02 15:04") + " UTC", p.LastActual,
			strconv.Itoa(p.Horizon), strconv.Itoa(p.Nodes), strconv.Itoa(p.Scenarios), t.Compact(float64(p.Bytes)) + " B"})
	}
	return tb
}

// PlanCompareTable is a plan comparison as one row per node and fiscal
// year: A, B and B − A; nodes on one side only say so.
func (t *Translator) PlanCompareTable(c *workspace.PlanComparison) Table {
	name := func(s string) string {
		if s == "" {
			return t.L("review.current_forecast")
		}
		return s
	}
	tb := Table{Header: []string{t.L("review.col_node"), t.L("review.col_fy"), name(c.A), name(c.B), t.L("review.col_diff")}}
	for _, r := range c.Rows {
		// A plan keeps FY values, not how they were formed: show them as
		// totals, the FY figure of every flow.
		unit := TotalUnit(r.Unit)
		switch r.OnlyIn {
		case "a":
			tb.Rows = append(tb.Rows, []string{r.Name, "", t.L("review.only_in", map[string]any{"Side": name(c.A)}), "", ""})
			continue
		case "b":
			tb.Rows = append(tb.Rows, []string{r.Name, "", "", t.L("review.only_in", map[string]any{"Side": name(c.B)}), ""})
			continue
		}
		for _, d := range r.FY {
			diff := t.FormatValue(d.Diff, unit)
			if d.Diff > 0 {
				diff = "+" + diff
			}
			tb.Rows = append(tb.Rows, []string{r.Name, t.FiscalLabel(d.Year), t.FormatValue(d.A, unit), t.FormatValue(d.B, unit), diff})
		}
	}
	return tb
}
