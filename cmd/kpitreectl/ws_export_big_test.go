package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/internal/gentree/wsgen"
	"github.com/xuri/excelize/v2"
)

// TestExport_BigWorkspace: on a generated 20,000-node workspace every chart
// is exported (the tree picture cut to fit, or the chosen subtree), the
// data goes to XLSX with a row per node, and a bad --root writes nothing.
func TestExport_BigWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and simulates a 20,000-node workspace")
	}
	p := filepath.Join(t.TempDir(), "big.kpitree")
	if err := wsgen.Create(p, wsgen.Params{Nodes: 20_000, Paths: 300}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Run("should draw all five charts", func(t *testing.T) {
		out := must(t, runExport, p, "--out", filepath.Join(dir, "all"), "--format", "svg", "--scenario", wsgen.Scenario)
		if files := strings.Fields(out); len(files) != 5 {
			t.Fatalf("export wrote %v, want 5 charts", files)
		}
	})
	t.Run("should draw the chosen subtree", func(t *testing.T) {
		out := must(t, runExport, p, "--out", filepath.Join(dir, "sub"), "--format", "svg", "--charts", "tree", "--root", "l0_0", "--depth", "2")
		files := strings.Fields(out)
		if len(files) != 1 {
			t.Fatalf("export wrote %v, want the tree", files)
		}
		if fi, err := os.Stat(files[0]); err != nil || fi.Size() == 0 {
			t.Errorf("tree picture missing or empty: %v", err)
		}
	})
	t.Run("should write nothing for an unknown root", func(t *testing.T) {
		bad := filepath.Join(dir, "bad")
		if _, err := call(t, runExport, p, "--out", bad, "--charts", "tree", "--root", "nope"); err == nil {
			t.Fatal("want an error for --root nope")
		}
		if entries, _ := os.ReadDir(bad); len(entries) != 0 {
			t.Errorf("%d files left behind", len(entries))
		}
	})
	t.Run("should export the numbers to XLSX with a row per node", func(t *testing.T) {
		x := filepath.Join(dir, "plan.xlsx")
		must(t, runExportData, p, "--out", x)
		f, err := excelize.OpenFile(x)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 20_000 || (rows[0][0] != "node" && rows[0][0] != "ノード") {
			t.Errorf("%d rows, header %q; want a row per node", len(rows), rows[0][0])
		}
	})
}
