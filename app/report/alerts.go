package report

import (
	"cmp"
	"math"
	"strconv"
	"strings"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// AlertText is a fired alert's message in the translator's language, its
// numbers formatted in the node's unit ("¥113M", "1.2億円").
func (t *Translator) AlertText(a workspace.Alert) string {
	name := a.Name
	if name == "" {
		name = a.Node
	}
	args := map[string]any{
		"Node":      name,
		"Period":    a.Label,
		"Observed":  t.FormatValue(a.Observed, a.Unit),
		"Expected":  t.FormatValue(a.Expected, a.Unit),
		"Lower":     t.FormatValue(a.Lower, a.Unit),
		"Upper":     t.FormatValue(a.Upper, a.Unit),
		"Deviation": signedPercent(a.Deviation),
		"Threshold": percent(a.Rule.Threshold),
		"From":      t.StatusText(a.From),
		"To":        t.StatusText(a.To),
		"Level":     "95%",
	}
	if a.Rule.Kind == kpitree.AlertBand80 {
		args["Level"] = "80%"
	}
	return t.L(a.Key, args)
}

// AlertRuleText names a rule in the translator's language ("gap to target
// beyond 10%").
func (t *Translator) AlertRuleText(r kpitree.AlertRule) string {
	return t.L("alert.rule."+string(r.Kind), map[string]any{"Threshold": percent(r.Threshold)})
}

// StatusText names a RAG status ("red", "赤").
func (t *Translator) StatusText(s kpitree.Status) string {
	if s == "" {
		s = kpitree.StatusNone
	}
	return t.L("alert.status." + string(s))
}

// SeverityText names an alert's severity ("critical", "重大").
func (t *Translator) SeverityText(s workspace.AlertSeverity) string {
	return t.L("alert.severity." + string(s))
}

// percent writes a fraction as a percentage with at most one decimal.
func percent(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	return strconv.FormatFloat(math.Round(f*1000)/10, 'f', -1, 64) + "%"
}

// signedPercent is percent with an explicit sign ("+4.2%", "−12%").
func signedPercent(f float64) string {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return "—"
	case f > 0:
		return "+" + percent(f)
	case f < 0:
		return "−" + percent(-f)
	}
	return percent(f)
}

// AlertRulesTable lists nodes' alert rules as `kpitreectl alert list`
// prints them: id, KPI, the rules as typed (what `alert add --rule` takes)
// and in words; "-" for a node without rules. Its note says when no node
// has one.
func (t *Translator) AlertRulesTable(nodes []kpitree.Node) Table {
	tb := Table{Header: []string{"ID", t.L("pack.col_kpi"), t.L("model.col_keyword"), t.L("pack.col_rule")}}
	for _, n := range nodes {
		typed, words := make([]string, len(n.Alerts)), make([]string, len(n.Alerts))
		for i, r := range n.Alerts {
			typed[i], words[i] = r.String(), t.AlertRuleText(r)
		}
		tb.Rows = append(tb.Rows, []string{n.ID, cmp.Or(n.Name, n.ID), cmp.Or(strings.Join(typed, ", "), "-"),
			cmp.Or(strings.Join(words, t.L("model.list_sep")), "-")})
	}
	if len(nodes) == 0 {
		tb.Note = t.L("alert.no_rules")
	}
	return tb
}

// ScenarioTable lists scenarios as `kpitreectl scenario list` prints them:
// name, how many changes each makes and its description.
func (t *Translator) ScenarioTable(scs []kpitree.Scenario) Table {
	tb := Table{Header: []string{t.L("scenariolist.col_name"), t.L("scenariolist.col_overrides"), t.L("scenariolist.col_description")}}
	for _, sc := range scs {
		tb.Rows = append(tb.Rows, []string{sc.Name, strconv.Itoa(len(sc.Overrides)), cmp.Or(sc.Description, "-")})
	}
	if len(scs) == 0 {
		tb.Note = t.L("scenariolist.none")
	}
	return tb
}
