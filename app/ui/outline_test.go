package ui_test

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// selectedRow matches an outline row drawn with the selection background
// and captures the row's label.
var selectedRow = regexp.MustCompile(`fillColor="selection"[^>]*/>\s*<widget[^>]*>\s*<widget[^>]*>\s*<text[^>]*>([^<]*)</text>`)

func TestOutline_SelectionFollowsCanvas(t *testing.T) {
	s, _ := newShell(t)
	names := map[string]string{}
	for _, b := range s.Canvas().Boxes() {
		names[b.ID] = b.Name
	}
	root := s.Workspace().Snapshot().Tree.Root
	for _, step := range []string{"active_customers", "active_rate", root} {
		s.Canvas().Select(step)
		t.Run("should highlight exactly the row of "+step+" after selecting it on the canvas", func(t *testing.T) {
			if got := s.Outline().Selected(); got != step {
				t.Fatalf("outline Selected = %q, want %q", got, step)
			}
			// Given the outline drawn as the window shows it, then exactly
			// one row carries the selection background, and it is step's.
			var rows []string
			for _, m := range selectedRow.FindAllStringSubmatch(test.RenderObjectToMarkup(s.Outline()), -1) {
				rows = append(rows, m[1])
			}
			// A name wider than the outline is drawn with an ellipsis.
			if len(rows) != 1 || !strings.HasPrefix(names[step], strings.TrimSuffix(rows[0], "…")) {
				t.Fatalf("highlighted rows = %q, want only %q", rows, names[step])
			}
		})
	}
}
