package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/ui/treecanvas"
	"github.com/kpitree/kpitree/kpitree"
)

// TestAdapter_SnapshotReported: the sample workspace's reported actuals
// (revenue, active customers, onboarded accounts) reach the snapshot and
// the root's box.
func TestAdapter_SnapshotReported(t *testing.T) {
	a, _, _ := newSample(t)
	s := a.Snapshot()
	var ids []string
	for id, r := range s.Reported {
		ids = append(ids, id)
		if len(r) != len(s.Actual[id]) {
			t.Errorf("%s: %d reported periods, %d computed", id, len(r), len(s.Actual[id]))
		}
	}
	slices.Sort(ids)
	if want := []string{"active_customers", "addon_revenue", "onboarded_accounts"}; !slices.Equal(ids, want) {
		t.Fatalf("reported nodes %v, want %v", ids, want)
	}
	e, err := a.Workspace.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	_, rel := e.Gap("addon_revenue")
	root := report.BuildBoxes(s.BoxSeries, uikit.Translator())[0]
	if root.ReportedText != "reported ¥8.66M" || root.GapText != "+1.9%" || root.GapAlert {
		t.Errorf("root box: %q %q alert=%v (workspace gap %.4f)", root.ReportedText, root.GapText, root.GapAlert, rel[len(rel)-1])
	}
	t.Run("should leave the reconciliation line out under a what-if preview, which shows the horizon", func(t *testing.T) {
		a.SetPreview(&ui.Preview{Label: "x", Actual: map[string][]float64{"addon_revenue": {1, 2}}})
		if got := report.BuildBoxes(a.Snapshot().BoxSeries, uikit.Translator())[0]; got.ReportedText != "" || got.GapText != "" {
			t.Fatalf("root box under preview: %q %q, want no reconciliation line", got.ReportedText, got.GapText)
		}
		a.SetPreview(nil)
		if got := report.BuildBoxes(a.Snapshot().BoxSeries, uikit.Translator())[0]; got.ReportedText != "reported ¥8.66M" {
			t.Fatalf("root box after the preview: %q, want the reported value back", got.ReportedText)
		}
	})
}

// canvasTexts returns the texts the canvas draws.
func canvasTexts(c *treecanvas.Canvas) []string {
	var out []string
	for _, tx := range uitest.DrawnTexts(c) {
		out = append(out, tx.Text)
	}
	return out
}

// newReportedShell opens the sample workspace file in lang, the way the
// app runs it, without the analysis panes (they forecast in the
// background, which these tests do not need).
func newReportedShell(t *testing.T, lang string) *ui.Shell {
	t.Helper()
	a := uitest.NewApp(t)
	op := ui.FileOpener{Lang: lang}
	ws, err := op.Create(context.Background(), filepath.Join(t.TempDir(), "sample.kpitree"), ui.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ui.New(ui.Params{App: a, Opener: op, Workspace: ws, Panes: []ui.Pane{}})
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
	return s
}

// shellWants is what the sample shell shows in one language.
type shellWants struct {
	reported, gap    string // on the root's box
	unbound, undone  string // last action after unbinding, and after undoing a bind
	rootNameFragment string // part of the root's name the labels must use
	note             string // how the status bar's reconciliation note starts
}

// checkReportedShell: the root's box shows its reported actual and gap;
// unbinding it shows the translated action in the status bar; binding it
// again and undoing from the Edit menu shows the translated undo.
func checkReportedShell(t *testing.T, s *ui.Shell, want shellWants) {
	t.Helper()
	c := s.Canvas()
	c.SetZoom(1)
	c.Select(s.Workspace().Snapshot().Tree.Root)
	got := canvasTexts(c)
	for _, w := range []string{want.reported, want.gap} {
		if !slices.Contains(got, w) {
			t.Errorf("canvas texts %q lack %q", got, w)
		}
	}
	ws := s.Workspace().(*ui.Adapter).Workspace
	root := ws.Tree().Root
	if err := ws.UnbindActual(root); err != nil {
		t.Fatal(err)
	}
	s.WaitIdle()
	if _, _, action, _ := s.Status(); action != want.unbound {
		t.Errorf("last action after unbinding = %q, want %q", action, want.unbound)
	}
	if got := canvasTexts(c); slices.Contains(got, want.reported) {
		t.Errorf("the root still shows %q after unbinding", want.reported)
	}
	if err := ws.BindActual(root, ws.Datasets()[0].ID, "revenue_jpy"); err != nil {
		t.Fatal(err)
	}
	s.WaitIdle()
	s.MainMenu().Items[1].Items[0].Action() // Edit ▸ Undo
	s.WaitIdle()
	if _, _, action, _ := s.Status(); action != want.undone {
		t.Errorf("last action after undoing the bind = %q, want %q", action, want.undone)
	}
	if !strings.Contains(want.undone, want.rootNameFragment) {
		t.Errorf("the undo label %q does not name the root %q", want.undone, want.rootNameFragment)
	}
	s.MainMenu().Items[1].Items[1].Action() // Edit ▸ Redo: the root has its reported actual again
	s.WaitIdle()
	n, _ := ws.Node(root)
	n.Formula = "(" + n.Formula + ") * 1.1"
	if err := s.Workspace().UpdateNode(n); err != nil {
		t.Fatal(err)
	}
	s.WaitIdle()
	c.Select("csm_count")
	c.Select(root)
	if _, _, _, msg := s.Status(); !strings.HasPrefix(msg, want.note) {
		t.Errorf("status message %q, want the reconciliation note starting %q", msg, want.note)
	}
}

func TestShell_ReportedAndHistory(t *testing.T) {
	s := newReportedShell(t, "en")
	checkReportedShell(t, s, shellWants{
		reported: "rep. ¥8.66M", gap: "+1.9%",
		unbound:          "Unbind reported actual of Add-on revenue",
		undone:           "Undone: Bind reported actual of Add-on revenue",
		rootNameFragment: "Add-on revenue",
		note:             "Reconciliation gap on Add-on revenue: +12.",
	})
}

// TestShell_ReportedAndHistory_Japanese runs in a child process with the
// Japanese UI (Fyne's translations are package state).
func TestShell_ReportedAndHistory_Japanese(t *testing.T) {
	if os.Getenv(uitest.LangChildEnv) != "" {
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		s := newReportedShell(t, "ja")
		snap := s.Workspace().Snapshot()
		var name string
		for _, n := range snap.Tree.Nodes {
			if n.ID == snap.Tree.Root {
				name = n.Name
			}
		}
		checkReportedShell(t, s, shellWants{
			reported: "報告 ¥866万", gap: "+1.9%",
			unbound:          "「" + name + "」の報告実績の紐付けを解除",
			undone:           "元に戻しました：「" + name + "」の報告実績を紐付け",
			rootNameFragment: name,
			note:             "「" + name + "」は2023-06に報告実績と+12.",
		})
		return
	}
	uitest.RunLanguageChild(t, "TestShell_ReportedAndHistory_Japanese", "ja|ファイル")
}

// TestShell_GapNote: a node whose computed value strays from its reported
// actual is flagged on its box, and selecting it explains the worst
// period in the status bar; selecting another node clears the note.
func TestShell_GapNote(t *testing.T) {
	// Given the sample workspace, whose root is within 3 % of the reported revenue.
	s := newReportedShell(t, "en")
	ws := s.Workspace()
	root := ws.Snapshot().Tree.Root
	s.Canvas().Select("csm_count")
	s.Canvas().Select(root)
	if _, _, _, msg := s.Status(); msg != "" {
		t.Fatalf("message %q for a root within the threshold", msg)
	}

	// When the root's formula computes 10 % more than the data supports.
	var n kpitree.Node
	for _, x := range ws.Snapshot().Tree.Nodes {
		if x.ID == root {
			n = x
		}
	}
	n.Formula = "(" + n.Formula + ") * 1.1"
	if err := ws.UpdateNode(n); err != nil {
		t.Fatal(err)
	}
	s.WaitIdle()

	t.Run("should flag the gap on the root's box", func(t *testing.T) {
		i := slices.IndexFunc(s.Canvas().Boxes(), func(b report.BoxModel) bool { return b.ID == root })
		if i < 0 {
			t.Fatal("no root box")
		}
		if b := s.Canvas().Boxes()[i]; !b.GapAlert || !strings.HasPrefix(b.GapText, "+12.") {
			t.Errorf("root box gap %q alert=%v, want about +12%% flagged", b.GapText, b.GapAlert)
		}
	})
	t.Run("should explain the worst period when the root is selected", func(t *testing.T) {
		s.Canvas().Select("csm_count")
		s.Canvas().Select(root)
		_, _, _, msg := s.Status()
		if !strings.HasPrefix(msg, "Reconciliation gap on Add-on revenue: +") || !strings.Contains(msg, "threshold 5%") ||
			!strings.Contains(msg, "Check its formula") {
			t.Errorf("message = %q", msg)
		}
	})
	t.Run("should clear the note when a node without a gap is selected", func(t *testing.T) {
		s.Canvas().Select("csm_count")
		if _, _, _, msg := s.Status(); msg != "" {
			t.Errorf("message = %q after selecting another node", msg)
		}
	})
}
