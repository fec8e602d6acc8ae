package kpitree_test

import (
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// TestAttribute_NoShareOfAZeroChange: when the change is zero as the user
// sees it (¥0), the parts have no share. Before, a ¥0.003 change split into
// parts was printed as "122.9 % of ¥0".
func TestAttribute_NoShareOfAZeroChange(t *testing.T) {
	const h = 24
	tr := canonical(h)
	base := evaluate(t, tr, nil, h)
	tests := []struct {
		name      string
		overrides []kpitree.Override
		noChange  bool
	}{
		{"a price doubled and the active rate halved", []kpitree.Override{
			{Node: "unit_price", Op: kpitree.OpScale, Value: 100, To: -1},
			{Node: "active_rate", Op: kpitree.OpScale, Value: -50, To: -1},
		}, true},
		{"an active rate moved by a billionth", []kpitree.Override{{Node: "active_rate", Op: kpitree.OpAdd, Value: 1e-9, To: -1}}, true},
		{"an active rate moved by a point", []kpitree.Override{{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.01, To: -1}}, false},
	}
	for _, tt := range tests {
		t.Run("should give shares only for a visible change: "+tt.name, func(t *testing.T) {
			sc := &kpitree.Scenario{Name: "s", Overrides: tt.overrides}
			a, err := kpitree.Attribute(base, evaluate(t, tr, sc, h), kpitree.Window{FiscalYear: 2024}, kpitree.AttributionOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if a.NoChange != tt.noChange {
				t.Fatalf("NoChange = %v for a change of %v (%s)", a.NoChange, a.Change, kpitree.FormatValue(a.Change, "JPY"))
			}
			total := 0.0
			for _, p := range a.Parts {
				if tt.noChange && p.Share != 0 {
					t.Errorf("%s has a share of %.1f%% of a change shown as %s", p.Node, 100*p.Share, kpitree.FormatValue(a.Change, "JPY"))
				}
				total += p.Share
			}
			if !tt.noChange && (total < 0.999 || total > 1.001) {
				t.Errorf("shares add up to %v, want 1", total)
			}
		})
	}
}
