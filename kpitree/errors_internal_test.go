package kpitree

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{([A-Za-z]+)\}`)

func TestMessages_TemplatesUseExactlyTheirArgs(t *testing.T) {
	for code, m := range messages {
		var used []string
		for _, g := range placeholder.FindAllStringSubmatch(m.en, -1) {
			used = append(used, g[1])
		}
		sort.Strings(used)
		used = slices.Compact(used)
		want := slices.Clone(m.args)
		sort.Strings(want)
		if !slices.Equal(used, want) {
			t.Errorf("%s: text uses %q, args are %q", code, used, m.args)
		}
	}
}

func TestMessages_UnknownFunctionListsEveryFunction(t *testing.T) {
	text := messages[MsgParseUnknownFunc].en
	for name := range funcArity {
		if !strings.Contains(text, " "+name) {
			t.Errorf("the unknown-function message does not offer %s: %q", name, text)
		}
	}
}

func TestMessageText(t *testing.T) {
	tests := []struct {
		name string
		code MsgCode
		args []string
		want string
	}{
		{"should fill arguments in order", MsgUnitFunc, []string{"sum", "JPY", "%"},
			"sum mixes JPY and %: their units differ, so the result means nothing; convert one of them first"},
		{"should say a plain number for PlainUnit", MsgUnitNode, []string{PlainUnit, "JPY"},
			"the formula gives a plain number but the node's unit is \"JPY\": change the unit or the formula (or silence this warning)"},
		{"should not expand braces inside an argument", MsgRefUnknown, []string{"{name}"},
			"no node has the id or name \"{name}\": add it or fix the spelling"},
		{"should print ? for a missing argument", MsgHealthUnknown, []string{"2"},
			"health component 2 refers to unknown node \"?\": pick an existing node"},
		{"should print an unknown code as itself", "x.y", nil, "x.y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := messageText(tt.code, tt.args...); got != tt.want {
				t.Errorf("messageText = %q, want %q", got, tt.want)
			}
		})
	}
}
