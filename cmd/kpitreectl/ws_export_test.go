package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

// decodeNumbering reads the units' numbering of a fan or tree spec written
// by `export --format json` (other fields are not needed here).
func decodeNumbering(t *testing.T, kind string, raw json.RawMessage) chart.Figure {
	t.Helper()
	switch kind {
	case "fan":
		var f struct {
			Unit struct{ Numbering chart.Numbering }
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatal(err)
		}
		return &chart.FanChart{Unit: chart.Unit{Numbering: f.Unit.Numbering}}
	case "tree":
		var f struct {
			Nodes []struct {
				ID   string
				Unit struct{ Numbering chart.Numbering }
			}
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatal(err)
		}
		tp := &chart.TreePicture{}
		for _, n := range f.Nodes {
			tp.Nodes = append(tp.Nodes, chart.TreeNode{ID: n.ID, Unit: chart.Unit{Numbering: n.Unit.Numbering}})
		}
		return tp
	}
	t.Fatalf("unexpected figure %q", kind)
	return nil
}

func TestExportCommands(t *testing.T) {
	p := sampleWS(t)
	must(t, runScenario, p, "add", "--name", "upside", "--node", "active_rate", "--op", "add", "--value", "0.05", "--from", "2026-04")
	dir := t.TempDir()
	t.Run("should write every node over history and horizon as CSV and XLSX", func(t *testing.T) {
		csvPath := filepath.Join(dir, "plan.csv")
		must(t, runExportData, p, "--out", csvPath, "--scenario", "upside")
		b, err := os.ReadFile(csvPath)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		// 2 tables × 48 periods + header
		if n := strings.Count(text, "\n"); n != 97 {
			t.Errorf("CSV has %d lines, want 97", n)
		}
		if !strings.Contains(text, "2027-03") || !strings.Contains(text, "upside") {
			t.Errorf("CSV lacks the horizon or the scenario:\n%.300s", text)
		}
		must(t, runExportData, p, "--out", filepath.Join(dir, "plan.xlsx"))
		if fi, err := os.Stat(filepath.Join(dir, "plan.xlsx")); err != nil || fi.Size() == 0 {
			t.Errorf("xlsx not written: %v", err)
		}
	})
	t.Run("should draw the five charts as SVG", func(t *testing.T) {
		out := must(t, runExport, p, "--out", filepath.Join(dir, "charts"), "--format", "svg", "--scenario", "upside")
		files := strings.Fields(out)
		if len(files) != 5 {
			t.Fatalf("export wrote %v, want 5 charts", files)
		}
		for _, f := range files {
			if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
				if fi2, err2 := os.Stat(filepath.Join(dir, "charts", f)); err2 != nil || fi2.Size() == 0 {
					t.Errorf("chart %s missing or empty", f)
				}
			}
		}
	})
	t.Run("should refuse to replace files without --force", func(t *testing.T) {
		charts := filepath.Join(dir, "charts")
		if _, err := call(t, runExport, p, "--out", charts, "--format", "svg", "--scenario", "upside"); err == nil || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("second export: err %v, want a refusal naming --force", err)
		}
		must(t, runExport, p, "--out", charts, "--format", "svg", "--scenario", "upside", "--force")
		csvPath := filepath.Join(dir, "plan.csv")
		if _, err := call(t, runExportData, p, "--out", csvPath); err == nil {
			t.Fatal("export-data replaced plan.csv without --force")
		}
		must(t, runExportData, p, "--out", csvPath, "--force")
	})
	t.Run("should keep the plus of a +5pt scenario in file names", func(t *testing.T) {
		must(t, runScenario, p, "add", "--name", "Active +5pt", "--node", "active_rate", "--op", "add", "--value", "0.05", "--from", "2026-04")
		out := must(t, runExport, p, "--out", filepath.Join(dir, "plus"), "--format", "svg", "--charts", "waterfall", "--scenario", "Active +5pt")
		if !strings.Contains(out, "Active-plus5pt") {
			t.Fatalf("files %q: want the scenario's +5pt as plus5pt", out)
		}
	})
	t.Run("should reject unknown chart kinds", func(t *testing.T) {
		if _, err := call(t, runExport, p, "--out", dir, "--charts", "pie"); err == nil {
			t.Error("want a usage error for --charts pie")
		}
	})
}

func TestExportNumberingFollowsWorkspaceLanguage(t *testing.T) {
	cases := []struct {
		lang string
		want chart.Numbering
	}{
		{"ja", chart.NumberingJapanese},
		{"en", chart.NumberingWestern},
	}
	for _, tc := range cases {
		t.Run("should number a "+tc.lang+" workspace's charts as its language does", func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.kpitree")
			must(t, runNew, "--sample-data", "--lang", tc.lang, p)
			dir := t.TempDir()
			out := must(t, runExport, p, "--read-only", "--out", dir, "--format", "json", "--charts", "fan,tree")
			var jobs []chart.Job
			for _, f := range strings.Fields(out) {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				var spec struct {
					Kind string          `json:"kind"`
					Spec json.RawMessage `json:"spec"`
				}
				if err := json.Unmarshal(b, &spec); err != nil {
					t.Fatal(err)
				}
				jobs = append(jobs, chart.Job{Figure: decodeNumbering(t, spec.Kind, spec.Spec)})
			}
			if tc.lang == "ja" {
				// a Japanese workspace's numbers are Japanese throughout:
				// sheet names and headers by display name with the unit
				csvPath := filepath.Join(dir, "numbers.csv")
				must(t, runScenario, p, "add", "--name", "上振れ", "--node", "active_rate", "--op", "add", "--value", "0.05", "--from", "2026-04")
				must(t, runExportData, p, "--read-only", "--all-scenarios", "--out", csvPath)
				b, err := os.ReadFile(csvPath)
				if err != nil {
					t.Fatal(err)
				}
				if text := string(b); !strings.Contains(text, "シート,期間,") || !strings.Contains(text, "ベース,") || !strings.Contains(text, "上振れ,") ||
					!strings.Contains(text, "(円/月)") || strings.Contains(text, "JPY") {
					t.Errorf("Japanese numbers export is not Japanese:\n%.400s", text)
				}
			}
			if len(jobs) != 2 {
				t.Fatalf("got %d jobs, want fan and tree", len(jobs))
			}
			fan, ok := jobs[0].Figure.(*chart.FanChart)
			if !ok {
				t.Fatalf("first job is %T, want the fan chart", jobs[0].Figure)
			}
			if fan.Unit.Numbering != tc.want {
				t.Errorf("fan numbering = %v, want %v", fan.Unit.Numbering, tc.want)
			}
			tree, ok := jobs[1].Figure.(*chart.TreePicture)
			if !ok {
				t.Fatalf("second job is %T, want the tree picture", jobs[1].Figure)
			}
			if len(tree.Nodes) == 0 {
				t.Fatal("the tree picture has no nodes")
			}
			for _, n := range tree.Nodes {
				if n.Unit.Numbering != tc.want {
					t.Errorf("tree node %s numbering = %v, want %v", n.ID, n.Unit.Numbering, tc.want)
				}
			}
		})
	}
}
