package kpitree_test

import (
	"fmt"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

func ExampleParse() {
	e, err := kpitree.Parse(`"アクティブ率"*onboarded + 1,000 * 5%`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e)
	_, err = kpitree.Parse("price * (customers")
	fmt.Println(err)
	// Output:
	// "アクティブ率" * onboarded + 1000 * 0.05
	// col 19: missing ')' to close the '(' at col 9
}

func ExampleEvaluate() {
	tree := kpitree.Tree{
		Root:     "revenue",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Periods: 3, FiscalYearStart: time.April},
		Nodes: []kpitree.Node{
			{ID: "revenue", Unit: "JPY", Kind: kpitree.KindFormula, Formula: "price * customers"},
			{ID: "price", Unit: "JPY/customer", Kind: kpitree.KindInput},
			{ID: "customers", Unit: "customers", Kind: kpitree.KindInput},
		},
	}
	in := kpitree.Inputs{"price": {12000, 12000, 12500}, "customers": {130, 140, 150}}
	base, _, _ := kpitree.Evaluate(tree, in, nil, 0)
	plan := &kpitree.Scenario{Name: "+10 customers from May", Overrides: []kpitree.Override{
		{Node: "customers", Op: kpitree.OpAdd, Value: 10, From: 1, To: -1},
	}}
	alt, _, _ := kpitree.Evaluate(tree, in, plan, 0)
	diff, _ := kpitree.Compare(base, alt)
	for i, v := range base.Values("revenue") {
		fmt.Println(tree.Calendar.Label(i), kpitree.FormatValue(v, "JPY"), "Δ", kpitree.FormatValue(diff["revenue"][i], "JPY"))
	}
	// Output:
	// 2024-04 ¥1,560,000 Δ ¥0
	// 2024-05 ¥1,680,000 Δ ¥120,000
	// 2024-06 ¥1,875,000 Δ ¥125,000
}

func ExampleCheck() {
	tree := kpitree.Tree{Root: "revenue", Calendar: kpitree.Calendar{Periods: 1}, Nodes: []kpitree.Node{
		{ID: "revenue", Unit: "JPY", Kind: kpitree.KindFormula, Formula: "price + rate"},
		{ID: "price", Unit: "JPY", Kind: kpitree.KindInput, Values: []float64{100}},
		{ID: "rate", Unit: "%", Kind: kpitree.KindInput, Values: []float64{0.5}},
	}}
	for _, d := range kpitree.Check(tree, nil) {
		fmt.Println(d)
	}
	// Output:
	// revenue col 7: warning unit-mismatch: adds JPY and %: their units differ, so the result means nothing; convert one of them first
}

func ExampleCalendar_FiscalYear() {
	cal := kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April}
	for _, i := range []int{2, 3} {
		fmt.Println(cal.Label(i), kpitree.FiscalLabel(cal.FiscalYear(i)))
	}
	// Output:
	// 2024-03 FY2023
	// 2024-04 FY2024
}
