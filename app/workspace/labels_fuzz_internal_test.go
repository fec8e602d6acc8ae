package workspace

import (
	"strings"
	"testing"
)

// FuzzActionFromLabel: any label, from an old history or an event, maps
// to a code whose English label gives it back exactly, never panics, and
// the events of a step carry the same code and args as the label alone.
func FuzzActionFromLabel(f *testing.F) {
	for _, c := range LabelCodes() {
		f.Add(EnglishLabel(c, "x"))
		f.Add("undo " + EnglishLabel(c, "売上 2026"))
	}
	for _, s := range []string{"", "Bind ", "redo ", "undo undo Edit node", "{0}", "Bind {0}", "Import \x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, label string) {
		a := actionFromLabel(label)
		if got := a.label(); got != label {
			t.Fatalf("%q: round trip gives %q (code %s, args %q)", label, got, a.code, a.args)
		}
		known := false
		for _, c := range LabelCodes() {
			known = known || c == a.code
		}
		if !known {
			t.Fatalf("%q: unknown code %q", label, a.code)
		}
		evs := eventsForAction(label, a, StepDo, nil)
		if len(evs) != 1 || evs[0].Kind != HistoryChanged || evs[0].Label != label {
			t.Fatalf("%q: events %+v", label, evs)
		}
		if e := evs[0]; e.Code != a.code || strings.Join(e.Args, "\x00") != strings.Join(a.args, "\x00") {
			t.Fatalf("%q: event says %s %q, label says %s %q", label, e.Code, e.Args, a.code, a.args)
		}
	})
}
