package pack_test

import (
	"errors"
	"testing"

	"github.com/kpitree/kpitree/app/pack"
)

// TestFormatOf: the one place the app and kpitreectl learn a pack's format
// from the name the user gave.
func TestFormatOf(t *testing.T) {
	for _, tc := range []struct {
		path string
		want pack.Format
	}{
		{"review.html", pack.HTML},
		{"Review.HTM", pack.HTML},
		{"/tmp/月次レビュー.pdf", pack.PDF},
		{"C:\\packs\\REVIEW.PDF", pack.PDF},
		{"review.docx", 0},
		{"review", 0},
		{"", 0},
		{"pdf", 0},
	} {
		got, err := pack.FormatOf(tc.path)
		if got != tc.want || (tc.want == 0) != errors.Is(err, pack.ErrFormat) {
			t.Errorf("FormatOf(%q) = %v, %v; want %v", tc.path, got, err, tc.want)
		}
	}
}
