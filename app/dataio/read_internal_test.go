package dataio

import (
	"errors"
	"io"
	"slices"
	"testing"
)

// scriptSource returns its rows, or their errors, in order, then io.EOF.
type scriptSource struct {
	rows []scriptRow
}

type scriptRow struct {
	cells []string
	row   int
	err   error
}

func (s *scriptSource) next() ([]string, int, error) {
	if len(s.rows) == 0 {
		return nil, 0, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r.cells, r.row, r.err
}

func TestImporterRead(t *testing.T) {
	bad := errors.New("line 3: bare quote")
	fatal := errors.New("disk gone")
	src := &scriptSource{rows: []scriptRow{
		{cells: []string{"a", "1"}, row: 2},
		{row: 3, err: bad},   // malformed, with a line: skipped and reported
		{row: 0, err: fatal}, // no line: not a row problem, the import fails
	}}
	im := &importer{rep: &Report{}, src: src}

	cells, row, skip, err := im.read()
	if err != nil || skip || row != 2 || !slices.Equal(cells, []string{"a", "1"}) {
		t.Fatalf("first read = %q, %d, %v, %v; want the row", cells, row, skip, err)
	}
	_, row, skip, err = im.read()
	if err != nil || !skip || row != 3 {
		t.Fatalf("second read = %d, %v, %v; want line 3 skipped", row, skip, err)
	}
	if len(im.rep.Issues) != 1 || im.rep.Issues[0].Code != CodeMalformedRow || im.rep.Issues[0].Row != 3 {
		t.Errorf("issues = %+v, want one malformed row at line 3", im.rep.Issues)
	}
	if _, _, skip, err = im.read(); !errors.Is(err, fatal) || skip {
		t.Errorf("third read = %v, %v; want the source's error", skip, err)
	}
	if _, _, _, err = im.read(); !errors.Is(err, io.EOF) {
		t.Errorf("last read err = %v, want io.EOF", err)
	}
}
