package ui

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// notesChild is uitest.LangChildEnv's value for the Japanese data-notes test.
const notesChild = "ja|fcnotes"

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
		if got := noteTexts(&workspace.LeafForecast{Notes: old}, nil); !slices.Equal(got, old) {
			t.Errorf("noteTexts %q", got)
		}
	})
	t.Run("should have nothing to show for no forecast", func(t *testing.T) {
		if got := noteTexts(nil, fyCalendar.Label); got != nil {
			t.Errorf("got %q", got)
		}
	})
}

// gappyAdapter is the sample workspace with active_rate's September 2023
// missing and its December 2024 entered ten times too large.
func gappyAdapter(t *testing.T) *Adapter {
	t.Helper()
	a := NewSampleAdapter(t)
	ws := a.Unwrap()
	for _, ds := range ws.Datasets() {
		d := *ds
		d.Columns = slices.Clone(ds.Columns)
		for i, c := range d.Columns {
			if c.Name == "active_rate" {
				v := slices.Clone(c.Values)
				v[5], v[20] = math.NaN(), v[20]*10
				d.Columns[i].Values = v
				if _, err := ws.CommitImport(d, nil); err != nil {
					t.Fatal(err)
				}
				return a
			}
		}
	}
	t.Fatal("no active_rate column in the sample")
	return nil
}

// notesScene is the forecast pane and the inspector over a gappy
// workspace, forecast and settled, with active_rate selected.
type notesScene struct {
	a  *Adapter
	p  *forecastPanel
	in *Inspector
}

func newNotesScene(t *testing.T) notesScene {
	t.Helper()
	w := newTestWindow(t)
	a := gappyAdapter(t)
	p, err := newForecastPanel(w, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	settle(&p.jobs)
	w.SetContent(p.content())
	in := NewInspector()
	in.SetSource(a, nil)
	in.SetNode(a.Unwrap().Tree(), "active_rate")
	settle(&p.jobs, in.leaf.jobs)
	return notesScene{a: a, p: p, in: in}
}

// rowIndex is the table row (1-based, after the header) of leaf.
func (s notesScene) rowIndex(t *testing.T, leaf string) int {
	t.Helper()
	i := slices.IndexFunc(s.p.rows, func(r forecastRow) bool { return r.Node == leaf })
	if i < 0 {
		t.Fatalf("no row for %s", leaf)
	}
	return i + 1
}

// notesRowShown says whether the inspector's form has the data notes row.
func (s notesScene) notesRowShown() bool {
	return slices.Contains(s.in.leaf.form.Items, s.in.leaf.notesItem)
}

func TestLeafNotes_PaneAndInspector(t *testing.T) {
	s := newNotesScene(t)
	t.Run("should list a gappy leaf's notes with period names in the pane", func(t *testing.T) {
		r := rowOf(t, s.p, "active_rate")
		got := strings.Join(r.Notes, "\n")
		// The typo also pulls the fit off elsewhere, so the outlier note may
		// name other months as well; it must name the typo's.
		for _, want := range []string{"filled in from the values around them for fitting: 1 (2023-09)", "possible outliers: ", "2024-12) — check"} {
			if !strings.Contains(got, want) {
				t.Errorf("notes %q lack %q", r.Notes, want)
			}
		}
		if cell := s.p.cell(s.rowIndex(t, "active_rate"), colModel); cell != r.Model+" (data notes: 2)" {
			t.Errorf("model cell %q, want the model marked with its notes", cell)
		}
	})
	t.Run("should show the notes with the reason when the row is selected", func(t *testing.T) {
		s.p.table.Select(tableCell(s.rowIndex(t, "active_rate"), colLeaf))
		st := s.p.status.Text
		if !strings.Contains(st, "\nData notes: ") || !strings.Contains(st, "2024-12") || !strings.Contains(st, rowOf(t, s.p, "active_rate").Reason) {
			t.Errorf("status %q: want the reason, then the notes", st)
		}
	})
	t.Run("should not mark a clean leaf", func(t *testing.T) {
		r := rowOf(t, s.p, "csm_count")
		if r.Notes != nil || s.p.cell(s.rowIndex(t, "csm_count"), colModel) != r.Model {
			t.Errorf("clean leaf: notes %q, cell %q", r.Notes, s.p.cell(s.rowIndex(t, "csm_count"), colModel))
		}
		s.p.table.Select(tableCell(s.rowIndex(t, "csm_count"), colLeaf))
		if strings.Contains(s.p.status.Text, "Data notes") {
			t.Errorf("status %q", s.p.status.Text)
		}
	})
	t.Run("should show the notes in the inspector, one a line", func(t *testing.T) {
		l := s.in.leaf
		if !s.notesRowShown() || l.notesItem.Text != "Data notes" {
			t.Fatalf("notes row shown %v, label %q", s.notesRowShown(), l.notesItem.Text)
		}
		if want := strings.Join(rowOf(t, s.p, "active_rate").Notes, "\n"); l.Notes.Text != want || strings.Count(want, "\n") != 1 {
			t.Errorf("inspector notes %q, want the pane's %q", l.Notes.Text, want)
		}
	})
	t.Run("should drop the row for a leaf without notes and bring it back", func(t *testing.T) {
		tree := s.a.Unwrap().Tree()
		s.in.SetNode(tree, "csm_count")
		if s.notesRowShown() {
			t.Error("the previous leaf's notes stay while the next one loads")
		}
		settle(s.in.leaf.jobs)
		if s.notesRowShown() || len(s.in.leaf.form.Items) != leafFormRows {
			t.Errorf("a clean leaf shows the notes row (%d rows)", len(s.in.leaf.form.Items))
		}
		s.in.SetNode(tree, "active_rate")
		settle(s.in.leaf.jobs)
		if !s.notesRowShown() || len(s.in.leaf.form.Items) != leafFormRows+1 {
			t.Errorf("notes row shown %v with %d rows", s.notesRowShown(), len(s.in.leaf.form.Items))
		}
	})
	t.Run("should show the new forecast's notes after a model change", func(t *testing.T) {
		if err := s.a.Unwrap().SetLeafModel("active_rate", "naive"); err != nil {
			t.Fatal(err)
		}
		// The pane re-forecasts at once on a settings change; the inspector
		// first sees no current forecast, then the new one.
		settle(&s.p.jobs, s.in.leaf.jobs)
		if !s.notesRowShown() || !strings.Contains(s.in.leaf.Notes.Text, "2023-09") {
			t.Errorf("after the re-forecast: row %v, notes %q", s.notesRowShown(), s.in.leaf.Notes.Text)
		}
	})
}

// TestLeafNotes_Japanese checks the notes in Japanese in a child process.
func TestLeafNotes_Japanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case notesChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		japaneseNotesCases(t)
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestLeafNotes_Japanese", notesChild)
	if !strings.Contains(out, "--- PASS: TestLeafNotes_Japanese/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}

func japaneseNotesCases(t *testing.T) {
	s := newNotesScene(t)
	t.Run("should show the notes in Japanese in the inspector", func(t *testing.T) {
		l := s.in.leaf
		if !s.notesRowShown() || l.notesItem.Text != "データ注記" {
			t.Fatalf("notes row shown %v, label %q", s.notesRowShown(), l.notesItem.Text)
		}
		for _, want := range []string{"欠損値1件を前後の値から補間", "（2023-09）", "外れ値の可能性がある値が", "2024-12）。予測を使う前に", "ご確認ください"} {
			if !strings.Contains(l.Notes.Text, want) {
				t.Errorf("notes %q lack %q", l.Notes.Text, want)
			}
		}
	})
	t.Run("should mark the row and show the notes in Japanese in the pane", func(t *testing.T) {
		row := s.rowIndex(t, "active_rate")
		if cell := s.p.cell(row, colModel); !strings.HasSuffix(cell, "（データ注記2件）") {
			t.Errorf("model cell %q", cell)
		}
		s.p.table.Select(widget.TableCellID{Row: row, Col: colLeaf})
		if st := s.p.status.Text; !strings.Contains(st, "\nデータ注記：欠損値") || !strings.Contains(st, "。外れ値") {
			t.Errorf("status %q: want the notes joined by 。", st)
		}
	})
}

// BenchmarkNoteTexts measures translating a forecast's notes, which the
// pane does for every leaf on every run and the inspector on every
// selection.
func BenchmarkNoteTexts(b *testing.B) {
	lf := &workspace.LeafForecast{Start: 36, NoteParts: []forecast.NotePart{
		{Code: forecast.NoteInterpolated, Args: map[string]string{"Count": "12", "At": "1,2,3,4,5,6,7,8,9,10"}},
		{Code: forecast.NoteOutliers, Args: map[string]string{"Count": "1", "At": "21"}},
		{Code: forecast.NoteReachesZero, Args: map[string]string{"Value": "-3", "H": "4"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if len(noteTexts(lf, fyCalendar.Label)) != 3 {
			b.Fatal("want three notes")
		}
	}
}
