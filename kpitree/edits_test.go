package kpitree_test

import (
	"errors"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

func TestJoinTerm(t *testing.T) {
	tests := []struct {
		name, formula, op, want string
		err                     error
	}{
		{"should start an empty formula with the driver", "", "*", "c", nil},
		{"should multiply a product", "a * b", "*", "a * b * c", nil},
		{"should multiply the whole of a ratio, never divide by the new driver", "a / b", "*", "a / b * c", nil},
		{"should add to the whole of a difference, never subtract the new driver", "a - b", "+", "a - b + c", nil},
		{"should add to a sum", "a + b", "+", "a + b + c", nil},
		{"should bracket a sum it multiplies", "a + b", "*", "(a + b) * c", nil},
		{"should refuse another operator", "a", "/", "", kpitree.ErrBadOp},
		{"should refuse a broken formula", "a *", "*", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := kpitree.JoinTerm(tt.formula, "c", tt.op)
			if tt.want == "" {
				if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
					t.Fatalf("JoinTerm = %q, %v; want an error %v", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("JoinTerm(%q, %s) = %q, %v; want %q", tt.formula, tt.op, got, err, tt.want)
			}
		})
	}
}

func editTree() kpitree.Tree {
	return kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{
		{ID: "rev", Kind: kpitree.KindFormula, Formula: "price * active", Unit: "JPY/month"},
		{ID: "price", Kind: kpitree.KindInput, Unit: "JPY/customer/month"},
		{ID: "active", Kind: kpitree.KindFormula, Formula: "onboarded * rate", Unit: "customers"},
		{ID: "onboarded", Kind: kpitree.KindInput, Unit: "customers"},
		{ID: "rate", Kind: kpitree.KindInput, Unit: "%"},
		{ID: "ratio", Kind: kpitree.KindFormula, Formula: "onboarded / price", Unit: ""},
	}}
}

func TestAddDriverOp(t *testing.T) {
	t.Run("should add the driver with the operator chosen and undo it exactly", func(t *testing.T) {
		tr := editTree()
		op, err := kpitree.AddDriverOp(tr, "active", kpitree.Node{ID: "extra", Kind: kpitree.KindInput, Unit: "customers"}, "+")
		if err != nil {
			t.Fatal(err)
		}
		next, inv, err := op.Apply(tr)
		if err != nil {
			t.Fatal(err)
		}
		if f := nodeOf(t, next, "active").Formula; f != "onboarded * rate + extra" {
			t.Fatalf("formula %q", f)
		}
		back, _, err := inv.Apply(next)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Nodes) != len(tr.Nodes) || nodeOf(t, back, "active").Formula != "onboarded * rate" {
			t.Fatalf("undo left %+v", back.Nodes)
		}
	})
	t.Run("should make an input parent a formula of the new driver", func(t *testing.T) {
		tr := editTree()
		op, err := kpitree.AddDriverOp(tr, "rate", kpitree.Node{ID: "logins", Kind: kpitree.KindInput}, "*")
		if err != nil {
			t.Fatal(err)
		}
		next, _, err := op.Apply(tr)
		if err != nil {
			t.Fatal(err)
		}
		if n := nodeOf(t, next, "rate"); n.Kind != kpitree.KindFormula || n.Formula != "logins" {
			t.Fatalf("rate = %+v", n)
		}
	})
	t.Run("should refuse a taken id", func(t *testing.T) {
		if _, err := kpitree.AddDriverOp(editTree(), "rev", kpitree.Node{ID: "rate"}, "*"); !errors.Is(err, kpitree.ErrDuplicateID) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRemoveNodesOp(t *testing.T) {
	t.Run("should drop the node from the product that uses it", func(t *testing.T) {
		tr := editTree()
		tr.Nodes = tr.Nodes[:5]
		op, err := kpitree.RemoveNodesOp(tr, []string{"rate"})
		if err != nil {
			t.Fatal(err)
		}
		next, inv, err := op.Apply(tr)
		if err != nil {
			t.Fatal(err)
		}
		if f := nodeOf(t, next, "active").Formula; f != "onboarded" {
			t.Fatalf("formula %q", f)
		}
		back, _, err := inv.Apply(next)
		if err != nil || nodeOf(t, back, "active").Formula != "onboarded * rate" || len(back.Nodes) != 5 {
			t.Fatalf("undo: %v %+v", err, back.Nodes)
		}
	})
	t.Run("should refuse to take the divisor out of a ratio and name the formula", func(t *testing.T) {
		_, err := kpitree.RemoveNodesOp(editTree(), []string{"price"})
		if !errors.Is(err, kpitree.ErrBadOp) {
			t.Fatalf("err = %v, want ErrBadOp naming ratio", err)
		}
	})
}

func TestInferredUnit(t *testing.T) {
	tr := editTree()
	if u, ok := kpitree.InferredUnit(tr, "rev"); !ok || u != "JPY/month" {
		t.Fatalf("rev computes %q, %v; want JPY/month", u, ok)
	}
	if _, ok := kpitree.InferredUnit(tr, "price"); ok {
		t.Fatal("an input has no computed unit")
	}
}

func TestDeriveID(t *testing.T) {
	taken := map[string]bool{"rate": true, "active_rate": true}
	tests := []struct{ name, want string }{
		{"Active rate", "active_rate_2"},
		{"Logins per seat", "logins_per_seat"},
		{"オンボーディング数", "onbodingu_count"},
		{"アクティブ率", "akutibu_rate"},
		{"ログイン率", "roguin_rate"},
		{"チャット数 (週次)", "chatto_count"},
		{"売上高", "revenue"},
		{"顧客満足度", "customer"},
		{"満足度", "parent_1"},
		{"2024 target", "n2024_target"},
	}
	for _, tt := range tests {
		t.Run("should derive a readable id for "+tt.name, func(t *testing.T) {
			got := kpitree.DeriveID(tt.name, "parent", func(id string) bool { return taken[id] })
			if got != tt.want || !kpitree.ValidID(got) {
				t.Fatalf("DeriveID(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func nodeOf(t *testing.T, tr kpitree.Tree, id string) kpitree.Node {
	t.Helper()
	for _, n := range tr.Nodes {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("no node %q", id)
	return kpitree.Node{}
}
