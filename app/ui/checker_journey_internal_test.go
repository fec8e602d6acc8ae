package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// checkerWords are the words the checker journey must show in a language.
type checkerWords struct {
	lang          string
	apply, anyway string // the inspector's button before and after a warning
	problemsTab   string // the tab title without a count
	countTab      func(n int) string
}

// newCheckerShell is the shell on a new sample workspace in lang, with no
// analysis panes (the Problems tab is the shell's own).
func newCheckerShell(t *testing.T, lang string) *Shell {
	t.Helper()
	a := uitest.NewApp(t)
	op := FileOpener{Lang: lang}
	ws, err := op.Create(t.Context(), filepath.Join(t.TempDir(), "sample.kpitree"), SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Params{App: a, Opener: op, Workspace: ws, Panes: []Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		s.WaitIdle()
		if w := s.Workspace(); w != nil {
			_ = w.Close()
		}
		s.Window().Close()
	})
	s.WaitIdle()
	return s
}

// checkerCases is the CS leader's "check" journey: a formula that adds
// accounts to a rate is caught before it is saved, and once saved the
// finding is on the box, in the inspector and in the Problems tab, each
// equal to what the workspace's checker (kpitree.Check, `kpitreectl
// check`) reports.
func checkerCases(t *testing.T, w checkerWords) {
	s := newCheckerShell(t, w.lang)
	ws := s.Workspace()
	const node = "active_customers"
	before, err := ws.Check()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should count the sample's findings in the Problems tab", func(t *testing.T) {
		want := w.problemsTab
		if len(before) > 0 {
			want = w.countTab(len(before))
		}
		if got := s.problems.Tab().Text; got != want || len(s.problems.Rows()) != len(before) {
			t.Errorf("tab %q with %d rows, want %q: the checker reports %d findings", got, len(s.problems.Rows()), want, len(before))
		}
	})

	s.canvas.Select(node)
	in := s.inspector
	in.Kind.SetSelectedIndex(1) // formula
	in.Formula.SetText("onboarded_accounts + active_rate")
	t.Run("should say what the edit breaks before saving it", func(t *testing.T) {
		test.Tap(in.Apply)
		s.WaitIdle()
		n, _, _ := s.snap.Tree.NodeByID(node)
		if n.Formula == "onboarded_accounts + active_rate" {
			t.Fatal("the edit was saved without a word")
		}
		if in.Apply.Text != w.anyway || !strings.Contains(in.Status.Text, "⚠") && !strings.Contains(in.Status.Text, "✖") {
			t.Fatalf("button %q, status %q: want the added finding and %q", in.Apply.Text, in.Status.Text, w.anyway)
		}
	})
	t.Run("should save on the second press and show the finding everywhere", func(t *testing.T) {
		test.Tap(in.Apply)
		s.WaitIdle()
		n, _, _ := s.snap.Tree.NodeByID(node)
		if n.Formula != "onboarded_accounts + active_rate" || in.Apply.Text != w.apply {
			t.Fatalf("formula %q, button %q after Apply anyway", n.Formula, in.Apply.Text)
		}
		diags, err := ws.Check()
		if err != nil {
			t.Fatal(err)
		}
		mine := report.NodeFindings(diags, node)
		if len(mine) == 0 || !hasCode(mine, kpitree.CodeUnit) {
			t.Fatalf("the checker has %v for %s; want a unit mismatch", mine, node)
		}
		// The box's badge is the node's worst finding.
		if sev, ok := s.canvas.Problem(node); !ok || sev != report.WorstByNode(diags)[node] {
			t.Errorf("badge %q (%v), want %q", sev, ok, report.WorstByNode(diags)[node])
		}
		// The inspector lists every finding about the node, translated.
		for _, d := range mine {
			if !strings.Contains(in.Findings.Text, uikit.DiagnosticText(d)) || in.Findings.Hidden {
				t.Errorf("inspector findings %q lack %q", in.Findings.Text, uikit.DiagnosticText(d))
			}
		}
		// The Problems tab has one row per finding, counted in its title.
		if got, want := s.problems.Tab().Text, w.countTab(len(diags)); got != want || len(s.problems.Rows()) != len(diags) {
			t.Errorf("tab %q with %d rows, want %q", got, len(s.problems.Rows()), want)
		}
		name := n.Name
		found := false
		for _, p := range s.problems.Rows() {
			found = found || p.Node == node && strings.HasPrefix(p.Text, name+": ") && strings.Contains(p.Text, uikit.DiagnosticText(mine[0]))
		}
		if !found {
			t.Errorf("no Problems row %q for %s in %+v", uikit.DiagnosticText(mine[0]), name, s.problems.Rows())
		}
	})
	t.Run("should select the node when its problem is chosen", func(t *testing.T) {
		s.canvas.Select(s.snap.Tree.Root)
		for i, p := range s.problems.Rows() {
			if p.Node == node {
				s.problems.Choose(i)
				break
			}
		}
		if s.canvas.Primary() != node || s.inspector.NodeID() != node {
			t.Errorf("selected %q, inspector %q: want %s", s.canvas.Primary(), s.inspector.NodeID(), node)
		}
	})
	t.Run("should clear the badge when the edit is undone", func(t *testing.T) {
		if _, err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		diags, _ := ws.Check()
		_, want := report.WorstByNode(diags)[node]
		if _, got := s.canvas.Problem(node); got != want || len(s.problems.Rows()) != len(diags) {
			t.Errorf("badge %v (want %v), %d rows for %d findings", got, want, len(s.problems.Rows()), len(diags))
		}
	})
}

func hasCode(ds []kpitree.Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestShell_CheckerWhereTheUserTypes(t *testing.T) {
	checkerCases(t, checkerWords{lang: "en", apply: "Apply", anyway: "Apply anyway", problemsTab: "Problems",
		countTab: func(n int) string { return "Problems (" + strconv.Itoa(n) + ")" }})
}

// checkerChild names the Japanese child of TestShell_CheckerWhereTheUserTypesJapanese.
const checkerChild = "checker-ja"

func TestShell_CheckerWhereTheUserTypesJapanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case checkerChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		checkerCases(t, checkerWords{lang: "ja", apply: uitest.TranslationTable(t, "ja")["inspector.apply"], anyway: "このまま適用", problemsTab: "問題",
			countTab: func(n int) string { return "問題（" + strconv.Itoa(n) + "）" }})
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestShell_CheckerWhereTheUserTypesJapanese", checkerChild)
	if !strings.Contains(out, "--- PASS: TestShell_CheckerWhereTheUserTypesJapanese/") || strings.Contains(out, "--- FAIL") {
		t.Fatalf("the Japanese child failed or ran no cases:\n%s", out)
	}
}
