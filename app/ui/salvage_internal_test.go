package ui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// salvageChild is uitest.LangChildEnv's value for the Japanese salvage test.
const salvageChild = "salvage-ja"

// Markers stored in the records the test damages: a scenario's description
// and a leaf's description.
const (
	scenarioMarker = "SALVAGE-UI-SCENARIO-MARKER"
	nodeMarker     = "SALVAGE-UI-NODE-MARKER"
	damagedLeaf    = "csm_count"
)

// damagedWorkspace writes a real sample workspace with two scenarios and
// damages the scenario "Upside" and the leaf damagedLeaf the way the store
// tests do: one bit flipped inside every stored copy of the record.
func damagedWorkspace(t *testing.T, language string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.kpitree")
	ws, err := workspace.CreateSample(path, language)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []kpitree.Scenario{{Name: "Upside", Description: scenarioMarker}, {Name: "Keep", Description: "kept"}} {
		if err := ws.AddScenario(sc); err != nil {
			t.Fatal(err)
		}
	}
	n, _, ok := ws.Tree().NodeByID(damagedLeaf)
	if !ok {
		t.Fatalf("the sample has no %s", damagedLeaf)
	}
	n.Description = nodeMarker
	if err := ws.SetNode(n); err != nil {
		t.Fatal(err)
	}
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{scenarioMarker, nodeMarker} {
		found := false
		for i := bytes.Index(data, []byte(m)); i >= 0; i = bytes.Index(data, []byte(m)) {
			data[i+len(m)/2] ^= 0x20
			found = true
		}
		if !found {
			t.Fatalf("%s not in the file", m)
		}
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// renderedTexts is every text the window shows in its top overlay (a
// dialog) or, without one, its content: labels, buttons, radio choices and
// entries, read from the laid-out widgets.
func renderedTexts(w fyne.Window) []string {
	var root fyne.CanvasObject = w.Content()
	if top := w.Canvas().Overlays().Top(); top != nil {
		root = top
	}
	var out []string
	for _, o := range test.LaidOutObjects(root) {
		if !o.Visible() {
			continue
		}
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *widget.RadioGroup:
			out = append(out, v.Options...)
		case *widget.Entry:
			out = append(out, v.Text)
		}
	}
	return out
}

// topButton is the visible button labelled text in the top dialog (or the
// content without one); it fails t when there is none.
func topButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var root fyne.CanvasObject = w.Content()
	if top := w.Canvas().Overlays().Top(); top != nil {
		root = top
	}
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q; the window shows %q", text, renderedTexts(w))
	return nil
}

func hasText(texts []string, want string) bool {
	return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, want) })
}

// salvageCases opens a damaged workspace through the shell, salvages it
// from the open-failure dialog and then from the start page, and compares
// what the dialogs say with workspace.Salvage's own report. lostNames are
// the two lost records as the language names them.
func salvageCases(t *testing.T, language string, lostNames []string) {
	path := damagedWorkspace(t, language)
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := workspace.Salvage(path, filepath.Join(t.TempDir(), "reference.kpitree"))
	if err != nil {
		t.Fatal(err)
	}
	a := uitest.NewApp(t)
	s, err := New(Params{App: a, Opener: FileOpener{Lang: language}, Panes: []Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.win.Close)
	s.win.Resize(fyne.NewSize(1280, 800))
	dir := filepath.Dir(path)
	first := filepath.Join(dir, "plan-salvaged.kpitree")

	t.Run("should offer salvage when opening the damaged file fails", func(t *testing.T) {
		s.open(path)
		s.WaitIdle()
		if s.ws != nil {
			t.Fatal("the damaged workspace opened")
		}
		texts := renderedTexts(s.win)
		msg := lang.L("salvage.open_damaged", map[string]any{"File": "plan.kpitree", "Count": 2})
		if !hasText(texts, msg) {
			t.Errorf("dialog %q lacks %q", texts, msg)
		}
		topButton(t, s.win, lang.L("salvage.button"))
	})
	t.Run("should salvage beside the file, list the lost records and open the copy", func(t *testing.T) {
		test.Tap(topButton(t, s.win, lang.L("salvage.button")))
		if !hasText(renderedTexts(s.win), "plan-salvaged.kpitree") {
			t.Fatalf("the save form does not suggest plan-salvaged.kpitree: %q", renderedTexts(s.win))
		}
		test.Tap(topButton(t, s.win, lang.L("salvage.confirm"))) // the form says what it does
		s.WaitIdle()
		if s.ws == nil || !uikit.SamePath(s.ws.Path(), first) {
			t.Fatalf("open workspace %v, want %s", s.ws, first)
		}
		texts := renderedTexts(s.win)
		report := strings.Join(texts, "\n")
		if !hasText(texts, lang.L("salvage.report_title")) || !hasText(texts, SalvageReportText(path, first, want)) {
			t.Errorf("the report dialog shows %q, want %q", texts, SalvageReportText(path, first, want))
		}
		if len(want.Items) != 2 {
			t.Fatalf("workspace.Salvage lost %+v, want the scenario and the node", want.Items)
		}
		for _, it := range want.Items {
			if !strings.Contains(report, LostItemText(it)) {
				t.Errorf("the report lacks the lost %s %q:\n%s", it.Kind, LostItemText(it), report)
			}
		}
		for _, name := range lostNames {
			if !strings.Contains(report, name) {
				t.Errorf("the report lacks %q:\n%s", name, report)
			}
		}
		if !strings.Contains(report, damagedLeaf) || !slices.Equal(want.Dropped, []string{damagedLeaf}) {
			t.Errorf("dropped %v; the report should say %s left the tree:\n%s", want.Dropped, damagedLeaf, report)
		}
		scs, err := s.ws.(*Adapter).Workspace.Scenarios()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, sc := range scs {
			names = append(names, sc.Name)
		}
		if !slices.Contains(names, "Keep") || slices.Contains(names, "Upside") {
			t.Errorf("scenarios of the copy %v, want Keep and not Upside", names)
		}
		if _, _, ok := s.ws.Snapshot().Tree.NodeByID(damagedLeaf); ok {
			t.Errorf("the copy still has the damaged node %s", damagedLeaf)
		}
		if got := len(s.ws.Snapshot().Tree.Nodes); got == 0 {
			t.Error("the copy has no nodes")
		}
	})
	t.Run("should leave the damaged file unchanged", func(t *testing.T) {
		now, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(now, original) {
			t.Error("salvage changed the damaged file")
		}
	})
	t.Run("should offer salvage on the start page with a name that exists nowhere", func(t *testing.T) {
		_, err := FileOpener{Lang: language}.Open(t.Context(), path)
		if !errors.Is(err, store.ErrDamagedRecords) {
			t.Fatalf("open: %v, want damaged records", err)
		}
		s2, err := New(Params{App: a, Opener: FileOpener{Lang: language}, Panes: []Pane{},
			StartupError: &uikit.OpenError{Path: path, Err: err}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s2.win.Close)
		s2.win.Resize(fyne.NewSize(1280, 800))
		if shown, msg := s2.StartPage(); !shown || !strings.Contains(msg, "plan.kpitree") {
			t.Fatalf("start page shown %v, message %q", shown, msg)
		}
		test.Tap(topButton(t, s2.win, lang.L("salvage.button")))
		second := filepath.Join(dir, "plan-salvaged-2.kpitree")
		if !hasText(renderedTexts(s2.win), filepath.Base(second)) {
			t.Fatalf("the save form does not suggest %s: %q", filepath.Base(second), renderedTexts(s2.win))
		}
		test.Tap(topButton(t, s2.win, lang.L("salvage.confirm"))) // the form says what it does
		s2.WaitIdle()
		if s2.ws == nil || !uikit.SamePath(s2.ws.Path(), second) {
			t.Fatalf("open workspace %v, want %s", s2.ws, second)
		}
		if shown, _ := s2.StartPage(); shown {
			t.Error("the start page is still shown over the salvaged copy")
		}
	})
	t.Run("should refuse the damaged file itself as the destination", func(t *testing.T) {
		s4, err := New(Params{App: a, Opener: FileOpener{Lang: language}, Panes: []Pane{}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s4.win.Close)
		s4.win.Resize(fyne.NewSize(1280, 800))
		s4.chooseSalvageTarget(path)
		if !hasText(renderedTexts(s4.win), lang.L("salvage.target_title", map[string]any{"File": "plan.kpitree"})) {
			t.Errorf("the destination form is not titled for salvage: %q", renderedTexts(s4.win))
		}
		for _, o := range test.LaidOutObjects(s4.win.Canvas().Overlays().Top()) {
			if e, ok := o.(*widget.Entry); ok && strings.HasSuffix(e.Text, ".kpitree") {
				e.SetText(filepath.Base(path))
			}
		}
		test.Tap(topButton(t, s4.win, lang.L("salvage.confirm"))) // the form says what it does
		want := uikit.UserMessage(workspace.ErrSalvageOntoSource)
		if i := strings.IndexAny(want, "(（"); i > 0 {
			want = want[:i] // the sentence, without the technical detail
		}
		if !hasText(renderedTexts(s4.win), strings.TrimSpace(want)) {
			t.Errorf("choosing the damaged file says %q, want %q", renderedTexts(s4.win), want)
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, original) {
			t.Error("the damaged file changed")
		}
	})
	t.Run("should ask before replacing an existing file", func(t *testing.T) {
		s3, err := New(Params{App: a, Opener: FileOpener{Lang: language}, Panes: []Pane{}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s3.win.Close)
		s3.win.Resize(fyne.NewSize(1280, 800))
		s3.chooseSalvageTarget(path)
		for _, o := range test.LaidOutObjects(s3.win.Canvas().Overlays().Top()) {
			if e, ok := o.(*widget.Entry); ok && strings.HasSuffix(e.Text, ".kpitree") {
				e.SetText(filepath.Base(first)) // exists: salvaged above
			}
		}
		test.Tap(topButton(t, s3.win, lang.L("salvage.confirm"))) // the form says what it does
		if !hasText(renderedTexts(s3.win), lang.L("dialog.overwrite_message", map[string]any{"Name": filepath.Base(first)})) {
			t.Errorf("no question before replacing %s: %q", filepath.Base(first), renderedTexts(s3.win))
		}
	})
}

func TestSalvage_English(t *testing.T) {
	if os.Getenv(uitest.LangChildEnv) != "" {
		t.Skip("a language child process")
	}
	salvageCases(t, "en", []string{"scenario “Upside”", "node “" + damagedLeaf + "”"})
}

// TestSalvage_Japanese runs the same cases in Japanese in a child process,
// and checks the report names the lost records in Japanese.
func TestSalvage_Japanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case salvageChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		salvageCases(t, "ja", []string{"シナリオ「Upside」", "ノード「" + damagedLeaf + "」", "救出"})
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestSalvage_Japanese", salvageChild)
	if !strings.Contains(out, "--- PASS: TestSalvage_Japanese/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}
