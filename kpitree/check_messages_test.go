package kpitree_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// messageCases make one finding each, with the exact code and arguments a
// UI will translate. Together with invalidFormulas they reach every code in
// MessageCodes (TestMessageCodes_EveryCodeIsReachable).
var messageCases = []struct {
	name string
	edit func(*kpitree.Tree)
	in   kpitree.Inputs
	node string
	msg  kpitree.MsgCode
	args []string
}{
	{"syntax error keeps the parser's code", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * (active_customers" },
		nil, "revenue", kpitree.MsgParseMissingClose, []string{"14"}},
	{"no root", func(t *kpitree.Tree) { t.Root = "" }, nil, "", kpitree.MsgTreeNoRoot, nil},
	{"unknown root", func(t *kpitree.Tree) { t.Root = "売上" }, nil, "", kpitree.MsgTreeUnknownRoot, []string{"売上"}},
	{"duplicate id", func(t *kpitree.Tree) { t.Nodes[2].ID = "unit_price" }, nil, "", kpitree.MsgTreeDuplicateID, []string{"unit_price"}},
	{"invalid id", func(t *kpitree.Tree) { t.Nodes[2].ID = "2x" }, nil, "", kpitree.MsgTreeInvalidID, []string{"2x"}},
	{"cycle names the path", func(t *kpitree.Tree) { t.Nodes[3].Formula = "csm_count * per_csm * revenue" },
		nil, "revenue", kpitree.MsgTreeCycle, []string{"revenue → active_customers → onboarded → revenue"}},
	{"ambiguous Japanese name", func(t *kpitree.Tree) { t.Nodes[1].Name = "アクティブ率" },
		nil, "active_customers", kpitree.MsgRefAmbiguous, []string{"アクティブ率"}},
	{"unknown Japanese name", func(t *kpitree.Tree) { t.Nodes[0].Formula = `unit_price * "顧客数"` },
		nil, "revenue", kpitree.MsgRefUnknown, []string{"顧客数"}},
	{"unknown kind", func(t *kpitree.Tree) { t.Nodes[4].Kind = "table" }, nil, "csm_count", kpitree.MsgNodeUnknownKind, []string{"table"}},
	{"unused node", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "orphan", Kind: kpitree.KindConstant, Value: 1})
	}, nil, "orphan", kpitree.MsgNodeUnused, []string{"revenue"}},
	{"health without components", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "h", Kind: kpitree.KindHealth})
	}, nil, "h", kpitree.MsgHealthEmpty, nil},
	{"health component names an unknown node", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "h", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{
			{Ref: "active_rate", Weight: 0.5, Max: 1}, {Ref: "nps", Weight: 0.5, Max: 1}}})
	}, nil, "h", kpitree.MsgHealthUnknown, []string{"2", "nps"}},
	{"health component with reversed bounds", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "h", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{
			{Ref: "active_rate", Weight: 1, Min: 1, Max: 0}}})
	}, nil, "h", kpitree.MsgHealthBad, []string{"1"}},
	{"health weights", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "h", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{
			{Ref: "active_rate", Weight: 0.7, Max: 1}, {Ref: "per_csm", Weight: 0.7, Max: 50}}})
	}, nil, "h", kpitree.MsgHealthWeights, []string{"1.4"}},
	{"bad frequency", func(t *kpitree.Tree) { t.Calendar.Freq = "fortnight" }, nil, "", kpitree.MsgCalendarFreq, []string{"fortnight"}},
	{"bad fiscal month", func(t *kpitree.Tree) { t.Calendar.FiscalYearStart = 13 }, nil, "", kpitree.MsgCalendarFiscal, []string{"13"}},
	{"negative periods", func(t *kpitree.Tree) { t.Calendar.Periods = -2 }, nil, "", kpitree.MsgCalendarPeriods, []string{"-2"}},
	{"data bound to a formula", func(t *kpitree.Tree) {}, kpitree.Inputs{"revenue": {1}}, "revenue", kpitree.MsgDataNotInput, []string{"revenue"}},
	{"unbound input", func(t *kpitree.Tree) {}, kpitree.Inputs{"unit_price": {1, 1, 1}}, "csm_count", kpitree.MsgDataUnbound, nil},
	{"division by zero names the period", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "per", Kind: kpitree.KindFormula, Formula: "onboarded / csm_count"})
		t.Nodes[0].Formula = "unit_price * active_customers + 0 * per"
	}, kpitree.Inputs{"csm_count": {6, 0, 6}, "unit_price": {1, 1, 1}, "per_csm": {1, 1, 1}, "active_rate": {1, 1, 1}},
		"per", kpitree.MsgDataDivZero, []string{"2023-05"}},
	{"a result that overflows", func(t *kpitree.Tree) {}, kpitree.Inputs{"csm_count": {1e308, 6, 6}, "unit_price": {1e308, 1, 1},
		"per_csm": {1, 1, 1}, "active_rate": {1, 1, 1}}, "revenue", kpitree.MsgDataOverflow, []string{"2023-04"}},
	{"missing periods", func(t *kpitree.Tree) {}, kpitree.Inputs{"csm_count": {6, math.NaN(), 6}, "unit_price": {1, 1, 1},
		"per_csm": {1, 1, 1}, "active_rate": {1, 1, 1}}, "csm_count", kpitree.MsgDataMissing, []string{"1", "3", "2023-05"}},
	{"formula unit differs from the node's", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * onboarded / csm_count" },
		nil, "revenue", kpitree.MsgUnitNode, []string{"JPY/month/person", "JPY/month"}},
	{"formula gives a plain number", func(t *kpitree.Tree) { t.Nodes[3].Formula = "csm_count / csm_count" },
		nil, "onboarded", kpitree.MsgUnitNode, []string{kpitree.PlainUnit, "accounts"}},
	{"adds different units", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * active_customers + csm_count" },
		nil, "revenue", kpitree.MsgUnitAdd, []string{"JPY/month", "people"}},
	{"subtracts different units", func(t *kpitree.Tree) { t.Nodes[0].Formula = "unit_price * active_customers - csm_count" },
		nil, "revenue", kpitree.MsgUnitSub, []string{"JPY/month", "people"}},
	{"compares different units", func(t *kpitree.Tree) {
		t.Nodes[0].Formula = "unit_price * active_customers * if(csm_count > unit_price, 1, 0)"
	}, nil, "revenue", kpitree.MsgUnitCompare, []string{"people", "JPY/customer/month"}},
	{"a function mixes units", func(t *kpitree.Tree) { t.Nodes[3].Formula = "max(csm_count, csm_count * per_csm)" },
		nil, "onboarded", kpitree.MsgUnitFunc, []string{"max", "people", "account"}},
	{"if chooses between units", func(t *kpitree.Tree) { t.Nodes[3].Formula = "if(csm_count > 1, csm_count * per_csm, csm_count)" },
		nil, "onboarded", kpitree.MsgUnitIf, []string{"account", "people"}},
	{"power of a unit", func(t *kpitree.Tree) {
		t.Nodes[3].Formula = "csm_count * per_csm * (csm_count ^ active_rate) / csm_count"
	},
		nil, "onboarded", kpitree.MsgUnitPow, []string{"people"}},
	{"a per-month amount times a bare 12", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "arr", Kind: kpitree.KindFormula, Formula: "revenue * 12", Unit: "JPY/month"})
	}, nil, "arr", kpitree.MsgUnitTimeMul, []string{"JPY/month", "12"}},
	{"a per-month amount divided by a bare 12", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "m", Kind: kpitree.KindFormula, Formula: "revenue / 12", Unit: "JPY/month"})
	}, nil, "m", kpitree.MsgUnitTimeDiv, []string{"JPY/month", "12"}},
	{"annualize of something not per month", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "a", Kind: kpitree.KindFormula, Formula: "annualize(csm_count)", Unit: "people"})
	}, nil, "a", kpitree.MsgUnitAnnualize, []string{"people", "month"}},
	{"a ratio aggregation on a lagged formula", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: "r", Kind: kpitree.KindFormula, Formula: "lag(revenue, 1) / csm_count", Aggregation: "ratio"})
	}, nil, "r", kpitree.MsgFYKindFallback, []string{"ratio", "flow"}},
	{"a rate over the year divides by a year-end stock", func(t *kpitree.Tree) {
		t.Nodes = append(t.Nodes,
			kpitree.Node{ID: "lost", Kind: kpitree.KindInput, Unit: "people/month", Values: []float64{1, 1, 1}},
			kpitree.Node{ID: "attrition", Kind: kpitree.KindFormula, Formula: "lost / csm_count", Unit: "%"})
	}, nil, "attrition", kpitree.MsgFYEndBase, []string{"csm_count"}},
}

func TestCheck_EveryFindingHasATranslatableMessage(t *testing.T) {
	for _, tt := range messageCases {
		t.Run("should report "+tt.name+" with its code and arguments", func(t *testing.T) {
			ds := checkCase(tt.edit, tt.in)
			for _, d := range ds {
				checkMessageArgs(t, d.MsgCode, d.Args, d.Message)
			}
			for _, d := range ds {
				if d.Node == tt.node && d.MsgCode == tt.msg {
					if !slices.Equal(d.Args, tt.args) {
						t.Errorf("Args = %q, want %q (%s)", d.Args, tt.args, d.Message)
					}
					for _, a := range tt.args {
						if a != kpitree.PlainUnit && !strings.Contains(d.Message, a) {
							t.Errorf("message %q lost the argument %q", d.Message, a)
						}
					}
					return
				}
			}
			t.Errorf("no %s on %q in:\n%v", tt.msg, tt.node, ds)
		})
	}
}

// checkCase runs Check on the canonical tree with typed-in values over
// three periods, edited; with in, the typed values are dropped.
func checkCase(edit func(*kpitree.Tree), in kpitree.Inputs) []kpitree.Diagnostic {
	tree := coreCanonicalTree()
	tree.Calendar.Periods = 3
	for i := range tree.Nodes {
		if tree.Nodes[i].Kind == kpitree.KindInput && in == nil {
			tree.Nodes[i].Values = []float64{1, 1, 1}
		}
	}
	edit(&tree)
	return kpitree.Check(tree, in)
}

func TestMessageCodes_EveryCodeIsReachable(t *testing.T) {
	seen := map[kpitree.MsgCode]bool{}
	for _, tt := range invalidFormulas {
		_, err := kpitree.Parse(strings.Replace(tt.in, "»", "", 1))
		for _, fe := range err.(kpitree.ErrorList) {
			seen[fe.Code] = true
		}
	}
	_, err := kpitree.Parse(strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200))
	seen[err.(kpitree.ErrorList)[0].Code] = true
	for _, tt := range messageCases {
		for _, d := range checkCase(tt.edit, tt.in) {
			seen[d.MsgCode] = true
		}
	}
	for _, tt := range limitCases {
		var le *kpitree.LimitError
		if errors.As(tt.check(), &le) {
			seen[le.Code] = true
		}
	}
	// Produced beside the core (app/workspace's reconciliation of reported
	// actuals) through NewDiagnostic.
	for _, c := range []kpitree.MsgCode{kpitree.MsgReconcileAbove, kpitree.MsgReconcileBelow} {
		d := kpitree.NewDiagnostic("rev", kpitree.SevWarning, "reconciliation-gap", 2, c, "Revenue", "4.2", "revenue_jpy", "2025-08", "reconciliation-gap")
		if !strings.Contains(d.Message, "Revenue is 4.2 %") || !strings.Contains(d.Message, "2025-08") || d.Period != 2 || d.Pos != -1 {
			t.Errorf("NewDiagnostic(%s) = %+v", c, d)
		}
		seen[c] = true
	}
	for _, c := range kpitree.MessageCodes() {
		// tree.compile is the fallback for a compile error that is neither
		// a duplicate nor an invalid id; no such error exists today.
		if !seen[c] && c != kpitree.MsgTreeCompile {
			t.Errorf("no test produces %q: add a case so its translation is exercised", c)
		}
	}
}

// FuzzCheckMessages puts any formula into the canonical tree and checks
// that every finding carries a known message code with the right number
// of arguments, so the UI can always translate it.
func FuzzCheckMessages(f *testing.F) {
	for _, tt := range invalidFormulas {
		f.Add(strings.Replace(tt.in, "»", "", 1))
	}
	for _, s := range []string{"unit_price * active_customers + csm_count", "max(csm_count, per_csm) ^ active_rate",
		`if("アクティブ率" > 1, revenue, unit_price)`, "csm_count / csm_count", `"未知" * 2`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tree := coreCanonicalTree()
		tree.Calendar.Periods = 3
		for i := range tree.Nodes {
			if tree.Nodes[i].Kind == kpitree.KindInput {
				tree.Nodes[i].Values = []float64{1, 0, math.NaN()}
			}
		}
		tree.Nodes[3].Formula = src
		for _, d := range kpitree.Check(tree, nil) {
			checkMessageArgs(t, d.MsgCode, d.Args, d.Message)
		}
	})
}
