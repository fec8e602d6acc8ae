package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestWrapName(t *testing.T) {
	test.NewTempApp(t)
	const w1, w2 = 106, 122 // the box's first and second name lines at zoom 1
	tests := []struct {
		name, in     string
		line1, line2 string // line1 "*": any non-empty prefix; line2 "…": cut with an ellipsis
	}{
		{"should keep a short name on one line", "MRR", "MRR", ""},
		{"should break Latin text at the last space that fits", "Average add-on unit price", "Average add-on", "unit price"},
		{"should cut a second line that is still too long", "Onboardings per CSM cumulative over the whole fiscal year so far", "Onboardings per", "…"},
		{"should break Japanese between characters", "CSM1人あたりオンボーディング数（累計）", "*", "…"},
		{"should break a single long word mid-word", "Supercalifragilisticexpialidocious-Supercalifragilistic", "*", "…"},
		{"should cope with an empty name", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l1, l2 := wrapName(tt.in, nameSize, w1, w2)
			if tt.line1 == "*" {
				if l1 == "" || !strings.HasPrefix(tt.in, l1) {
					t.Errorf("line 1 = %q, want a prefix of %q", l1, tt.in)
				}
			} else if l1 != tt.line1 {
				t.Errorf("line 1 = %q, want %q", l1, tt.line1)
			}
			if strings.HasSuffix(tt.line2, "…") != strings.HasSuffix(l2, "…") || (tt.line2 != "…" && l2 != tt.line2) {
				t.Errorf("line 2 = %q, want %q", l2, tt.line2)
			}
			for _, l := range []struct {
				s string
				w float32
			}{{l1, w1}, {l2, w2}} {
				if got := fyne.MeasureText(l.s, nameSize, fyne.TextStyle{}).Width; got > l.w {
					t.Errorf("%q is %.0f wide, more than %.0f", l.s, got, l.w)
				}
			}
		})
	}
}
