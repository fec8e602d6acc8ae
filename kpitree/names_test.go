package kpitree_test

import (
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// TestFormulaDisplay_ReadsBackToTheStoredFormula: on every template, in
// English and Japanese, each formula shown with names reads back to the
// stored formula (canonical form), and shows names, not ids.
func TestFormulaDisplay_ReadsBackToTheStoredFormula(t *testing.T) {
	for _, tpl := range kpitree.Templates() {
		for _, lang := range []string{"en", "ja"} {
			tr, err := kpitree.NewFromTemplate(tpl.ID, lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range tr.Nodes {
				if n.Kind != kpitree.KindFormula {
					continue
				}
				e, err := kpitree.Parse(n.Formula)
				if err != nil {
					t.Fatalf("%s/%s %s: %v", tpl.ID, lang, n.ID, err)
				}
				shown := kpitree.FormulaForDisplay(tr, n.Formula)
				back, err := kpitree.FormulaFromDisplay(tr, shown)
				if err != nil || back != e.String() {
					t.Errorf("%s/%s %s: %q shown as %q reads back as %q (%v)", tpl.ID, lang, n.ID, n.Formula, shown, back, err)
				}
				for _, r := range kpitree.Refs(e) {
					c, _, ok := tr.NodeByID(r.Name)
					if ok && c.Name != "" && c.Name != c.ID && !strings.Contains(shown, `"`+c.Name+`"`) {
						t.Errorf("%s/%s %s: %q does not show %q's name %q", tpl.ID, lang, n.ID, shown, r.Name, c.Name)
					}
				}
			}
		}
	}
}

func TestFormulaDisplay_Ambiguity(t *testing.T) {
	tr := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
		{ID: "r", Name: "Revenue", Kind: kpitree.KindFormula, Formula: "a * b + c"},
		{ID: "a", Name: "Price", Kind: kpitree.KindInput},
		{ID: "b", Name: "Count", Kind: kpitree.KindInput},
		{ID: "c", Name: "Count", Kind: kpitree.KindInput}, // shares b's name
	}}
	tests := []struct {
		name, in, want string
	}{
		{"should show a unique name quoted and a shared one as its id", "a * b + c", `"Price" * b + c`},
		{"should keep a reference to no node as typed", "a * zz", `"Price" * zz`},
		{"should keep a formula that does not parse", "a * (", "a * ("},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kpitree.FormulaForDisplay(tr, tt.in); got != tt.want {
				t.Errorf("FormulaForDisplay(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	reads := []struct {
		name, in, want string
	}{
		{"should store a quoted unique name as its id", `"Price" * b`, "a * b"},
		{"should store a bare word that names one node as its id", `Price * b`, "a * b"},
		{"should leave a shared name for the checker", `"Count" * 2`, `"Count" * 2`},
		{"should prefer an id to a name", `c * 2`, "c * 2"},
	}
	for _, tt := range reads {
		t.Run(tt.name, func(t *testing.T) {
			got, err := kpitree.FormulaFromDisplay(tr, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("FormulaFromDisplay(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	if _, err := kpitree.FormulaFromDisplay(tr, "a * ("); err == nil {
		t.Error("a formula that does not parse must fail")
	}
}
