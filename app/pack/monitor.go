package pack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// alertsSection lists the alerts that fire on the latest data (every
// node's alert rules, as `kpitreectl monitor` evaluates them), or says
// that none fire or that no rule is set.
func alertsSection(ctx context.Context, ws *workspace.Workspace, bd *report.Builder) (Section, bool, error) {
	tr := bd.Translator()
	s := Section{Heading: tr.L("pack.alerts")}
	if !ws.HasAlertRules() {
		s.Text = []string{tr.L("pack.alerts_no_rules")}
		return s, true, nil
	}
	alerts, err := ws.Alerts(ctx)
	if err != nil {
		return Section{}, false, err
	}
	if len(alerts) == 0 {
		s.Text = []string{tr.L("pack.alerts_none")}
		return s, true, nil
	}
	t := tr.AlertTable(alerts)
	s.Table = &t
	return s, true, nil
}

// reviewWindow is the window and reference the pack's bridge explains:
// opt's, or by default the last month with data against the newest plan
// version (the forecast made before the month when no plan is frozen).
func reviewWindow(ws *workspace.Workspace, bd *report.Builder, opt Options) (period, vs string, err error) {
	period, vs = opt.Period, opt.Vs
	if period == "" {
		b := bd.Basis()
		if b.Hist == 0 {
			return "", "", nil
		}
		period = b.Cal.Label(b.Hist - 1)
		if _, err := workspace.ParsePeriod(b.Cal, period); err != nil {
			// Not a month (a weekly tree): the fiscal year to date.
			period = fmt.Sprintf("FY%d-YTD", b.Cal.FiscalYear(b.Hist-1))
		}
	}
	if vs == "" {
		vs = string(workspace.RefForecast)
		plan, err := newestPlanBefore(ws, bd, period)
		if err != nil {
			return "", "", err
		}
		if plan != "" {
			vs = string(workspace.RefPlan) + ":" + plan
		}
	}
	return period, vs, nil
}

// newestPlanBefore names the newest plan version frozen before the
// window's data: a plan frozen with the window's actuals already in it
// would explain nothing (its gap is zero). "" when there is none.
func newestPlanBefore(ws *workspace.Workspace, bd *report.Builder, period string) (string, error) {
	cal := bd.Basis().Cal
	win, err := workspace.ParsePeriod(cal, period)
	if err != nil {
		return "", err
	}
	plans, err := ws.Plans()
	if err != nil {
		return "", err
	}
	name := ""
	var newest time.Time
	for _, p := range plans {
		last, err := workspace.ParsePeriod(cal, p.LastActual)
		if err != nil || last.Through >= win.From {
			continue
		}
		if name == "" || !p.Created.Before(newest) { // the later of two frozen at once
			name, newest = p.Name, p.Created
		}
	}
	return name, nil
}

// bridgeSection explains the root's actual against the reference over the
// window, the parts adding up to the gap, as `kpitreectl review` prints it.
func bridgeSection(ctx context.Context, ws *workspace.Workspace, bd *report.Builder, opt Options) (Section, bool, error) {
	tr := bd.Translator()
	period, vs, err := reviewWindow(ws, bd, opt)
	if err != nil || period == "" {
		return Section{}, false, err
	}
	ref, plan, err := workspace.ParseBridgeRef(vs)
	if err != nil {
		return Section{}, false, err
	}
	b, err := ws.Bridge(ctx, workspace.BridgeOptions{Ref: ref, Plan: plan, Period: period})
	if errors.Is(err, workspace.ErrBadBridge) && opt.Period == "" && opt.Vs == "" {
		// The default window cannot be explained (too little history
		// for the reference): say so rather than fail the whole pack.
		return Section{Heading: tr.L("pack.bridge"), Text: []string{tr.L("pack.bridge_unavailable", map[string]any{"Period": period})}}, true, nil
	}
	if err != nil {
		return Section{}, false, err
	}
	t := tr.BridgeTable(b)
	// The drill-down column names a CLI flag: a reader of the pack cannot
	// click it.
	t.Header = t.Header[:len(t.Header)-1]
	for i := range t.Rows {
		t.Rows[i] = t.Rows[i][:len(t.Rows[i])-1]
	}
	text := []string{t.Note}
	t.Note = ""
	return Section{Heading: tr.L("pack.bridge"), Text: text, Table: &t, Numeric: []bool{false, false, false, true, true},
		Figure: tr.BridgeWaterfall(b, chart.Light), FigureAlt: tr.L("pack.bridge_alt")}, true, nil
}

// worthSection ranks what reaching each KPI's target is worth to the root
// over the planned fiscal year.
func worthSection(ctx context.Context, ws *workspace.Workspace, bd *report.Builder) (Section, bool, error) {
	tr := bd.Translator()
	w, err := ws.Worth(ctx)
	if err != nil {
		return Section{}, false, err
	}
	s := Section{Heading: tr.L("pack.worth")}
	if len(w.Rows) == 0 {
		s.Text = []string{tr.L("pack.no_targets")}
		return s, true, nil
	}
	t := tr.WorthTable(w)
	s.Text, t.Note = []string{t.Note}, ""
	s.Table, s.Numeric = &t, []bool{false, false, false, true, true, true, true}
	return s, true, nil
}

// addPlanLine draws the plan on the root's fan chart: the plan named by
// opt.Vs, else the newest plan version, from its first forecast period on,
// matched to today's calendar by date. Without a plan it does nothing.
func addPlanLine(ws *workspace.Workspace, bd *report.Builder, opt Options, s *Section) error {
	fan, ok := s.Figure.(*chart.FanChart)
	if !ok {
		return nil
	}
	name := ""
	if ref, plan, err := workspace.ParseBridgeRef(opt.Vs); err == nil && ref == workspace.RefPlan {
		name = plan
	} else {
		plans, err := ws.Plans()
		if err != nil {
			return err
		}
		if len(plans) > 0 {
			name = plans[len(plans)-1].Name // Plans lists the oldest first
		}
	}
	if name == "" {
		return nil
	}
	plan, err := ws.Plan(name)
	if err != nil {
		return err
	}
	b := bd.Basis()
	pn, ok := plan.Node(b.Tree.Root)
	if !ok {
		return nil
	}
	// Plan period i is today's period shift+i (both calendars count from
	// their own start).
	shift := b.Cal.PeriodOf(plan.Calendar.Time(0))
	first := plan.LastActual() + 1
	n := len(fan.Actual)
	if fan.Forecast.Median != nil {
		n = fan.Forecast.Start + len(fan.Forecast.Median)
	}
	var vals []float64
	start := -1
	for i := first; i < len(pn.Values); i++ {
		at := shift + i
		if at < 0 || at >= n {
			continue
		}
		if start < 0 {
			start = at
		}
		vals = append(vals, pn.Values[i])
	}
	if start < 0 {
		return nil
	}
	tr := bd.Translator()
	fan.Scenarios = append(fan.Scenarios, chart.Line{Name: tr.L("pack.plan_line", map[string]any{"Name": name}), Start: start, Values: vals})
	s.Text = append(s.Text, tr.L("pack.plan_text", map[string]any{"Name": name, "From": b.Cal.Label(start)}))
	return nil
}
