package chart

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestTimeAxes(t *testing.T) {
	if err := registerFont(); err != nil {
		t.Fatal(err)
	}
	f := &frame{pal: paletteFor(Light), s: 1, hdl: newFrameHandler()}
	area := draw.New(vgimg.New(vg.Length(600), vg.Length(300)))
	per := Period{Start: time.Date(2024, time.April, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April}
	nan := math.NaN()
	cases := []struct {
		name   string
		series [][]float64
		pad    float64
		lo, hi float64 // the padded range the value axis must cover
	}{
		{"should cover every series, gaps ignored", [][]float64{{100, nan, 140}, {120, 200}}, 0.05, 95, 205},
		{"should pad by the fraction given", [][]float64{{0, 1000}}, 0.1, -100, 1100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := f.newPlot()
			n := 24
			yt, fy := f.timeAxes(p, area, tc.series, tc.pad, Unit{}, per, n)
			if p.Y.Min > tc.lo || p.Y.Max < tc.hi {
				t.Errorf("value axis %v…%v does not cover %v…%v", p.Y.Min, p.Y.Max, tc.lo, tc.hi)
			}
			if len(yt) < 2 || yt[0] != p.Y.Min || yt[len(yt)-1] != p.Y.Max {
				t.Errorf("ticks %v do not span the axis %v…%v", yt, p.Y.Min, p.Y.Max)
			}
			if p.X.Min != -0.4 || p.X.Max != float64(n-1)+0.4 {
				t.Errorf("period axis %v…%v, want half a slot beyond 0…%d", p.X.Min, p.X.Max, n-1)
			}
			// Two fiscal years from April: one boundary between them.
			if len(fy) == 0 {
				t.Errorf("no fiscal-year boundary over %d periods from April", n)
			}
		})
	}
}
