package kpitree_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// canonical returns the add-on revenue tree with typed-in values for h
// months from April 2024.
func canonical(h int) kpitree.Tree {
	series := func(v0, step float64) []float64 {
		s := make([]float64, h)
		for i := range s {
			s[i] = v0 + step*float64(i)
		}
		return s
	}
	return kpitree.Tree{
		Name: "add-on revenue",
		Root: "addon_revenue",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
			Periods: h, FiscalYearStart: time.April},
		Nodes: []kpitree.Node{
			{ID: "addon_revenue", Kind: kpitree.KindFormula, Formula: "unit_price * active_customers", Unit: "JPY", Aggregation: "sum"},
			{ID: "unit_price", Kind: kpitree.KindInput, Unit: "JPY/customer", Values: series(12000, 10), Aggregation: "mean"},
			{ID: "active_customers", Kind: kpitree.KindFormula, Formula: "onboarded_accounts * active_rate", Unit: "customers", Aggregation: "last"},
			{ID: "onboarded_accounts", Kind: kpitree.KindFormula, Formula: "csm_count * onboarded_per_csm", Unit: "accounts", Aggregation: "last"},
			{ID: "csm_count", Kind: kpitree.KindInput, Unit: "people", Values: series(6, 0), Controllable: true, Aggregation: "last"},
			{ID: "onboarded_per_csm", Kind: kpitree.KindInput, Unit: "accounts/person", Values: series(40, 0.5), Controllable: true, Aggregation: "last"},
			{ID: "active_rate", Kind: kpitree.KindInput, Unit: "%", Values: series(0.55, 0.002), Controllable: true, Aggregation: "mean"},
		},
	}
}

func evaluate(t *testing.T, tr kpitree.Tree, sc *kpitree.Scenario, h int) *kpitree.State {
	t.Helper()
	s, _, err := kpitree.Evaluate(tr, nil, sc, h)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return s
}

func sumParts(a *kpitree.Attribution) float64 {
	s := 0.0
	for _, p := range a.Parts {
		s += p.Value
	}
	return s
}

func partOf(a *kpitree.Attribution, id string) float64 {
	for _, p := range a.Parts {
		if p.Node == id {
			return p.Value
		}
	}
	return 0
}

func relErr(got, want float64) float64 {
	return math.Abs(got-want) / math.Max(1, math.Abs(want))
}

func TestAttribute_TwoFactorProduct(t *testing.T) {
	tr := kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{
		{ID: "rev", Kind: kpitree.KindFormula, Formula: "p * q"},
		{ID: "p", Kind: kpitree.KindInput, Values: []float64{10}},
		{ID: "q", Kind: kpitree.KindInput, Values: []float64{100}},
	}}
	sc := &kpitree.Scenario{Name: "up", Overrides: []kpitree.Override{
		{Node: "p", Op: kpitree.OpSet, Value: 12, To: -1},
		{Node: "q", Op: kpitree.OpSet, Value: 110, To: -1},
	}}
	base, next := evaluate(t, tr, nil, 1), evaluate(t, tr, sc, 1)
	lmdiL := (1320.0 - 1000) / math.Log(1.32)
	tests := []struct {
		name         string
		opt          kpitree.AttributionOptions
		wantP, wantQ float64
	}{
		{"should split a product by Shapley: each factor's change times the mean of the other", kpitree.AttributionOptions{}, 2 * 105, 10 * 11},
		{"should give the same split when asked for direct children", kpitree.AttributionOptions{Drivers: kpitree.DriversChildren}, 210, 110},
		{"should split a product by log-mean Divisia when asked", kpitree.AttributionOptions{Method: kpitree.MethodLMDI, Drivers: kpitree.DriversChildren}, lmdiL * math.Log(1.2), lmdiL * math.Log(1.1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := kpitree.Attribute(base, next, kpitree.Window{}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if a.Change != 320 {
				t.Fatalf("change = %v, want 320", a.Change)
			}
			if relErr(partOf(a, "p"), tc.wantP) > 1e-12 || relErr(partOf(a, "q"), tc.wantQ) > 1e-12 {
				t.Errorf("parts p=%v q=%v, want %v %v", partOf(a, "p"), partOf(a, "q"), tc.wantP, tc.wantQ)
			}
			if relErr(sumParts(a), a.Change) > 1e-12 {
				t.Errorf("parts sum to %v, change %v", sumParts(a), a.Change)
			}
		})
	}
}

func TestAttribute_CanonicalTree(t *testing.T) {
	const h = 24
	tr := canonical(h)
	base := evaluate(t, tr, nil, h)
	t.Run("should give the whole change to the only driver a scenario moves", func(t *testing.T) {
		sc := &kpitree.Scenario{Name: "active +5pt", Overrides: []kpitree.Override{{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: 12, To: -1, Ramp: 3}}}
		a, err := kpitree.Attribute(base, evaluate(t, tr, sc, h), kpitree.Window{FiscalYear: 2025}, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Parts) != 1 || a.Parts[0].Node != "active_rate" || relErr(a.Parts[0].Value, a.Change) > 1e-12 || a.Change <= 0 {
			t.Fatalf("parts = %+v, change %v", a.Parts, a.Change)
		}
		if !a.Parts[0].Controllable {
			t.Error("active_rate should be reported controllable")
		}
	})
	t.Run("should explain a year-on-year change over all four leaves and sum exactly", func(t *testing.T) {
		a, err := kpitree.AttributePeriods(base, 11, 23, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if relErr(sumParts(a), a.Change) > 1e-9 {
			t.Fatalf("parts sum to %v, change %v", sumParts(a), a.Change)
		}
		// csm_count is flat, so it explains nothing.
		if partOf(a, "csm_count") != 0 || partOf(a, "unit_price") <= 0 || partOf(a, "active_rate") <= 0 {
			t.Errorf("parts = %+v", a.Parts)
		}
	})
	t.Run("should treat an overridden intermediate node as a residual driver", func(t *testing.T) {
		sc := &kpitree.Scenario{Name: "hire", Overrides: []kpitree.Override{
			{Node: "onboarded_accounts", Op: kpitree.OpScale, Value: 10, From: 0, To: -1},
			{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: 0, To: -1},
		}}
		a, err := kpitree.Attribute(base, evaluate(t, tr, sc, h), kpitree.Window{Period: 5}, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if relErr(sumParts(a), a.Change) > 1e-9 {
			t.Fatalf("parts sum to %v, change %v", sumParts(a), a.Change)
		}
		var res bool
		for _, p := range a.Parts {
			if p.Node == "onboarded_accounts" && p.Residual {
				res = true
			}
			if p.Node == "csm_count" || p.Node == "onboarded_per_csm" {
				t.Errorf("the override cuts %s off, but it got %v", p.Node, p.Value)
			}
		}
		if !res {
			t.Errorf("onboarded_accounts should be a residual driver: %+v", a.Parts)
		}
	})
}

func TestAttribute_Errors(t *testing.T) {
	tr := canonical(12)
	base := evaluate(t, tr, nil, 12)
	other := evaluate(t, tr, nil, 6)
	gap := canonical(12)
	gap.Nodes[1].Values[3] = math.NaN()
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"should refuse states of different horizons", func() error {
			_, err := kpitree.Attribute(base, other, kpitree.Window{}, kpitree.AttributionOptions{})
			return err
		}, kpitree.ErrMismatch},
		{"should refuse a period outside the horizon", func() error {
			_, err := kpitree.Attribute(base, base, kpitree.Window{Period: 12}, kpitree.AttributionOptions{})
			return err
		}, kpitree.ErrBadWindow},
		{"should refuse a fiscal year only partly evaluated", func() error {
			_, err := kpitree.Attribute(base, base, kpitree.Window{FiscalYear: 2025}, kpitree.AttributionOptions{})
			return err
		}, kpitree.ErrBadWindow},
		{"should refuse an unknown node", func() error {
			_, err := kpitree.Attribute(base, base, kpitree.Window{}, kpitree.AttributionOptions{Node: "nope"})
			return err
		}, kpitree.ErrUnknownNode},
		{"should say when the root has no value", func() error {
			s := evaluate(t, gap, nil, 12)
			_, err := kpitree.Attribute(s, s, kpitree.Window{Period: 3}, kpitree.AttributionOptions{})
			return err
		}, kpitree.ErrMissingValue},
		{"should refuse equal periods", func() error {
			_, err := kpitree.AttributePeriods(base, 3, 3, kpitree.AttributionOptions{})
			return err
		}, kpitree.ErrBadWindow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// randomTree builds a tree of about n nodes whose formulas are sums,
// differences, products, ratios and a few nonlinear mixes, with positive
// typed-in leaves over h periods. wide adds one node with 14 children.
func randomTree(rng *rand.Rand, n, h int, wide bool) kpitree.Tree {
	tr := kpitree.Tree{Root: "n0"}
	next := 1
	queue := []int{0}
	newLeaf := func(id string) kpitree.Node {
		v := make([]float64, h)
		for i := range v {
			v[i] = 0.5 + rng.Float64()*10
		}
		return kpitree.Node{ID: id, Kind: kpitree.KindInput, Values: v}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		id := fmt.Sprintf("n%d", i)
		if next >= n && i != 0 {
			tr.Nodes = append(tr.Nodes, newLeaf(id))
			continue
		}
		k := 2 + rng.IntN(3)
		if wide && i == 0 {
			k = 14
		}
		kids := make([]string, k)
		for j := range kids {
			kids[j] = fmt.Sprintf("n%d", next)
			queue = append(queue, next)
			next++
		}
		var f string
		switch op := rng.IntN(7); {
		case wide && i == 0:
			f = strings.Join(kids, " * ") + " / (" + strings.Join(kids[:3], " + ") + ")"
		case op == 0:
			f = strings.Join(kids, " + ")
		case op == 1:
			f = kids[0] + " - " + strings.Join(kids[1:], " - ") + " + 100"
		case op == 2:
			f = strings.Join(kids, " * ")
		case op == 3:
			f = kids[0] + " / " + kids[1]
			if k > 2 {
				f = "(" + strings.Join(kids[:k-1], " * ") + ") / " + kids[k-1]
			}
		case op == 4:
			f = kids[0] + " * " + kids[1] + " + " + strings.Join(kids[1:], " + ")
		case op == 5:
			f = "max(" + strings.Join(kids, ", ") + ") * " + kids[0] + " ^ 2"
		default:
			f = "(" + kids[0] + " - " + kids[1] + ") * avg(" + strings.Join(kids, ", ") + ")"
		}
		tr.Nodes = append(tr.Nodes, kpitree.Node{ID: id, Kind: kpitree.KindFormula, Formula: f})
	}
	return tr
}

// randomScenario scales a random third of the leaves and sometimes sets an
// intermediate node.
func randomScenario(rng *rand.Rand, tr kpitree.Tree) *kpitree.Scenario {
	sc := &kpitree.Scenario{Name: "random"}
	for _, nd := range tr.Nodes {
		if nd.Kind == kpitree.KindInput && rng.IntN(3) == 0 {
			sc.Overrides = append(sc.Overrides, kpitree.Override{Node: nd.ID, Op: kpitree.OpScale, Value: rng.Float64()*40 - 20, From: rng.IntN(3), To: -1, Ramp: rng.IntN(3)})
		}
	}
	if rng.IntN(3) == 0 && len(tr.Nodes) > 3 {
		for _, nd := range tr.Nodes[1:] {
			if nd.Kind == kpitree.KindFormula {
				sc.Overrides = append(sc.Overrides, kpitree.Override{Node: nd.ID, Op: kpitree.OpAdd, Value: 3, From: 0, To: -1})
				break
			}
		}
	}
	return sc
}

func TestAttribute_PartsSumExactlyOnRandomTrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const h = 12
	for trial := range 120 {
		size := 3 + rng.IntN(40)
		wide := trial%10 == 9
		tr := randomTree(rng, size, h, wide)
		sc := randomScenario(rng, tr)
		base, next := evaluate(t, tr, nil, h), evaluate(t, tr, sc, h)
		for _, opt := range []kpitree.AttributionOptions{
			{}, {Drivers: kpitree.DriversChildren}, {Method: kpitree.MethodLMDI},
		} {
			for _, w := range []kpitree.Window{{Period: h - 1}, {Period: 2}} {
				a, err := kpitree.Attribute(base, next, w, opt)
				if errors.Is(err, kpitree.ErrMissingValue) {
					continue // a random ratio divided by zero: nothing to explain
				}
				if err != nil {
					t.Fatalf("trial %d: %v", trial, err)
				}
				if e := math.Abs(sumParts(a)-a.Change) / math.Max(math.Abs(a.Change), 1e-300); e > 1e-9 && math.Abs(sumParts(a)-a.Change) > 1e-9 {
					t.Fatalf("trial %d (%d nodes, %+v, %+v): parts sum to %v, change %v (rel err %g)\n%+v", trial, len(tr.Nodes), opt, w, sumParts(a), a.Change, e, tr)
				}
			}
		}
		a, err := kpitree.AttributePeriods(base, 0, h-1, kpitree.AttributionOptions{})
		if err == nil && relErr(sumParts(a), a.Change) > 1e-9 {
			t.Fatalf("trial %d: period parts sum to %v, change %v", trial, sumParts(a), a.Change)
		}
	}
}

func BenchmarkAttribute_1000Nodes24Periods(b *testing.B) {
	const h = 24
	rng := rand.New(rand.NewPCG(9, 10))
	tr := randomTree(rng, 1000, h, false)
	sc := randomScenario(rng, tr)
	base, _, err := kpitree.Evaluate(tr, nil, nil, h)
	if err != nil {
		b.Fatal(err)
	}
	next, _, err := kpitree.Evaluate(tr, nil, sc, h)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d nodes, %d overrides", len(tr.Nodes), len(sc.Overrides))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kpitree.Attribute(base, next, kpitree.Window{Period: h - 1}, kpitree.AttributionOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAttribute_ChosenNodeAndResiduals(t *testing.T) {
	const h = 24
	tr := canonical(h)
	base := evaluate(t, tr, nil, h)
	sc := &kpitree.Scenario{Name: "both", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.1, To: -1},
		{Node: "csm_count", Op: kpitree.OpSet, Value: 8, To: -1},
	}}
	next := evaluate(t, tr, sc, h)
	t.Run("should split a chosen node over its direct children", func(t *testing.T) {
		a, err := kpitree.Attribute(base, next, kpitree.Window{Period: 3}, kpitree.AttributionOptions{Node: "active_customers", Drivers: kpitree.DriversChildren})
		if err != nil {
			t.Fatal(err)
		}
		want := next.Values("active_customers")[3] - base.Values("active_customers")[3]
		if a.Node != "active_customers" || relErr(a.Change, want) > 1e-12 || len(a.Parts) != 2 || relErr(sumParts(a), want) > 1e-12 {
			t.Fatalf("got %+v, change want %v", a, want)
		}
		if partOf(a, "onboarded_accounts") <= 0 || partOf(a, "active_rate") <= 0 {
			t.Errorf("both children grew, parts = %+v", a.Parts)
		}
	})
	t.Run("should show a running total as residual in a period comparison", func(t *testing.T) {
		cum := kpitree.Tree{Root: "total", Nodes: []kpitree.Node{
			{ID: "total", Kind: kpitree.KindFormula, Formula: "cumsum(sales) * price"},
			{ID: "sales", Kind: kpitree.KindInput, Values: []float64{1, 2, 3, 4}},
			{ID: "price", Kind: kpitree.KindInput, Values: []float64{10, 10, 11, 12}},
		}}
		a, err := kpitree.AttributePeriods(evaluate(t, cum, nil, 4), 1, 3, kpitree.AttributionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Parts) != 1 || a.Parts[0].Node != "total" || !a.Parts[0].Residual || a.Change != 120-30 {
			t.Fatalf("parts = %+v, change %v", a.Parts, a.Change)
		}
	})
}
