package ui_test

import (
	"errors"
	"testing"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/kpitree"
)

var _ ui.Workspace = (*ui.Demo)(nil)
var _ ui.Opener = ui.DemoOpener{}

func formulaOf(d *ui.Demo, id string) string {
	for _, n := range d.Snapshot().Tree.Nodes {
		if n.ID == id {
			return n.Formula
		}
	}
	return "<missing>"
}

func TestDemo(t *testing.T) {
	t.Run("should load the sample actuals for every canonical node", func(t *testing.T) {
		d, err := ui.NewDemo(true)
		if err != nil {
			t.Fatal(err)
		}
		s := d.Snapshot()
		for _, n := range s.Tree.Nodes {
			if len(s.Actual[n.ID]) != 36 {
				t.Errorf("%s has %d periods, want 36", n.ID, len(s.Actual[n.ID]))
			}
		}
		if s.Tree.Nodes[0].Name != "付帯売上" {
			t.Errorf("root name %q, want Japanese", s.Tree.Nodes[0].Name)
		}
	})
	t.Run("should add a driver to the parent's product and undo it", func(t *testing.T) {
		d, _ := ui.NewDemo(false)
		var changes []string
		unsub := d.Subscribe(func(c ui.Change) { changes = append(changes, c.Action) })
		if err := d.AddNode("active_customers", kpitree.Node{ID: "seats", Name: "Seats", Kind: kpitree.KindInput}); err != nil {
			t.Fatal(err)
		}
		if got := formulaOf(d, "active_customers"); got != "onboarded_accounts * active_rate * seats" {
			t.Fatalf("formula = %q", got)
		}
		if _, err := d.Undo(); err != nil {
			t.Fatal(err)
		}
		if got := formulaOf(d, "seats"); got != "<missing>" {
			t.Fatal("undo kept the node")
		}
		unsub()
		_, _ = d.Redo()
		if len(changes) != 2 {
			t.Fatalf("changes seen = %v, want add and undo only (unsubscribed before redo)", changes)
		}
	})
	t.Run("should delete a node and drop it from its parent's formula", func(t *testing.T) {
		d, _ := ui.NewDemo(false)
		if err := d.DeleteNodes([]string{"active_rate"}); err != nil {
			t.Fatal(err)
		}
		if got := formulaOf(d, "active_customers"); got != "onboarded_accounts" {
			t.Fatalf("formula = %q", got)
		}
	})
	t.Run("should move a node and refuse a move under its own driver", func(t *testing.T) {
		d, _ := ui.NewDemo(false)
		if err := d.Reparent("csm_count", "revenue_jpy"); err != nil {
			t.Fatal(err)
		}
		st := ui.DeriveStructure(d.Snapshot().Tree)
		if st.Parent["csm_count"] != "revenue_jpy" {
			t.Fatalf("csm_count under %q", st.Parent["csm_count"])
		}
		if err := d.Reparent("active_customers", "active_rate"); !errors.Is(err, kpitree.ErrCycle) {
			t.Fatalf("err = %v, want ErrCycle", err)
		}
	})
	t.Run("should reject bad edits with the domain's sentinels", func(t *testing.T) {
		d, _ := ui.NewDemo(false)
		if err := d.AddNode("", kpitree.Node{ID: "9bad"}); !errors.Is(err, kpitree.ErrInvalidID) {
			t.Errorf("invalid id: %v", err)
		}
		if err := d.AddNode("", kpitree.Node{ID: "csm_count"}); !errors.Is(err, kpitree.ErrDuplicateID) {
			t.Errorf("duplicate id: %v", err)
		}
		if err := d.UpdateNode(kpitree.Node{ID: "nope"}); !errors.Is(err, kpitree.ErrUnknownNode) {
			t.Errorf("unknown node: %v", err)
		}
		if _, err := d.Redo(); err == nil {
			t.Error("redo with nothing to redo succeeded")
		}
		if err := d.SaveAs(t.Context(), "x"); !errors.Is(err, ui.ErrNotSupported) {
			t.Errorf("save: %v", err)
		}
	})
}
