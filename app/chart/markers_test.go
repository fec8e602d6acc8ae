package chart_test

import (
	"image"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

// differing counts the pixels two images of one size do not share.
func differing(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

func TestFanChart_Markers(t *testing.T) {
	render := func(t *testing.T, ms []chart.Marker) image.Image {
		t.Helper()
		fc := revenueFan(false)
		fc.Markers = ms
		img, err := chart.RenderImage(fc, 600, 350)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	plain := render(t, nil)
	cases := []struct {
		name    string
		markers []chart.Marker
		drawn   bool
	}{
		{"should draw a note marker with its label", []chart.Marker{{At: 5, Kind: chart.MarkerNote, Label: "値上げ告知"}}, true},
		{"should draw an initiative start without a label", []chart.Marker{{At: 20, Kind: chart.MarkerInitiative}}, true},
		{"should leave out markers outside the axis", []chart.Marker{{At: -1, Label: "x"}, {At: 100000, Label: "y"}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := differing(plain, render(t, c.markers))
			if c.drawn && got < 50 {
				t.Errorf("%d pixels changed, want a visible marker", got)
			}
			if !c.drawn && got != 0 {
				t.Errorf("%d pixels changed, want none", got)
			}
		})
	}
	t.Run("should draw a thousand markers without failing, the first forty only", func(t *testing.T) {
		ms := make([]chart.Marker, 1000)
		for i := range ms {
			ms[i] = chart.Marker{At: i % 30, Kind: chart.MarkerNote, Label: "note"}
		}
		few := render(t, ms[:40])
		if d := differing(few, render(t, ms)); d != 0 {
			t.Errorf("markers after the 40th changed %d pixels", d)
		}
	})
}

// Small multiples draw each panel's markers, as the fan chart does, but
// without their labels, which a panel has no room for.
func TestSmallMultiples_Markers(t *testing.T) {
	render := func(t *testing.T, ms []chart.Marker) image.Image {
		t.Helper()
		sm := leafMultiples(false)
		sm.Panels[0].Markers = ms
		img, err := chart.RenderImage(sm, 900, 600)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	plain := render(t, nil)
	labelled := render(t, []chart.Marker{{At: 10, Kind: chart.MarkerNote, Label: "値上げ告知"}})
	if got := differing(plain, labelled); got < 30 {
		t.Errorf("%d pixels changed, want a visible marker on the first panel", got)
	}
	if got := differing(labelled, render(t, []chart.Marker{{At: 10, Kind: chart.MarkerNote}})); got != 0 {
		t.Errorf("the label changed %d pixels, want it left out of a panel", got)
	}
}
