package forecastpane

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// noteArgs fills every argument any note code uses.
var noteArgs = map[string]string{"Count": "3", "At": "2,6,9", "Last": "8", "Value": "-1.5", "H": "2"}

// fyCalendar is monthly from April 2023, like the sample data.
var fyCalendar = kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)}

func TestNoteTranslations(t *testing.T) {
	en, ja := translatorOf(t, uitest.TranslationTable(t, "en")), translatorOf(t, uitest.TranslationTable(t, "ja"))
	one := func(p forecast.NotePart, label periodLabel, tr translator) string {
		t.Helper()
		out := translateNotes([]forecast.NotePart{p}, nil, 36, label, tr)
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
				t.Errorf("%s: en %q, ja %q (missing key %q?)", c, e, j, noteKey(c))
			}
			if !hasJapanese(j) {
				t.Errorf("%s: ja %q is not Japanese (missing key %q?)", c, j, noteKey(c))
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
		label  periodLabel
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
		if got := translateNotes(nil, old, 36, fyCalendar.Label, ja); !slices.Equal(got, old) {
			t.Errorf("got %q", got)
		}
		if got := NoteTexts(&workspace.LeafForecast{Notes: old}, nil); !slices.Equal(got, old) {
			t.Errorf("noteTexts %q", got)
		}
	})
	t.Run("should have nothing to show for no forecast", func(t *testing.T) {
		if got := NoteTexts(nil, fyCalendar.Label); got != nil {
			t.Errorf("got %q", got)
		}
	})
}
