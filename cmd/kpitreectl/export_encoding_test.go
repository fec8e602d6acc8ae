package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// export-data writes CSV for Excel on Japanese Windows: UTF-8 with a BOM
// by default, Shift_JIS on request; a wrong --encoding is a usage error.
func TestExportDataEncoding(t *testing.T) {
	p := sampleWS(t)
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		prefix  string // first bytes of the file; "" when the command must fail
		wantErr error
	}{
		// The sample workspace is Japanese: the period column is headed
		// 期間, which is 8A FA 8A D4 in Shift_JIS.
		{"default is UTF-8 with BOM", nil, "\xef\xbb\xbf期間,", nil},
		{"utf-8 named", []string{"--encoding", "UTF-8"}, "\xef\xbb\xbf期間,", nil},
		{"shift_jis, no BOM", []string{"--encoding", "shift_jis"}, "\x8a\xfa\x8a\xd4,", nil},
		{"cp932 alias", []string{"--encoding", "cp932"}, "\x8a\xfa\x8a\xd4,", nil},
		{"English headers on request", []string{"--lang", "en"}, "\xef\xbb\xbfperiod,", nil},
		{"unknown encoding", []string{"--encoding", "latin1"}, "", errUsage},
		{"shift_jis for xlsx", []string{"--encoding", "sjis", "--out", filepath.Join(dir, "x.xlsx")}, "", errUsage},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, string(rune('a'+i))+".csv")
			args := append([]string{p, "--out", out}, tt.args...)
			_, err := call(t, runExportData, args...)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(tt.prefix)) {
				t.Errorf("file starts %q, want %q", b[:12], tt.prefix)
			}
		})
	}
}
