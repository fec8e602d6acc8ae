package datapane

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// dataFile is a sample data file of the repository.
func dataFile(name string) string { return filepath.Join("..", "..", "..", "assets", "data", name) }

// emptyWorkspace is a workspace from the canonical template in lang with
// no data, so the wizard has something to bind.
func emptyWorkspace(t *testing.T, lang string) uitest.Workspace {
	t.Helper()
	tr, err := kpitree.NewFromTemplate(workspace.SampleTemplate, lang)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Create(filepath.Join(t.TempDir(), "w.kpitree"), workspace.CreateParams{Tree: tr, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	return uitest.Workspace{Workspace: ws}
}

func TestBindWizard_Import(t *testing.T) {
	wantLeaves := []string{"active_rate", "csm_count", "onboarded_per_csm", "unit_price"}
	for _, tt := range []struct{ lang, file string }{
		{"en", "cs_monthly.csv"},
		{"ja", "cs_monthly_ja_sjis.csv"},
	} {
		t.Run("should suggest and bind every leaf of "+tt.file, func(t *testing.T) {
			w := uitest.NewWindow(t)
			a := emptyWorkspace(t, tt.lang)
			bw := NewWizard(w, a, nil)
			bw.load(dataFile(tt.file))
			bw.Wait()
			if bw.preview == nil || bw.dlg == nil {
				t.Fatal("no preview shown")
			}
			if s := bw.summary(); !strings.Contains(s, "36 periods") || !strings.Contains(s, "2023-04") {
				t.Fatalf("summary %q", s)
			}
			var got []string
			for _, b := range bw.bindings() {
				got = append(got, b.Node)
			}
			slices.Sort(got)
			if !slices.Equal(got, wantLeaves) {
				t.Fatalf("suggested %v, want %v", got, wantLeaves)
			}
			// The wizard proposes what `kpitreectl import` binds: the
			// workspace's suggestion, read here off the drawn selects.
			cli, err := a.PreviewImport(context.Background(), dataFile(tt.file), dataio.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(cli.Suggested) != len(wantLeaves) {
				t.Fatalf("the workspace suggests %v", cli.Suggested)
			}
			for _, b := range cli.Suggested {
				if got := bw.selects[b.Node].Selected; got != b.Column {
					t.Errorf("%s: the wizard selects %q, the workspace suggests %q", b.Node, got, b.Column)
				}
			}
			if a.CanUndo() {
				t.Fatal("the preview wrote to the workspace")
			}
			bw.confirm()
			bw.Wait()
			ws := a
			if len(ws.Datasets()) != 1 || len(ws.Bindings()) != 4 || bw.committed == "" {
				t.Fatalf("datasets %d, bindings %+v", len(ws.Datasets()), ws.Bindings())
			}
			e, err := ws.Evaluate("")
			if err != nil {
				t.Fatal(err)
			}
			if v := e.Values("active_rate"); len(v) != 36 || v[0] < 0.53 || v[0] > 0.54 {
				t.Fatalf("active rate %v, want 36 months starting at 53.8 %%", v)
			}
			// One import is one action: undo removes data and bindings.
			if _, err := a.Undo(); err != nil {
				t.Fatal(err)
			}
			if len(ws.Datasets()) != 0 || len(ws.Bindings()) != 0 {
				t.Fatal("undo left data behind")
			}
		})
	}
	t.Run("should write nothing when the user edits the mapping and cancels", func(t *testing.T) {
		w := uitest.NewWindow(t)
		a := emptyWorkspace(t, "en")
		bw := NewWizard(w, a, nil)
		bw.load(dataFile("cs_monthly.csv"))
		bw.Wait()
		bw.selects["active_rate"].SetSelectedIndex(0)
		bw.dlg.Hide() // Cancel: the callback is not run
		if a.CanUndo() || len(a.Datasets()) != 0 {
			t.Fatal("cancel wrote to the workspace")
		}
	})
	t.Run("should bind only what the user kept in the mapping", func(t *testing.T) {
		w := uitest.NewWindow(t)
		a := emptyWorkspace(t, "en")
		bw := NewWizard(w, a, nil)
		bw.load(dataFile("cs_monthly.csv"))
		bw.Wait()
		bw.selects["active_rate"].SetSelectedIndex(0)
		bw.confirm()
		bw.Wait()
		for _, b := range a.Bindings() {
			if b.Node == "active_rate" {
				t.Fatal("active_rate bound although unmapped")
			}
		}
		if n := len(a.Bindings()); n != 3 {
			t.Fatalf("%d bindings, want 3", n)
		}
	})
}

func TestBindWizard_QualityReport(t *testing.T) {
	w := uitest.NewWindow(t)
	a := emptyWorkspace(t, "en")
	bw := NewWizard(w, a, nil)
	bw.load(dataFile("messy_export.csv"))
	bw.Wait()
	lines := uikit.Translator().ImportIssueLines(bw.preview.Report)
	all := strings.Join(lines, "\n")
	for _, want := range []string{"2023-09: no row for this period", "appears twice", "full-width digits", "total/summary row", "blank or marked missing"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q:\n%s", want, all)
		}
	}
	if len(lines) != len(bw.preview.Report.Issues) {
		t.Fatalf("%d lines for %d issues", len(lines), len(bw.preview.Report.Issues))
	}
	if !strings.HasPrefix(lines[0], "Warning") {
		t.Fatalf("first line %q: want the warnings first", lines[0])
	}
}

func TestIssueText_FallsBackToMessage(t *testing.T) {
	uitest.NewWindow(t)
	is := dataio.Issue{Code: "some_future_code", Message: "what the importer said"}
	if got := IssueText(is); got != is.Message {
		t.Fatalf("IssueText = %q, want the message", got)
	}
}

func TestDataPane_DropOpensWizard(t *testing.T) {
	w := uitest.NewWindow(t)
	a := emptyWorkspace(t, "en")
	p := New(w, a, nil)
	abs, err := filepath.Abs(dataFile("cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	p.dropped([]fyne.URI{storage.NewFileURI("/tmp/notes.txt.pdf"), storage.NewFileURI(abs)})
	p.wizard.jobs.Wait()
	if p.wizard.preview == nil || p.wizard.path != abs {
		t.Fatalf("wizard not opened on the dropped data file (path %q)", p.wizard.path)
	}
}

func TestBindWizard_Refresh(t *testing.T) {
	w := uitest.NewWindow(t)
	a := emptyWorkspace(t, "en")
	bw := NewWizard(w, a, nil)
	// A copy of the sample, so the test can change the source file.
	src, err := os.ReadFile(dataFile("cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cs_monthly.csv")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	bw.load(path)
	bw.Wait()
	bw.confirm()
	bw.Wait()
	bw.refresh(bw.committed)
	bw.Wait()
	if bw.preview.Diff == nil || !bw.preview.Diff.Empty() {
		t.Fatalf("diff %+v, want empty for an unchanged file", bw.preview.Diff)
	}
	if got := DiffText(bw.preview.Diff); !strings.Contains(got, "not changed") {
		t.Fatalf("diff text %q", got)
	}
	t.Run("should show a changed source and store it when accepted", func(t *testing.T) {
		lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
		last := strings.Split(lines[len(lines)-1], ",")
		last[0] = "2026-04" // one more month, same numbers
		changed := append(lines, strings.Join(last, ","))
		if err := os.WriteFile(path, []byte(strings.Join(changed, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		bw.refresh(bw.committed)
		bw.Wait()
		if d := bw.preview.Diff; d == nil || d.NewPeriods != 37 || d.OldPeriods != 36 {
			t.Fatalf("diff %+v, want 36 → 37 periods", d)
		}
		bw.acceptRefresh()
		bw.Wait()
		e, err := a.Evaluate("")
		if err != nil {
			t.Fatal(err)
		}
		if n := e.Calendar.Periods; n != 37 {
			t.Fatalf("%d periods after the refresh, want 37", n)
		}
		if len(a.Bindings()) != 4 {
			t.Fatal("the refresh dropped bindings")
		}
	})
	got := DiffText(&workspace.DatasetDiff{OldPeriods: 36, NewPeriods: 37, AddedColumns: []string{"mau2"},
		ChangedValues: map[string]int{"active_rate": 2}})
	for _, want := range []string{"36 → 37", "mau2", "active_rate: 2 values changed"} {
		if !strings.Contains(got, want) {
			t.Errorf("diff text %q lacks %q", got, want)
		}
	}
}

func TestBindWizard_KeepsOtherBindings(t *testing.T) {
	w := uitest.NewWindow(t)
	a := uitest.Sample(t, "en")
	bw := NewWizard(w, a, nil)
	bw.load(dataFile("messy_export.csv"))
	bw.Wait()
	if got := bw.selects["csm_count"].Selected; !strings.HasPrefix(got, "— keep: cs_monthly") {
		t.Fatalf("csm_count choice %q, want to keep its current binding", got)
	}
	bw.confirm()
	bw.Wait()
	binds := a.Bindings()
	if len(binds) != 4 {
		t.Fatalf("bindings %+v: the import dropped some", binds)
	}
	for _, b := range binds {
		fromMessy := b.Dataset != "cs_monthly"
		if fromMessy != (b.Node == "active_rate") {
			t.Fatalf("binding %+v: only active rate should move to the new file", b)
		}
	}
}

func TestDataPane_Remove(t *testing.T) {
	w := uitest.NewWindow(t)
	a := uitest.Sample(t, "en")
	p := New(w, a, nil)
	w.SetContent(p.Content())
	ws := a
	p.list.Select(0)
	if !strings.Contains(p.binds.Text, "cs_monthly") {
		t.Fatalf("bindings text %q", p.binds.Text)
	}
	p.remove(p.datasets[p.selected].ID)
	p.Wait()
	if len(ws.Datasets()) != 0 || len(ws.Bindings()) != 0 || len(p.datasets) != 0 {
		t.Fatal("dataset or bindings left")
	}
	if !strings.Contains(p.binds.Text, "not bound") {
		t.Fatalf("bindings text %q, want the leaves listed as unbound", p.binds.Text)
	}
	if _, err := a.Undo(); err != nil {
		t.Fatal(err)
	}
	p.Wait()
	if len(ws.Bindings()) != 4 || len(p.datasets) != 1 {
		t.Fatal("undo did not restore the dataset and bindings")
	}
}

func TestBindWizard_TypedPath(t *testing.T) {
	w := uitest.NewWindow(t)
	a := emptyWorkspace(t, "en")
	bw := NewWizard(w, a, nil)
	bw.chooseFile()
	var path *widget.Entry
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok {
			path = e
		}
	}
	if path == nil {
		t.Fatal("no path field in the file question")
	}
	t.Run("should say why a typed path cannot be read", func(t *testing.T) {
		dir := t.TempDir()
		for text, want := range map[string]string{
			"":                                      "Type or paste",
			filepath.Join(dir, "notes.pdf"):         "is not a CSV",
			filepath.Join(dir, "missing.csv"):       "There is no file",
			`"` + filepath.Join(dir, "x.csv") + `"`: "There is no file", // quotes from "Copy as path" are dropped
		} {
			path.SetText(text)
			if err := path.Validate(); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%q: %v, want %q", text, err, want)
			}
		}
	})
	t.Run("should read a pasted path on Enter, quotes and all", func(t *testing.T) {
		path.SetText(`"` + dataFile("cs_monthly.csv") + `"`)
		path.OnSubmitted(path.Text)
		bw.Wait()
		if bw.preview == nil || !strings.Contains(bw.summary(), "36 periods") {
			t.Fatalf("no preview after Enter: summary %q", bw.summary())
		}
	})
}
