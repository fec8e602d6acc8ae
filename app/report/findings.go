package report

import (
	"cmp"
	"slices"

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
