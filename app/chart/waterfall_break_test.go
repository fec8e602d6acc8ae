package chart_test

import (
	"image"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

func TestWaterfall_SaysWhenTheAxisDoesNotStartAtZero(t *testing.T) {
	cases := []struct {
		name       string
		start, end float64
		fromZero   bool
	}{
		{"should cut the axis, and say so, for a +4 % change", 113_000_000, 117_520_000, false},
		{"should start the axis at zero when the bars can be read from there", 4_312_000, 6_874_500, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			draw := func(brk string) image.Image {
				w := &chart.Waterfall{Title: "revenue", Unit: chart.Yen("JPY, FY2026"), StartLabel: "Base", EndLabel: "Plan",
					Start: tc.start, End: tc.end, BreakLabel: brk,
					Parts: []chart.Contribution{{Label: "active rate", Value: tc.end - tc.start}}}
				if got := w.AxisFromZero(); got != tc.fromZero {
					t.Fatalf("AxisFromZero() = %v, want %v", got, tc.fromZero)
				}
				img, err := chart.RenderImage(w, 800, 450)
				if err != nil {
					t.Fatal(err)
				}
				return img
			}
			a, b := draw("Cut"), draw("The value axis does not start at zero: read the bars' labels")
			if differ := !sameImage(a, b); differ == tc.fromZero {
				t.Fatalf("the break note changed the picture: %v, want %v", differ, !tc.fromZero)
			}
		})
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
