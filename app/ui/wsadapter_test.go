package ui_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func newSample(t *testing.T) (*ui.Adapter, ui.Opener, string) {
	t.Helper()
	o := ui.FileOpener{Lang: "en"}
	path := filepath.Join(t.TempDir(), "sample.kpitree")
	ws, err := o.Create(context.Background(), path, ui.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	a := ws.(*ui.Adapter)
	t.Cleanup(func() { _ = a.Close() })
	return a, o, path
}

func TestAdapter_Snapshot(t *testing.T) {
	a, _, path := newSample(t)
	s := a.Snapshot()
	if a.Path() != path {
		t.Fatalf("path %q, want %q", a.Path(), path)
	}
	if s.Tree.Root != "addon_revenue" || len(s.Tree.Nodes) != 7 {
		t.Fatalf("tree root %q with %d nodes", s.Tree.Root, len(s.Tree.Nodes))
	}
	if got := s.Tree.Calendar.Label(0); got != "2023-04" || s.Tree.Calendar.Periods != 36 {
		t.Fatalf("calendar starts %q with %d periods, want the sample's 2023-04 and 36", got, s.Tree.Calendar.Periods)
	}
	t.Run("should evaluate every node over the sample history", func(t *testing.T) {
		for _, n := range s.Tree.Nodes {
			if got := len(s.Actual[n.ID]); got != 36 {
				t.Fatalf("%s: %d periods, want 36", n.ID, got)
			}
		}
		// revenue = unit price × active customers (computed, not the CSV's revenue).
		rev, up, ac := s.Actual["addon_revenue"][0], s.Actual["unit_price"][0], s.Actual["active_customers"][0]
		if d := rev - up*ac; d*d > 1e-6 {
			t.Fatalf("revenue %v ≠ %v × %v", rev, up, ac)
		}
	})
	t.Run("should draw boxes for the canvas from the snapshot", func(t *testing.T) {
		boxes := report.BuildBoxes(s.BoxSeries, uikit.Translator())
		if len(boxes) != 7 || boxes[0].ID != "addon_revenue" || boxes[0].ValueText == "" {
			t.Fatalf("boxes %+v", boxes[:1])
		}
	})
	t.Run("should show a preview instead of the history while one is set", func(t *testing.T) {
		a.SetPreview(&ui.Preview{Label: "x", Actual: map[string][]float64{"addon_revenue": {1, 2}}})
		if got := a.Snapshot().Actual["addon_revenue"]; len(got) != 2 {
			t.Fatalf("preview not shown: %v", got)
		}
		a.SetPreview(nil)
		if got := a.Snapshot().Actual["addon_revenue"]; len(got) != 36 {
			t.Fatalf("history not restored: %d", len(got))
		}
	})
}

func TestAdapter_EditsUndoRedo(t *testing.T) {
	a, _, _ := newSample(t)
	var mu sync.Mutex
	var changes []string
	unsub := a.Subscribe(func(c ui.Change) {
		mu.Lock()
		changes = append(changes, c.Action)
		mu.Unlock()
	})
	defer unsub()
	n := kpitree.Node{ID: "logins", Name: "Logins", Unit: "logins", Kind: kpitree.KindInput}
	steps := []struct {
		name  string
		do    func() error
		check func(s ui.Snapshot) bool
	}{
		{"add a driver under active customers", func() error { return a.AddDriver("active_customers", n, "*") },
			func(s ui.Snapshot) bool { return strings.Contains(formula(s, "active_customers"), "logins") }},
		{"rename it", func() error {
			n.Name = "Weekly logins"
			return a.UpdateNode(n)
		}, func(s ui.Snapshot) bool { return name(s, "logins") == "Weekly logins" }},
		{"move it under onboarded accounts", func() error { return a.MoveDriver("logins", "active_customers", "onboarded_accounts") },
			func(s ui.Snapshot) bool {
				return strings.Contains(formula(s, "onboarded_accounts"), "logins") && !strings.Contains(formula(s, "active_customers"), "logins")
			}},
		{"delete it", func() error { return a.DeleteNodes([]string{"logins"}) },
			func(s ui.Snapshot) bool {
				return name(s, "logins") == "" && !strings.Contains(formula(s, "onboarded_accounts"), "logins")
			}},
	}
	var snaps []ui.Snapshot
	for _, st := range steps {
		t.Run("should "+st.name+" as one undoable action", func(t *testing.T) {
			snaps = append(snaps, a.Snapshot())
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			s := a.Snapshot()
			if !st.check(s) || !s.CanUndo || s.CanRedo {
				t.Fatalf("after %s: check failed or undo state %v/%v", st.name, s.CanUndo, s.CanRedo)
			}
		})
	}
	t.Run("should undo every step back to the start and redo them", func(t *testing.T) {
		for i := len(steps) - 1; i >= 0; i-- {
			if _, err := a.Undo(); err != nil {
				t.Fatal(err)
			}
			if got, want := a.Snapshot().Tree.Nodes, snaps[i].Tree.Nodes; len(got) != len(want) {
				t.Fatalf("undo %d: %d nodes, want %d", i, len(got), len(want))
			}
		}
		for _, n := range snaps[0].Tree.Nodes {
			if formula(a.Snapshot(), n.ID) != n.Formula || name(a.Snapshot(), n.ID) != n.Name {
				t.Fatalf("%s differs from the start after undoing everything", n.ID)
			}
		}
		for range steps {
			if _, err := a.Redo(); err != nil {
				t.Fatal(err)
			}
		}
		if name(a.Snapshot(), "logins") != "" {
			t.Fatal("redo did not re-apply the delete")
		}
	})
	t.Run("should refuse a move under the node's own driver", func(t *testing.T) {
		if err := a.MoveDriver("active_customers", "addon_revenue", "active_rate"); !errors.Is(err, kpitree.ErrCycle) {
			t.Fatalf("err = %v, want ErrCycle", err)
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if len(changes) < 2*len(steps) {
		t.Fatalf("%d change notifications, want one per action (%d)", len(changes), 2*len(steps))
	}
}

func formula(s ui.Snapshot, id string) string {
	for _, n := range s.Tree.Nodes {
		if n.ID == id {
			return n.Formula
		}
	}
	return ""
}

func name(s ui.Snapshot, id string) string {
	for _, n := range s.Tree.Nodes {
		if n.ID == id {
			return n.Name
		}
	}
	return ""
}

func TestAdapter_Export(t *testing.T) {
	a, _, _ := newSample(t)
	dir := t.TempDir()
	for _, ext := range []string{".csv", ".xlsx", ".json", ".png", ".svg"} {
		t.Run("should write a non-empty "+ext+" file", func(t *testing.T) {
			path := filepath.Join(dir, "out"+ext)
			if err := a.Export(context.Background(), path); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil || st.Size() == 0 {
				t.Fatalf("%s: %v", path, err)
			}
		})
	}
	t.Run("should export numbers with the forecast horizon", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, "out.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "2023-04") || !strings.Contains(string(b), "2027-") {
			t.Fatalf("CSV lacks history or forecast periods:\n%.300s", b)
		}
	})
	t.Run("should refuse an unknown extension and leave nothing behind", func(t *testing.T) {
		path := filepath.Join(dir, "out.doc")
		if err := a.Export(context.Background(), path); err == nil {
			t.Fatal("no error")
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("file left behind: %v", err)
		}
	})
}

func TestAdapter_ImportData(t *testing.T) {
	o := ui.FileOpener{Lang: "ja"}
	ws, err := o.Create(context.Background(), filepath.Join(t.TempDir(), "ja.kpitree"), workspace.SampleTemplate)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.ImportData(context.Background(), filepath.Join("..", "..", "assets", "data", "cs_monthly_ja_sjis.csv"), nil); err != nil {
		t.Fatal(err)
	}
	s := ws.Snapshot()
	if got := len(s.Actual["active_rate"]); got != 36 {
		t.Fatalf("active rate has %d periods after importing the Shift_JIS file", got)
	}
	if !strings.Contains(name(s, "active_rate"), "アクティブ") {
		t.Fatalf("Japanese template names expected, got %q", name(s, "active_rate"))
	}
}

func TestFileOpener(t *testing.T) {
	a, o, path := newSample(t)
	t.Run("should refuse a second editor of the same file", func(t *testing.T) {
		_, err := o.Open(context.Background(), path)
		if !errors.Is(err, store.ErrLocked) {
			t.Fatalf("err = %v, want store.ErrLocked", err)
		}
	})
	t.Run("should reopen a closed workspace with its history", func(t *testing.T) {
		if err := a.UpdateNode(kpitree.Node{ID: "csm_count", Name: "CSMs", Unit: "people", Kind: kpitree.KindInput, Controllable: true}); err != nil {
			t.Fatal(err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		ws, err := o.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		if name(ws.Snapshot(), "csm_count") != "CSMs" || !ws.Snapshot().CanUndo {
			t.Fatal("edit or history lost")
		}
	})
	t.Run("should list the sample first and every kpitree template", func(t *testing.T) {
		ts := o.Templates()
		if ts[0].ID != ui.SampleTemplateID || len(ts) != len(kpitree.Templates())+1 {
			t.Fatalf("templates %+v", ts)
		}
		ja := ui.FileOpener{Lang: "ja"}.Templates()
		if ja[1].Name == ts[1].Name {
			t.Fatalf("Japanese template names expected, got %q", ja[1].Name)
		}
	})
	t.Run("should create every template", func(t *testing.T) {
		for _, tm := range o.Templates()[1:] {
			ws, err := o.Create(context.Background(), filepath.Join(t.TempDir(), tm.ID+".kpitree"), tm.ID)
			if err != nil {
				t.Fatalf("%s: %v", tm.ID, err)
			}
			if len(ws.Snapshot().Tree.Nodes) == 0 {
				t.Fatalf("%s: empty tree", tm.ID)
			}
			_ = ws.Close()
		}
	})
	t.Run("should refuse to create over an existing file", func(t *testing.T) {
		if _, err := o.Create(context.Background(), path, ui.SampleTemplateID); !errors.Is(err, store.ErrExists) {
			t.Fatalf("err = %v, want store.ErrExists", err)
		}
	})
}

func TestAdapter_SaveAs(t *testing.T) {
	a, o, path := newSample(t)
	if err := a.UpdateNode(kpitree.Node{ID: "csm_count", Name: "CSMs", Unit: "people", Kind: kpitree.KindInput, Controllable: true}); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.kpitree")
	if err := a.SaveAs(context.Background(), dst); err != nil {
		t.Fatal(err)
	}
	// The original stays open, unchanged; the shell opens the copy next.
	if a.Path() != path || name(a.Snapshot(), "csm_count") != "CSMs" {
		t.Fatalf("original: path %q, name %q", a.Path(), name(a.Snapshot(), "csm_count"))
	}
	cp, err := o.Open(context.Background(), dst)
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	defer cp.Close()
	if name(cp.Snapshot(), "csm_count") != "CSMs" {
		t.Fatalf("copy: name %q", name(cp.Snapshot(), "csm_count"))
	}
	// The copy keeps the undo history.
	if _, err := cp.Undo(); err != nil || name(cp.Snapshot(), "csm_count") == "CSMs" {
		t.Fatalf("undo in the copy: %v", err)
	}
	if name(a.Snapshot(), "csm_count") != "CSMs" {
		t.Fatal("undo in the copy changed the original")
	}
}

func TestShell_DrivenByRealWorkspace(t *testing.T) {
	a, o, _ := newSample(t)
	app := uitest.NewApp(t)
	// No panes: they work in the background, and the headless driver would
	// run their updates beside this test's (the panes have their own tests).
	s, err := ui.New(ui.Params{App: app, Opener: o, Workspace: a, Panes: []ui.Pane{}})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(s.Window().Close)
	value := func(id string) string {
		for _, b := range s.Canvas().Boxes() {
			if b.ID == id {
				return b.ValueText
			}
		}
		return ""
	}
	t.Run("should show the evaluated sample on the tree", func(t *testing.T) {
		if got := value("active_rate"); got == "" || !strings.HasSuffix(got, "%") {
			t.Fatalf("active rate box %q", got)
		}
		if _, count, _, _ := s.Status(); !strings.Contains(count, "7") {
			t.Fatalf("status count %q", count)
		}
	})
	t.Run("should follow a what-if preview and return to the actuals", func(t *testing.T) {
		before := value("active_rate")
		a.SetPreview(&ui.Preview{Label: "drag", Actual: map[string][]float64{"active_rate": {0.5, 0.99}},
			Base: map[string][]float64{"active_rate": {0.5, 0.7}}})
		s.WaitIdle()
		if got := value("active_rate"); got != "99.0%" {
			t.Fatalf("preview box %q, want 99.0%%", got)
		}
		a.SetPreview(nil)
		s.WaitIdle()
		if got := value("active_rate"); got != before {
			t.Fatalf("after preview %q, want %q", got, before)
		}
	})
	t.Run("should reload the tree after an edit through the inspector path", func(t *testing.T) {
		n := kpitree.Node{ID: "csm_count", Name: "CSMs", Unit: "people", Kind: kpitree.KindInput, Controllable: true}
		if err := a.UpdateNode(n); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		for _, b := range s.Canvas().Boxes() {
			if b.ID == "csm_count" && b.Name != "CSMs" {
				t.Fatalf("box name %q after edit", b.Name)
			}
		}
		if _, _, action, _ := s.Status(); action == "" {
			t.Fatal("no action in the status bar")
		}
	})
}
