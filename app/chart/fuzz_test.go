package chart_test

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

// floatsFrom turns fuzz bytes into float64s, so NaN, ±Inf, subnormals and
// huge magnitudes all show up.
func floatsFrom(raw []byte) []float64 {
	out := make([]float64, 0, len(raw)/8)
	for len(raw) >= 8 && len(out) < 64 {
		out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(raw)))
		raw = raw[8:]
	}
	return out
}

func seedFloats(vals ...float64) []byte {
	var out []byte
	for _, v := range vals {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
	}
	return out
}

// FuzzDraw feeds arbitrary numbers to every chart type: drawing must never
// panic, and any error must be one of the package's sentinels.
func FuzzDraw(f *testing.F) {
	f.Add(seedFloats(1, 2, 3, 4, 5, 6), uint8(0))
	f.Add(seedFloats(math.NaN(), 1e308, -1e308, math.Inf(1), 0, 5e-324), uint8(1))
	f.Add(seedFloats(0, 0, 0, 0), uint8(2))
	f.Add(seedFloats(1e15, 1e15+1, -3, 7), uint8(3))
	f.Fuzz(runOne)
}

func runOne(t *testing.T, raw []byte, kind uint8) {
	{
		v := floatsFrom(raw)
		if len(v) == 0 {
			return
		}
		at := func(i int) float64 { return v[i%len(v)] }
		half := v[:len(v)/2]
		var fig chart.Figure
		switch kind % 5 {
		case 0:
			fig = &chart.FanChart{Actual: v, Forecast: chart.Band{Start: len(v), Median: half, Lo80: half, Hi80: half}, Target: half, RAG: &chart.RAG{Green: at(1), Red: at(2)}, Unit: chart.Percent("%")}
		case 1:
			fig = &chart.ScenarioCompare{Base: chart.Line{Values: v}, Scenarios: []chart.Line{{Name: "s", Start: 1, Values: half}}, Unit: chart.Yen("")}
		case 2:
			parts := make([]chart.Contribution, len(half))
			end := at(0)
			for i, p := range half {
				parts[i] = chart.Contribution{Label: "p", Value: p}
				end += p
			}
			fig = &chart.Waterfall{Start: at(0), End: end, Parts: parts, Unit: chart.Count("")}
		case 3:
			bars := make([]chart.Sensitivity, len(half))
			for i := range half {
				bars[i] = chart.Sensitivity{Label: "d", Low: at(2 * i), High: at(2*i + 1)}
			}
			fig = &chart.Tornado{Base: at(0), Bars: bars, Unit: chart.Number("")}
		case 4:
			nodes := make([]chart.TreeNode, len(v))
			for i, x := range v {
				nodes[i] = chart.TreeNode{ID: string(rune('a' + i)), Value: x, Delta: at(i + 1), DeltaRel: at(i + 2), Unit: chart.Yen(""), Op: "×"}
				if i > 0 {
					nodes[i].Parent = string(rune('a' + (i-1)/2))
				}
			}
			fig = &chart.TreePicture{Nodes: nodes}
		}
		_, err := chart.RenderImage(fig, 320, 200)
		if err != nil && !errors.Is(err, chart.ErrNoData) && !errors.Is(err, chart.ErrBadInput) && !errors.Is(err, chart.ErrBadTree) {
			t.Fatalf("unexpected error %v", err)
		}
	}
}
