package workspace

import (
	"fmt"
	"testing"
)

// TestActionFromLabel: labels of history written before codes were stored
// (and callers' own labels) map back to codes.
func TestActionFromLabel(t *testing.T) {
	for _, tc := range []struct{ label, want string }{
		{"Edit node", "edit_node []"},
		{"Add scenario My plan 2", "add_scenario [My plan 2]"},
		{"Import cs_monthly", "import [cs_monthly]"},
		{"Bind reported actual of addon_revenue", "bind_actual [addon_revenue]"},
		{"Unbind reported actual of addon_revenue", "unbind_actual [addon_revenue]"},
		{"Bind csm_count", "bind [csm_count]"},
		{"Unbind csm_count", "unbind [csm_count]"},
		{"Bind reported actual of ", "bind [reported actual of ]"},
		{"Remove dataset", "remove_dataset []"},
		{"Bind ", "custom [Bind ]"},
		{"Rename node", "custom [Rename node]"},
		{"", "custom []"},
	} {
		a := actionFromLabel(tc.label)
		if got := fmt.Sprintf("%s %v", a.code, a.args); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.label, got, tc.want)
		}
		if a.label() != tc.label {
			t.Errorf("%q: label round trip gives %q", tc.label, a.label())
		}
	}
}

// TestRecordActionWithoutCode: a record of the old format has no code, so
// History falls back to the label.
func TestRecordActionWithoutCode(t *testing.T) {
	if _, ok := recordAction([]byte(`{"v":1,"kind":"docs","changes":[]}`)); ok {
		t.Error("should report no code for an old record")
	}
	if a, ok := recordAction([]byte(`{"v":1,"kind":"docs","code":"bind","args":["a"],"changes":[]}`)); !ok || a.code != LabelBind || a.args[0] != "a" {
		t.Errorf("got %+v, %v", a, ok)
	}
}
