package kpitree_test

import (
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestEmptyTemplate(t *testing.T) {
	t.Run("should be listed with English and Japanese names", func(t *testing.T) {
		var found *kpitree.TemplateInfo
		for _, ti := range kpitree.Templates() {
			if ti.ID == kpitree.EmptyTemplateID {
				found = &ti
			}
		}
		if found == nil {
			t.Fatalf("template %q is not listed", kpitree.EmptyTemplateID)
		}
		if found.Name["en"] != "Empty tree" || found.Name["ja"] != "空のツリー" {
			t.Errorf("names = %v, want Empty tree / 空のツリー", found.Name)
		}
		if found.Stage != "" {
			t.Errorf("stage = %q, want none: the empty tree suits every stage", found.Stage)
		}
	})
	for _, tc := range []struct{ lang, name string }{{"en", "Revenue"}, {"ja", "売上"}} {
		t.Run("should build one formula root that checks cleanly in "+tc.lang, func(t *testing.T) {
			tr, err := kpitree.NewFromTemplate(kpitree.EmptyTemplateID, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Nodes) != 1 || tr.Root != "root" || tr.Nodes[0].ID != "root" {
				t.Fatalf("tree = root %q, nodes %+v; want the single node root", tr.Root, tr.Nodes)
			}
			n := tr.Nodes[0]
			if n.Kind != kpitree.KindFormula || n.Name != tc.name {
				t.Errorf("root = kind %v, name %q; want a formula named %q", n.Kind, n.Name, tc.name)
			}
			for _, d := range kpitree.Check(tr, nil) {
				if d.Severity != kpitree.SevInfo {
					t.Errorf("check: %s %s %s: %s", d.Severity, d.Code, d.Node, d.Message)
				}
			}
		})
	}
	t.Run("should evaluate to zero before any data is bound", func(t *testing.T) {
		tr, err := kpitree.NewFromTemplate(kpitree.EmptyTemplateID, "en")
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := kpitree.Evaluate(tr, nil, nil, 3)
		if err != nil {
			t.Fatal(err)
		}
		vals := s.Values("root")
		if len(vals) != 3 {
			t.Fatalf("root has %d periods, want 3", len(vals))
		}
		for k, v := range vals {
			if v != 0 {
				t.Errorf("root at period %d = %v, want 0", k, v)
			}
		}
	})
	t.Run("should accept a first driver under the root", func(t *testing.T) {
		tr, _ := kpitree.NewFromTemplate(kpitree.EmptyTemplateID, "en")
		tr.Nodes = append(tr.Nodes, kpitree.Node{ID: "price", Name: "Price", Unit: "JPY/month", Kind: kpitree.KindInput, Aggregation: "mean", Values: []float64{5, 6}})
		tr.Nodes[0].Formula = "price * 2"
		s, _, err := kpitree.Evaluate(tr, nil, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Values("root"); len(got) != 2 || got[0] != 10 || got[1] != 12 {
			t.Errorf("root = %v, want [10 12]", got)
		}
	})
}
