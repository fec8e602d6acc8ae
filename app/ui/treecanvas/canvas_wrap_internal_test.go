package treecanvas

import (
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"

	"fyne.io/fyne/v2"
)

func TestWrapName(t *testing.T) {
	uitest.NewApp(t)
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

func TestWrapName_Kinsoku(t *testing.T) {
	uitest.NewApp(t)
	names := []string{"付帯顧客数（アクティブ）", "オンボーディング完了数", "CSM1人あたりオンボーディング数（累計）", "アクティブ率、ログイン率。"}
	t.Run("should never start a line with a closing bracket, small kana or ー, nor end one with an opening bracket", func(t *testing.T) {
		// Every first-line width from narrow to wide moves the break
		// point across the whole name, whatever the font's metrics.
		for _, name := range names {
			for w1 := float32(30); w1 <= 140; w1 += 3 {
				l1, l2 := wrapName(name, nameSize, w1, 400)
				if l2 == "" {
					continue
				}
				if r := []rune(l2)[0]; strings.ContainsRune(noLineStart, r) {
					t.Errorf("%q at %v: line 2 %q starts with %q", name, w1, l2, r)
				}
				if r := []rune(l1); strings.ContainsRune(noLineEnd, r[len(r)-1]) {
					t.Errorf("%q at %v: line 1 %q ends with an opening bracket", name, w1, l1)
				}
				if l1+l2 != name {
					t.Errorf("%q at %v: lines %q + %q lose text", name, w1, l1, l2)
				}
			}
		}
	})
}

// FuzzWrapName checks that any node name (user input) wraps without
// panicking, that the first line is a prefix of the name, and that both
// lines fit their widths.
func FuzzWrapName(f *testing.F) {
	for _, s := range []string{"", "MRR", "Average add-on unit price", "CSM1人あたりオンボーディング数（累計）", "   ", "a b", "\x00\xff", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"} {
		f.Add(s)
	}
	uitest.NewApp(f)
	f.Fuzz(func(t *testing.T, s string) {
		const w1, w2 = 106, 122
		l1, l2 := wrapName(s, nameSize, w1, w2)
		// Invalid UTF-8 comes out as U+FFFD per byte, as []rune decodes it.
		if !strings.HasPrefix(s, l1) && !strings.HasPrefix(string([]rune(s)), l1) {
			t.Errorf("line 1 %q is not a prefix of %q", l1, s)
		}
		if l2 != "" && fyne.MeasureText(l2, nameSize, fyne.TextStyle{}).Width > w2 {
			t.Errorf("line 2 %q is wider than %v", l2, float32(w2))
		}
	})
}
