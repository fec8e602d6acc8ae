package chart_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/kpitree/kpitree/app/chart"
)

// writePNG writes fig as a slide-sized PNG to path, as an exporter would.
func writePNG(path string, fig chart.Figure) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := chart.Write(f, fig, chart.PNG, chart.SizeSlide()); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// ExampleFanChart draws add-on revenue with a 12-month forecast, its 80 %
// and 95 % bands, the target, a RAG background and one scenario.
func ExampleFanChart() {
	writePNG("testdata/fan.png", revenueFan(false))
	writePNG("testdata/fan_ja.png", revenueFan(true))
	// Output:
}

// ExampleScenarioCompare compares base revenue with two scenarios and
// annotates each scenario's difference at the end of the horizon.
func ExampleScenarioCompare() {
	writePNG("testdata/compare.png", revenueCompare(false))
	writePNG("testdata/compare_ja.png", revenueCompare(true))
	// Output:
}

// ExampleWaterfall splits a year-on-year revenue change over its drivers.
func ExampleWaterfall() {
	writePNG("testdata/waterfall.png", revenueWaterfall(false))
	writePNG("testdata/waterfall_ja.png", revenueWaterfall(true))
	// Output:
}

// ExampleTornado ranks controllable drivers by their effect at ±10 %.
func ExampleTornado() {
	writePNG("testdata/tornado.png", revenueTornado(false))
	writePNG("testdata/tornado_ja.png", revenueTornado(true))
	// Output:
}

// ExampleTreePicture draws the canonical KPI tree with values, changes
// against base and status colours.
func ExampleTreePicture() {
	writePNG("testdata/tree.png", canonicalTree(false))
	writePNG("testdata/tree_ja.png", canonicalTree(true))
	// Output:
}

// ExampleSmallMultiples puts every leaf's fan chart on one page.
func ExampleSmallMultiples() {
	writePNG("testdata/multiples.png", leafMultiples(false))
	writePNG("testdata/multiples_ja.png", leafMultiples(true))
	// Output:
}

// ExampleLayoutTree lays out the canonical tree left to right, as the UI's
// tree canvas does; rectangles have their origin top-left, y down.
func ExampleLayoutTree() {
	nodes := []chart.TreeNode{
		{ID: "revenue"},
		{ID: "price", Parent: "revenue"},
		{ID: "active", Parent: "revenue"},
		{ID: "onboarded", Parent: "active"},
		{ID: "rate", Parent: "active"},
	}
	rects, err := chart.LayoutTree(nodes, chart.LeftToRight, 160, 60, 40, 12)
	if err != nil {
		log.Fatal(err)
	}
	for _, n := range nodes {
		r := rects[n.ID]
		fmt.Printf("%-9s x=%3.0f y=%3.0f\n", n.ID, r.X, r.Y)
	}
	// Output:
	// revenue   x=  0 y= 36
	// price     x=200 y=  0
	// active    x=200 y= 72
	// onboarded x=400 y= 36
	// rate      x=400 y=108
}

// ExampleBatch exports every job into a folder with stable names, reporting
// progress; the CLI's export command drives it the same way.
func ExampleBatch() {
	dir, err := os.MkdirTemp("", "charts")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	jobs := []chart.Job{
		{Node: "revenue", Figure: revenueFan(false)},
		{Node: "revenue", Scenario: "Active rate +5 pt", Figure: revenueCompare(false)},
		{Node: "revenue", Figure: revenueWaterfall(false)},
	}
	paths, err := chart.Batch(context.Background(), jobs, dir, chart.SVG, chart.SizeSlide(), func(done, total int) {
		fmt.Printf("%d/%d\n", done, total)
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// 1/3
	// 2/3
	// 3/3
	// fan_revenue.svg
	// compare_revenue_Active-rate-plus5-pt.svg
	// waterfall_revenue.svg
}
