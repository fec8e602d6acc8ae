package report

import (
	"io"
	"strings"

	"golang.org/x/text/width"
)

// WriteText writes the table as a terminal shows it: aligned columns, the
// note before the header when noteFirst, else after the last row; only the
// note when there are no rows. The CLI prints every report table so.
func (t Table) WriteText(w io.Writer, noteFirst bool) error {
	if len(t.Rows) == 0 && t.Note != "" { // a header over nothing says less than the note
		_, err := io.WriteString(w, t.Note+"\n")
		return err
	}
	var b strings.Builder
	if noteFirst && t.Note != "" {
		b.WriteString(t.Note + "\n")
	}
	writeColumns(&b, "", append([][]string{t.Header}, t.Rows...))
	if !noteFirst && t.Note != "" {
		b.WriteString(t.Note + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteColumns writes rows as aligned columns, each line after indent.
// Unlike text/tabwriter it counts a Japanese (East Asian wide) character as
// two cells, so columns of Japanese text line up in a terminal.
func WriteColumns(w io.Writer, indent string, rows [][]string) error {
	var b strings.Builder
	writeColumns(&b, indent, rows)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeColumns(b *strings.Builder, indent string, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString("\n")
	}
}

// displayWidth is how many terminal columns s takes: two for an East Asian
// wide or full-width character, one for any other.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
