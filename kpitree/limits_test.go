package kpitree_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
)

// huge is 10 MB of user input, the size the hostile test typed.
var huge = strings.Repeat("x", 10<<20)

// limitCases each break one limit; check runs the check that should refuse it.
var limitCases = []struct {
	name  string
	code  kpitree.MsgCode
	check func() error
}{
	{"a 10 MB formula", kpitree.MsgLimitFormula, func() error { return kpitree.CheckFormulaLen(huge) }},
	{"a formula one byte over", kpitree.MsgLimitFormula, func() error {
		return kpitree.CheckFormulaLen(strings.Repeat("a+", kpitree.MaxFormulaBytes/2) + "a")
	}},
	{"a 10 MB node id", kpitree.MsgLimitID, func() error { return kpitree.CheckNodeLimits(kpitree.Node{ID: huge}) }},
	{"a 10 MB node name", kpitree.MsgLimitNodeName, func() error { return kpitree.CheckNodeLimits(kpitree.Node{ID: "a", Name: huge}) }},
	{"a Japanese name of 201 characters", kpitree.MsgLimitNodeName, func() error {
		return kpitree.CheckNodeLimits(kpitree.Node{ID: "a", Name: strings.Repeat("率", 201)})
	}},
	{"a long unit", kpitree.MsgLimitLabel, func() error { return kpitree.CheckNodeLimits(kpitree.Node{ID: "a", Unit: huge}) }},
	{"a long owner", kpitree.MsgLimitLabel, func() error { return kpitree.CheckNodeLimits(kpitree.Node{ID: "a", Owner: huge}) }},
	{"a long description", kpitree.MsgLimitDescription, func() error {
		return kpitree.CheckNodeLimits(kpitree.Node{ID: "a", Description: huge})
	}},
	{"a long health reference", kpitree.MsgLimitID, func() error {
		return kpitree.CheckNodeLimits(kpitree.Node{ID: "a", Health: []kpitree.HealthComponent{{Ref: huge}}})
	}},
	{"a long formula in a tree", kpitree.MsgLimitFormula, func() error {
		return kpitree.CheckTreeLimits(kpitree.Tree{Root: "a", Nodes: []kpitree.Node{{ID: "a", Formula: huge}}})
	}},
	{"a long tree name", kpitree.MsgLimitTreeName, func() error { return kpitree.CheckTreeLimits(kpitree.Tree{Name: huge}) }},
	{"a long root id", kpitree.MsgLimitID, func() error { return kpitree.CheckTreeLimits(kpitree.Tree{Root: huge}) }},
	{"a 10 MB scenario name", kpitree.MsgLimitScenario, func() error { return kpitree.CheckScenarioName(huge) }},
	{"a blank scenario name", kpitree.MsgLimitEmptyName, func() error { return kpitree.CheckScenarioName(" \u3000") }},
	{"a scenario name that is not UTF-8", kpitree.MsgLimitEmptyName, func() error { return kpitree.CheckScenarioName("\xff") }},
}

func TestLimits_RefuseOverlongInputWithAShortMessage(t *testing.T) {
	for _, tt := range limitCases {
		t.Run("should refuse "+tt.name, func(t *testing.T) {
			err := tt.check()
			var le *kpitree.LimitError
			if !errors.As(err, &le) || errors.Is(err, kpitree.ErrTooLong) != (tt.code != kpitree.MsgLimitEmptyName) {
				t.Fatalf("err = %v, want a *LimitError wrapping ErrTooLong unless the name is empty", err)
			}
			if le.Code != tt.code {
				t.Errorf("code = %s, want %s", le.Code, tt.code)
			}
			names, _ := kpitree.MessageArgs(le.Code)
			if len(le.Args) != len(names) {
				t.Errorf("args %d, want %d (%v)", len(le.Args), len(names), names)
			}
			if n := utf8.RuneCountInString(err.Error()); n > 300 {
				t.Errorf("message is %d characters long: %.120q…", n, err.Error())
			}
		})
	}
}

func TestLimits_AcceptInputAtTheLimit(t *testing.T) {
	n := kpitree.Node{ID: strings.Repeat("a", kpitree.MaxIDBytes), Name: strings.Repeat("率", kpitree.MaxNameRunes),
		Formula: strings.Repeat("a", kpitree.MaxFormulaBytes), Unit: strings.Repeat("円", kpitree.MaxLabelRunes),
		Description: strings.Repeat("説", kpitree.MaxDescriptionRunes)}
	if err := kpitree.CheckNodeLimits(n); err != nil {
		t.Errorf("a node at every limit: %v", err)
	}
	if err := kpitree.CheckScenarioName(strings.Repeat("案", kpitree.MaxNameRunes)); err != nil {
		t.Errorf("a scenario name at the limit: %v", err)
	}
}

func TestClip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"active_rate", "active_rate"},
		{strings.Repeat("a", kpitree.MaxQuoteRunes), strings.Repeat("a", kpitree.MaxQuoteRunes)},
		{strings.Repeat("a", kpitree.MaxQuoteRunes+1), strings.Repeat("a", kpitree.MaxQuoteRunes) + "…"},
		{strings.Repeat("率", 100), strings.Repeat("率", kpitree.MaxQuoteRunes) + "…"},
	}
	for _, tt := range tests {
		if got := kpitree.Clip(tt.in); got != tt.want {
			t.Errorf("Clip(%.20q…) = %.20q…, want %.20q…", tt.in, got, tt.want)
		}
	}
}

// TestMessages_QuoteAtMost80CharactersOfInput: a 10 MB name or function in
// a formula, or a 10 MB id in an edit, is quoted in the message (and in
// the arguments a UI translates) by its first 80 characters. Before, the
// message carried all 10 MB.
func TestMessages_QuoteAtMost80CharactersOfInput(t *testing.T) {
	const most = 400 // the message's own words plus 80 quoted characters
	t.Run("should clip an unknown quoted name in a diagnostic", func(t *testing.T) {
		tr := kpitree.Tree{Root: "r", Calendar: kpitree.Calendar{Freq: kpitree.Month},
			Nodes: []kpitree.Node{{ID: "r", Kind: kpitree.KindFormula, Formula: `"` + huge + `" * 2`}}}
		for _, d := range kpitree.Check(tr, nil) {
			if len(d.Message) > most {
				t.Errorf("%s: message of %d bytes", d.Code, len(d.Message))
			}
			for _, a := range d.Args {
				if len(a) > most {
					t.Errorf("%s: argument of %d bytes", d.Code, len(a))
				}
			}
		}
	})
	t.Run("should clip an unknown function in a parse error", func(t *testing.T) {
		_, err := kpitree.Parse(huge + "(1)")
		if err == nil || len(err.Error()) > most {
			t.Errorf("err of %d bytes", len(err.Error()))
		}
	})
	t.Run("should clip an unknown id in an edit", func(t *testing.T) {
		_, _, err := kpitree.SetFormula{ID: huge, Formula: "1"}.Apply(kpitree.Tree{})
		if err == nil || len(err.Error()) > most {
			t.Errorf("err of %d bytes", len(err.Error()))
		}
	})
	t.Run("should clip an invalid id in a compile error", func(t *testing.T) {
		_, _, err := kpitree.Compile(kpitree.Tree{Nodes: []kpitree.Node{{ID: huge + "-"}}})
		if err == nil || len(err.Error()) > most {
			t.Errorf("err of %d bytes", len(err.Error()))
		}
	})
}
