package chart

import (
	"fmt"
	"slices"
	"testing"
)

func wideNodes(n int) []TreeNode {
	nodes := []TreeNode{{ID: "n0", Name: "Root"}}
	for i := 1; i < n; i++ {
		nodes = append(nodes, TreeNode{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("Node %d", i), Parent: fmt.Sprintf("n%d", (i-1)/3)})
	}
	return nodes
}

func ids(nodes []TreeNode) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.ID)
	}
	return out
}

func TestTreeView(t *testing.T) {
	tests := []struct {
		name     string
		tp       TreePicture
		shown    int
		first    []string
		note     string
		noParent string // the drawn root, whose parent is dropped
	}{
		{"should cut a 30,000-node tree to the deepest depth that fits", TreePicture{Nodes: wideNodes(30_000)}, 9841,
			[]string{"n0", "n1", "n2", "n3"}, "Showing 9841 of 30000 nodes: 8 levels below the top. Choose a subtree and depth to see more.", "n0"},
		{"should draw the subtree under Root to Depth levels", TreePicture{Nodes: wideNodes(30_000), Root: "n4", Depth: 2}, 13,
			[]string{"n4", "n13", "n14", "n15", "n40"}, "Showing 13 of 30000 nodes: 2 levels below Node 4. Choose a subtree and depth to see more.", "n4"},
		{"should keep the caller's note and add the crop note", TreePicture{Nodes: wideNodes(100), Depth: 1, Note: "FY2026"}, 4,
			[]string{"n0", "n1", "n2", "n3"}, "FY2026 · Showing 4 of 100 nodes: 1 level below the top. Choose a subtree and depth to see more.", "n0"},
		{"should leave a small whole tree alone", TreePicture{Nodes: wideNodes(40), Note: "n"}, 40, []string{"n0", "n1"}, "n", ""},
		{"should word the note as the caller asks", TreePicture{Nodes: wideNodes(100), Depth: 1,
			CropNote: func(shown, total, depth int, root string) string {
				return fmt.Sprintf("%d/%d 件 (%d 階層)", shown, total, depth)
			}},
			4, []string{"n0"}, "4/100 件 (1 階層)", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nodes, note, err := tc.tp.view()
			if err != nil {
				t.Fatal(err)
			}
			if len(nodes) != tc.shown {
				t.Errorf("%d boxes, want %d", len(nodes), tc.shown)
			}
			if got := ids(nodes)[:len(tc.first)]; !slices.Equal(got, tc.first) {
				t.Errorf("first boxes %v, want %v", got, tc.first)
			}
			if note != tc.note {
				t.Errorf("note %q, want %q", note, tc.note)
			}
			for _, n := range nodes {
				if n.ID == tc.noParent && n.Parent != "" {
					t.Errorf("the drawn root %s keeps parent %s", n.ID, n.Parent)
				}
			}
			if _, err := LayoutTree(nodes, LeftToRight, 1, 1, 1, 1); err != nil {
				t.Errorf("the view does not lay out: %v", err)
			}
		})
	}
}
