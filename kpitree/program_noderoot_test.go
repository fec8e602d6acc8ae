package kpitree_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestProgram_NodeOrRoot(t *testing.T) {
	p, _, err := kpitree.Compile(coreCanonicalTree())
	if err != nil {
		t.Fatal(err)
	}
	root := p.Tree().Root
	cases := []struct {
		name, id, want string
		wantErr        bool
	}{
		{"should give the root for an empty id", "", root, false},
		{"should give the node named", "revenue", "revenue", false},
		{"should refuse an id not in the tree, naming it", "no_such_node", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := p.NodeOrRoot(tc.id)
			if tc.wantErr {
				if !errors.Is(err, kpitree.ErrUnknownNode) || !strings.Contains(err.Error(), `"no_such_node"`) || m != -1 {
					t.Errorf("NodeOrRoot(%q) = %d, %v; want -1 and ErrUnknownNode naming it", tc.id, m, err)
				}
				return
			}
			if err != nil || p.ID(m) != tc.want {
				t.Errorf("NodeOrRoot(%q) = %d (%s), %v; want %s", tc.id, m, p.ID(m), err, tc.want)
			}
		})
	}
}
