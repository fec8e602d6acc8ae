package kpitree_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// checkMessageArgs fails when a message code is unknown, its argument count
// differs from MessageArgs, or the English text still holds a placeholder.
func checkMessageArgs(t *testing.T, code kpitree.MsgCode, args []string, msg string) {
	t.Helper()
	names, ok := kpitree.MessageArgs(code)
	if !ok {
		t.Fatalf("code %q (message %q) is not in MessageCodes", code, msg)
	}
	if len(args) != len(names) {
		t.Errorf("code %q has %d args %q, MessageArgs names %d %q", code, len(args), args, len(names), names)
	}
	for _, n := range names {
		if strings.Contains(msg, "{"+n+"}") {
			t.Errorf("message %q still holds the placeholder {%s}", msg, n)
		}
	}
}

func TestMessageCodes_AreSortedUniqueAndHaveArgs(t *testing.T) {
	codes := kpitree.MessageCodes()
	if len(codes) < 50 {
		t.Fatalf("MessageCodes has %d codes, want every parser and checker message (≥ 50)", len(codes))
	}
	if !slices.IsSorted(codes) {
		t.Error("MessageCodes is not sorted")
	}
	if len(slices.Compact(slices.Clone(codes))) != len(codes) {
		t.Error("MessageCodes has duplicates")
	}
	for _, c := range codes {
		if _, ok := kpitree.MessageArgs(c); !ok {
			t.Errorf("MessageArgs(%q) is not ok", c)
		}
	}
	if _, ok := kpitree.MessageArgs("no.such_code"); ok {
		t.Error("MessageArgs accepts an unknown code")
	}
}

func TestMessageArgs_ReturnsACopy(t *testing.T) {
	names, _ := kpitree.MessageArgs(kpitree.MsgUnitAdd)
	names[0] = "changed"
	again, _ := kpitree.MessageArgs(kpitree.MsgUnitAdd)
	if again[0] != "unitA" {
		t.Fatalf("MessageArgs shares its table: got %q after a caller's write", again)
	}
}

func TestError_KeepsJapaneseNamesInArgsAndMessage(t *testing.T) {
	_, err := kpitree.Parse(`"売上" "原価"`)
	var fe *kpitree.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want a *kpitree.Error, got %v", err)
	}
	if fe.Code != kpitree.MsgParseTrailing || !slices.Equal(fe.Args, []string{`"`}) {
		t.Fatalf("Code, Args = %q, %q", fe.Code, fe.Args)
	}
	if got := fe.Error(); got != `col 6: unexpected '"' after a complete expression: add an operator such as + or *` {
		t.Errorf("Error() = %q", got)
	}
}

func TestErrorList_AddHasNoCode(t *testing.T) {
	var l kpitree.ErrorList
	l.Add(0, "custom")
	if l[0].Code != "" || l[0].Args != nil || l[0].Msg != "custom" {
		t.Fatalf("Add made %+v", *l[0])
	}
}
