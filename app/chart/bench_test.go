package chart_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/chart"
)

// reportCPU adds a cpu-ms/op metric measured since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// fan60 is a 60-period fan chart: 48 months of actuals and 12 of forecast.
func fan60() *chart.FanChart {
	fc := revenueFan(false)
	act := make([]float64, 48)
	for i := range act {
		act[i] = fc.Actual[i%len(fc.Actual)] * (1 + float64(i/36)*0.8)
	}
	fc.Actual = act
	fc.Forecast = forecastFrom(act, 12, 9)
	fc.Scenarios[0].Start = 48
	fc.Scenarios[0].Values = fc.Forecast.Median
	return fc
}

// BenchmarkRenderFan is the UI's redraw on every slider move: a 1200×700
// fan chart of 60 periods drawn to an in-memory image. Target ≤ 15 ms.
func BenchmarkRenderFan(b *testing.B) {
	fc := fan60()
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		if _, err := chart.RenderImage(fc, 1200, 700); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderFanJapanese is BenchmarkRenderFan with 万/億 numbering,
// as the Japanese UI draws it. Target ≤ 15 ms, as for the Western one.
func BenchmarkRenderFanJapanese(b *testing.B) {
	fc := fan60()
	fc.Unit.Numbering = chart.NumberingJapanese
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		if _, err := chart.RenderImage(fc, 1200, 700); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnitFormat writes one value label per numbering; a chart
// writes a few dozen, so this must stay far below a microsecond.
func BenchmarkUnitFormat(b *testing.B) {
	for _, num := range []chart.Numbering{chart.NumberingWestern, chart.NumberingJapanese} {
		u := chart.Yen("")
		u.Numbering = num
		b.Run("numbering="+num.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = u.Format(12_119_471)
			}
		})
	}
}

// BenchmarkWrite measures one slide-sized export per format.
func BenchmarkWrite(b *testing.B) {
	fc := fan60()
	for _, f := range []chart.Format{chart.PNG, chart.SVG, chart.PDF} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			defer reportCPU(b, start)
			for b.Loop() {
				if err := chart.Write(io.Discard, fc, f, chart.SizeSlide()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBatch100PNG exports 100 slide-sized PNG charts with all cores.
// Target ≤ 5 s on 2 cores.
func BenchmarkBatch100PNG(b *testing.B) {
	jobs := make([]chart.Job, 100)
	figs := []chart.Figure{fan60(), revenueCompare(false), revenueWaterfall(true), revenueTornado(false), canonicalTree(true)}
	for i := range jobs {
		jobs[i] = chart.Job{Node: "node", Scenario: "s", Figure: figs[i%len(figs)]}
	}
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		if _, err := chart.Batch(context.Background(), jobs, b.TempDir(), chart.PNG, chart.SizeSlide(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// bigTree is a KPI tree of n nodes shaped like real ones: every driver
// splits into three, so 300 nodes are five levels deep.
func bigTree(n int) []chart.TreeNode {
	nodes := make([]chart.TreeNode, n)
	for i := range nodes {
		nodes[i].ID = fmt.Sprintf("n%d", i)
		if i > 0 {
			nodes[i].Parent = fmt.Sprintf("n%d", (i-1)/3)
		}
	}
	for i := range nodes {
		nodes[i].Name = "Driver " + nodes[i].ID
		nodes[i].Value = 1000 * float64(i+1)
		nodes[i].Unit = chart.Count("")
		nodes[i].Delta, nodes[i].DeltaRel = math.NaN(), math.NaN()
		nodes[i].Op = "+"
		nodes[i].Status = chart.Status(i % 4)
	}
	return nodes
}

// BenchmarkLayoutTree lays out 300 nodes, as the UI's tree canvas does on
// every edit.
func BenchmarkLayoutTree(b *testing.B) {
	nodes := bigTree(300)
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		if _, err := chart.LayoutTree(nodes, chart.LeftToRight, 200, 66, 58, 16); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderTree300 draws a 300-node tree picture at slide size.
func BenchmarkRenderTree300(b *testing.B) {
	tp := &chart.TreePicture{Title: "Tree", Nodes: bigTree(300)}
	b.ReportAllocs()
	start := cpuTime()
	defer reportCPU(b, start)
	for b.Loop() {
		if _, err := chart.RenderImage(tp, 1600, 900); err != nil {
			b.Fatal(err)
		}
	}
}
