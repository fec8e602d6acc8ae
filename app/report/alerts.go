package report

import (
	"math"
	"strconv"

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
