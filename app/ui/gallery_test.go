package ui_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// wantGalleryIDs is what the gallery should list for a FileOpener: the
// empty tree first, then the opener's order (sample, kpitree templates).
func wantGalleryIDs(ts []ui.TemplateInfo) []string {
	out := []string{kpitree.EmptyTemplateID}
	for _, t := range ts {
		if t.ID != kpitree.EmptyTemplateID {
			out = append(out, t.ID)
		}
	}
	return out
}

func newGallery(t *testing.T, language string, onChoose func(string)) *ui.Gallery {
	t.Helper()
	if fyne.CurrentApp() == nil {
		uitest.NewApp(t)
	}
	g := ui.NewGallery(ui.GalleryParams{
		Templates: ui.FileOpener{Lang: language}.Templates(),
		Lang:      language,
		OnChoose:  onChoose,
	})
	w := test.NewTempWindow(t, g)
	w.Resize(fyne.NewSize(1000, 700))
	return g
}

func TestGallery_ListsTemplates(t *testing.T) {
	uitest.NewApp(t)
	for _, language := range []string{"en", "ja"} {
		t.Run("should list every template with a preview, name and description in "+language, func(t *testing.T) {
			g := newGallery(t, language, nil)
			want := wantGalleryIDs(ui.FileOpener{Lang: language}.Templates())
			if got := g.ShownIDs(); !slices.Equal(got, want) {
				t.Fatalf("cards = %v, want %v", got, want)
			}
			for _, k := range kpitree.Templates() {
				name, stage, desc, preview := g.CardText(k.ID)
				if name != k.Name[language] {
					t.Errorf("%s: name %q, want %q", k.ID, name, k.Name[language])
				}
				if !strings.HasPrefix(k.Description[language], strings.TrimSuffix(desc, "…")) || desc == "" {
					t.Errorf("%s: description %q is not the start of %q", k.ID, desc, k.Description[language])
				}
				if !preview {
					t.Errorf("%s: no tree preview", k.ID)
				}
				if (stage != "") != (k.Stage != "") {
					t.Errorf("%s: stage badge %q for stage %q", k.ID, stage, k.Stage)
				}
				if language == "ja" && utf8.RuneCountInString(desc) == len(desc) {
					t.Errorf("%s: description %q is not Japanese", k.ID, desc)
				}
			}
		})
	}
	t.Run("should badge the stage packs with their stage", func(t *testing.T) {
		g := newGallery(t, "en", nil)
		for id, want := range map[string]string{"stage_early": "Early stage", "stage_growth": "Growth stage", "stage_scale": "Scale stage"} {
			if _, got, _, _ := g.CardText(id); got != want {
				t.Errorf("%s: badge %q, want %q", id, got, want)
			}
		}
	})
	t.Run("should start with the opener's recommended template selected, not the empty tree", func(t *testing.T) {
		g := newGallery(t, "en", nil)
		if got := g.Selected(); got != ui.SampleTemplateID {
			t.Errorf("selected %q, want %q", got, ui.SampleTemplateID)
		}
	})
	t.Run("should show an opener's unknown template by its name, without a preview", func(t *testing.T) {
		g := ui.NewGallery(ui.GalleryParams{Templates: []ui.TemplateInfo{{ID: "custom", Name: "Our tree"}}, Lang: "en"})
		name, stage, _, preview := g.CardText("custom")
		if name != "Our tree" || stage != "" || preview {
			t.Errorf("card = %q, %q, preview %v", name, stage, preview)
		}
	})
}

func TestGallery_Filter(t *testing.T) {
	uitest.NewApp(t)
	tests := []struct {
		name, language, query string
		want                  []string // ids that must be shown
		notWant               []string // ids that must be hidden
	}{
		{"should match names case-insensitively", "en", "nrr", []string{"saas_revenue", "retention_churn", "stage_growth"}, []string{"addon_revenue", "empty", "dear_health"}},
		{"should match full-width input typed with a Japanese keyboard", "en", "ＮＲＲ", []string{"retention_churn"}, []string{"addon_revenue"}},
		{"should require every word", "en", "stage usage", []string{"stage_early", "stage_growth"}, []string{"stage_scale", "product_usage"}},
		{"should match the stage badge", "en", "scale stage", []string{"stage_scale"}, []string{"stage_early"}},
		{"should match Japanese descriptions", "ja", "解約", []string{"retention_churn"}, []string{"empty", "product_usage"}},
		{"should find the empty tree", "en", "empty", []string{"empty"}, []string{"addon_revenue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGallery(t, tt.language, nil)
			test.Type(g.SearchEntry(), tt.query)
			shown := g.ShownIDs()
			for _, id := range tt.want {
				if !slices.Contains(shown, id) {
					t.Errorf("%q hides %s; shown %v", tt.query, id, shown)
				}
			}
			for _, id := range tt.notWant {
				if slices.Contains(shown, id) {
					t.Errorf("%q shows %s", tt.query, id)
				}
			}
			if !slices.Contains(shown, g.Selected()) {
				t.Errorf("selected %q is hidden by the filter", g.Selected())
			}
		})
	}
	t.Run("should disable Create when nothing matches and restore all on clear", func(t *testing.T) {
		g := newGallery(t, "en", nil)
		test.Type(g.SearchEntry(), "zzzz")
		if len(g.ShownIDs()) != 0 || g.Selected() != "" || !g.CreateButton().Disabled() {
			t.Fatalf("shown %v, selected %q, create disabled %v", g.ShownIDs(), g.Selected(), g.CreateButton().Disabled())
		}
		g.SearchEntry().SetText("")
		if got, want := len(g.ShownIDs()), len(kpitree.Templates())+1; got != want {
			t.Errorf("after clearing %d cards, want %d", got, want)
		}
		if g.CreateButton().Disabled() {
			t.Error("Create stays disabled after clearing the search")
		}
	})
}

func TestGallery_Choose(t *testing.T) {
	uitest.NewApp(t)
	t.Run("should choose the tapped card with the Create button", func(t *testing.T) {
		var got []string
		g := newGallery(t, "en", func(id string) { got = append(got, id) })
		test.Tap(g.Card("dear_health"))
		test.Tap(g.CreateButton())
		if !slices.Equal(got, []string{"dear_health"}) {
			t.Errorf("chose %v, want [dear_health]", got)
		}
	})
	t.Run("should choose a card on double-tap", func(t *testing.T) {
		var got []string
		g := newGallery(t, "en", func(id string) { got = append(got, id) })
		test.DoubleTap(g.Card("stage_early"))
		if !slices.Equal(got, []string{"stage_early"}) {
			t.Errorf("chose %v, want [stage_early]", got)
		}
	})
}

// recordingOpener offers the real template list and records Create calls.
type recordingOpener struct {
	ui.FileOpener
	mu      sync.Mutex
	created [][2]string // path, template
}

func (o *recordingOpener) Templates() []ui.TemplateInfo { return ui.FileOpener{Lang: "en"}.Templates() }

func (o *recordingOpener) Create(ctx context.Context, path, tmpl string) (ui.Workspace, error) {
	o.mu.Lock()
	o.created = append(o.created, [2]string{path, tmpl})
	o.mu.Unlock()
	return o.FileOpener.Create(ctx, path, tmpl)
}

// findButton returns the first button labelled text under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestShell_NewFromTemplateGallery(t *testing.T) {
	a := uitest.NewApp(t)
	dir := t.TempDir()
	// Start the save dialog in a temporary folder, not the home directory.
	a.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(dir).String())
	op := &recordingOpener{}
	s, err := ui.New(ui.Params{App: a, Opener: op})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Window().Close)
	s.Window().Resize(fyne.NewSize(1280, 800))

	newItem := s.MainMenu().Items[0].Items[0]
	newItem.Action()
	var g *ui.Gallery
	for _, o := range test.LaidOutObjects(s.Window().Canvas().Overlays().Top()) {
		if gg, ok := o.(*ui.Gallery); ok {
			g = gg
		}
	}
	if g == nil {
		t.Fatal("File ▸ New from template did not open the gallery")
	}
	t.Run("should create the empty tree through the opener after the save dialog", func(t *testing.T) {
		test.Tap(g.Card(kpitree.EmptyTemplateID))
		test.Tap(g.CreateButton())
		save := findButton(s.Window().Canvas().Overlays().Top(), "Save")
		if save == nil {
			t.Fatal("no save dialog after choosing a template")
		}
		test.Tap(save)
		s.WaitIdle()
		op.mu.Lock()
		defer op.mu.Unlock()
		want := [2]string{filepath.Join(dir, "workspace.kpitree"), kpitree.EmptyTemplateID}
		if len(op.created) != 1 || op.created[0] != want {
			t.Fatalf("Create calls %v, want [%v]", op.created, want)
		}
		if s.Workspace() == nil {
			t.Error("the created workspace is not shown")
		}
	})
}

// FuzzGallery_Query types arbitrary search text: the gallery must not
// panic, and the selection must always be a shown card (or none).
func FuzzGallery_Query(f *testing.F) {
	for _, s := range []string{"", "nrr", "ＮＲＲ", "解約", "stage usage", "  ", "\x00\xff", "ﾃﾝﾌﾟﾚｰﾄ"} {
		f.Add(s)
	}
	uitest.NewApp(f)
	g := ui.NewGallery(ui.GalleryParams{Templates: ui.FileOpener{Lang: "ja"}.Templates(), Lang: "ja"})
	f.Fuzz(func(t *testing.T, q string) {
		g.SetQuery(q)
		shown := g.ShownIDs()
		if sel := g.Selected(); (sel == "") != (len(shown) == 0) || (sel != "" && !slices.Contains(shown, sel)) {
			t.Errorf("query %q: selected %q, shown %v", q, sel, shown)
		}
	})
}

func TestGallery_Keyboard(t *testing.T) {
	uitest.NewApp(t)
	t.Run("should create the first match when Enter is pressed in the search box", func(t *testing.T) {
		var got []string
		g := newGallery(t, "en", func(id string) { got = append(got, id) })
		test.Type(g.SearchEntry(), "health")
		g.SearchEntry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if !slices.Equal(got, []string{"dear_health"}) {
			t.Errorf("chose %v, want [dear_health]", got)
		}
	})
}

// TestGallery_Golden renders the stage packs (filtered) with the
// embedded-font theme: previews, names, badges and descriptions.
func TestGallery_Golden(t *testing.T) {
	uitest.NewApp(t)
	g := ui.NewGallery(ui.GalleryParams{Templates: ui.FileOpener{Lang: "ja"}.Templates(), Lang: "ja"})
	w := test.NewTempWindow(t, g)
	w.Resize(fyne.NewSize(820, 420))
	g.SetQuery("stage")
	test.AssertImageMatches(t, "gallery_stage_ja.png", w.Canvas().Capture())
}

// failingOpener is the real opener except that Create writes part of a
// file where it was asked to and then fails, as a full disk would.
type failingOpener struct{ ui.FileOpener }

func (o failingOpener) Create(_ context.Context, path, _ string) (ui.Workspace, error) {
	_ = os.WriteFile(path, []byte("half a workspace"), 0o600)
	return nil, errors.New("disk full")
}

// newFromTemplate runs File ▸ New from template… with the empty tree and
// accepts the save form's proposal (workspace.kpitree in the last folder)
// and, when asked, "Replace?".
func newFromTemplate(t *testing.T, s *ui.Shell) {
	t.Helper()
	s.MainMenu().Items[0].Items[0].Action()
	var g *ui.Gallery
	for _, o := range test.LaidOutObjects(s.Window().Canvas().Overlays().Top()) {
		if gg, ok := o.(*ui.Gallery); ok {
			g = gg
		}
	}
	if g == nil {
		t.Fatal("File ▸ New from template did not open the gallery")
	}
	test.Tap(g.Card(kpitree.EmptyTemplateID))
	test.Tap(g.CreateButton())
	save := findButton(s.Window().Canvas().Overlays().Top(), "Save")
	if save == nil {
		t.Fatal("no save dialog after choosing a template")
	}
	test.Tap(save)
	if yes := findButton(s.Window().Canvas().Overlays().Top(), "Yes"); yes != nil {
		test.Tap(yes) // Replace?
	}
	s.WaitIdle()
}

// dialogText joins the texts of the window's top dialog ("" if none).
func dialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch o := o.(type) {
		case *widget.Label:
			b.WriteString(o.Text + "\n")
		case *canvas.Text:
			b.WriteString(o.Text + "\n")
		}
	}
	return b.String()
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestShell_NewFromTemplateReplace(t *testing.T) {
	// setup makes a shell whose save form starts in a folder holding the
	// sample workspace as workspace.kpitree, closed.
	setup := func(t *testing.T, op ui.Opener) (*ui.Shell, string, []byte) {
		a := uitest.NewApp(t)
		dir := t.TempDir()
		a.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(dir).String())
		path := filepath.Join(dir, "workspace.kpitree")
		ws, err := workspace.CreateSample(path, "en")
		if err != nil {
			t.Fatal(err)
		}
		if err := ws.Close(); err != nil {
			t.Fatal(err)
		}
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ui.New(ui.Params{App: a, Opener: op})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.SetWorkspace(nil, ""); s.Window().Close() })
		s.Window().Resize(fyne.NewSize(1280, 800))
		return s, path, before
	}
	t.Run("should replace an existing workspace after Replace? and open the new one", func(t *testing.T) {
		s, path, _ := setup(t, ui.FileOpener{Lang: "en"})
		newFromTemplate(t, s)
		ws := s.Workspace()
		if ws == nil || ws.Path() != path {
			t.Fatalf("open workspace %v, want the new one at %s (dialog: %q)", ws, path, dialogText(s.Window()))
		}
		if n := len(ws.Snapshot().Tree.Nodes); n > 3 {
			t.Fatalf("the open tree has %d nodes: still the sample, not the empty template", n)
		}
		if names := dirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{"workspace.kpitree"}) {
			t.Fatalf("folder holds %v, want only workspace.kpitree (no temporary files left)", names)
		}
	})
	t.Run("should leave the existing file byte-identical when creation fails", func(t *testing.T) {
		s, path, before := setup(t, failingOpener{ui.FileOpener{Lang: "en"}})
		newFromTemplate(t, s)
		after, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(before, after) {
			t.Fatalf("existing file changed (%v): %d bytes before, %d after", err, len(before), len(after))
		}
		if names := dirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{"workspace.kpitree"}) {
			t.Fatalf("folder holds %v, want only workspace.kpitree", names)
		}
		if s.Workspace() != nil {
			t.Fatal("a workspace was opened although creation failed")
		}
		if msg := dialogText(s.Window()); !strings.Contains(msg, "disk full") {
			t.Fatalf("error dialog %q, want the failure explained", msg)
		}
	})
	t.Run("should refuse to replace a workspace open in another window", func(t *testing.T) {
		s, path, _ := setup(t, ui.FileOpener{Lang: "en"})
		other, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = other.Close() })
		before, err := os.ReadFile(path) // opening records the session in the file
		if err != nil {
			t.Fatal(err)
		}
		newFromTemplate(t, s)
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatal("the workspace open elsewhere was changed")
		}
		if msg := dialogText(s.Window()); !strings.Contains(msg, "another window") {
			t.Fatalf("error dialog %q, want it to say the file is open in another window", msg)
		}
	})
	t.Run("should refuse the workspace open in this window with a message", func(t *testing.T) {
		s, path, _ := setup(t, ui.FileOpener{Lang: "en"})
		ws, err := ui.FileOpener{Lang: "en"}.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		s.SetWorkspace(ws, "")
		newFromTemplate(t, s)
		if s.Workspace() != ws {
			t.Fatal("the open workspace was replaced")
		}
		if msg := dialogText(s.Window()); !strings.Contains(msg, "open now") {
			t.Fatalf("error dialog %q, want it to say this is the open workspace", msg)
		}
	})
}
