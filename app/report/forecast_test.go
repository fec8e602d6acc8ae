package report_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// sampleArgs fills every argument any reason code uses.
var sampleArgs = map[string]string{"N": "10", "Season": "12", "Min": "4", "Model": "ETS(A,N,N)", "Count": "2"}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// reasonOf is the reason of a forecast with the given clauses.
func reasonOf(tr *report.Translator, english string, parts ...forecast.ReasonPart) string {
	return tr.ForecastReason(&workspace.LeafForecast{Reason: english, ReasonParts: parts})
}

func TestForecastReason(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	t.Run("should have an English and a Japanese string for every reason code", func(t *testing.T) {
		for _, c := range forecast.ReasonCodes() {
			p := forecast.ReasonPart{Code: c, Args: sampleArgs}
			e, j := reasonOf(en, "", p), reasonOf(ja, "", p)
			if e == "" || e == j {
				t.Errorf("%s: en %q, ja %q", c, e, j)
			}
			if !hasJapanese(j) {
				t.Errorf("%s: ja %q is not Japanese (missing key forecast.why.%s?)", c, j, c)
			}
			for _, s := range []string{e, j} {
				if strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
					t.Errorf("%s: unfilled template in %q", c, s)
				}
			}
		}
	})
	t.Run("should show a real forecast's reason in Japanese with its numbers", func(t *testing.T) {
		r, err := forecast.Forecast(context.Background(), []float64{5, 6, 7, 8}, forecast.Spec{Model: "snaive", Season: 12, Horizon: 2})
		if err != nil {
			t.Fatal(err)
		}
		got := reasonOf(ja, r.Reason, r.ReasonParts...)
		if !hasJapanese(got) || !strings.Contains(got, "4件") || !strings.Contains(got, "周期12") {
			t.Errorf("ja reason %q for %q", got, r.Reason)
		}
	})
	t.Run("should join several clauses", func(t *testing.T) {
		p := []forecast.ReasonPart{{Code: forecast.ReasonMeanCombo}, {Code: forecast.ReasonThetaCrossesZero}}
		if got := reasonOf(en, "", p...); got != "average of the best ETS model and Theta (robust combination); Theta left out because its trend crosses zero" {
			t.Errorf("en %q", got)
		}
		if got := reasonOf(ja, "", p...); strings.Count(got, "。") != 1 {
			t.Errorf("ja %q: want the clauses joined by one 。", got)
		}
	})
	t.Run("should show the English text of a forecast stored without codes", func(t *testing.T) {
		if got := reasonOf(ja, "pinned"); got != "pinned" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("should fall back to English for a code it does not know", func(t *testing.T) {
		got := reasonOf(ja, "", forecast.ReasonPart{Code: "from_a_newer_version"}, forecast.ReasonPart{Code: forecast.ReasonPinned})
		if !strings.HasPrefix(got, "from_a_newer_version。") || !hasJapanese(got) {
			t.Errorf("got %q", got)
		}
	})
}

// noteArgs fills every argument any note code uses.
var noteArgs = map[string]string{"Count": "3", "At": "2,6,9", "Last": "8", "Value": "-1.5", "H": "2"}

// fyCalendar is monthly from April 2023, like the sample data.
var fyCalendar = kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)}

func TestForecastNotes(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	one := func(p forecast.NotePart, label func(int) string, tr *report.Translator) string {
		t.Helper()
		out := tr.ForecastNotes(&workspace.LeafForecast{Start: 36, NoteParts: []forecast.NotePart{p}}, label)
		if len(out) != 1 {
			t.Fatalf("%d texts for one note", len(out))
		}
		return out[0]
	}
	t.Run("should have an English and a Japanese string for every note code", func(t *testing.T) {
		for _, c := range forecast.NoteCodes() {
			p := forecast.NotePart{Code: c, Args: noteArgs}
			e, j := one(p, fyCalendar.Label, en), one(p, fyCalendar.Label, ja)
			if e == "" || e == j || e == p.English() {
				t.Errorf("%s: en %q, ja %q (missing key fcnotes.%s?)", c, e, j, c)
			}
			if !hasJapanese(j) {
				t.Errorf("%s: ja %q is not Japanese (missing key fcnotes.%s?)", c, j, c)
			}
			for _, s := range []string{e, j} {
				if strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
					t.Errorf("%s: unfilled template in %q", c, s)
				}
			}
		}
	})
	tests := []struct {
		name   string
		part   forecast.NotePart
		label  func(int) string
		en, ja string
	}{
		{"should name the filled-in periods", forecast.NotePart{Code: forecast.NoteInterpolated, Args: map[string]string{"Count": "2", "At": "6,21"}}, fyCalendar.Label,
			"missing values filled in from the values around them for fitting: 2 (2023-09, 2024-12)", "欠損値2件を前後の値から補間して推定に使用しました（2023-09、2024-12）"},
		{"should count the periods a note does not list", forecast.NotePart{Code: forecast.NoteOutliers, Args: map[string]string{"Count": "12", "At": "1,2"}}, fyCalendar.Label,
			"possible outliers: 12 (2023-04, 2023-05 and 10 more) — check these values before relying on the forecast",
			"外れ値の可能性がある値が12件あります（2023-04、2023-05 ほか10件）。予測を使う前に、これらの値をご確認ください"},
		{"should name the last period with data", forecast.NotePart{Code: forecast.NoteTrailingMissing, Args: map[string]string{"Count": "2", "Last": "34"}}, fyCalendar.Label,
			"the latest periods have no data (2), so the forecast runs on from 2026-01", "直近2期間のデータがないため、2026-01までの実績から予測しています"},
		{"should name the forecast period that reaches zero", forecast.NotePart{Code: forecast.NoteReachesZero, Args: map[string]string{"Value": "-3", "H": "2"}}, fyCalendar.Label,
			"this series has only been positive, but its forecast falls to -3 in 2026-05: check the trend", "これまで正の値のみの系列ですが、2026-05の予測値が-3まで下がります。トレンドをご確認ください"},
		{"should show positions without a calendar", forecast.NotePart{Code: forecast.NoteOutliers, Args: map[string]string{"Count": "1", "At": "8"}}, nil,
			"possible outliers: 1 (t=8) — check these values before relying on the forecast", "外れ値の可能性がある値が1件あります（t=8）。予測を使う前に、これらの値をご確認ください"},
		{"should show a damaged note in English", forecast.NotePart{Code: forecast.NoteOutliers, Args: map[string]string{"Count": "1", "At": "x"}}, fyCalendar.Label,
			"possible outliers at t= and 1 more: check these values", "possible outliers at t= and 1 more: check these values"},
		{"should show a code from a newer version as it is", forecast.NotePart{Code: "from_a_newer_version"}, fyCalendar.Label,
			"from_a_newer_version", "from_a_newer_version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := one(tt.part, tt.label, en); got != tt.en {
				t.Errorf("en %q\nwant %q", got, tt.en)
			}
			if got := one(tt.part, tt.label, ja); got != tt.ja {
				t.Errorf("ja %q\nwant %q", got, tt.ja)
			}
		})
	}
	t.Run("should show the English notes of a forecast stored without codes", func(t *testing.T) {
		old := []string{"2 leading missing values ignored"}
		if got := ja.ForecastNotes(&workspace.LeafForecast{Notes: old}, fyCalendar.Label); !slices.Equal(got, old) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("should have nothing to show for no forecast", func(t *testing.T) {
		if got := ja.ForecastNotes(nil, fyCalendar.Label); got != nil {
			t.Errorf("got %q", got)
		}
	})
}

func TestForecastAccuracy_NamesTheTreesPeriod(t *testing.T) {
	en, ja := report.For(report.English), report.For(report.Japanese)
	cases := []struct {
		freq   kpitree.Freq
		en, ja string
	}{
		{kpitree.Month, "off by ±4.2 % one month ahead", "1か月先の誤差 ±4.2%"},
		{kpitree.Week, "off by ±4.2 % one week ahead", "1週先の誤差 ±4.2%"},
		{kpitree.Day, "off by ±4.2 % one day ahead", "1日先の誤差 ±4.2%"},
		{kpitree.Quarter, "off by ±4.2 % one quarter ahead", "1四半期先の誤差 ±4.2%"},
		{kpitree.Year, "off by ±4.2 % one year ahead", "1年先の誤差 ±4.2%"},
		{"fortnight", "off by ±4.2 % one period ahead", "1期先の誤差 ±4.2%"},
	}
	for _, c := range cases {
		t.Run("should say one "+string(c.freq)+" ahead", func(t *testing.T) {
			if got := en.ForecastAccuracy(4.2, c.freq); got != c.en {
				t.Errorf("en %q, want %q", got, c.en)
			}
			if got := ja.ForecastAccuracy(4.2, c.freq); got != c.ja {
				t.Errorf("ja %q, want %q", got, c.ja)
			}
		})
	}
	t.Run("should say when it cannot be measured", func(t *testing.T) {
		if got := ja.ForecastAccuracy(math.NaN(), kpitree.Month); !hasJapanese(got) {
			t.Errorf("ja %q", got)
		}
	})
}

// BenchmarkForecastNotes measures translating a forecast's notes, which the
// pane does for every leaf on every run and the inspector on every
// selection.
func BenchmarkForecastNotes(b *testing.B) {
	lf := &workspace.LeafForecast{Start: 36, NoteParts: []forecast.NotePart{
		{Code: forecast.NoteInterpolated, Args: map[string]string{"Count": "12", "At": "1,2,3,4,5,6,7,8,9,10"}},
		{Code: forecast.NoteOutliers, Args: map[string]string{"Count": "1", "At": "21"}},
		{Code: forecast.NoteReachesZero, Args: map[string]string{"Value": "-3", "H": "4"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if len(report.For(report.Japanese).ForecastNotes(lf, fyCalendar.Label)) != 3 {
			b.Fatal("want three notes")
		}
	}
}
