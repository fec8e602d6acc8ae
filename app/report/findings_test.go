package report_test

import (
	"maps"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/kpitree"
)

// A box's badge is its node's most severe finding; findings about the
// whole tree badge no box.
func TestWorstByNode(t *testing.T) {
	got := report.WorstByNode([]kpitree.Diagnostic{
		{Node: "a", Severity: kpitree.SevInfo},
		{Node: "a", Severity: kpitree.SevError},
		{Node: "a", Severity: kpitree.SevWarning},
		{Node: "b", Severity: kpitree.SevWarning},
		{Node: "b", Severity: kpitree.SevInfo},
		{Severity: kpitree.SevError},
	})
	want := map[string]kpitree.Severity{"a": kpitree.SevError, "b": kpitree.SevWarning}
	if !maps.Equal(got, want) {
		t.Errorf("WorstByNode = %v, want %v", got, want)
	}
}
