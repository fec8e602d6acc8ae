package forecast_test

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/forecast"
)

func TestNoteParts(t *testing.T) {
	nan := math.NaN()
	long := make([]float64, 40)
	for i := range long {
		long[i] = 100 + float64(i%5)
	}
	for i := 3; i < 33; i += 2 { // 15 gaps: more than a note lists
		long[i] = nan
	}
	tests := []struct {
		name string
		y    []float64
		want forecast.NotePart
		text string // the English note
	}{
		{"should count leading gaps", []float64{nan, nan, 10, 11, 12, 13, 14, 15}, forecast.NotePart{Code: forecast.NoteLeadingMissing,
			Args: map[string]string{"Count": "2"}}, "2 leading missing values ignored"},
		{"should list interpolated positions", []float64{10, 11, nan, 13, 14, nan, nan, 17, 18, 19}, forecast.NotePart{Code: forecast.NoteInterpolated,
			Args: map[string]string{"Count": "3", "At": "3,6,7"}}, "3 missing values interpolated for fitting at t=3,6,7"},
		{"should list ten positions and count the rest", long, forecast.NotePart{Code: forecast.NoteInterpolated,
			Args: map[string]string{"Count": "15", "At": "4,6,8,10,12,14,16,18,20,22"}}, "15 missing values interpolated for fitting at t=4,6,8,10,12,14,16,18,20,22 and 5 more"},
		{"should give the last observed position of a series ending in gaps", []float64{10, 11, 12, 13, 14, 15, 16, 17, nan, nan}, forecast.NotePart{Code: forecast.NoteTrailingMissing,
			Args: map[string]string{"Count": "2", "Last": "8"}}, "last 2 values missing: forecast starts after t=8"},
		{"should say zeros rule out multiplicative models", []float64{0, 3, 1, 4, 2, 5, 3, 6, 4, 7}, forecast.NotePart{Code: forecast.NoteNonPositive},
			"series has zeros or negatives: multiplicative models not considered"},
		{"should point at an outlier", []float64{10, 11, 10, 12, 11, 10, 11, 300, 11, 10, 12, 11, 10, 11, 12, 10}, forecast.NotePart{Code: forecast.NoteOutliers,
			Args: map[string]string{"Count": "1", "At": "8"}}, "possible outliers at t=8: check these values"},
		{"should warn when a positive series is forecast to zero", []float64{100, 80, 60, 40, 20, 10, 5, 2}, forecast.NotePart{Code: forecast.NoteReachesZero,
			Args: map[string]string{"Value": "-12", "H": "1"}}, "forecast of a positive series reaches -12 at h=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := "naive"
			if tt.want.Code == forecast.NoteReachesZero {
				model = "drift"
			}
			r := mustForecast(t, tt.y, forecast.Spec{Model: model, Season: 12, Horizon: 3, Seed: 1})
			i := slices.IndexFunc(r.NoteParts, func(p forecast.NotePart) bool { return p.Code == tt.want.Code })
			if i < 0 {
				t.Fatalf("parts %+v (notes %q), want %s", r.NoteParts, r.Notes, tt.want.Code)
			}
			if got := r.NoteParts[i]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("part %+v, want %+v", got, tt.want)
			}
			if r.Notes[i] != tt.text {
				t.Errorf("note %q, want %q", r.Notes[i], tt.text)
			}
			if !slices.Equal(forecast.NoteTexts(r.NoteParts), r.Notes) {
				t.Errorf("NoteTexts %q differs from Notes %q", forecast.NoteTexts(r.NoteParts), r.Notes)
			}
		})
	}
	t.Run("should not call the steps of a headcount outliers", func(t *testing.T) {
		// The sample data's CSM headcount: seasonal adjustment leaves large
		// residuals inside the flat stretches too.
		y := []float64{6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 10, 10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11, 12, 12, 12, 12, 12, 12}
		for _, model := range []string{"auto", "naive"} {
			r := mustForecast(t, y, forecast.Spec{Model: model, Season: 12, Horizon: 3, Seed: 1})
			if slices.ContainsFunc(r.NoteParts, func(p forecast.NotePart) bool { return p.Code == forecast.NoteOutliers }) {
				t.Errorf("%s: notes %q", model, r.Notes)
			}
		}
	})
	t.Run("should have no notes for a clean series", func(t *testing.T) {
		r := mustForecast(t, airPassengers()[:36], forecast.Spec{Model: "auto", Season: 12, Horizon: 3, Seed: 1})
		if r.NoteParts != nil || r.Notes != nil {
			t.Errorf("parts %+v, notes %q", r.NoteParts, r.Notes)
		}
	})
}

func TestNoteCodes(t *testing.T) {
	t.Run("should list every code once with its own English text", func(t *testing.T) {
		seen := map[forecast.NoteCode]bool{}
		texts := map[string]forecast.NoteCode{}
		for _, c := range forecast.NoteCodes() {
			if seen[c] {
				t.Errorf("code %q listed twice", c)
			}
			seen[c] = true
			en := forecast.NotePart{Code: c}.English()
			if en == "" || en == string(c) {
				t.Errorf("code %q has no English text (%q)", c, en)
			}
			if other, dup := texts[en]; dup {
				t.Errorf("codes %q and %q share the text %q", c, other, en)
			}
			texts[en] = c
		}
	})
	t.Run("should fall back to the code for an unknown code", func(t *testing.T) {
		if got := (forecast.NotePart{Code: "from_the_future"}).English(); got != "from_the_future" {
			t.Errorf("English() = %q", got)
		}
	})
	t.Run("should round-trip through JSON and leave out empty args", func(t *testing.T) {
		in := []forecast.NotePart{{Code: forecast.NoteNonPositive}, {Code: forecast.NoteOutliers, Args: map[string]string{"Count": "2", "At": "3,9"}}}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(b), `"args"`) != 1 {
			t.Errorf("JSON %s: want args only where there are some", b)
		}
		var out []forecast.NotePart
		if err := json.Unmarshal(b, &out); err != nil || !reflect.DeepEqual(in, out) {
			t.Errorf("round trip %+v, %v", out, err)
		}
	})
	t.Run("should give no texts for no notes", func(t *testing.T) {
		if got := forecast.NoteTexts(nil); got != nil {
			t.Errorf("NoteTexts(nil) = %q", got)
		}
	})
}

func TestNotePart_Positions(t *testing.T) {
	tests := []struct {
		name  string
		args  map[string]string
		shown []int
		more  int
	}{
		{"should read the listed positions", map[string]string{"Count": "3", "At": "3,6,7"}, []int{3, 6, 7}, 0},
		{"should count positions it does not list", map[string]string{"Count": "12", "At": "1,2"}, []int{1, 2}, 10},
		{"should skip damaged entries", map[string]string{"Count": "x", "At": "4, ,-1,a,0,5"}, []int{4, 5}, 0},
		{"should have none without args", nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, more := forecast.NotePart{Code: forecast.NoteOutliers, Args: tt.args}.Positions()
			if !slices.Equal(shown, tt.shown) || more != tt.more {
				t.Errorf("Positions() = %v, %d; want %v, %d", shown, more, tt.shown, tt.more)
			}
		})
	}
}

// FuzzNotePositions feeds stored note args (a damaged cache is possible):
// Positions and English must never panic, and English names every listed
// position.
func FuzzNotePositions(f *testing.F) {
	for _, s := range [][2]string{{"3", "3,6,7"}, {"15", "1,2,3,4,5,6,7,8,9,10"}, {"", ""}, {"-5", ",,"}, {"99999999999999999999", "1e3, 7"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, count, at string) {
		p := forecast.NotePart{Code: forecast.NoteInterpolated, Args: map[string]string{"Count": count, "At": at}}
		shown, more := p.Positions()
		if more < 0 {
			t.Fatalf("more = %d", more)
		}
		en := p.English()
		for _, n := range shown {
			if n <= 0 || !strings.Contains(en, strconv.Itoa(n)) {
				t.Fatalf("position %d missing from %q", n, en)
			}
		}
	})
}
