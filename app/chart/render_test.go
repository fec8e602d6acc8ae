package chart_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

func TestRenderImage(t *testing.T) {
	t.Run("should return an image of exactly the requested pixel size", func(t *testing.T) {
		img, err := chart.RenderImage(revenueFan(false), 1200, 700)
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got != (image.Point{X: 1200, Y: 700}) {
			t.Errorf("size = %v, want 1200×700", got)
		}
	})
	t.Run("should paint a dark background for the dark theme", func(t *testing.T) {
		fc := revenueFan(false)
		fc.Theme = chart.Dark
		img, err := chart.RenderImage(fc, 400, 300)
		if err != nil {
			t.Fatal(err)
		}
		r, g, b, _ := img.At(1, 1).RGBA()
		if lum := (r + g + b) / 3 >> 8; lum > 60 {
			t.Errorf("corner luminance %d, want a dark background", lum)
		}
		light, _ := chart.RenderImage(revenueFan(false), 400, 300)
		r, g, b, _ = light.At(1, 1).RGBA()
		if lum := (r + g + b) / 3 >> 8; lum < 240 {
			t.Errorf("light corner luminance %d, want white", lum)
		}
	})
	t.Run("should reject a size too small to draw", func(t *testing.T) {
		_, err := chart.RenderImage(revenueFan(false), 10, 700)
		if !errors.Is(err, chart.ErrBadSize) {
			t.Errorf("err = %v, want ErrBadSize", err)
		}
	})
}

func TestInvalidFigures(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		fig  chart.Figure
		want error
	}{
		{"nil figure", nil, chart.ErrNoData},
		{"fan chart without values", &chart.FanChart{Title: "x"}, chart.ErrNoData},
		{"fan chart of only missing values", &chart.FanChart{Actual: []float64{nan, nan}}, chart.ErrNoData},
		{"fan chart with bands shorter than the median", &chart.FanChart{Actual: []float64{1}, Forecast: chart.Band{Start: 1, Median: []float64{1, 2}, Lo80: []float64{1}}}, chart.ErrBadInput},
		{"fan chart with a negative forecast start", &chart.FanChart{Forecast: chart.Band{Start: -1, Median: []float64{1}}}, chart.ErrBadInput},
		{"fan chart with red above green", &chart.FanChart{Actual: []float64{1}, RAG: &chart.RAG{Green: 1, Red: 2}}, chart.ErrBadInput},
		{"fan chart with NaN thresholds", &chart.FanChart{Actual: []float64{1}, RAG: &chart.RAG{Green: nan}}, chart.ErrBadInput},
		{"fan chart spanning too many periods", &chart.FanChart{Actual: []float64{1}, Scenarios: []chart.Line{{Start: 1 << 20, Values: []float64{1}}}}, chart.ErrBadInput},
		{"comparison without a base", &chart.ScenarioCompare{Scenarios: []chart.Line{{Values: []float64{1}}}}, chart.ErrNoData},
		{"waterfall whose parts do not add up", &chart.Waterfall{Start: 100, End: 130, Parts: []chart.Contribution{{Label: "a", Value: 20}}}, chart.ErrBadInput},
		{"waterfall with a NaN part", &chart.Waterfall{Start: 100, End: 100, Parts: []chart.Contribution{{Label: "a", Value: nan}}}, chart.ErrBadInput},
		{"waterfall with an infinite total", &chart.Waterfall{Start: math.Inf(1), End: 1}, chart.ErrNoData},
		{"tornado without drivers", &chart.Tornado{Base: 1}, chart.ErrNoData},
		{"tornado with a NaN bar", &chart.Tornado{Base: 1, Bars: []chart.Sensitivity{{Low: nan, High: 1}}}, chart.ErrBadInput},
		{"tree without nodes", &chart.TreePicture{}, chart.ErrNoData},
		{"tree with a cycle", &chart.TreePicture{Nodes: []chart.TreeNode{{ID: "a", Parent: "b"}, {ID: "b", Parent: "a"}}}, chart.ErrBadTree},
		{"small multiples without panels", &chart.SmallMultiples{}, chart.ErrNoData},
		{"small multiples with a broken panel", &chart.SmallMultiples{Panels: []chart.FanChart{{Actual: []float64{1}, RAG: &chart.RAG{Green: 0, Red: 1}}}}, chart.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run("should reject a "+tc.name, func(t *testing.T) {
			for _, f := range []chart.Format{chart.PNG, chart.SVG, chart.PDF} {
				var buf bytes.Buffer
				err := chart.Write(&buf, tc.fig, f, chart.SizeSlide())
				if !errors.Is(err, tc.want) {
					t.Errorf("%s: err = %v, want %v", f, err, tc.want)
				}
				if buf.Len() != 0 {
					t.Errorf("%s: wrote %d bytes for an invalid figure, want nothing", f, buf.Len())
				}
			}
			if _, err := chart.RenderImage(tc.fig, 400, 300); !errors.Is(err, tc.want) {
				t.Errorf("RenderImage: err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	t.Run("should write a PNG of the size's pixel dimensions", func(t *testing.T) {
		var buf bytes.Buffer
		if err := chart.Write(&buf, revenueWaterfall(false), chart.PNG, chart.SizeA4Landscape()); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		w, h := chart.SizeA4Landscape().Pixels()
		if got := img.Bounds().Size(); got != (image.Point{X: w, Y: h}) {
			t.Errorf("size = %v, want %d×%d", got, w, h)
		}
	})
	t.Run("should write a PNG whose size matches Pixels for a fractional dpi", func(t *testing.T) {
		size, err := chart.ParseSize("4x3in@95.6")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := chart.Write(&buf, revenueTornado(false), chart.PNG, size); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		w, h := size.Pixels()
		if got := img.Bounds().Size(); got != (image.Point{X: w, Y: h}) {
			t.Errorf("size = %v, Pixels() = %d×%d", got, w, h)
		}
	})
	t.Run("should write SVG and PDF with text as outlines and no embedded font", func(t *testing.T) {
		for _, f := range []chart.Format{chart.SVG, chart.PDF} {
			var buf bytes.Buffer
			if err := chart.Write(&buf, revenueFan(true), f, chart.SizeSlide()); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			switch f {
			case chart.SVG:
				if !strings.HasPrefix(out, "<?xml") || !strings.Contains(out, "<svg") {
					t.Errorf("svg output does not start like an SVG document")
				}
				if strings.Contains(out, "<text") {
					t.Errorf("svg contains <text>; want glyph outlines so the look does not depend on installed fonts")
				}
			case chart.PDF:
				if !strings.HasPrefix(out, "%PDF-") {
					t.Errorf("pdf output does not start with %%PDF-")
				}
				if strings.Contains(out, "/FontFile2") {
					t.Errorf("pdf embeds a font; want outlines")
				}
			}
			// An embedded IPAexGothic is ~4 MB; outlines of a chart are far less.
			if buf.Len() > 1<<20 {
				t.Errorf("%s is %d bytes, want < 1 MB", f, buf.Len())
			}
		}
	})
	t.Run("should reject an unknown format", func(t *testing.T) {
		err := chart.Write(&bytes.Buffer{}, revenueFan(false), chart.Format(42), chart.SizeSlide())
		if !errors.Is(err, chart.ErrUnknownFormat) {
			t.Errorf("err = %v, want ErrUnknownFormat", err)
		}
	})
	t.Run("should draw series with gaps without error", func(t *testing.T) {
		nan := math.NaN()
		fc := &chart.FanChart{
			Actual:    []float64{1, nan, 3, 4, nan, nan, 7, nan},
			Forecast:  chart.Band{Start: 8, Median: []float64{8, nan, 10}, Lo80: []float64{7, nan, 9}, Hi80: []float64{9, nan, 11}},
			Target:    []float64{nan, 2, 2, nan},
			Scenarios: []chart.Line{{Name: "s", Start: 8, Values: []float64{nan, 9, nan}}},
			Unit:      chart.Percent("%"),
		}
		if _, err := chart.RenderImage(fc, 600, 400); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("should draw a single value and a constant series", func(t *testing.T) {
		for _, vals := range [][]float64{{5}, {5, 5, 5}, {0, 0}, {-3, -3}} {
			if _, err := chart.RenderImage(&chart.FanChart{Actual: vals}, 600, 400); err != nil {
				t.Errorf("%v: %v", vals, err)
			}
		}
	})
}
