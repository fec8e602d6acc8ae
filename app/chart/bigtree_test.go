package chart_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

// wideTree is a tree of about n nodes: a root, then each node with three
// children, breadth first, named n0, n1, …
func wideTree(n int) []chart.TreeNode {
	nodes := []chart.TreeNode{{ID: "n0", Name: "Root", Value: 1}}
	for i := 1; i < n; i++ {
		nodes = append(nodes, chart.TreeNode{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("Node %d", i),
			Parent: fmt.Sprintf("n%d", (i-1)/3), Value: float64(i)})
	}
	return nodes
}

func TestTreePicture_RefusesBadRootOrDepth(t *testing.T) {
	for _, tp := range []*chart.TreePicture{
		{Title: "x", Nodes: wideTree(10), Root: "nope"},
		{Title: "x", Nodes: wideTree(10), Depth: -1},
	} {
		if err := chart.Write(&bytes.Buffer{}, tp, chart.SVG, chart.SizeSlide()); !errors.Is(err, chart.ErrBadTree) {
			t.Errorf("root %q depth %d: %v, want ErrBadTree", tp.Root, tp.Depth, err)
		}
	}
}

func TestBatchAll_AllOrNothing(t *testing.T) {
	t.Run("should write nothing when one chart fails", func(t *testing.T) {
		dir := t.TempDir()
		jobs := []chart.Job{{Node: "ok", Figure: revenueFan(false)}, {Node: "bad", Figure: &chart.TreePicture{Title: "x", Nodes: wideTree(5), Root: "nope"}}}
		files, err := chart.BatchAll(context.Background(), jobs, dir, chart.SVG, chart.SizeSlide(), nil)
		if err == nil || !strings.Contains(err.Error(), "nothing written") || !errors.Is(err, chart.ErrBadTree) {
			t.Fatalf("error %v, want 'nothing written' wrapping ErrBadTree", err)
		}
		if len(files) != 0 {
			t.Errorf("files %v reported", files)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("%d entries left in the folder, want none", len(left))
		}
	})
	t.Run("should move every chart in when all succeed", func(t *testing.T) {
		dir := t.TempDir()
		jobs := []chart.Job{{Node: "a", Figure: revenueFan(false)}, {Node: "b", Figure: &chart.TreePicture{Title: "t", Nodes: wideTree(200), Depth: 3}}}
		files, err := chart.BatchAll(context.Background(), jobs, dir, chart.SVG, chart.SizeSlide(), nil)
		if err != nil {
			t.Fatal(err)
		}
		left, _ := os.ReadDir(dir)
		if len(files) != 2 || len(left) != 2 {
			t.Fatalf("files %v, folder has %d entries; want 2 and 2", files, len(left))
		}
		for _, f := range files {
			if filepath.Dir(f) != dir {
				t.Errorf("%s is not in %s", f, dir)
			}
		}
	})
}
