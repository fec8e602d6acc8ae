package kpitree_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// evalColumns evaluates tree with inputs over its calendar and returns the
// program and every node's column.
func evalColumns(t testing.TB, tree kpitree.Tree, in kpitree.Inputs) (*kpitree.Program, [][]float64) {
	t.Helper()
	p, _, err := kpitree.Compile(tree)
	if err != nil {
		t.Fatal(err)
	}
	h := tree.Calendar.Periods
	for _, col := range in {
		h = max(h, len(col))
	}
	st := p.NewState(h)
	if err := st.SetInputs(in); err != nil {
		t.Fatal(err)
	}
	st.Run()
	return p, st.Columns()
}

// perturbed returns inputs scaled by random factors near 1: a "plan" the
// actuals missed.
func perturbed(r *rand.Rand, in kpitree.Inputs) kpitree.Inputs {
	out := kpitree.Inputs{}
	for id, col := range in {
		c := make([]float64, len(col))
		for t, v := range col {
			c[t] = v * (0.8 + 0.4*r.Float64())
		}
		out[id] = c
	}
	return out
}

// TestAttributeColumns_PartsSumToTheGap is the bridge's property: on random
// trees and random windows (a month, a span such as a quarter or a year to
// date, a fiscal year), against a reference from perturbed inputs, from a
// tree whose formula changed since (residuals), from the prior period and
// from the prior year, the parts add up to the gap to 1e-9 relative, and the
// gap is the difference of the two window values.
func TestAttributeColumns_PartsSumToTheGap(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 4))
	checked := 0
	for trial := range 300 {
		tree, in := randomFYTree(r)
		p, actual := evalColumns(t, tree, in)
		h := tree.Calendar.Periods
		var win kpitree.Window
		length := 1
		switch r.IntN(3) {
		case 0:
			win = kpitree.Window{Period: 12 + r.IntN(h-12)}
		case 1:
			from := 12 + r.IntN(h-14)
			length = 2 + r.IntN(min(6, h-from-1))
			win = kpitree.Span(from, from+length-1)
		default:
			win = kpitree.Window{FiscalYear: 2024}
			length = 12
		}
		refs := map[string][][]float64{}
		_, refs["plan"] = evalColumns(t, tree, perturbed(r, in))
		changed := tree.Clone()
		last := &changed.Nodes[len(changed.Nodes)-1]
		last.Formula = "(" + last.Formula + ") * 1.1"
		_, refs["changed tree"] = evalColumns(t, changed, perturbed(r, in))
		refs["prior period"] = kpitree.ShiftColumns(actual, length)
		refs["prior year"] = kpitree.ShiftColumns(actual, tree.Calendar.Freq.YearAgo())
		for name, base := range refs {
			for _, drivers := range []kpitree.Drivers{kpitree.DriversLeaves, kpitree.DriversChildren} {
				t.Run(fmt.Sprintf("trial %d %s drivers %d", trial, name, drivers), func(t *testing.T) {
					a, err := kpitree.AttributeColumns(p, base, actual, win, kpitree.AttributionOptions{Drivers: drivers})
					if errors.Is(err, kpitree.ErrMissingValue) || errors.Is(err, kpitree.ErrBadWindow) {
						t.Skip(err) // a ratio dividing by a zero, or the prior year before the data
					}
					if err != nil {
						t.Fatal(err)
					}
					sum := 0.0
					for _, part := range a.Parts {
						sum += part.Value
					}
					scale := math.Max(1, math.Max(math.Abs(a.Base), math.Abs(a.Next)))
					if math.Abs(sum-a.Change) > 1e-9*scale {
						t.Errorf("parts sum to %.15g, gap %.15g (base %g, actual %g)", sum, a.Change, a.Base, a.Next)
					}
					if math.Abs(a.Change-(a.Next-a.Base)) > 1e-12*scale {
						t.Errorf("gap %g ≠ actual %g − reference %g", a.Change, a.Next, a.Base)
					}
					checked++
				})
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d bridges checked; the random trees are too often missing values", checked)
	}
}

// TestAttributeColumns_KnownProduct checks the numbers on revenue = price ×
// customers against the plan: Shapley halves the interaction.
func TestAttributeColumns_KnownProduct(t *testing.T) {
	tree := kpitree.Tree{Root: "rev", Calendar: kpitree.Calendar{Freq: kpitree.Month, Periods: 2}, Nodes: []kpitree.Node{
		{ID: "rev", Kind: kpitree.KindFormula, Formula: "price * cust", Unit: "JPY/month"},
		{ID: "price", Kind: kpitree.KindInput, Unit: "JPY/customer/month", Controllable: true},
		{ID: "cust", Kind: kpitree.KindInput, Unit: "customers"},
	}}
	p, actual := evalColumns(t, tree, kpitree.Inputs{"price": {10, 12}, "cust": {100, 110}})
	_, plan := evalColumns(t, tree, kpitree.Inputs{"price": {10, 10}, "cust": {100, 100}})
	a, err := kpitree.AttributeColumns(p, plan, actual, kpitree.Window{Period: 1}, kpitree.AttributionOptions{Drivers: kpitree.DriversChildren})
	if err != nil {
		t.Fatal(err)
	}
	// gap 1320 − 1000 = 320; price: (2·100 + 2·110)/2 = 210; customers: (10·10 + 10·12)/2 = 110.
	want := map[string]float64{"price": 210, "cust": 110}
	if a.Change != 320 || len(a.Parts) != 2 {
		t.Fatalf("gap %g parts %+v, want 320 over two drivers", a.Change, a.Parts)
	}
	for _, part := range a.Parts {
		if math.Abs(part.Value-want[part.Node]) > 1e-9 {
			t.Errorf("%s = %g, want %g", part.Node, part.Value, want[part.Node])
		}
	}
	if a.Parts[0].Node != "price" || !a.Parts[0].Controllable {
		t.Errorf("first part %+v, want the controllable price ranked first", a.Parts[0])
	}
}

// TestAttributeColumns_Rejects checks the errors a caller acts on.
func TestAttributeColumns_Rejects(t *testing.T) {
	tree, in := randomFYTree(rand.New(rand.NewPCG(1, 2)))
	p, cols := evalColumns(t, tree, in)
	short := make([][]float64, len(cols))
	copy(short, cols)
	short[0] = cols[0][:3]
	cases := []struct {
		name       string
		base, next [][]float64
		win        kpitree.Window
		want       error
	}{
		{"should refuse a column count other than the nodes", cols[:1], cols, kpitree.Window{Period: 1}, kpitree.ErrMismatch},
		{"should refuse columns of different lengths", short, cols, kpitree.Window{Period: 1}, kpitree.ErrMismatch},
		{"should refuse a window past the columns", cols, cols, kpitree.Span(20, 30), kpitree.ErrBadWindow},
		{"should refuse a period before the columns", cols, cols, kpitree.Window{Period: -1}, kpitree.ErrBadWindow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := kpitree.AttributeColumns(p, c.base, c.next, c.win, kpitree.AttributionOptions{}); !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func benchmarkBridge(b *testing.B, n int) {
	tree, in, _ := coreBigTree(n, 24)
	p, actual := evalColumns(b, tree, in)
	r := rand.New(rand.NewPCG(3, 3))
	_, plan := evalColumns(b, tree, perturbed(r, in))
	win := kpitree.Span(18, 20) // a quarter
	b.ResetTimer()
	for b.Loop() {
		for _, d := range []kpitree.Drivers{kpitree.DriversChildren} {
			if _, err := kpitree.AttributeColumns(p, plan, actual, win, kpitree.AttributionOptions{Drivers: d}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkBridge_1k and _10k time one bridge of a quarter (root over its
// drivers, plan vs actual) on coreBigTree trees.
func BenchmarkBridge_1k(b *testing.B)  { benchmarkBridge(b, 1000) }
func BenchmarkBridge_10k(b *testing.B) { benchmarkBridge(b, 10000) }

// BenchmarkBridgeLeaves_10k splits the same gap over every leaf.
func BenchmarkBridgeLeaves_10k(b *testing.B) {
	tree, in, _ := coreBigTree(10000, 24)
	p, actual := evalColumns(b, tree, in)
	_, plan := evalColumns(b, tree, perturbed(rand.New(rand.NewPCG(3, 3)), in))
	b.ResetTimer()
	for b.Loop() {
		if _, err := kpitree.AttributeColumns(p, plan, actual, kpitree.Span(18, 20), kpitree.AttributionOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
