// Package uitest holds helpers for the UI's tests. Every test that lays
// out, measures or draws text must use the app's theme with the embedded
// font: Fyne's test theme falls back to whatever fonts the machine has, so
// a test using it passes or fails depending on the installed fonts.
package uitest

import (
	"encoding/json"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// NewApp returns Fyne's headless test app with the app's light theme set,
// torn down when tb ends.
func NewApp(tb testing.TB) fyne.App {
	tb.Helper()
	a := test.NewTempApp(tb)
	a.Settings().SetTheme(apptheme.New(apptheme.ModeLight))
	return a
}

// TranslationTable merges the translation files of one language: "ja.json" and
// any "prefix.ja.json" (the pattern Fyne loads), failing on a key that two
// files define. Tests inside and outside the package share it.
func TranslationTable(t testing.TB, language string) map[string]string {
	t.Helper()
	entries, err := fs.ReadDir(assets.Translations, "translations")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if name != language+".json" && !strings.HasSuffix(name, "."+language+".json") {
			continue
		}
		data, err := fs.ReadFile(assets.Translations, "translations/"+name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		var part map[string]string
		if err := json.Unmarshal(data, &part); err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("%s: key %q is defined in two %s files", name, k, language)
			}
			m[k] = v
		}
	}
	if len(m) == 0 {
		t.Fatalf("no %s translations", language)
	}
	return m
}

// LangChildEnv marks a test process started by RunLanguageChild: each UI package's
// TestMain loads English unless it is set, and the child loads its own
// language (Fyne keeps translations in package state, so one process
// cannot hold two languages).
const LangChildEnv = "KPITREE_UI_LANG_CHILD"

// RunLanguageChild runs the single test named test in a child process with
// LangChildEnv=value and a neutral locale, fails t with the child's output
// if it fails, and returns that output.
func RunLanguageChild(t testing.TB, test, value string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), LangChildEnv+"="+value, "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in a %s child process: %v\n%s", test, value, err, out)
	}
	return string(out)
}

// InChild reports whether the caller is test name's child process,
// started by RunLanguageChild with value child, and should run its cases
// (after loading its language); otherwise it runs that child and fails t
// unless the child's cases passed. In another test's child it skips t.
func InChild(t *testing.T, name, child string) bool {
	t.Helper()
	switch os.Getenv(LangChildEnv) {
	case child:
		return true
	case "":
	default:
		t.Skip("another language child process")
	}
	out := RunLanguageChild(t, name, child)
	if !strings.Contains(out, "--- PASS: "+name+"/") || strings.Contains(out, "--- FAIL") {
		t.Fatalf("the %s child failed or ran no cases:\n%s", child, out)
	}
	return false
}

// NewWindow is a headless 1280×800 window with the embedded-font light
// theme, closed when tb ends.
func NewWindow(tb testing.TB) fyne.Window {
	tb.Helper()
	w := NewApp(tb).NewWindow("test")
	w.Resize(fyne.NewSize(1280, 800))
	tb.Cleanup(w.Close)
	return w
}

// Workspace is a workspace as the shell hands it to a pane: the file-backed
// *workspace.Workspace with SubscribeEvents, which the shell's adapter adds.
type Workspace struct{ *workspace.Workspace }

// SubscribeEvents registers fn for the workspace's events.
func (w Workspace) SubscribeEvents(fn func(workspace.Event)) (unsubscribe func()) {
	return w.Subscribe(fn)
}

// Sample is the sample workspace made for language lang ("en", "ja") in a
// temporary folder, closed when tb ends.
func Sample(tb testing.TB, lang string) Workspace {
	tb.Helper()
	ws, err := workspace.CreateSample(filepath.Join(tb.TempDir(), "sample.kpitree"), lang)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ws.Close() })
	return Workspace{ws}
}

// Waiter is anything tests can wait on: jobs and coalescers.
type Waiter interface{ Wait() }

// Settle waits until none of ws has work left; work may start more work
// (a job's update submits a redraw), so it waits a few rounds.
func Settle(ws ...Waiter) {
	for range 4 {
		for _, w := range ws {
			w.Wait()
		}
	}
}

// Main is a UI package's TestMain: it loads the English strings with
// setupEnglish, so assertions on labels do not depend on the machine's
// locale, except in a language child process (RunLanguageChild), which
// loads its own language; then it runs the tests.
func Main(m *testing.M, setupEnglish func() error) {
	if os.Getenv(LangChildEnv) == "" {
		if err := setupEnglish(); err != nil {
			fmt.Fprintln(os.Stderr, "setup language:", err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}

// JapaneseTree is a small tree with Japanese names, ASCII ids and the
// sample's units; inputs have typed values over three periods.
func JapaneseTree() kpitree.Tree {
	return kpitree.Tree{
		Root: "revenue",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC),
			Periods: 3, FiscalYearStart: time.April},
		Nodes: []kpitree.Node{
			{ID: "revenue", Name: "アドオン売上", Unit: "JPY/month", Kind: kpitree.KindFormula, Formula: "unit_price * active_customers"},
			{ID: "unit_price", Name: "平均単価", Unit: "JPY/customer/month", Kind: kpitree.KindInput, Values: []float64{1, 1, 1}},
			{ID: "active_customers", Name: "アクティブ顧客数", Unit: "customers", Kind: kpitree.KindFormula, Formula: "csm_count * per_csm"},
			{ID: "csm_count", Name: "CSM人数", Unit: "people", Kind: kpitree.KindInput, Values: []float64{6, 6, 6}},
			{ID: "per_csm", Name: "CSM1人あたり顧客数", Unit: "accounts/person", Kind: kpitree.KindInput, Values: []float64{2, 2, 2}},
		},
	}
}

// RenderedTexts are the texts a person sees in w's top dialog (or its
// content when no dialog is open): labels, buttons, radio choices and
// entries that are visible.
func RenderedTexts(w fyne.Window) []string {
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

// TopButton is the visible button labelled text in w's top dialog (or
// content); it fails t when there is none.
func TopButton(t testing.TB, w fyne.Window, text string) *widget.Button {
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
	t.Fatalf("no button %q; the window shows %q", text, RenderedTexts(w))
	return nil
}

// HasText reports whether one of texts contains want.
func HasText(texts []string, want string) bool {
	return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, want) })
}

// Shooter writes screenshots for a person to look at, to Dir in the
// language Lang.
type Shooter struct {
	tb        testing.TB
	Dir, Lang string // $KPITREE_SHOTS; $KPITREE_SHOTS_LANG, "en" when unset
}

// Shots is the shooter of a screenshot test; it skips tb when
// $KPITREE_SHOTS is unset, and in a language child process. The caller
// loads Lang's strings (uikit.SetupLanguage, which uitest cannot import:
// uikit's own tests use uitest).
func Shots(tb testing.TB) Shooter {
	tb.Helper()
	dir := os.Getenv("KPITREE_SHOTS")
	if dir == "" || os.Getenv(LangChildEnv) != "" {
		tb.Skip("set KPITREE_SHOTS to a folder to write the screenshots")
	}
	lang := os.Getenv("KPITREE_SHOTS_LANG")
	if lang == "" {
		lang = "en"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return Shooter{tb: tb, Dir: dir, Lang: lang}
}

// Shot writes what w shows to Dir as "<Lang>-<name>.png".
func (s Shooter) Shot(w fyne.Window, name string) {
	s.tb.Helper()
	f, err := os.Create(filepath.Join(s.Dir, s.Lang+"-"+name+".png"))
	if err != nil {
		s.tb.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		s.tb.Fatal(err)
	}
}

// DrawnTexts are the visible texts among the objects w's renderer draws
// (the tree canvas's box labels), in drawing order.
func DrawnTexts(w fyne.Widget) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.WidgetRenderer(w).Objects() {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			out = append(out, t)
		}
	}
	return out
}

// MenuLabels are m's item labels in order, "---" for a separator.
func MenuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		if it.IsSeparator {
			out = append(out, "---")
			continue
		}
		out = append(out, it.Label)
	}
	return out
}
