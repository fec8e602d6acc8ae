package chart_test

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var regen = flag.Bool("regen", false, "rewrite the golden images in testdata from the current output")

// Tolerances for golden images: anti-aliasing and rounding may move edge
// pixels a little between Go versions, so a pixel only counts as different
// when a channel moves by more than pixelTol, and a chart only fails when
// more than maxDiffShare of its pixels differ.
const (
	pixelTol     = 40
	maxDiffShare = 0.002
)

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run go test -run TestGolden -regen to create it)", path, err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// diffPixels counts pixels of a and b that differ by more than tol in any
// channel and returns an image marking them in red.
func diffPixels(a, b image.Image, tol int) (int, *image.RGBA) {
	bd := a.Bounds()
	out := image.NewRGBA(bd)
	n := 0
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2), absDiff(a1, a2)) >> 8
			if int(d) > tol {
				n++
				out.Set(x, y, color.RGBA{R: 255, A: 255})
			} else {
				g := uint8(r1 >> 10)
				out.Set(x, y, color.RGBA{R: 192 + g, G: 192 + g, B: 192 + g, A: 255})
			}
		}
	}
	return n, out
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// checkGolden runs example, which writes testdata/NAME.png files, and
// compares each with testdata/NAME_golden.png; with -regen it rewrites the
// goldens instead.
func checkGolden(t *testing.T, example func(), names ...string) {
	t.Helper()
	example()
	for _, name := range names {
		got := filepath.Join("testdata", name+".png")
		golden := filepath.Join("testdata", name+"_golden.png")
		if *regen {
			raw, err := os.ReadFile(got)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		a, b := readPNG(t, got), readPNG(t, golden)
		if a.Bounds() != b.Bounds() {
			t.Errorf("%s: size %v, golden %v", name, a.Bounds(), b.Bounds())
			continue
		}
		n, diff := diffPixels(a, b, pixelTol)
		share := float64(n) / float64(a.Bounds().Dx()*a.Bounds().Dy())
		if share > maxDiffShare {
			path := filepath.Join(t.TempDir(), name+"_diff.png")
			var buf bytes.Buffer
			_ = png.Encode(&buf, diff)
			_ = os.WriteFile(path, buf.Bytes(), 0o644)
			t.Errorf("%s: %d pixels (%.3f %%) differ from the golden; diff in %s (if the change is intended, run go test -run TestGolden -regen)", name, n, 100*share, path)
		} else if n > 0 {
			t.Logf("%s: %d pixels differ, within tolerance", name, n)
		}
	}
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name    string
		example func()
		files   []string
	}{
		{"fan chart", ExampleFanChart, []string{"fan", "fan_ja"}},
		{"scenario comparison", ExampleScenarioCompare, []string{"compare", "compare_ja"}},
		{"waterfall", ExampleWaterfall, []string{"waterfall", "waterfall_ja"}},
		{"tornado", ExampleTornado, []string{"tornado", "tornado_ja"}},
		{"tree picture", ExampleTreePicture, []string{"tree", "tree_ja"}},
		{"small multiples", ExampleSmallMultiples, []string{"multiples", "multiples_ja"}},
	}
	for _, tc := range cases {
		t.Run("should match the golden "+strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			checkGolden(t, tc.example, tc.files...)
		})
	}
}
