package report

import (
	"cmp"
	"fmt"
	"math"
	"strconv"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// The fiscal-year words the inspector's "Fiscal year" section and
// `kpitreectl fy` / `aggregation` show: fiscal.*.json, "fy."+group+"."+value.

// AggKindText names an aggregation kind ("flow (summed)", "フロー（合計）").
func (t *Translator) AggKindText(k kpitree.AggKind) string { return t.L("fy.kind." + string(k)) }

// FYRateText names a rate convention ("compounded monthly rates").
func (t *Translator) FYRateText(r kpitree.FYRate) string { return t.L("fy.rate." + string(r)) }

// AggregationWhy says why a node aggregates as it does: where the kind
// comes from, the reason with its arguments, then the user's note ("from
// the template: the convention of the template node unit_price — …").
func (t *Translator) AggregationWhy(a workspace.NodeAggregation) string {
	args := map[string]any{}
	for i, v := range a.Args {
		args[fmt.Sprintf("Arg%d", i)] = v
	}
	s := t.L("fy.why", map[string]any{"Source": t.L("fy.source." + string(a.Source)), "Reason": t.L("fy.reason."+string(a.Reason), args)})
	if a.Note != "" {
		s += " — " + a.Note
	}
	return s
}

// FiscalValueLine is one node's fiscal-year value as the inspector says
// it: the year, the value with what it is, its target and progress
// ("FY2026: ¥1.2億 (FY total) · target ¥1.5億 · at risk").
func (t *Translator) FiscalValueLine(fy int, r workspace.FiscalRow) string {
	s := t.L("fy.value_line", map[string]any{"FY": t.FiscalLabel(fy), "Value": t.FormatFiscal(r.Value, r.Unit, r.Agg.Kind), "Label": t.L(r.Agg.Label)})
	if r.HasTarget {
		s += " · " + t.L("inspector.fy_target", map[string]any{"Target": t.FormatFiscal(r.Target, r.Unit, r.Agg.Kind)})
		if p := t.ProgressText(r.Status); p != "" {
			s += " · " + p
		}
	}
	return s
}

// FiscalTable is every node's fiscal-year value as `kpitreectl fy` prints
// it, in the words of the inspector's "Fiscal year" section: id, KPI, how
// it adds up, the value in its fiscal-year unit, what the value is, the
// target, progress against it and why it adds up so. Its note names the
// year.
func (t *Translator) FiscalTable(fy int, rows []workspace.FiscalRow) Table {
	tb := Table{Note: t.FiscalLabel(fy), Header: []string{"ID", t.L("pack.col_kpi"), t.L("inspector.fy_kind"),
		t.L("pack.col_fy_value", map[string]any{"FY": t.FiscalLabel(fy)}), t.L("inspector.fy_rate"),
		t.L("pack.col_fy_target"), t.L("pack.col_status"), t.L("inspector.fy_why")}}
	for _, r := range rows {
		target, status := "-", "-"
		if r.HasTarget {
			target = t.FormatFiscal(r.Target, r.Unit, r.Agg.Kind)
			if p := t.ProgressText(r.Status); p != "" {
				status = p
			}
		}
		tb.Rows = append(tb.Rows, []string{r.ID, cmp.Or(r.Name, r.ID), t.AggKindText(r.Agg.Kind),
			t.FormatFiscal(r.Value, r.Unit, r.Agg.Kind), t.L(r.Agg.Label), target, status, t.AggregationWhy(r.Agg)})
	}
	return tb
}

// AggregationTable is every node's fiscal-year aggregation as `kpitreectl
// aggregation` prints it: id, KPI, how it adds up, the rate convention of
// a rate ("-" for other nodes) and why.
func (t *Translator) AggregationTable(aggs []workspace.NodeAggregation, names NodeNamer) Table {
	tb := Table{Header: []string{"ID", t.L("pack.col_kpi"), t.L("inspector.fy_kind"), t.L("inspector.fy_rate"), t.L("inspector.fy_why")}}
	for _, a := range aggs {
		rate := "-"
		if a.RateOK {
			rate = t.FYRateText(a.Rate)
		}
		tb.Rows = append(tb.Rows, []string{a.ID, nodeLabel(names, a.ID), t.AggKindText(a.Kind), rate, t.AggregationWhy(a)})
	}
	return tb
}

// oldRuleKinds is the aggregation kind each old sum/last/mean setting
// amounted to, for writing its value in the node's fiscal-year unit.
var oldRuleKinds = map[string]kpitree.AggKind{"sum": kpitree.AggFlow, "last": kpitree.AggStock, "mean": kpitree.AggAverage}

// MigrationTable lists the fiscal-year values that changed from the old
// sum/last/mean setting to aggregation by meaning, as `kpitreectl
// migrate-notes` prints them: year, id, KPI, the old rule and value, how
// the node adds up now and its value, the relative change and why. unit
// gives a node's unit; the note says when nothing changed.
func (t *Translator) MigrationTable(changes []workspace.FYChange, unit func(id string) string) Table {
	tb := Table{Header: []string{t.L("pack.col_period"), "ID", t.L("pack.col_kpi"), t.L("fy.col_old_rule"), t.L("fy.col_old_value"),
		t.L("inspector.fy_kind"), t.L("fy.col_new_value"), t.L("fy.col_change"), t.L("inspector.fy_why")}}
	for _, c := range changes {
		rel := "-"
		if !math.IsNaN(c.Rel) {
			rel = Signed(strconv.FormatFloat(100*c.Rel, 'f', 1, 64)) + "%"
		}
		u := unit(c.Node)
		tb.Rows = append(tb.Rows, []string{t.FiscalLabel(c.FiscalYear), c.Node, cmp.Or(c.Name, c.Node),
			t.L("fy.old_rule." + c.OldRule), t.FormatFiscal(c.Old, u, oldRuleKinds[c.OldRule]),
			t.AggKindText(c.Agg.Kind), t.FormatFiscal(c.New, u, c.Agg.Kind), rel, t.AggregationWhy(c.Agg)})
	}
	if len(changes) == 0 {
		tb.Note = t.L("fy.no_migration_changes")
	}
	return tb
}
