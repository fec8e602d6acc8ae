package report

import (
	"github.com/kpitree/kpitree/app/workspace"
)

// AlertTable lists fired alerts as the review pack and the Review pane
// show them: severity, KPI, period, rule and what happened in words, the
// observed and expected values in the node's unit (AlertText).
func (t *Translator) AlertTable(alerts []workspace.Alert) Table {
	tb := Table{Header: []string{t.L("pack.col_severity"), t.L("pack.col_kpi"), t.L("pack.col_period"),
		t.L("pack.col_rule"), t.L("pack.col_message")}}
	for _, a := range alerts {
		name := a.Name
		if name == "" {
			name = a.Node
		}
		tb.Rows = append(tb.Rows, []string{t.SeverityText(a.Severity), name, a.Label, t.AlertRuleText(a.Rule), t.AlertText(a)})
	}
	return tb
}

// worthCell is a worth in the root's fiscal-year unit with its sign
// ("+¥12.3M"), as WorthTable's last column and WorthLine show it.
func (t *Translator) worthCell(w *workspace.Worth, r workspace.WorthRow) string {
	return withPlus(t.FormatFiscal(r.Worth, w.RootUnit, w.RootKind), r.Worth)
}

// WorthLine is the sentence the inspector shows beside node: what its
// reaching its target is worth to the root over the planned fiscal year,
// and its rank in WorthTable ("Worth: +¥12.3M to Add-on revenue in FY2026
// if on target from 2026-04 (rank 1 of 4)"). ok is false when the node
// has no target in that year.
func (t *Translator) WorthLine(w *workspace.Worth, node string) (line string, ok bool) {
	if w == nil {
		return "", false
	}
	for k, r := range w.Rows {
		if r.Node != node {
			continue
		}
		return t.L("review.worth_line", map[string]any{"Worth": t.worthCell(w, r), "Root": w.RootName,
			"FY": t.FiscalLabel(w.FiscalYear), "From": w.FromLabel, "Rank": k + 1, "Of": len(w.Rows)}), true
	}
	return "", false
}
