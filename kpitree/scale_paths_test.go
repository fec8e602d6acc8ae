package kpitree_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// labelledTree is randomTree with units, names (many shared, so quoted
// references can be ambiguous) and a few quoted, unknown and broken
// references: the paths the compile's name lookup and the unit checker's
// shortcuts take.
func labelledTree(rng *rand.Rand, n, h int) kpitree.Tree {
	t := randomTree(rng, n, h, false)
	units := []string{"", "JPY", "accounts", "%", "JPY/month", "JPY/account", "accounts/month", "person^2", "ratio"}
	for i := range t.Nodes {
		t.Nodes[i].Unit = units[rng.IntN(len(units))]
		t.Nodes[i].Name = fmt.Sprintf("Name %d", rng.IntN(max(2, n/3)))
		if rng.IntN(4) == 0 {
			t.Nodes[i].Name = fmt.Sprintf("Only %d", i)
		}
	}
	t.Calendar = kpitree.Calendar{Freq: kpitree.Month, Periods: h}
	last := t.Nodes[len(t.Nodes)-1].ID
	extra := []string{
		`"Only 1" * 2 + ` + last,       // a unique name
		`"Name 1" + ` + last,           // shared: ambiguous or an id
		`"` + last + `" * ` + last,     // quoted id
		`missing_node + ` + last,       // unknown reference
		`(` + last + ` * 3`,            // syntax error
		last + ` ^ 0 * ` + last,        // a unit to the power 0
		`annualize(` + last + `) / 12`, // time units
	}
	for k, f := range extra {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: fmt.Sprintf("x%d", k), Name: fmt.Sprintf("Name %d", k), Kind: kpitree.KindFormula,
			Unit: units[rng.IntN(len(units))], Formula: f})
	}
	return t
}

func TestCheckCompiled_MatchesCheck(t *testing.T) {
	seen := map[string]bool{}
	t.Cleanup(func() {
		// The trees must reach the paths this test is about.
		for _, code := range []string{kpitree.CodeUnit, kpitree.CodeAmbiguous, kpitree.CodeUnknownRef, kpitree.CodeSyntax} {
			if !seen[code] {
				t.Errorf("no tree produced a %s finding", code)
			}
		}
	})
	for seed := range uint64(60) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			tr := labelledTree(rng, 5+rng.IntN(60), 12)
			in := kpitree.Inputs{"not_a_node": make([]float64, 12)}
			want := kpitree.Check(tr, in)
			for _, d := range want {
				seen[d.Code] = true
			}
			p, _, err := kpitree.Compile(tr)
			if err != nil {
				t.Fatal(err)
			}
			// Twice: the program's own diagnostics must not grow.
			for range 2 {
				if got := kpitree.CheckCompiled(p, in); !reflect.DeepEqual(got, want) {
					t.Fatalf("CheckCompiled differs from Check:\n got %v\nwant %v", got, want)
				}
			}
		})
	}
}

func TestCompileShared_MatchesCompile(t *testing.T) {
	for seed := range uint64(60) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			tr := labelledTree(rng, 5+rng.IntN(60), 12)
			p1, d1, err1 := kpitree.Compile(tr)
			p2, d2, err2 := kpitree.CompileShared(tr)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !reflect.DeepEqual(d1, d2) {
				t.Fatalf("diagnostics differ:\n%v\n%v", d1, d2)
			}
			if !reflect.DeepEqual(p1.Tree(), p2.Tree()) {
				t.Fatal("trees differ")
			}
			s1, s2 := p1.NewState(12), p2.NewState(12)
			s1.Run()
			s2.Run()
			for i := range p1.Len() {
				if p1.Broken(i) != p2.Broken(i) || !slices.Equal(p1.ChildIndexes(i), p2.ChildIndexes(i)) {
					t.Fatalf("node %s compiled differently", p1.ID(i))
				}
				if !sameBits(s1.Column(i), s2.Column(i)) {
					t.Fatalf("node %s: %v vs %v", p1.ID(i), s1.Column(i), s2.Column(i))
				}
			}
		})
	}
}

func TestCompile_KeepsItsOwnCopy(t *testing.T) {
	tr := canonical(6)
	p, _, err := kpitree.Compile(tr)
	if err != nil {
		t.Fatal(err)
	}
	before := p.Tree()
	for i := range tr.Nodes {
		tr.Nodes[i].Formula = "1"
		tr.Nodes[i].Unit = "JPY"
		for k := range tr.Nodes[i].Values {
			tr.Nodes[i].Values[k] = -1
		}
	}
	if !reflect.DeepEqual(p.Tree(), before) {
		t.Fatal("changing the tree after Compile changed the Program")
	}
}

func TestAttribute_LeavesStatesUnchanged(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 3))
		tr := randomTree(rng, 4+rng.IntN(40), 12, seed%5 == 0)
		base, _, err := kpitree.Evaluate(tr, nil, nil, 12)
		if err != nil {
			t.Fatal(err)
		}
		next, _, err := kpitree.Evaluate(tr, nil, randomScenario(rng, tr), 12)
		if err != nil {
			t.Fatal(err)
		}
		snap := func(s *kpitree.State) [][]float64 {
			out := make([][]float64, s.Program().Len())
			for i := range out {
				out[i] = slices.Clone(s.Column(i))
			}
			return out
		}
		b0, n0 := snap(base), snap(next)
		first, err := kpitree.Attribute(base, next, kpitree.Window{Period: 11}, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		second, err := kpitree.Attribute(base, next, kpitree.Window{Period: 11}, kpitree.AttributionOptions{Drivers: kpitree.DriversChildren})
		if err != nil {
			t.Fatal(err)
		}
		third, err := kpitree.Attribute(base, next, kpitree.Window{Period: 11}, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, third) || second == nil {
			t.Fatalf("seed %d: attribution changed between calls", seed)
		}
		for i := range b0 {
			if !sameBits(b0[i], base.Column(i)) || !sameBits(n0[i], next.Column(i)) {
				t.Fatalf("seed %d: attribution changed node %d's values", seed, i)
			}
		}
	}
}

// sameBits compares two series bit for bit (NaN equals NaN).
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
