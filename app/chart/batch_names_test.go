package chart_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

// Charts are exported under Japanese node and scenario names ("+5pt" kept
// as "plus5pt", so "+5pt" and "-5pt" scenarios do not collide) into folders
// with Japanese names (Windows users' Documents folders often have one):
// every file must arrive under its own name, with no temporary file left.
func TestBatchJapaneseNames(t *testing.T) {
	size := chart.SizePixels(320, 180, 0)
	tests := []struct {
		name, folder, node, scenario string
		format                       chart.Format
		want                         string
	}{
		{"Japanese node and scenario", "out", "アクティブ率", "上振れ案", chart.PNG, "fan_アクティブ率_上振れ案.png"},
		{"Japanese folder", "図表 2026年", "revenue", "base", chart.SVG, "fan_revenue_base.svg"},
		{"full-width and mixed", "出力／charts", "売上（円）", "計画 +5pt", chart.PDF, "fan_売上-円_計画-plus5pt.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), tt.folder)
			jobs := []chart.Job{{Node: tt.node, Scenario: tt.scenario, Figure: revenueFan(false)}}
			paths, err := chart.Batch(context.Background(), jobs, dir, tt.format, size, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 1 || filepath.Base(paths[0]) != tt.want {
				t.Fatalf("wrote %v, want %s", paths, tt.want)
			}
			if fi, err := os.Stat(paths[0]); err != nil || fi.Size() == 0 {
				t.Fatalf("%s: %v", paths[0], err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}
