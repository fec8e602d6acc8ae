package workspace

import (
	"slices"
	"testing"
)

// TestNextActionFallsBackToLabel: records written before label codes, and
// heads cut before the code's args end, are named from the English label.
func TestNextActionFallsBackToLabel(t *testing.T) {
	tests := []struct {
		name  string
		label string
		head  string
		code  LabelCode
		args  []string
	}{
		{"should read the code from the record head", "Add scenario Upside",
			`{"v":1,"kind":"docs","code":"add_scenario","args":["Upside"],"changes":[{"bucket":`, LabelAddScenario, []string{"Upside"}},
		{"should parse an old record's label", "Bind reported actual of mrr",
			`{"v":1,"kind":"docs","changes":[]}`, LabelBindActual, []string{"mrr"}},
		{"should parse the label when the head is cut inside the args", "Import sales",
			`{"v":1,"kind":"docs","code":"import","args":["sa`, LabelImport, []string{"sales"}},
		{"should keep an unknown label as custom", "Tidy up", "", LabelCustom, []string{"Tidy up"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nextAction(true, tt.label, []byte(tt.head))
			if !a.OK || a.Code != tt.code || !slices.Equal(a.Args, tt.args) || a.Label != tt.label {
				t.Errorf("got %+v, want %s %q", a, tt.code, tt.args)
			}
		})
	}
	if a := nextAction(false, "x", []byte("y")); a.OK || a.Label != "" || a.Code != "" {
		t.Errorf("should be zero when there is no entry, got %+v", a)
	}
}
