package kpitree_test

import (
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// TestAttribute_ZeroChangeHasNoShares uses only the API from before issue
// 15, so it shows the bug it fixes: a change shown as ¥0 had parts with
// shares in the thousands of percent.
func TestAttribute_ZeroChangeHasNoShares(t *testing.T) {
	const h = 24
	tr := canonical(h)
	base := evaluate(t, tr, nil, h)
	sc := &kpitree.Scenario{Name: "s", Overrides: []kpitree.Override{{Node: "active_rate", Op: kpitree.OpAdd, Value: 1e-9, To: -1}}}
	a, err := kpitree.Attribute(base, evaluate(t, tr, sc, h), kpitree.Window{FiscalYear: 2024}, kpitree.AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kpitree.FormatValue(a.Change, "JPY"); got != "¥0" {
		t.Fatalf("change shows as %s, want ¥0 for this test", got)
	}
	for _, p := range a.Parts {
		if p.Share != 0 {
			t.Errorf("%s has a share of %.1f%% of a change shown as ¥0", p.Node, 100*p.Share)
		}
	}
}
