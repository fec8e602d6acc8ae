package chart_test

import (
	"errors"
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
)

func TestParseSize(t *testing.T) {
	cases := []struct {
		in         string
		wantW      int
		wantH      int
		wantErrBad bool
	}{
		{in: "slide", wantW: 1600, wantH: 900},
		{in: " Slide@144 ", wantW: 1920, wantH: 1080},
		{in: "16:9", wantW: 1600, wantH: 900},
		{in: "a4", wantW: 1754, wantH: 1240},
		{in: "a4@300", wantW: 3508, wantH: 2480},
		{in: "1600x900", wantW: 1600, wantH: 900},
		{in: "1600×900px", wantW: 1600, wantH: 900},
		{in: "1600x900@192", wantW: 1600, wantH: 900},
		{in: "13.333x7.5in@120", wantW: 1600, wantH: 900},
		{in: "297x210mm@150dpi", wantW: 1754, wantH: 1240},
		{in: "10x5in@95.6", wantW: 960, wantH: 480},
		{in: "", wantErrBad: true},
		{in: "big", wantErrBad: true},
		{in: "1600x", wantErrBad: true},
		{in: "x900", wantErrBad: true},
		{in: "0x0", wantErrBad: true},
		{in: "-1600x900", wantErrBad: true},
		{in: "NaNxNaN", wantErrBad: true},
		{in: "InfxInf", wantErrBad: true},
		{in: "100000x100000", wantErrBad: true},
		{in: "slide@0.5", wantErrBad: true},
		{in: "slide@abc", wantErrBad: true},
		{in: "200x200in@1200", wantErrBad: true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			s, err := chart.ParseSize(tc.in)
			if tc.wantErrBad {
				if !errors.Is(err, chart.ErrBadSize) {
					t.Errorf("ParseSize(%q) err = %v, want ErrBadSize", tc.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSize(%q): %v", tc.in, err)
			}
			if w, h := s.Pixels(); w != tc.wantW || h != tc.wantH {
				t.Errorf("ParseSize(%q) = %d×%d px, want %d×%d", tc.in, w, h, tc.wantW, tc.wantH)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]chart.Format{"png": chart.PNG, "SVG": chart.SVG, ".pdf": chart.PDF, " Png ": chart.PNG} {
		got, err := chart.ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, _ := chart.ParseFormat(got.String()); back != got {
			t.Errorf("round trip of %v gave %v", got, back)
		}
	}
	for _, in := range []string{"", "jpeg", "pngx", "p n g"} {
		if _, err := chart.ParseFormat(in); !errors.Is(err, chart.ErrUnknownFormat) {
			t.Errorf("ParseFormat(%q) err = %v, want ErrUnknownFormat", in, err)
		}
	}
}

func TestSizePresets(t *testing.T) {
	if w, h := chart.SizeSlide().Pixels(); w != 1600 || h != 900 {
		t.Errorf("slide = %d×%d, want 1600×900", w, h)
	}
	if w, h := chart.SizePixels(1200, 700, 0).Pixels(); w != 1200 || h != 700 {
		t.Errorf("custom = %d×%d, want 1200×700", w, h)
	}
	for _, s := range []chart.Size{chart.SizeSlide(), chart.SizeA4Landscape(), chart.SizePixels(640, 480, 72)} {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"slide", "a4@300", "1600x900", "13.33x7.5in@120", "297x210mm", "1e3x1e3@1e2", "x", "@", "0x0@0", "NaNx1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := chart.ParseSize(in)
		if err != nil {
			if !errors.Is(err, chart.ErrBadSize) {
				t.Fatalf("ParseSize(%q) err = %v, want ErrBadSize", in, err)
			}
			return
		}
		// Anything accepted must be drawable and finite.
		if err := s.Validate(); err != nil {
			t.Fatalf("ParseSize(%q) accepted %+v that does not validate: %v", in, s, err)
		}
		if w, h := s.Pixels(); w <= 0 || h <= 0 || math.IsNaN(s.Width) {
			t.Fatalf("ParseSize(%q) = %+v → %d×%d px", in, s, w, h)
		}
	})
}

func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"png", ".SVG", "pdf", "", "jpeg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := chart.ParseFormat(in)
		if err != nil {
			if !errors.Is(err, chart.ErrUnknownFormat) {
				t.Fatalf("err = %v", err)
			}
			return
		}
		if back, err := chart.ParseFormat(got.String()); err != nil || back != got {
			t.Fatalf("round trip %v → %v, %v", got, back, err)
		}
	})
}
