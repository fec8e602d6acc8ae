package kpitree_test

import (
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestCheck_CanonicalTreeWithSampleDataIsClean(t *testing.T) {
	in, _ := coreSampleInputs(t)
	if ds := kpitree.Check(coreCanonicalTree(), in); len(ds) != 0 {
		t.Errorf("want no findings, got:\n%v", ds)
	}
}

func TestCheck_ReportsProblems(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*kpitree.Tree)
		in       kpitree.Inputs
		node     string
		code     string
		severity kpitree.Severity
		pos      int
		msg      string
	}{
		{"syntax", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * (active_customers" },
			nil, "revenue", kpitree.CodeSyntax, kpitree.SevError, 30, "missing ')'"},
		{"dangling reference", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * customers" },
			nil, "revenue", kpitree.CodeUnknownRef, kpitree.SevError, 13, "customers"},
		{"cycle with path", func(t *kpitree.Tree) { t.Nodes[3].Formula = "csm_count * per_csm * revenue" },
			nil, "revenue", kpitree.CodeCycle, kpitree.SevError, -1, "→"},
		{"unit mismatch in +", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * active_customers + active_rate" },
			nil, "revenue", kpitree.CodeUnit, kpitree.SevWarning, 30, "JPY/month"},
		{"declared unit differs", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * onboarded / csm_count" },
			nil, "revenue", kpitree.CodeUnit, kpitree.SevWarning, -1, "node's unit"},
		{"unused node", func(t *kpitree.Tree) {
			t.Nodes = append(t.Nodes, kpitree.Node{ID: "orphan", Kind: kpitree.KindConstant, Value: 1})
		}, nil, "orphan", kpitree.CodeUnused, kpitree.SevInfo, -1, "not used"},
		{"unbound input", func(t *kpitree.Tree) {}, kpitree.Inputs{"unit_price": {1}}, "csm_count", kpitree.CodeUnbound, kpitree.SevWarning, -1, "bind"},
		{"no root", func(t *kpitree.Tree) { t.Root = "missing" }, nil, "", kpitree.CodeNoRoot, kpitree.SevError, -1, "missing"},
		{"ambiguous name", func(t *kpitree.Tree) { t.Nodes[1].Name = "アクティブ率" },
			nil, "active_customers", kpitree.CodeAmbiguous, kpitree.SevError, 12, "by its id"},
		{"bad kind", func(t *kpitree.Tree) { t.Nodes[4].Kind = "table" }, nil, "csm_count", kpitree.CodeKind, kpitree.SevError, -1, "unknown kind"},
		{"health without components", func(t *kpitree.Tree) {
			t.Nodes = append(t.Nodes, kpitree.Node{ID: "h", Kind: kpitree.KindHealth})
		}, nil, "h", kpitree.CodeHealth, kpitree.SevError, -1, "component"},
		{"division hits zero in data", func(t *kpitree.Tree) {
			t.Nodes = append(t.Nodes, kpitree.Node{ID: "per", Kind: kpitree.KindFormula, Formula: "onboarded / csm_count"})
			t.Nodes[0].Formula = "unit_price * active_customers + 0 * per"
		}, kpitree.Inputs{"csm_count": {6, 0, 6}, "unit_price": {1, 1, 1}, "per_csm": {1, 1, 1}, "active_rate": {1, 1, 1}},
			"per", kpitree.CodeDivZero, kpitree.SevWarning, -1, "2023-05"},
		{"health weights do not add up to 1", func(t *kpitree.Tree) {
			t.Nodes = append(t.Nodes, kpitree.Node{ID: "h", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{
				{Ref: "active_rate", Weight: 0.7, Max: 1}, {Ref: "per_csm", Weight: 0.7, Max: 50}}})
		}, nil, "h", kpitree.CodeHealth, kpitree.SevWarning, -1, "add up to 1.4"},
		{"bad frequency", func(t *kpitree.Tree) { t.Calendar.Freq = "fortnight" }, nil, "", kpitree.CodeCalendar, kpitree.SevError, -1, "fortnight"},
		{"bad fiscal month", func(t *kpitree.Tree) { t.Calendar.FiscalYearStart = 13 }, nil, "", kpitree.CodeCalendar, kpitree.SevError, -1, "1 to 12"},
		{"data bound to a formula node", func(t *kpitree.Tree) {}, kpitree.Inputs{"revenue": {1}}, "revenue", kpitree.CodeUnbound, kpitree.SevWarning, -1, "not an input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := coreCanonicalTree()
			for i := range tree.Nodes {
				if tree.Nodes[i].Kind == kpitree.KindInput {
					tree.Nodes[i].Values = []float64{1, 1, 1}
				}
			}
			tree.Calendar.Periods = 3
			tt.edit(&tree)
			if tt.in != nil {
				for i := range tree.Nodes {
					tree.Nodes[i].Values = nil
				}
			}
			ds := kpitree.Check(tree, tt.in)
			for _, d := range ds {
				if d.Node == tt.node && d.Code == tt.code {
					if d.Severity != tt.severity || d.Pos != tt.pos || !strings.Contains(d.Message, tt.msg) {
						t.Errorf("got %+v, want severity %s pos %d message containing %q", d, tt.severity, tt.pos, tt.msg)
					}
					return
				}
			}
			t.Errorf("no %s on %q in:\n%v", tt.code, tt.node, ds)
		})
	}
}

func TestCheck_SilencedWarningsAreDropped(t *testing.T) {
	tree := coreCanonicalTree()
	tree.Nodes[0].Formula = "unit_price * csm_count"
	tree.Nodes = append(tree.Nodes, kpitree.Node{ID: "c2", Kind: kpitree.KindFormula, Formula: "active_customers"})
	in, _ := coreSampleInputs(t)
	if !coreHasDiag(kpitree.Check(tree, in), "revenue", kpitree.CodeUnit) {
		t.Fatal("expected a unit warning before silencing")
	}
	tree.Nodes[0].Silenced = []string{kpitree.CodeUnit}
	if coreHasDiag(kpitree.Check(tree, in), "revenue", kpitree.CodeUnit) {
		t.Error("silenced warning still reported")
	}
}

func TestCheck_DuplicateIDIsAnErrorNotAPanic(t *testing.T) {
	tree := coreCanonicalTree()
	tree.Nodes[1].ID = "revenue"
	ds := kpitree.Check(tree, nil)
	if len(ds) != 1 || ds[0].Severity != kpitree.SevError || ds[0].Code != kpitree.CodeDuplicate {
		t.Errorf("got %v", ds)
	}
}

func TestCheck_ErrorsComeFirst(t *testing.T) {
	tree := coreCanonicalTree()
	tree.Nodes = append(tree.Nodes, kpitree.Node{ID: "orphan", Kind: kpitree.KindFormula, Formula: "nope"})
	ds := kpitree.Check(tree, nil)
	if len(ds) == 0 || ds[0].Severity != kpitree.SevError {
		t.Fatalf("first finding should be an error: %v", ds)
	}
}

func TestProgram_ShapeAndGraph(t *testing.T) {
	tree := coreCanonicalTree()
	tree.Nodes = append(tree.Nodes,
		kpitree.Node{ID: "diff", Kind: kpitree.KindFormula, Formula: "revenue - unit_price + -csm_count"},
		kpitree.Node{ID: "ratio", Kind: kpitree.KindFormula, Formula: "revenue / csm_count"},
		kpitree.Node{ID: "sum3", Kind: kpitree.KindFormula, Formula: "sum(revenue, unit_price)"},
		kpitree.Node{ID: "other", Kind: kpitree.KindFormula, Formula: "revenue * 2"},
	)
	p, _, err := kpitree.Compile(tree)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		kind kpitree.ShapeKind
		want []kpitree.Term
	}{
		{"revenue", kpitree.ShapeProduct, []kpitree.Term{{ID: "unit_price", Coef: 1}, {ID: "active_customers", Coef: 1}}},
		{"active_customers", kpitree.ShapeProduct, []kpitree.Term{{ID: "onboarded", Coef: 1}, {ID: "active_rate", Coef: 1}}},
		{"ratio", kpitree.ShapeProduct, []kpitree.Term{{ID: "revenue", Coef: 1}, {ID: "csm_count", Coef: -1}}},
		{"diff", kpitree.ShapeSum, []kpitree.Term{{ID: "revenue", Coef: 1}, {ID: "unit_price", Coef: -1}, {ID: "csm_count", Coef: -1}}},
		{"sum3", kpitree.ShapeSum, []kpitree.Term{{ID: "revenue", Coef: 1}, {ID: "unit_price", Coef: 1}}},
		{"other", kpitree.ShapeOther, nil},
		{"csm_count", kpitree.ShapeLeaf, nil},
	}
	for _, tt := range tests {
		s := p.Shape(p.Index(tt.id))
		if s.Kind != tt.kind || len(s.Terms) != len(tt.want) {
			t.Errorf("%s: shape %+v", tt.id, s)
			continue
		}
		for k := range tt.want {
			if s.Terms[k] != tt.want[k] {
				t.Errorf("%s: term %d = %+v, want %+v", tt.id, k, s.Terms[k], tt.want[k])
			}
		}
	}
	if got := strings.Join(p.Children("active_customers"), ","); got != "onboarded,active_rate" {
		t.Errorf("Children = %s", got)
	}
	if got := strings.Join(p.Parents("revenue"), ","); got != "diff,ratio,sum3,other" {
		t.Errorf("Parents = %s", got)
	}
	if got := strings.Join(p.Leaves(), ","); got != "unit_price,csm_count,per_csm,active_rate" {
		t.Errorf("Leaves = %s", got)
	}
	rank := map[string]int{}
	for k, id := range p.Topo() {
		rank[id] = k
	}
	for i := range p.Len() {
		for _, c := range p.ChildIndexes(i) {
			if rank[p.ID(c)] >= rank[p.ID(i)] {
				t.Errorf("Topo puts %s after its parent %s", p.ID(c), p.ID(i))
			}
		}
	}
}

func TestCheck_PositionsCountCharactersForMessages(t *testing.T) {
	tree := kpitree.Tree{Root: "r", Calendar: kpitree.Calendar{Periods: 1}, Nodes: []kpitree.Node{
		{ID: "r", Kind: kpitree.KindFormula, Formula: `"売上" * nope`},
		{ID: "s", Name: "売上", Kind: kpitree.KindInput, Values: []float64{1}},
	}}
	for _, d := range kpitree.Check(tree, nil) {
		if d.Code == kpitree.CodeUnknownRef {
			if d.Pos != 11 || d.Col != 8 || !strings.Contains(d.String(), "r col 8:") {
				t.Errorf("got Pos %d Col %d %q, want byte 11, column 8", d.Pos, d.Col, d.String())
			}
			return
		}
	}
	t.Error("no unknown-ref diagnostic")
}
