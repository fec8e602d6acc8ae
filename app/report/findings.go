package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/kpitree"
)

// SeverityRank orders the checker's findings, most severe first: errors
// (0), then warnings (1), then information (2). The Problems tab, the
// boxes' badges and the inspector all sort by it.
func SeverityRank(s kpitree.Severity) int {
	switch s {
	case kpitree.SevError:
		return 0
	case kpitree.SevWarning:
		return 1
	}
	return 2
}

// NodeFindings returns the findings about node id, most severe first,
// each severity in the checker's order; nil when there are none.
func NodeFindings(diags []kpitree.Diagnostic, id string) []kpitree.Diagnostic {
	var out []kpitree.Diagnostic
	for _, d := range diags {
		if d.Node == id {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b kpitree.Diagnostic) int {
		return cmp.Compare(SeverityRank(a.Severity), SeverityRank(b.Severity))
	})
	return out
}

// WorstByNode is each node's most severe finding, for the boxes' badges.
func WorstByNode(diags []kpitree.Diagnostic) map[string]kpitree.Severity {
	out := map[string]kpitree.Severity{}
	for _, d := range diags {
		if d.Node == "" {
			continue
		}
		if s, ok := out[d.Node]; !ok || SeverityRank(d.Severity) < SeverityRank(s) {
			out[d.Node] = d.Severity
		}
	}
	return out
}

// The domain package writes its formula errors and diagnostics in English,
// with a stable kpitree.MsgCode and arguments; these say them in the
// translator's language: "domain.msg.<code>" in
// assets/translations/domain.*.json, the arguments named as
// kpitree.MessageArgs names them ({{.name}}, {{.unitA}} …).

// DiagnosticText is d's message in the translator's language. Node names
// and ids in it stay as written (they are the user's words); units are
// said with UnitText. A diagnostic made outside kpitree (no MsgCode), or
// one whose code this build cannot translate, keeps its English Message.
func (t *Translator) DiagnosticText(d kpitree.Diagnostic) string {
	return t.DomainMessage(d.MsgCode, d.Args, d.Message)
}

// FormulaMessage is a formula error's message, without its position.
func (t *Translator) FormulaMessage(e *kpitree.Error) string {
	return t.DomainMessage(e.Code, e.Args, e.Msg)
}

// DomainMessage translates code with args, falling back to the English
// text when the code is empty or unknown, so a newer kpitree never makes a
// message disappear.
func (t *Translator) DomainMessage(code kpitree.MsgCode, args []string, english string) string {
	names, ok := kpitree.MessageArgs(code)
	key := "domain.msg." + string(code)
	if code == "" || !ok || !t.Has(key) {
		return english
	}
	data := make(map[string]any, len(names))
	for i, name := range names {
		v := ""
		if i < len(args) {
			v = args[i]
		}
		if strings.HasPrefix(name, "unit") {
			v = t.unitArgText(v)
		}
		data[name] = v
	}
	return t.L(key, data)
}

// unitArgText says a unit argument of a message: a plain number in words,
// any other unit as UnitText says it.
func (t *Translator) unitArgText(u string) string {
	if u == kpitree.PlainUnit {
		return t.L("domain.unit_plain")
	}
	return t.UnitText(u)
}

// Finding is one checker finding as the Problems tab lists it and
// `kpitreectl check` prints it: the node, the severity, and the message
// after the node's name ("Active rate: …").
type Finding struct {
	Node     string
	Severity kpitree.Severity
	Code     string
	Text     string
}

// Findings turns findings on tree into rows, errors first, each group in
// tree order.
func (t *Translator) Findings(tree kpitree.Tree, diags []kpitree.Diagnostic) []Finding {
	order := make(map[string]int, len(tree.Nodes))
	names := make(map[string]string, len(tree.Nodes))
	for i, n := range tree.Nodes {
		order[n.ID] = i
		names[n.ID] = cmp.Or(n.Name, n.ID)
	}
	out := make([]Finding, 0, len(diags))
	for _, d := range diags {
		text := t.DiagnosticText(d)
		if d.Node != "" {
			text = cmp.Or(names[d.Node], d.Node) + ": " + text
		}
		out = append(out, Finding{Node: d.Node, Severity: d.Severity, Code: d.Code, Text: text})
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(SeverityRank(a.Severity), SeverityRank(b.Severity)), cmp.Compare(order[a.Node], order[b.Node]))
	})
	return out
}

// FindingsTable is the findings as `kpitreectl check` prints them:
// severity, node id, the finding's code (for scripts) and the Problems
// tab's text; its note says there are none.
func (t *Translator) FindingsTable(tree kpitree.Tree, diags []kpitree.Diagnostic) Table {
	tb := Table{Header: []string{t.L("finding.col_severity"), "ID", t.L("finding.col_code"), t.L("finding.col_text")}}
	for _, f := range t.Findings(tree, diags) {
		tb.Rows = append(tb.Rows, []string{t.L("finding.severity." + string(f.Severity)), cmp.Or(f.Node, "-"), f.Code, f.Text})
	}
	if len(tb.Rows) == 0 {
		tb.Note = t.L("problems.none")
	}
	return tb
}
