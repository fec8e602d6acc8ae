package ui_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/kpitree"
)

// newFileShell opens a shell on a real sample workspace file in a temp
// folder, the way the app runs.
func newFileShell(t *testing.T) (*ui.Shell, fyne.App, string) {
	t.Helper()
	a := uitest.NewApp(t)
	path := filepath.Join(t.TempDir(), "main.kpitree")
	op := ui.FileOpener{Lang: "en"}
	ws, err := op.Create(context.Background(), path, ui.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	// No analysis panes: these tests are about the shell's file handling,
	// and the panes forecast in the background, which writes the forecast
	// cache into the workspace file while a test compares its bytes.
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
	return s, a, path
}

// overlayText is all text shown in the top dialog.
func overlayText(s *ui.Shell) string {
	top := s.Window().Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch o := o.(type) {
		case *canvas.Text:
			b.WriteString(o.Text + " ")
		case *widget.Label:
			b.WriteString(o.Text + " ")
		}
	}
	return b.String()
}

// fillSaveForm types folder and name into the open save form and presses Save.
func fillSaveForm(t *testing.T, s *ui.Shell, dir, name string) {
	t.Helper()
	top := s.Window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no save form is open")
	}
	var entries []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
	}
	if len(entries) != 2 {
		t.Fatalf("save form has %d entries, want folder and name", len(entries))
	}
	entries[0].SetText(dir)
	entries[1].SetText(name)
	save := findButton(top, "Save")
	if save == nil {
		t.Fatal("save form has no Save button")
	}
	test.Tap(save)
}

func TestShell_SaveAsNeverTouchesTheChosenFileFirst(t *testing.T) {
	s, _, path := newFileShell(t)
	saveAs := s.MainMenu().Items[0].Items[4]
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("should refuse the open workspace's own file and leave it byte-identical", func(t *testing.T) {
		for _, folder := range []string{filepath.Dir(path), filepath.Join(filepath.Dir(path), ".") + string(filepath.Separator)} {
			saveAs.Action()
			fillSaveForm(t, s, folder, filepath.Base(path))
			s.WaitIdle()
			if got := overlayText(s); !strings.Contains(got, "open now") {
				t.Fatalf("dialog says %q, want the same-file message", got)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Fatalf("folder %s: the open workspace changed (%d → %d bytes)", folder, len(before), len(after))
			}
			if s.Workspace().Path() != path {
				t.Fatalf("workspace path = %q", s.Workspace().Path())
			}
		}
	})

	other := filepath.Join(filepath.Dir(path), "other.kpitree")
	keep := []byte("an unrelated file the user chose to replace")
	if err := os.WriteFile(other, keep, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("should ask before replacing an existing file and leave it untouched when the user says no", func(t *testing.T) {
		saveAs.Action()
		fillSaveForm(t, s, filepath.Dir(other), filepath.Base(other))
		if got, _ := os.ReadFile(other); !bytes.Equal(got, keep) {
			t.Fatal("the existing file changed before the user confirmed")
		}
		no := findButton(s.Window().Canvas().Overlays().Top(), "No")
		if no == nil {
			t.Fatalf("no overwrite question; dialog says %q", overlayText(s))
		}
		test.Tap(no)
		s.WaitIdle()
		if got, _ := os.ReadFile(other); !bytes.Equal(got, keep) {
			t.Fatal("the existing file changed after the user said no")
		}
	})
	t.Run("should replace an existing file with the saved workspace once the user confirms", func(t *testing.T) {
		saveAs.Action()
		fillSaveForm(t, s, filepath.Dir(other), filepath.Base(other))
		yes := findButton(s.Window().Canvas().Overlays().Top(), "Yes")
		if yes == nil {
			t.Fatalf("no overwrite question; dialog says %q", overlayText(s))
		}
		test.Tap(yes)
		s.WaitIdle()
		if s.Workspace().Path() != other {
			t.Fatalf("workspace path = %q, want %q", s.Workspace().Path(), other)
		}
		if got, _ := os.ReadFile(other); bytes.Equal(got, keep) {
			t.Fatal("the file was not replaced")
		}
	})
}

// Save As takes every edit made so far into the copy the window goes on
// with: a name typed in the inspector but not applied, too. Before, the
// copy was taken first and the typed edit went to the original, closing.
func TestShell_SaveAsTakesTheTypedEditIntoTheCopy(t *testing.T) {
	s, _, path := newFileShell(t)
	s.Canvas().Select("csm_count")
	s.WaitIdle()
	s.Inspector().Name.SetText("CS managers")
	s.MainMenu().Items[0].Items[4].Action() // File ▸ Save As…
	copyPath := filepath.Join(filepath.Dir(path), "copy.kpitree")
	fillSaveForm(t, s, filepath.Dir(copyPath), filepath.Base(copyPath))
	s.WaitIdle()
	if got := s.Workspace().Path(); got != copyPath {
		t.Fatalf("the window shows %q, want the copy %q; dialog says %q", got, copyPath, overlayText(s))
	}
	if got := boxName(s, "csm_count"); got != "CS managers" {
		t.Errorf("csm_count's box in the copy reads %q, want the typed name", got)
	}
	if s.Inspector().Dirty() {
		t.Error("the inspector still holds the typed edit as not applied")
	}
}

func TestCheckSavePath(t *testing.T) {
	dir := t.TempDir()
	current := filepath.Join(dir, "open.kpitree")
	if err := os.WriteFile(current, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.kpitree")
	if err := os.Symlink(current, link); err != nil {
		t.Skip("symlinks not available:", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, file string
		want            error
	}{
		{"a new file in an existing folder", dir, "new.kpitree", nil},
		{"an existing other file", dir, "link2.kpitree", nil},
		{"the open workspace", dir, "open.kpitree", uikit.ErrSameFile},
		{"the open workspace spelled with dots", filepath.Join(dir, "sub", ".."), " open.kpitree ", uikit.ErrSameFile},
		{"a link to the open workspace", dir, "link.kpitree", uikit.ErrSameFile},
		{"an empty name", dir, "  ", uikit.ErrBadFileName},
		{"a name with a folder in it", dir, "sub/x.kpitree", uikit.ErrBadFileName},
		{"a name with a Windows folder in it", dir, `sub\x.kpitree`, uikit.ErrBadFileName},
		{"a parent-folder name", dir, "..", uikit.ErrBadFileName},
		{"a folder as the name", dir, "sub", uikit.ErrBadFileName},
		{"a missing folder", filepath.Join(dir, "nope"), "x.kpitree", uikit.ErrBadFileName},
		{"no folder", "", "x.kpitree", uikit.ErrBadFileName},
	}
	for _, tt := range tests {
		verb := "accept"
		if tt.want != nil {
			verb = "refuse"
		}
		t.Run("should "+verb+" "+tt.name, func(t *testing.T) {
			got, err := uikit.CheckSavePath(tt.dir, tt.file, current)
			if tt.want == nil {
				if err != nil || !filepath.IsAbs(got) || filepath.Dir(got) != dir {
					t.Fatalf("CheckSavePath = %q, %v; want an absolute path in %s", got, err, dir)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if msg := uikit.UserMessage(err); strings.Contains(msg, "Something went wrong") {
				t.Errorf("message %q is the generic one", msg)
			}
		})
	}
}

// selectionRecorder is a workspace whose panes follow the selection.
type selectionRecorder struct {
	ui.Workspace
	mu  sync.Mutex
	ids []string
}

func (r *selectionRecorder) SetSelection(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = append(r.ids, id)
}

func TestShell_SelectionReachesPanes(t *testing.T) {
	a := uitest.NewApp(t)
	rec := &selectionRecorder{Workspace: sampleWorkspace(t, "en")}
	s, err := ui.New(ui.Params{App: a, Opener: ui.FileOpener{}, Workspace: rec})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Window().Close)
	s.Canvas().Select("active_rate")
	s.Outline().OnSelect("csm_count") // as if the user clicked the outline row
	rec.mu.Lock()
	if n := len(rec.ids); n < 2 || !slices.Equal(rec.ids[n-2:], []string{"active_rate", "csm_count"}) {
		t.Fatalf("SetSelection calls %q, want them to end with active_rate, csm_count", rec.ids)
	}
	rec.mu.Unlock()
	t.Run("should tell a newly opened workspace's panes the node still selected", func(t *testing.T) {
		rec2 := &selectionRecorder{Workspace: sampleWorkspace(t, "en")}
		s.SetWorkspace(rec2, "")
		rec2.mu.Lock()
		defer rec2.mu.Unlock()
		if n := len(rec2.ids); n == 0 || rec2.ids[n-1] != "csm_count" {
			t.Fatalf("SetSelection calls %q, want the last to be csm_count", rec2.ids)
		}
	})
}

// pathWorkspace is a workspace that claims to live at path.
type pathWorkspace struct {
	ui.Workspace
	path string
}

func (p pathWorkspace) Path() string { return p.path }

// countingOpener counts Open calls.
type countingOpener struct {
	ui.FileOpener
	mu    sync.Mutex
	opens int
}

func (o *countingOpener) Open(ctx context.Context, path string) (ui.Workspace, error) {
	o.mu.Lock()
	o.opens++
	o.mu.Unlock()
	return o.FileOpener.Open(ctx, path)
}

func TestShell_OpenRecentGuards(t *testing.T) {
	t.Run("should do nothing but say so when the recent file is the one open", func(t *testing.T) {
		a := uitest.NewApp(t)
		current := filepath.Join(t.TempDir(), "open.kpitree")
		ws := pathWorkspace{Workspace: sampleWorkspace(t, "en"), path: current}
		op := &countingOpener{}
		s, err := ui.New(ui.Params{App: a, Opener: op, Workspace: ws})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Window().Close)
		recent := s.MainMenu().Items[0].Items[2].ChildMenu
		recent.Items[0].Action()
		s.WaitIdle()
		op.mu.Lock()
		defer op.mu.Unlock()
		if op.opens != 0 || s.Workspace() != ui.Workspace(ws) {
			t.Fatalf("opened %d times, workspace switched %v", op.opens, s.Workspace() != ui.Workspace(ws))
		}
		if _, _, _, msg := s.Status(); !strings.Contains(msg, "already open") {
			t.Fatalf("status = %q, want it to say the file is already open", msg)
		}
	})
	t.Run("should drop a missing file from Open recent and say where to look", func(t *testing.T) {
		s, a, _ := newFileShell(t)
		gone := filepath.Join(t.TempDir(), "moved.kpitree")
		ui.AddRecentFile(a.Preferences(), gone)
		// The menu is rebuilt on workspace changes.
		s.SetWorkspace(s.Workspace(), "")
		recent := s.MainMenu().Items[0].Items[2].ChildMenu
		i := slices.IndexFunc(recent.Items, func(it *fyne.MenuItem) bool { return it.Label == gone })
		if i < 0 {
			t.Fatalf("Open recent lists %q, want %q in it", uitest.MenuLabels(recent), gone)
		}
		recent.Items[i].Action()
		s.WaitIdle()
		if slices.Contains(ui.RecentFiles(a.Preferences()), gone) {
			t.Fatal("the missing file is still in the recent list")
		}
		if got := overlayText(s); !strings.Contains(got, "no longer exists") {
			t.Fatalf("dialog says %q, want the missing-file message", got)
		}
	})
}

// TestUserMessage_Japanese runs in a child process with the Japanese UI
// (Fyne's translations are package state) and checks that a locked
// workspace is explained in Japanese, in a dialog and in the inspector.
func TestUserMessage_Japanese(t *testing.T) {
	const locked = "別のウィンドウで開かれています"
	if os.Getenv(uitest.LangChildEnv) != "" {
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		err := fmt.Errorf("open /w/a.kpitree: %w", store.ErrLocked)
		if got := uikit.UserMessage(err); !strings.Contains(got, locked) {
			t.Fatalf("UserMessage = %q, want the Japanese locked message", got)
		}
		a := uitest.NewApp(t)
		// A failed open at start: the start page says why, once, and no
		// tree is on screen to edit.
		s, nerr := ui.New(ui.Params{App: a, Opener: ui.FileOpener{}, StartupError: err})
		if nerr != nil {
			t.Fatal(nerr)
		}
		defer s.Window().Close()
		if shown, msg := s.StartPage(); !shown || !strings.Contains(msg, locked) {
			t.Fatalf("start page shown %v saying %q, want the Japanese locked message", shown, msg)
		}
		if got := overlayText(s); got != "" {
			t.Fatalf("a dialog repeats the start page: %q", got)
		}
		if n := len(s.Canvas().Boxes()); n != 0 {
			t.Fatalf("the canvas shows %d boxes with no workspace open", n)
		}
		ws := sampleWorkspace(t, "ja")
		s.SetWorkspace(ws, "")
		if shown, _ := s.StartPage(); shown {
			t.Fatal("the start page stays over an open workspace")
		}
		in := s.Inspector()
		// The store refuses the edit as a locked file would.
		in.SetSource(lockedStore{Adapter: ws.(*ui.Adapter), err: err}, nil)
		in.Owner.SetText("CS")
		test.Tap(in.Apply)
		s.WaitIdle()
		if !strings.Contains(in.Status.Text, locked) {
			t.Fatalf("inspector status = %q, want the Japanese locked message", in.Status.Text)
		}
		// Go's error text is English: the sentence stands alone, and the
		// error dialog keeps the text under 詳細 for a support request.
		corrupt := fmt.Errorf("open workspace /w/a.kpitree: %w", store.ErrCorrupt)
		msg := uikit.UserMessage(corrupt)
		if strings.ContainsFunc(msg, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) {
			t.Fatalf("UserMessage = %q: English in the Japanese sentence", msg)
		}
		w := test.NewTempWindow(t, widget.NewLabel(""))
		w.Resize(fyne.NewSize(900, 600))
		uikit.ShowError(corrupt, w)
		texts := uitest.RenderedTexts(w)
		if !uitest.HasText(texts, msg) || !uitest.HasText(texts, "詳細") {
			t.Fatalf("error dialog shows %q, want the sentence and 詳細", texts)
		}
		test.Tap(uitest.TopButton(t, w, "詳細"))
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			if l, ok := o.(*widget.Label); ok && l.Text == corrupt.Error() && l.Visible() {
				return
			}
		}
		t.Fatalf("the error dialog does not keep the technical text %q", corrupt.Error())
	}
	uitest.RunLanguageChild(t, "TestUserMessage_Japanese", "ja|ファイル")
}

// lockedStore is a workspace whose every node edit fails with err.
type lockedStore struct {
	*ui.Adapter
	err error
}

// Apply refuses the edit.
func (l lockedStore) Apply(kpitree.Op) error { return l.err }
