package pack

import (
	"context"

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
	s.Table = &report.Table{Header: []string{tr.L("pack.col_severity"), tr.L("pack.col_kpi"), tr.L("pack.col_period"),
		tr.L("pack.col_rule"), tr.L("pack.col_message")}}
	for _, a := range alerts {
		name := a.Name
		if name == "" {
			name = a.Node
		}
		s.Table.Rows = append(s.Table.Rows, []string{tr.SeverityText(a.Severity), name, a.Label, tr.AlertRuleText(a.Rule), tr.AlertText(a)})
	}
	return s, true, nil
}
