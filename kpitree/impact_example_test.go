package kpitree_test

import (
	"fmt"

	"github.com/kpitree/kpitree/kpitree"
)

// A product's change splits into each factor's change times the average of
// the other factor: price 10 → 12 and volume 100 → 110 add 320, of which
// price explains 2 × 105 = 210 and volume 10 × 11 = 110.
func ExampleAttribute() {
	tr := kpitree.Tree{Root: "revenue", Nodes: []kpitree.Node{
		{ID: "revenue", Kind: kpitree.KindFormula, Formula: "price * volume"},
		{ID: "price", Kind: kpitree.KindInput, Values: []float64{10}},
		{ID: "volume", Kind: kpitree.KindInput, Values: []float64{100}, Controllable: true},
	}}
	plan := &kpitree.Scenario{Name: "plan", Overrides: []kpitree.Override{
		{Node: "price", Op: kpitree.OpSet, Value: 12, To: -1},
		{Node: "volume", Op: kpitree.OpSet, Value: 110, To: -1},
	}}
	base, _, _ := kpitree.Evaluate(tr, nil, nil, 1)
	next, _, _ := kpitree.Evaluate(tr, nil, plan, 1)
	a, err := kpitree.Attribute(base, next, kpitree.Window{Period: 0}, kpitree.AttributionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("change %.0f\n", a.Change)
	for _, p := range a.Parts {
		fmt.Printf("%s %.0f (%.0f%%)\n", p.Node, p.Value, p.Share*100)
	}
	// Output:
	// change 320
	// price 210 (66%)
	// volume 110 (34%)
}

// Which active rate makes March's add-on revenue reach 2 million yen? And
// what if the target needs more than every customer active?
func ExampleSeekGoal() {
	tr, _ := kpitree.NewFromTemplate("addon_revenue", "en")
	in := kpitree.Inputs{
		"unit_price": {12000}, "csm_count": {6}, "onboarded_per_csm": {40}, "active_rate": {0.55},
	}
	s, _, _ := kpitree.Evaluate(tr, in, nil, 1)
	for _, target := range []float64{2e6, 3e6} {
		r, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "active_rate", Target: target})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("reachable=%v active rate %.4f gives %.0f\n", r.Reachable, r.Value, r.Achieved)
	}
	// Output:
	// reachable=true active rate 0.6944 gives 2000000
	// reachable=false active rate 1.0000 gives 2880000
}

func ExampleNewFromTemplate() {
	tr, _ := kpitree.NewFromTemplate("addon_revenue", "ja")
	for _, n := range tr.Nodes[:3] {
		fmt.Printf("%s %s [%s]", n.ID, n.Name, n.Unit)
		if n.Formula != "" {
			fmt.Printf(" = %s", n.Formula)
		}
		fmt.Println()
	}
	// Output:
	// addon_revenue アドオン売上 [JPY/month] = unit_price * active_customers
	// unit_price 平均アドオン単価 [JPY/customer/month]
	// active_customers アクティブ顧客数 [customers] = onboarded_accounts * active_rate
}
