package ui_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/kpitree"
)

func newShell(t *testing.T) (*ui.Shell, fyne.App) {
	t.Helper()
	a := uitest.NewApp(t)
	ws := sampleWorkspace(t, "en")
	s, err := ui.New(ui.Params{App: a, Opener: ui.FileOpener{}, Workspace: ws, Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	s.Window().Resize(fyne.NewSize(1280, 800))
	t.Cleanup(s.Window().Close)
	return s, a
}

func TestNew_MissingDependency(t *testing.T) {
	a := uitest.NewApp(t)
	for name, p := range map[string]ui.Params{
		"app":    {Opener: ui.FileOpener{}},
		"opener": {App: a},
	} {
		t.Run("should fail at once without the "+name, func(t *testing.T) {
			if _, err := ui.New(p); !errors.Is(err, uikit.ErrMissingDependency) {
				t.Fatalf("err = %v, want ErrMissingDependency", err)
			}
		})
	}
}

func TestShell_Menu(t *testing.T) {
	s, _ := newShell(t)
	mm := s.MainMenu()
	tests := []struct {
		menu string
		want []string
	}{
		{"File", []string{"New from template…", "Open…", "Open recent", "---", "Save As…", "Import data…", "Data sources…", "Export…", "Export review pack…", "---", "Quit"}},
		{"Edit", []string{"Undo", "Redo", "---", "Add driver", "Delete…"}},
		{"View", []string{"Outline", "Tree", "Charts and what-if", "Enlarge the bottom panes", "---", "Zoom in", "Zoom out", "Fit", "Top-down layout", "---", "Theme", "Language"}},
		{"Help", []string{"About KPI Tree"}},
	}
	if len(mm.Items) != len(tests) {
		t.Fatalf("%d menus, want %d", len(mm.Items), len(tests))
	}
	for i, tt := range tests {
		t.Run("should list the "+tt.menu+" menu's items in order", func(t *testing.T) {
			m := mm.Items[i]
			if m.Label != tt.menu {
				t.Fatalf("menu %d = %q, want %q", i, m.Label, tt.menu)
			}
			if got := uitest.MenuLabels(m); !slices.Equal(got, tt.want) {
				t.Fatalf("items = %q\nwant    %q", got, tt.want)
			}
		})
	}
	t.Run("should show the standard shortcuts on the menu items", func(t *testing.T) {
		want := map[string]*desktop.CustomShortcut{
			"New from template…": {KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault},
			"Open…":              {KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault},
			"Save As…":           {KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
			"Quit":               {KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
			"Undo":               {KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault},
			"Redo":               {KeyName: fyne.KeyY, Modifier: fyne.KeyModifierShortcutDefault},
			"Zoom in":            {KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault},
			"Fit":                {KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault},
		}
		found := 0
		for _, m := range mm.Items {
			for _, it := range m.Items {
				w, ok := want[it.Label]
				if !ok {
					continue
				}
				found++
				got, _ := it.Shortcut.(*desktop.CustomShortcut)
				if got == nil || got.KeyName != w.KeyName || got.Modifier != w.Modifier {
					t.Errorf("%s shortcut = %+v, want %+v", it.Label, got, w)
				}
			}
		}
		if found != len(want) {
			t.Errorf("found %d of %d items", found, len(want))
		}
	})
	t.Run("should offer three themes and three languages", func(t *testing.T) {
		view := mm.Items[2]
		var theme, lang *fyne.MenuItem
		for _, it := range view.Items {
			switch it.Label {
			case "Theme":
				theme = it
			case "Language":
				lang = it
			}
		}
		if got := uitest.MenuLabels(theme.ChildMenu); !slices.Equal(got, []string{"System", "Light", "Dark"}) {
			t.Errorf("themes = %q", got)
		}
		if got := uitest.MenuLabels(lang.ChildMenu); !slices.Equal(got, []string{"System", "English", "日本語 (Japanese)"}) {
			t.Errorf("languages = %q", got)
		}
	})
}

func TestShell_Status(t *testing.T) {
	s, _ := newShell(t)
	path, count, _, _ := s.Status()
	if !strings.HasSuffix(path, "sample.kpitree") || count != "KPIs: 7" {
		t.Fatalf("status = %q, %q", path, count)
	}
	if got := s.Window().Title(); !strings.HasPrefix(got, "Add-on revenue") {
		t.Errorf("title = %q, want the tree name first", got)
	}
}

func TestShell_EditUndoRedo(t *testing.T) {
	s, _ := newShell(t)
	shortcuts := s.Window().Canvas().(fyne.Shortcutable)
	undo := s.MainMenu().Items[1].Items[0]
	if !undo.Disabled {
		t.Fatal("Undo enabled before any edit")
	}
	s.Canvas().Select("active_rate")
	if s.Inspector().NodeID() != "active_rate" {
		t.Fatalf("inspector shows %q after selecting on the canvas", s.Inspector().NodeID())
	}
	s.Inspector().Name.SetText("Login rate")
	test.Tap(s.Inspector().Apply)
	s.WaitIdle() // the change event reaches the views on the UI goroutine
	if name := boxName(s, "active_rate"); name != "Login rate" {
		t.Fatalf("canvas shows %q after the edit", name)
	}
	if _, _, action, _ := s.Status(); action != "Edit KPI" {
		t.Errorf("last action = %q", action)
	}
	if undo.Disabled {
		t.Fatal("Undo still disabled after an edit")
	}
	shortcuts.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault})
	s.WaitIdle()
	if name := boxName(s, "active_rate"); name != "Active rate" {
		t.Fatalf("canvas shows %q after Ctrl+Z", name)
	}
	shortcuts.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	s.WaitIdle()
	if name := boxName(s, "active_rate"); name != "Login rate" {
		t.Fatalf("canvas shows %q after Ctrl+Shift+Z", name)
	}
	if s.Canvas().Primary() != "active_rate" {
		t.Errorf("selection lost across undo/redo: %q", s.Canvas().Primary())
	}
}

func boxName(s *ui.Shell, id string) string {
	for _, b := range s.Canvas().Boxes() {
		if b.ID == id {
			return b.Name
		}
	}
	return ""
}

func TestShell_SelectionSync(t *testing.T) {
	s, _ := newShell(t)
	t.Run("should select the outline row when the canvas selects", func(t *testing.T) {
		s.Canvas().Select("csm_count")
		if got := s.Outline().Selected(); got != "csm_count" {
			t.Fatalf("outline selected %q", got)
		}
	})
	t.Run("should select the box when the outline selects", func(t *testing.T) {
		s.Outline().Tree.Select("unit_price")
		if got := s.Canvas().Primary(); got != "unit_price" {
			t.Fatalf("canvas primary %q", got)
		}
		if got := s.Inspector().NodeID(); got != "unit_price" {
			t.Fatalf("inspector shows %q", got)
		}
	})
	t.Run("should mirror the tree structure in the outline", func(t *testing.T) {
		if got := s.Outline().ChildIDs("active_customers"); !slices.Equal(got, []string{"onboarded_accounts", "active_rate"}) {
			t.Fatalf("outline children of active_customers = %v", got)
		}
	})
}

func TestShell_RefusesCycle(t *testing.T) {
	s, _ := newShell(t)
	s.Canvas().OnReparent("active_customers", "csm_count") // csm_count is below active_customers
	s.WaitIdle()                                           // the edit runs off the UI goroutine
	if top := s.Window().Canvas().Overlays().Top(); top == nil {
		t.Fatal("no error dialog for a cyclic move")
	}
	if got := report.DeriveStructure(s.Workspace().Snapshot().Tree).Parent["active_customers"]; got != "addon_revenue" {
		t.Fatalf("active_customers moved under %q", got)
	}
}

func TestShell_RemembersWindowSize(t *testing.T) {
	s, a := newShell(t)
	s.Window().Resize(fyne.NewSize(1000, 700))
	var quit *fyne.MenuItem
	for _, it := range s.MainMenu().Items[0].Items {
		if it.IsQuit {
			quit = it
		}
	}
	quit.Action()
	if w, h := a.Preferences().Float("window.width"), a.Preferences().Float("window.height"); w != 1000 || h != 700 {
		t.Fatalf("remembered %v×%v, want 1000×700", w, h)
	}
}

func TestRecentFiles(t *testing.T) {
	a := uitest.NewApp(t)
	p := a.Preferences()
	for i := range 12 {
		ui.AddRecentFile(p, fmt.Sprintf("/w/%d.kpitree", i))
	}
	ui.AddRecentFile(p, "/w/5.kpitree")
	ui.AddRecentFile(p, "")
	got := ui.RecentFiles(p)
	if len(got) != ui.MaxRecent {
		t.Fatalf("%d recent files, want %d", len(got), ui.MaxRecent)
	}
	if got[0] != "/w/5.kpitree" || got[1] != "/w/11.kpitree" || slices.Contains(got, "/w/0.kpitree") {
		t.Fatalf("recent = %v: want the re-opened file first, the oldest dropped", got)
	}
	if n := len(slices.DeleteFunc(slices.Clone(got), func(s string) bool { return s != "/w/5.kpitree" })); n != 1 {
		t.Fatalf("/w/5 listed %d times", n)
	}
	ui.RemoveRecentFile(p, "/w/5.kpitree")
	if slices.Contains(ui.RecentFiles(p), "/w/5.kpitree") {
		t.Fatal("RemoveRecentFile kept the path")
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("move x: %w", kpitree.ErrCycle), "cannot drive itself"},
		{fmt.Errorf("save: %w", uikit.ErrNotSupported), "Save As"},
		{uikit.ErrNoWorkspace, "File ▸ Open"},
		{fmt.Errorf("edit: %w", kpitree.ErrUnknownNode), "no longer exists"},
		{fmt.Errorf("add: %w", kpitree.ErrInvalidID), "letter"},
		{context.Canceled, "cancelled"},
		{errors.New("disk on fire"), "disk on fire"},
	}
	for _, tt := range tests {
		if got := uikit.UserMessage(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("ErrorMessage(%v) = %q, want it to contain %q", tt.err, got, tt.want)
		}
	}
}

// fakeOpener opens any path as a new Japanese sample workspace, or fails
// for paths containing "broken".
type fakeOpener struct {
	ui.FileOpener
	t testing.TB
}

func (o fakeOpener) Open(_ context.Context, path string) (ui.Workspace, error) {
	if strings.Contains(path, "broken") {
		return nil, fmt.Errorf("open %s: %w", path, kpitree.ErrBadJSON)
	}
	return sampleWorkspace(o.t, "ja"), nil
}

func TestShell_OpenRecent(t *testing.T) {
	a := uitest.NewApp(t)
	ui.AddRecentFile(a.Preferences(), "/w/broken.kpitree")
	ui.AddRecentFile(a.Preferences(), "/w/ja.kpitree")
	first := sampleWorkspace(t, "en")
	s, err := ui.New(ui.Params{App: a, Opener: fakeOpener{t: t}, Workspace: first})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Window().Close)
	recent := s.MainMenu().Items[0].Items[2].ChildMenu
	if got := uitest.MenuLabels(recent); !slices.Equal(got, []string{first.Path(), "/w/ja.kpitree", "/w/broken.kpitree"}) {
		t.Fatalf("Open recent lists %q", got)
	}
	t.Run("should open a recent file in the background and show it", func(t *testing.T) {
		recent.Items[1].Action()
		s.WaitIdle()
		if s.Workspace() == first {
			t.Fatal("the workspace did not switch")
		}
		if got := boxName(s, "addon_revenue"); got != "アドオン売上" {
			t.Errorf("canvas shows %q, want the opened (Japanese) tree", got)
		}
	})
	t.Run("should explain a failed open in a dialog and keep the current workspace", func(t *testing.T) {
		before := s.Workspace()
		recent.Items[2].Action()
		s.WaitIdle()
		if s.Window().Canvas().Overlays().Top() == nil {
			t.Fatal("no error dialog")
		}
		if s.Workspace() != before {
			t.Error("a failed open replaced the workspace")
		}
	})
}

func TestShell_About(t *testing.T) {
	a := uitest.NewApp(t)
	s, err := ui.New(ui.Params{App: a, Opener: ui.FileOpener{}, Version: "1.2.3", FontLicense: "IPA Font License Agreement v1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Window().Close)
	s.MainMenu().Items[3].Items[0].Action()
	top := s.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About opened no dialog")
	}
	var texts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *widget.Entry:
			texts = append(texts, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Version 1.2.3", "IPAexGothic", "IPA Font License Agreement v1.0"} {
		if !strings.Contains(all, want) {
			t.Errorf("About does not show %q", want)
		}
	}
	t.Run("should start without a workspace and say so", func(t *testing.T) {
		if path, count, _, _ := s.Status(); path != "No workspace" || count != "KPIs: 0" {
			t.Fatalf("status = %q, %q", path, count)
		}
	})
}

func TestShell_AddNodeSelectsIt(t *testing.T) {
	s, _ := newShell(t)
	s.Canvas().Select("active_rate")
	s.MainMenu().Items[1].Items[3].Action() // Edit ▸ Add driver
	top := s.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Add driver opened no dialog")
	}
	var entries []*widget.Entry
	var buttons []*widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			entries = append(entries, x)
		case *widget.Button:
			buttons = append(buttons, x)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	if len(entries) < 2 {
		t.Fatalf("found %d entries in the dialog, want name and unit", len(entries))
	}
	entries[0].SetText("Logged-in accounts")
	entries[1].SetText("accounts")
	for _, b := range buttons {
		if b.Text == "Add" {
			test.Tap(b)
		}
	}
	s.WaitIdle() // the edit runs off the UI goroutine, then selects the node
	if got := s.Canvas().Primary(); got != "logged_in_accounts" {
		t.Fatalf("primary = %q, want the new node selected", got)
	}
	if p := report.DeriveStructure(s.Workspace().Snapshot().Tree).Parent["logged_in_accounts"]; p != "active_rate" {
		t.Fatalf("new node under %q, want active_rate", p)
	}
}

// overlayWidgets lists the widgets of type T in the window's top dialog.
func overlayWidgets[T fyne.CanvasObject](s *ui.Shell) []T {
	var out []T
	top := s.Window().Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	for _, o := range test.LaidOutObjects(top) {
		if w, ok := o.(T); ok {
			out = append(out, w)
		}
	}
	return out
}

// TestShell_AddDriver is the CS leader's design step: adding a child asks
// whether it multiplies or adds, shows the parent's resulting formula and
// unit, warns of a unit mismatch before saving, and adds the node with a
// readable id as one undoable action.
func TestShell_AddDriver(t *testing.T) {
	s, _ := newShell(t)
	s.Canvas().OnAddChild("active_customers")
	entries := overlayWidgets[*widget.Entry](s)
	radios := overlayWidgets[*widget.RadioGroup](s)
	if len(entries) < 2 || len(radios) != 1 {
		t.Fatalf("add dialog has %d entries and %d choice groups, want name, unit and × / +", len(entries), len(radios))
	}
	name, unit, join := entries[0], entries[1], radios[0]
	if got := join.Options; !slices.Equal(got, []string{"× a factor", "+ a term"}) || join.Selected != "× a factor" {
		t.Fatalf("join choices %q (selected %q)", got, join.Selected)
	}
	test.Type(name, "Weekly logins")
	test.Type(unit, "logins")
	t.Run("should show the formula and unit the parent would compute", func(t *testing.T) {
		got := overlayText(s)
		if !strings.Contains(got, `"Onboarded accounts" * "Active rate" * "Weekly logins"`) {
			t.Fatalf("dialog says %q, want the parent's new formula", got)
		}
	})
	t.Run("should warn before saving when a sum mixes units", func(t *testing.T) {
		join.SetSelected("+ a term")
		got := overlayText(s)
		if !strings.Contains(got, `"Onboarded accounts" * "Active rate" + "Weekly logins"`) || !strings.Contains(got, "⚠") {
			t.Fatalf("dialog says %q, want the sum and a unit warning", got)
		}
		join.SetSelected("× a factor")
	})
	t.Run("should add the driver as one undoable action with a readable id", func(t *testing.T) {
		var add *widget.Button
		for _, b := range overlayWidgets[*widget.Button](s) {
			if b.Text == "Add" {
				add = b
			}
		}
		if add == nil {
			t.Fatal("no Add button")
		}
		test.Tap(add)
		s.WaitIdle()
		if got := boxName(s, "weekly_logins"); got != "Weekly logins" {
			t.Fatalf("box weekly_logins named %q", got)
		}
		f := ""
		for _, n := range s.Workspace().Snapshot().Tree.Nodes {
			if n.ID == "active_customers" {
				f = n.Formula
			}
		}
		if f != "onboarded_accounts * active_rate * weekly_logins" {
			t.Fatalf("parent formula %q", f)
		}
		if _, err := s.Workspace().Undo(); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle()
		if boxName(s, "weekly_logins") != "" {
			t.Fatal("undo left the new driver")
		}
	})
}

// gatedWorkspace holds every tree move until gate is closed, counting the
// moves that reached it.
type gatedWorkspace struct {
	ui.Workspace
	gate  chan struct{}
	moves chan struct{} // one value per move that reached the store
}

func (g *gatedWorkspace) MoveDriver(node, from, to string) error {
	g.moves <- struct{}{}
	<-g.gate
	return g.Workspace.MoveDriver(node, from, to)
}

func TestShell_EditsOffTheUIGoroutine(t *testing.T) {
	t.Run("should return from a drop on the tree while the store writes the move", func(t *testing.T) {
		// given a shell over a workspace whose store is busy with every move
		a := uitest.NewApp(t)
		g := &gatedWorkspace{Workspace: sampleWorkspace(t, "en"), gate: make(chan struct{}), moves: make(chan struct{}, 4)}
		s, err := ui.New(ui.Params{App: a, Opener: ui.FileOpener{}, Workspace: g})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Window().Close)
		s.WaitIdle()
		// when a box is dropped on another (move csm_count under active_customers)
		dropped := make(chan struct{})
		go func() {
			defer close(dropped)
			s.Canvas().OnReparent("csm_count", "active_customers")
		}()
		// then the drop returns at once and the move waits on the store
		select {
		case <-dropped:
		case <-time.After(10 * time.Second):
			close(g.gate)
			t.Fatal("the drop waited for the store: the edit runs on the UI goroutine")
		}
		select {
		case <-g.moves:
		case <-time.After(10 * time.Second):
			close(g.gate)
			t.Fatal("the move never reached the store")
		}
		close(g.gate)
		s.WaitIdle()
		// and once stored, the tree shows it
		if got := report.DeriveStructure(s.Workspace().Snapshot().Tree).Parent["csm_count"]; got != "active_customers" {
			t.Fatalf("csm_count under %q after the move, want active_customers", got)
		}
	})
}
