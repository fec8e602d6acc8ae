package kpitree_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func TestOps_ApplyThenInverseRestoresTheTree(t *testing.T) {
	base := coreCanonicalTree()
	base.Nodes[1].Values = []float64{1, 2, 3}
	base.Nodes = append(base.Nodes,
		kpitree.Node{ID: "h", Name: "Health", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{{Ref: "per_csm", Per: "csm_count", Weight: 1, Max: 10}}},
		kpitree.Node{ID: "gross", Name: "Gross", Kind: kpitree.KindFormula, Formula: "revenue + extra"},
		kpitree.Node{ID: "extra", Name: "Extra", Kind: kpitree.KindInput},
	)
	ops := []kpitree.Op{
		kpitree.AddNode{Node: kpitree.Node{ID: "new", Kind: kpitree.KindInput, Values: []float64{}}, Index: 0},
		kpitree.AddNode{Node: kpitree.Node{ID: "new", Kind: kpitree.KindInput}, Index: -1},
		kpitree.RemoveNode{ID: "gross"},
		kpitree.UpdateNode{Node: kpitree.Node{ID: "per_csm", Name: "x", Kind: kpitree.KindConstant, Value: 3}},
		kpitree.SetFormula{ID: "revenue", Formula: "unit_price * active_customers * 1.1"},
		kpitree.SetFormula{ID: "revenue", Formula: "(broken"},
		kpitree.SetRoot{ID: "onboarded"},
		kpitree.MoveNode{ID: "revenue", Index: 5},
		kpitree.MoveNode{ID: "active_rate", Index: 0},
		kpitree.Reparent{ID: "extra", From: "gross", To: "onboarded"},
		kpitree.Reparent{ID: "per_csm", From: "onboarded", To: "gross"},
		kpitree.RenameID{From: "per_csm", To: "onboardings_per_csm"},
		kpitree.RenameID{From: "revenue", To: "addon_revenue"},
		kpitree.UpdateTree{Name: "別名", Calendar: kpitree.Calendar{Freq: kpitree.Quarter, Periods: 4}},
		kpitree.Batch{Ops: []kpitree.Op{
			kpitree.AddNode{Node: kpitree.Node{ID: "z", Kind: kpitree.KindInput}, Index: -1},
			kpitree.SetFormula{ID: "gross", Formula: "revenue + extra + z"},
		}},
		kpitree.Batch{},
	}
	for _, op := range ops {
		t.Run(fmt.Sprintf("%T %v", op, op), func(t *testing.T) {
			before := base.Clone()
			got, inv, err := op.Apply(base)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if !reflect.DeepEqual(base, before) {
				t.Fatal("Apply modified its input")
			}
			if reflect.DeepEqual(got, base) {
				if _, isBatch := op.(kpitree.Batch); !isBatch {
					t.Error("Apply changed nothing")
				}
			}
			back, redo, err := inv.Apply(got)
			if err != nil {
				t.Fatalf("inverse %#v: %v", inv, err)
			}
			if !reflect.DeepEqual(back, base) {
				t.Fatalf("inverse does not restore:\n got %+v\nwant %+v", back, base)
			}
			again, _, err := redo.Apply(back)
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Fatalf("redo differs (%v)", err)
			}
			coreCheckOpJSON(t, op)
			coreCheckOpJSON(t, inv)
		})
	}
}

func coreCheckOpJSON(t *testing.T, op kpitree.Op) {
	t.Helper()
	b, err := kpitree.MarshalOp(op)
	if err != nil {
		t.Fatalf("MarshalOp: %v", err)
	}
	back, err := kpitree.UnmarshalOp(b)
	if err != nil {
		t.Fatalf("UnmarshalOp(%s): %v", b, err)
	}
	b2, _ := kpitree.MarshalOp(back)
	if string(b) != string(b2) {
		t.Fatalf("op JSON not stable:\n%s\n%s", b, b2)
	}
}

func TestOps_RefuseInvalidEdits(t *testing.T) {
	tree := coreCanonicalTree()
	tests := []struct {
		op   kpitree.Op
		want error
	}{
		{kpitree.AddNode{Node: kpitree.Node{ID: "revenue"}}, kpitree.ErrDuplicateID},
		{kpitree.AddNode{Node: kpitree.Node{ID: "bad id"}}, kpitree.ErrInvalidID},
		{kpitree.AddNode{Node: kpitree.Node{ID: "x"}, Index: 99}, kpitree.ErrBadOp},
		{kpitree.RemoveNode{ID: "nope"}, kpitree.ErrUnknownNode},
		{kpitree.RemoveNode{ID: "unit_price"}, kpitree.ErrBadOp},
		{kpitree.RemoveNode{ID: "active_rate"}, kpitree.ErrBadOp}, // used by quoted name
		{kpitree.UpdateNode{Node: kpitree.Node{ID: "nope"}}, kpitree.ErrUnknownNode},
		{kpitree.SetFormula{ID: "unit_price", Formula: "1"}, kpitree.ErrBadOp},
		{kpitree.SetRoot{ID: "nope"}, kpitree.ErrUnknownNode},
		{kpitree.MoveNode{ID: "revenue", Index: 7}, kpitree.ErrBadOp},
		{kpitree.Reparent{ID: "revenue", From: "revenue", To: "onboarded"}, kpitree.ErrCycle},
		{kpitree.Reparent{ID: "active_customers", From: "revenue", To: "onboarded"}, kpitree.ErrCycle},
		{kpitree.Reparent{ID: "csm_count", From: "revenue", To: "active_customers"}, kpitree.ErrBadOp},
		{kpitree.Reparent{ID: "csm_count", From: "onboarded", To: "unit_price"}, kpitree.ErrBadOp},
		{kpitree.Reparent{ID: "csm_count", From: "onboarded", To: "revenue", Operator: "%"}, kpitree.ErrBadOp},
		{kpitree.RenameID{From: "revenue", To: "unit_price"}, kpitree.ErrDuplicateID},
		{kpitree.RenameID{From: "revenue", To: "9x"}, kpitree.ErrInvalidID},
		{kpitree.RenameID{From: "nope", To: "x"}, kpitree.ErrUnknownNode},
		{kpitree.Batch{Ops: []kpitree.Op{kpitree.SetRoot{ID: "onboarded"}, kpitree.RemoveNode{ID: "nope"}}}, kpitree.ErrUnknownNode},
		{kpitree.Batch{Ops: []kpitree.Op{nil}}, kpitree.ErrBadOp},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T %v", tt.op, tt.op), func(t *testing.T) {
			got, _, err := tt.op.Apply(tree)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if !reflect.DeepEqual(got, tree) {
				t.Error("a failed op must return the input tree unchanged")
			}
		})
	}
}

func TestReparent_MovesTheTermBetweenFormulas(t *testing.T) {
	tree := coreCanonicalTree()
	tree.Nodes = append(tree.Nodes, kpitree.Node{ID: "bonus", Kind: kpitree.KindFormula, Formula: "a + b"},
		kpitree.Node{ID: "a", Kind: kpitree.KindInput}, kpitree.Node{ID: "b", Kind: kpitree.KindInput})
	got, _, err := kpitree.Reparent{ID: "per_csm", From: "onboarded", To: "bonus"}.Apply(tree)
	if err != nil {
		t.Fatal(err)
	}
	f := map[string]string{}
	for _, n := range got.Nodes {
		f[n.ID] = n.Formula
	}
	if f["onboarded"] != "csm_count" || f["bonus"] != "a + b + per_csm" {
		t.Errorf("formulas: onboarded=%q bonus=%q", f["onboarded"], f["bonus"])
	}
}

func TestRenameID_RewritesReferencesKeepingText(t *testing.T) {
	tree := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
		{ID: "r", Kind: kpitree.KindFormula, Formula: `x*2 +   "x" + lag( x ,1) + xx + "Named"`},
		{ID: "x", Name: "Named", Kind: kpitree.KindInput},
		{ID: "xx", Kind: kpitree.KindInput},
		{ID: "h", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{{Ref: "x", Per: "x", Weight: 1, Max: 1}}},
	}}
	got, _, err := kpitree.RenameID{From: "x", To: "y"}.Apply(tree)
	if err != nil {
		t.Fatal(err)
	}
	if want := `y*2 +   "y" + lag( y ,1) + xx + "Named"`; got.Nodes[0].Formula != want {
		t.Errorf("formula = %q, want %q", got.Nodes[0].Formula, want)
	}
	if h := got.Nodes[3].Health[0]; h.Ref != "y" || h.Per != "y" {
		t.Errorf("health refs = %+v", h)
	}
	if ds := kpitree.Check(got, nil); kpitree.HasErrors(ds) {
		t.Errorf("renamed tree has errors: %v", ds)
	}
}

// TestOps_RandomSequencesUndoExactly is a property test: any sequence of
// valid random edits, undone in reverse order, restores the original.
func TestOps_RandomSequencesUndoExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	applied := map[string]int{}
	defer func() {
		// Guard against a generator that only produces rejected edits.
		for _, name := range []string{"kpitree.AddNode", "kpitree.RemoveNode", "kpitree.Reparent", "kpitree.RenameID", "kpitree.Batch"} {
			if applied[name] == 0 {
				t.Errorf("no %s was ever applied: %v", name, applied)
			}
		}
	}()
	for run := range 200 {
		tree := coreCanonicalTree()
		tree.Calendar.Start = time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
		start := tree.Clone()
		var undo []kpitree.Op
		for range 12 {
			op := coreRandomOp(rng, tree)
			next, inv, err := op.Apply(tree)
			if err != nil {
				continue // random ops may be invalid; they must then change nothing
			}
			b, err := kpitree.MarshalOp(inv)
			if err != nil {
				t.Fatalf("run %d: marshal inverse: %v", run, err)
			}
			if inv, err = kpitree.UnmarshalOp(b); err != nil {
				t.Fatalf("run %d: unmarshal inverse: %v", run, err)
			}
			undo = append(undo, inv)
			applied[fmt.Sprintf("%T", op)]++
			tree = next
		}
		for k := len(undo) - 1; k >= 0; k-- {
			var err error
			tree, _, err = undo[k].Apply(tree)
			if err != nil {
				t.Fatalf("run %d: undo %d (%#v): %v", run, k, undo[k], err)
			}
		}
		if !coreTreesEqual(tree, start) {
			t.Fatalf("run %d: undo did not restore the tree", run)
		}
	}
}

func coreRandomOp(rng *rand.Rand, t kpitree.Tree) kpitree.Op {
	pick := func() string { return t.Nodes[rng.IntN(len(t.Nodes))].ID }
	fresh := fmt.Sprintf("n%d", rng.IntN(1000))
	switch rng.IntN(9) {
	case 0:
		return kpitree.AddNode{Node: kpitree.Node{ID: fresh, Kind: kpitree.KindInput, Values: []float64{rng.Float64()}}, Index: rng.IntN(len(t.Nodes)+1) - 1}
	case 1:
		return kpitree.RemoveNode{ID: pick()}
	case 2:
		return kpitree.UpdateNode{Node: kpitree.Node{ID: pick(), Name: "renamed", Kind: kpitree.KindConstant, Value: rng.Float64()}}
	case 3:
		return kpitree.SetFormula{ID: pick(), Formula: pick() + " * " + pick()}
	case 4:
		return kpitree.SetRoot{ID: pick()}
	case 5:
		return kpitree.MoveNode{ID: pick(), Index: rng.IntN(len(t.Nodes))}
	case 6:
		return kpitree.Reparent{ID: pick(), From: pick(), To: pick()}
	case 7:
		return kpitree.RenameID{From: pick(), To: fresh}
	}
	return kpitree.Batch{Ops: []kpitree.Op{kpitree.SetRoot{ID: pick()}, kpitree.RenameID{From: pick(), To: fresh}}}
}

func TestUnmarshalOp_RejectsGarbage(t *testing.T) {
	for _, in := range []string{`{`, `{"op":"explode"}`, `{"op":"set_formula","id":"a"}`, `{"op":"add_node"}`, `{"op":"batch","ops":[{"op":"nope"}]}`, `[]`} {
		if _, err := kpitree.UnmarshalOp([]byte(in)); !errors.Is(err, kpitree.ErrBadJSON) {
			t.Errorf("UnmarshalOp(%s) = %v, want ErrBadJSON", in, err)
		}
	}
}

func FuzzUnmarshalOp(f *testing.F) {
	for _, op := range []kpitree.Op{
		kpitree.SetFormula{ID: "a", Formula: "b * c"},
		kpitree.Batch{Ops: []kpitree.Op{kpitree.RemoveNode{ID: "x"}, kpitree.MoveNode{ID: "y", Index: 1}}},
		kpitree.AddNode{Node: kpitree.Node{ID: "n", Kind: kpitree.KindInput, Values: []float64{1, 2}}, Index: 0},
		kpitree.RenameID{From: "revenue", To: "r2"},
		kpitree.Reparent{ID: "csm_count", From: "onboarded", To: "revenue"},
	} {
		b, _ := kpitree.MarshalOp(op)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		op, err := kpitree.UnmarshalOp(data)
		if err != nil {
			return
		}
		tree := coreCanonicalTree()
		got, inv, err := op.Apply(tree)
		if err != nil {
			return
		}
		back, _, err := inv.Apply(got)
		if err != nil {
			t.Fatalf("inverse of %s fails: %v", data, err)
		}
		if !coreTreesEqual(back, tree) {
			t.Fatalf("inverse of %s does not restore the tree", data)
		}
	})
}

// TestCarry_RandomEditsMatchAFreshEvaluation is a property test: after any
// random edit, carrying the previous evaluation over gives exactly what a
// fresh evaluation of the edited tree gives.
func TestCarry_RandomEditsMatchAFreshEvaluation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for run := range 100 {
		tree := coreCanonicalTree()
		for i := range tree.Nodes {
			if tree.Nodes[i].Kind == kpitree.KindInput {
				tree.Nodes[i].Values = []float64{1 + rng.Float64(), 2, 3}
			}
		}
		p, _, _ := kpitree.Compile(tree)
		st := p.NewState(3)
		st.Run()
		for step := range 8 {
			next, _, err := coreRandomOp(rng, tree).Apply(tree)
			if err != nil {
				continue
			}
			tree = next
			p2, _, err := kpitree.Compile(tree)
			if err != nil {
				t.Fatal(err)
			}
			carried, err := p2.Carry(st)
			if err != nil {
				t.Fatal(err)
			}
			fresh := p2.NewState(3)
			fresh.Run()
			for i := range p2.Len() {
				for k, v := range fresh.Column(i) {
					if w := carried.Column(i)[k]; v != w && !(math.IsNaN(v) && math.IsNaN(w)) {
						t.Fatalf("run %d step %d: %s[%d]: fresh %v, carried %v", run, step, p2.ID(i), k, v, w)
					}
				}
			}
			st = carried
		}
	}
}
