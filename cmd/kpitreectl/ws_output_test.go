package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExportRefusesToOverwriteTheWorkspace proves that an export whose
// --out names the workspace file itself fails without touching it: before,
// export-json replaced the workspace with its JSON and the data was lost.
func TestExportRefusesToOverwriteTheWorkspace(t *testing.T) {
	tests := []struct {
		name string
		ws   string // workspace file name
		run  func(p string) []string
		fn   string
	}{
		{name: "should refuse export-json --out FILE", ws: "plan.kpitree", fn: "export-json",
			run: func(p string) []string { return []string{p, "--read-only", "--out", p} }},
		{name: "should refuse export-json --out FILE via another spelling", ws: "plan.kpitree", fn: "export-json",
			run: func(p string) []string {
				return []string{p, "--read-only", "--out", filepath.Join(filepath.Dir(p), ".", "plan.kpitree")}
			}},
		{name: "should refuse export-data --out FILE", ws: "plan.csv", fn: "export-data",
			run: func(p string) []string { return []string{p, "--read-only", "--out", p} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Given a workspace
			p := filepath.Join(t.TempDir(), tc.ws)
			must(t, runNew, "--sample-data", p)
			before, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// When the export targets the workspace file
			fn := runExportJSON
			if tc.fn == "export-data" {
				fn = runExportData
			}
			if _, err := call(t, fn, tc.run(p)...); err == nil {
				t.Errorf("%s onto the workspace file succeeded; want an error", tc.fn)
			}
			// Then the workspace is unchanged and still opens
			after, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if string(after) != string(before) {
				t.Errorf("workspace file changed: %d → %d bytes", len(before), len(after))
			}
			must(t, runCheck, p)
		})
	}
}

// TestExportKeepsOldFileOnFailure proves exports write through a temporary
// file: when the command fails, a previous export at --out survives.
func TestExportKeepsOldFileOnFailure(t *testing.T) {
	p := sampleWS(t)
	out := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(out, []byte("previous export\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An unwritable output directory makes the export fail.
	if _, err := call(t, runExportJSON, p, "--out", filepath.Join(out, "sub.json")); err == nil {
		t.Fatal("export into a path below a file succeeded")
	}
	if b, _ := os.ReadFile(out); string(b) != "previous export\n" {
		t.Errorf("previous export changed: %q", b)
	}
	// And a successful export replaces it with a readable file.
	must(t, runExportJSON, p, "--out", out)
	fi, err := os.Stat(out)
	if err != nil || fi.Size() < 100 || fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("export not written as an ordinary readable file: %v %v", fi, err)
	}
}
