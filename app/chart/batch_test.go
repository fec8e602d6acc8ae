package chart_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

func TestFileName(t *testing.T) {
	fan := revenueFan(false)
	cases := []struct {
		name string
		job  chart.Job
		want string
	}{
		{"should join kind, node and scenario", chart.Job{Node: "active_rate", Scenario: "plus5pt", Figure: fan}, "fan_active-rate_plus5pt.png"},
		{"should leave out an empty scenario", chart.Job{Node: "revenue", Figure: fan}, "fan_revenue.png"},
		{"should collapse separators and trim them", chart.Job{Node: "  ../../etc/passwd ", Scenario: "A / B: +5 %", Figure: fan}, "fan_etc-passwd_A-B-plus5-pct.png"},
		{"should keep Japanese letters", chart.Job{Node: "アクティブ率", Scenario: "4月から+5pt", Figure: fan}, "fan_アクティブ率_4月から-plus5pt.png"},
		{"should keep a plus sign as a word", chart.Job{Node: "root", Scenario: "Active +5pt", Figure: fan}, "fan_root_Active-plus5pt.png"},
		{"should keep a minus sign as a word", chart.Job{Node: "root", Scenario: "Churn −3%", Figure: fan}, "fan_root_Churn-minus3pct.png"},
		{"should tell +5pt and -5pt apart", chart.Job{Node: "root", Scenario: "-5pt", Figure: fan}, "fan_root_minus5pt.png"},
		{"should keep a hyphen between digits a hyphen", chart.Job{Node: "root", Scenario: "from 2026-04", Figure: fan}, "fan_root_from-2026-04.png"},
		{"should name a job without figure", chart.Job{Node: "x"}, "figure_x.png"},
		{"should use the figure kind for a tree", chart.Job{Figure: canonicalTree(false)}, "tree.png"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := chart.FileName(tc.job, chart.PNG); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("should cap very long ids", func(t *testing.T) {
		long := chart.Job{Node: "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん", Figure: fan}
		if got := chart.FileName(long, chart.SVG); len(got) > 80 {
			t.Errorf("name is %d bytes: %q", len(got), got)
		}
	})
}

// batchJobs returns n small fan-chart jobs with some colliding names.
func batchJobs(n int) []chart.Job {
	jobs := make([]chart.Job, n)
	for i := range jobs {
		jobs[i] = chart.Job{Node: []string{"revenue", "active-rate", "Revenue", "csm"}[i%4], Scenario: "base", Figure: revenueFan(i%2 == 1)}
	}
	return jobs
}

func TestBatch(t *testing.T) {
	size := chart.SizePixels(480, 270, 0)
	t.Run("should write every job with stable, unique names and report progress", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "out")
		var mu sync.Mutex
		var seen []int
		paths, err := chart.Batch(context.Background(), batchJobs(6), dir, chart.PNG, size, func(done, total int) {
			mu.Lock()
			defer mu.Unlock()
			if total != 6 {
				t.Errorf("total = %d, want 6", total)
			}
			seen = append(seen, done)
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"fan_revenue_base.png", "fan_active-rate_base.png", "fan_Revenue_base-2.png", "fan_csm_base.png", "fan_revenue_base-3.png", "fan_active-rate_base-2.png"}
		if len(paths) != len(want) {
			t.Fatalf("paths = %v", paths)
		}
		for i, p := range paths {
			if filepath.Base(p) != want[i] {
				t.Errorf("path %d = %s, want %s", i, filepath.Base(p), want[i])
			}
			st, err := os.Stat(p)
			if err != nil || st.Size() == 0 {
				t.Errorf("%s: %v, size %v", p, err, st)
			}
		}
		if !slices.Equal(seen, []int{1, 2, 3, 4, 5, 6}) {
			t.Errorf("progress = %v, want 1…6 in order", seen)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 6 {
			t.Errorf("folder holds %d entries, want 6 (no temporary files left)", len(entries))
		}
	})
	t.Run("should stop early and say so when cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		dir := t.TempDir()
		paths, err := chart.Batch(ctx, batchJobs(50), dir, chart.SVG, size, nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if len(paths) >= 50 {
			t.Errorf("wrote %d files after cancel, want fewer than 50", len(paths))
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != len(paths) {
			t.Errorf("folder holds %d entries, returned %d paths: partial files left", len(entries), len(paths))
		}
	})
	t.Run("should export the good jobs and report the bad ones", func(t *testing.T) {
		jobs := batchJobs(3)
		jobs[1].Figure = &chart.Waterfall{Start: 1, End: 2}
		paths, err := chart.Batch(context.Background(), jobs, t.TempDir(), chart.PNG, size, nil)
		if !errors.Is(err, chart.ErrBadInput) {
			t.Errorf("err = %v, want ErrBadInput", err)
		}
		if len(paths) != 2 {
			t.Errorf("wrote %v, want the 2 good charts", paths)
		}
	})
	t.Run("should reject a bad size before writing anything", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "never")
		_, err := chart.Batch(context.Background(), batchJobs(1), dir, chart.PNG, chart.Size{Width: 0.1, Height: 0.1}, nil)
		if !errors.Is(err, chart.ErrBadSize) {
			t.Errorf("err = %v, want ErrBadSize", err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("folder was created for a failed export")
		}
	})
}

func TestExisting(t *testing.T) {
	dir := t.TempDir()
	jobs := []chart.Job{{Node: "a", Figure: revenueFan(false)}, {Node: "b", Figure: revenueFan(false)}}
	if got := chart.Existing(jobs, dir, ".png"); len(got) != 0 {
		t.Fatalf("empty folder: %v", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "fan_b.png"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := chart.Existing(jobs, dir, ".png")
	if len(got) != 1 || filepath.Base(got[0]) != "fan_b.png" {
		t.Fatalf("should list the one file that would be replaced, got %v", got)
	}
}
