package dataio_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
)

// Japanese Excel opens UTF-8 only with a BOM and older tools only Shift_JIS:
// both must read back as the same dataset, and text Shift_JIS cannot hold
// must fail with a message that names the way out.
func TestWriteCSVEncodings(t *testing.T) {
	ds, _ := read(t, "testdata/cs_monthly_ja_sjis.csv", dataio.Options{})
	tests := []struct {
		name       string
		opt        dataio.CSVOptions
		prefix     string // the first bytes of the file
		wantReport string // the encoding the importer detects
	}{
		{"UTF-8 with BOM", dataio.CSVOptions{BOM: true}, "\xef\xbb\xbfperiod,", dataio.EncodingUTF8BOM},
		{"UTF-8 named, no BOM", dataio.CSVOptions{Encoding: dataio.EncodingUTF8}, "period,", dataio.EncodingUTF8},
		// 付帯売上 in CP932; the BOM is ignored for Shift_JIS.
		{"Shift_JIS", dataio.CSVOptions{Encoding: dataio.EncodingShiftJIS, BOM: true}, "period,\x95t\x91\xd1\x94\x84\x8f\xe3", dataio.EncodingShiftJIS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := dataio.WriteCSV(&buf, []dataio.Table{tableOf(ds, "actuals")}, tt.opt); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte(tt.prefix)) {
				t.Fatalf("starts %q, want %q", buf.Bytes()[:20], tt.prefix)
			}
			back, rep, err := dataio.ReadFrom(context.Background(), &buf, "out.csv", dataio.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Encoding != tt.wantReport {
				t.Errorf("read back as %s, want %s", rep.Encoding, tt.wantReport)
			}
			assertSameDataset(t, ds, back)
		})
	}
}

func TestWriteCSVEncodingErrors(t *testing.T) {
	tests := []struct {
		name, encoding, column, wantMsg string
	}{
		{"a character Shift_JIS lacks", dataio.EncodingShiftJIS, "売上 😀", "export as UTF-8"},
		{"an unknown encoding", "latin1", "x", "use utf-8 or shift_jis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl := dataio.Table{Periods: []string{"2024-04"}, Columns: []dataio.Series{{Name: tt.column, Values: []float64{1}}}}
			err := dataio.WriteCSV(&bytes.Buffer{}, []dataio.Table{tbl}, dataio.CSVOptions{Encoding: tt.encoding})
			if !errors.Is(err, dataio.ErrBadOption) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err %v, want ErrBadOption saying %q", err, tt.wantMsg)
			}
		})
	}
}
