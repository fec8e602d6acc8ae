package chart_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
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

// FuzzJapaneseLabel reads back what Format writes with Japanese numbering:
// the label must name the value to within its three significant digits
// (half a unit of the last digit), use 万 from 10万 to below 10,000万, and never
// panic, for any finite value a KPI can take.
func FuzzJapaneseLabel(f *testing.F) {
	for _, v := range []float64{0, 9_999, 9_999.7, 10_000, 12_345, 99_990_000, 99_995_000, 1e8, -886_123_456, 1.5e13, 0.25} {
		f.Add(v, uint8(0))
	}
	f.Add(45_678.9, uint8(2))
	f.Fuzz(func(t *testing.T, v float64, kind uint8) {
		if math.IsNaN(v) || math.Abs(v) >= 1e14 {
			return
		}
		u := []chart.Unit{chart.Yen(""), chart.Count(""), chart.Number("")}[int(kind)%3]
		u.Numbering = chart.NumberingJapanese
		s := u.Format(v)
		got, err := readJapanese(s)
		if err != nil {
			t.Fatalf("Format(%v) = %q: %v", v, s, err)
		}
		if tol := math.Max(0.5, 0.005*math.Abs(v)); math.Abs(got-v) > tol*(1+1e-9) {
			t.Errorf("Format(%v) = %q reads as %v", v, s, got)
		}
	})
}

// readJapanese parses a label such as "−¥1,212万" or "12.3億" back into a
// number, and rejects a mantissa that should have used the next unit.
func readJapanese(s string) (float64, error) {
	neg := strings.HasPrefix(s, "−")
	s = strings.TrimPrefix(s, "−")
	s = strings.TrimPrefix(s, "¥")
	s = strings.ReplaceAll(s, ",", "")
	mul := 1.0
	if m, ok := strings.CutSuffix(s, "万"); ok {
		s, mul = m, 1e4
	} else if m, ok := strings.CutSuffix(s, "億"); ok {
		s, mul = m, 1e8
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	switch {
	case mul == 1 && x >= 1e5:
		return 0, fmt.Errorf("%v should be written in 万", x)
	case mul == 1e4 && (x >= 1e4 || x < 10):
		return 0, fmt.Errorf("%v万 should be written in 億 or plain", x)
	case mul == 1e8 && x < 1:
		return 0, fmt.Errorf("%v億 should be written in 万", x)
	}
	if neg {
		x = -x
	}
	return x * mul, nil
}
