package inspector

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/forecastpane"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// fyCalendar is monthly from April 2023, like the sample data.
var fyCalendar = kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)}

// gappySample is the sample workspace with active_rate's September 2023
// missing and its December 2024 entered ten times too large.
func gappySample(t *testing.T) uitest.Workspace {
	t.Helper()
	a := sample(t, "en")
	ws := a.Workspace
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
	return uitest.Workspace{}
}

// notesScene is the forecast pane and the inspector over a gappy
// workspace, forecast and settled, with active_rate selected.
type notesScene struct {
	a  uitest.Workspace
	p  *forecastpane.Pane
	in *Inspector
}

func newNotesScene(t *testing.T) notesScene {
	t.Helper()
	w := uitest.NewWindow(t)
	a := gappySample(t)
	p := forecastpane.New(w, a, nil)
	settle(p)
	w.SetContent(p.Content())
	in := New(nil)
	in.SetSource(a, nil)
	in.SetNode(a.Workspace.Tree(), "active_rate")
	settle(p, in)
	return notesScene{a: a, p: p, in: in}
}

// rowIndex is the table row (1-based, after the header) of leaf.
func (s notesScene) rowIndex(t *testing.T, leaf string) int {
	t.Helper()
	i := slices.IndexFunc(s.p.Rows(), func(r forecastpane.Row) bool { return r.Node == leaf })
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
		if cell := s.p.CellText(s.rowIndex(t, "active_rate"), forecastpane.ColModel); cell != report.ModelName(uikit.Translator(), r.Model)+" (data notes: 2)" {
			t.Errorf("model cell %q, want the model marked with its notes", cell)
		}
	})
	t.Run("should show the notes with the reason when the row is selected", func(t *testing.T) {
		s.p.SelectRow(s.rowIndex(t, "active_rate"))
		st := s.p.Status()
		if !strings.Contains(st, "\nData notes: ") || !strings.Contains(st, "2024-12") || !strings.Contains(st, rowOf(t, s.p, "active_rate").Reason) {
			t.Errorf("status %q: want the reason, then the notes", st)
		}
	})
	t.Run("should not mark a clean leaf", func(t *testing.T) {
		r := rowOf(t, s.p, "csm_count")
		if r.Notes != nil || s.p.CellText(s.rowIndex(t, "csm_count"), forecastpane.ColModel) != report.ModelName(uikit.Translator(), r.Model) {
			t.Errorf("clean leaf: notes %q, cell %q", r.Notes, s.p.CellText(s.rowIndex(t, "csm_count"), forecastpane.ColModel))
		}
		s.p.SelectRow(s.rowIndex(t, "csm_count"))
		if strings.Contains(s.p.Status(), "Data notes") {
			t.Errorf("status %q", s.p.Status())
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
		tree := s.a.Workspace.Tree()
		s.in.SetNode(tree, "csm_count")
		if s.notesRowShown() {
			t.Error("the previous leaf's notes stay while the next one loads")
		}
		settle(s.in)
		if s.notesRowShown() || len(s.in.leaf.form.Items) != leafFormRows {
			t.Errorf("a clean leaf shows the notes row (%d rows)", len(s.in.leaf.form.Items))
		}
		s.in.SetNode(tree, "active_rate")
		settle(s.in)
		if !s.notesRowShown() || len(s.in.leaf.form.Items) != leafFormRows+1 {
			t.Errorf("notes row shown %v with %d rows", s.notesRowShown(), len(s.in.leaf.form.Items))
		}
	})
	t.Run("should show the new forecast's notes after a model change", func(t *testing.T) {
		if err := s.a.Workspace.SetLeafModel("active_rate", "naive"); err != nil {
			t.Fatal(err)
		}
		// The pane re-forecasts at once on a settings change; the inspector
		// first sees no current forecast, then the new one.
		settle(s.p, s.in)
		if !s.notesRowShown() || !strings.Contains(s.in.leaf.Notes.Text, "2023-09") {
			t.Errorf("after the re-forecast: row %v, notes %q", s.notesRowShown(), s.in.leaf.Notes.Text)
		}
	})
}

// TestLeafNotes_Japanese checks the notes in Japanese in a child process.
func TestLeafNotes_Japanese(t *testing.T) {
	if inJapanese(t, "TestLeafNotes_Japanese") {
		japaneseNotesCases(t)
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
		if cell := s.p.CellText(row, forecastpane.ColModel); !strings.HasSuffix(cell, "（データ注記2件）") {
			t.Errorf("model cell %q", cell)
		}
		s.p.SelectRow(row)
		if st := s.p.Status(); !strings.Contains(st, "\nデータ注記：欠損値") || !strings.Contains(st, "。外れ値") {
			t.Errorf("status %q: want the notes joined by 。", st)
		}
	})
}
