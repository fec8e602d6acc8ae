package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestCreateAndOpen(t *testing.T) {
	t.Run("should reopen with the same tree and ja defaults", func(t *testing.T) {
		w, path := newWorkspace(t)
		want := dump(t, w)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		w2, err := workspace.Open(path, workspace.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		if got := dump(t, w2); got != want {
			t.Errorf("reopened:\n%s\nwant:\n%s", got, want)
		}
		if s := w2.Settings(); s.FiscalYearStart != 4 || s.Lang != "ja" || s.Paths != 1000 {
			t.Errorf("settings = %+v, want ja defaults (April, 1000 paths)", s)
		}
	})
	t.Run("should refuse to overwrite an existing file", func(t *testing.T) {
		_, path := newWorkspace(t)
		_, err := workspace.Create(path, workspace.CreateParams{Tree: canonicalTree()})
		if !errors.Is(err, store.ErrExists) {
			t.Errorf("create over an existing file: %v, want ErrExists", err)
		}
	})
	t.Run("should refuse duplicate ids", func(t *testing.T) {
		tr := canonicalTree()
		tr.Nodes = append(tr.Nodes, tr.Nodes[1])
		_, err := workspace.Create(t.TempDir()+"/x.kpitree", workspace.CreateParams{Tree: tr})
		if !errors.Is(err, kpitree.ErrDuplicateID) {
			t.Errorf("create with duplicate ids: %v, want ErrDuplicateID", err)
		}
	})
	t.Run("should report a second writer as locked", func(t *testing.T) {
		_, path := newWorkspace(t)
		_, err := workspace.Open(path, workspace.Options{Timeout: 100e6})
		if !errors.Is(err, store.ErrLocked) {
			t.Errorf("second open: %v, want ErrLocked", err)
		}
	})
	t.Run("should refuse a file that is not a workspace", func(t *testing.T) {
		p := t.TempDir() + "/junk.kpitree"
		if err := os.WriteFile(p, []byte("month,revenue\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := workspace.Open(p, workspace.Options{}); !errors.Is(err, store.ErrNotWorkspace) {
			t.Errorf("open junk: %v, want ErrNotWorkspace", err)
		}
	})
}

func TestReadOnly(t *testing.T) {
	w, path := newSampleWorkspace(t)
	w.Close()
	r, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.AddScenario(upside()); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("edit read-only: %v, want ErrReadOnly", err)
	}
	if _, err := r.Evaluate(""); err != nil {
		t.Errorf("evaluate read-only: %v", err)
	}
}

func TestEvaluate(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	if e.Calendar.Periods != 36 || e.Calendar.Start.Format("2006-01") != "2023-04" || e.Calendar.FiscalYearStart != 4 {
		t.Fatalf("calendar = %+v, want 36 months from 2023-04 with April fiscal years", e.Calendar)
	}
	d := sampleDataset(t)
	var actual []float64
	for _, c := range d.Columns {
		if c.Name == "revenue_jpy" {
			actual = c.Values
		}
	}
	rev := e.Values("revenue")
	for i, v := range rev {
		// unit price × round(onboarded × rate) is within ±3 % of revenue; the
		// tree does not round customers, so allow a little more.
		if math.IsNaN(v) || math.Abs(v-actual[i])/actual[i] > 0.04 {
			t.Errorf("period %d: revenue %v, actual %v: more than 4%% apart", i, v, actual[i])
		}
	}
	t.Run("should apply a scenario only from its start", func(t *testing.T) {
		if err := w.AddScenario(upside()); err != nil {
			t.Fatal(err)
		}
		s, err := w.Evaluate("upside")
		if err != nil {
			t.Fatal(err)
		}
		up := s.Values("active_rate")
		base := e.Values("active_rate")
		if up[23] != base[23] || !(up[30] > base[30]) {
			t.Errorf("active rate period 23: %v vs %v (want equal), 30: %v vs %v (want higher)", up[23], base[23], up[30], base[30])
		}
	})
	t.Run("should fail for an unknown scenario", func(t *testing.T) {
		if _, err := w.Evaluate("nope"); !errors.Is(err, workspace.ErrUnknownScenario) {
			t.Errorf("got %v, want ErrUnknownScenario", err)
		}
	})
}

func TestRejectedImportLeavesFileUntouched(t *testing.T) {
	cases := []struct {
		name  string
		data  func(workspace.Dataset) workspace.Dataset
		binds []workspace.Binding
		want  error
	}{
		{"binding a formula node", nil, []workspace.Binding{{Node: "revenue", Column: "revenue_jpy"}}, workspace.ErrNotInput},
		{"binding a missing column", nil, []workspace.Binding{{Node: "csm_count", Column: "nope"}}, workspace.ErrUnknownColumn},
		{"binding an unknown node", nil, []workspace.Binding{{Node: "ghost", Column: "csm_count"}}, kpitree.ErrUnknownNode},
		{"a short column", func(d workspace.Dataset) workspace.Dataset {
			d.Columns[0].Values = d.Columns[0].Values[:3]
			return d
		}, nil, workspace.ErrBadDataset},
		{"a weekly dataset", func(d workspace.Dataset) workspace.Dataset {
			d.Calendar.Freq = kpitree.Week
			return d
		}, sampleBindings(), workspace.ErrCalendarMismatch},
	}
	for _, c := range cases {
		t.Run("should reject "+c.name+" without writing", func(t *testing.T) {
			w, path := newWorkspace(t)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			docs := dump(t, w)
			d := sampleDataset(t)
			if c.data != nil {
				d = c.data(d)
			}
			if _, err := w.CommitImport(d, c.binds); !errors.Is(err, c.want) {
				t.Fatalf("import: %v, want %v", err, c.want)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("file bytes changed")
			}
			if got := dump(t, w); got != docs {
				t.Error("documents changed")
			}
			if w.CanUndo() {
				t.Error("a rejected import was recorded in the history")
			}
		})
	}
}

func TestScenarioCRUD(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	steps := []struct {
		name string
		do   func() error
		want error
	}{
		{"add", func() error { return w.AddScenario(upside()) }, nil},
		{"add again", func() error { return w.AddScenario(upside()) }, workspace.ErrScenarioExists},
		{"add with an unknown node", func() error {
			return w.AddScenario(kpitree.Scenario{Name: "x", Overrides: []kpitree.Override{{Node: "ghost", Op: kpitree.OpSet}}})
		}, kpitree.ErrUnknownNode},
		{"add with a bad op", func() error {
			return w.AddScenario(kpitree.Scenario{Name: "x", Overrides: []kpitree.Override{{Node: "csm_count", Op: "mul"}}})
		}, kpitree.ErrBadScenario},
		{"add with an empty name", func() error { return w.AddScenario(kpitree.Scenario{Name: "  "}) }, workspace.ErrBadName},
		{"duplicate", func() error { return w.DuplicateScenario("upside", "upside 2") }, nil},
		{"duplicate onto an existing name", func() error { return w.DuplicateScenario("upside", "upside 2") }, workspace.ErrScenarioExists},
		{"rename", func() error { return w.RenameScenario("upside 2", "stretch") }, nil},
		{"rename a missing one", func() error { return w.RenameScenario("upside 2", "x") }, workspace.ErrUnknownScenario},
		{"update", func() error {
			sc := upside()
			sc.Name, sc.Description = "stretch", "more"
			return w.UpdateScenario(sc)
		}, nil},
		{"delete", func() error { return w.DeleteScenario("upside") }, nil},
		{"delete again", func() error { return w.DeleteScenario("upside") }, workspace.ErrUnknownScenario},
	}
	for _, s := range steps {
		if err := s.do(); !errors.Is(err, s.want) {
			t.Fatalf("%s: %v, want %v", s.name, err, s.want)
		}
	}
	got, err := w.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "stretch" || got[0].Description != "more" || len(got[0].Overrides) != 1 {
		t.Errorf("scenarios = %+v, want only the updated stretch", got)
	}
}

func TestEvents(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	var mu sync.Mutex
	var got []workspace.EventKind
	unsub := w.Subscribe(func(e workspace.Event) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e.Kind)
	})
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	unsub()
	if err := w.Unbind("csm_count"); err != nil {
		t.Fatal(err)
	}
	want := []workspace.EventKind{workspace.ScenariosChanged, workspace.HistoryChanged, workspace.ScenariosChanged, workspace.HistoryChanged}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				if i%2 == 0 {
					if _, err := w.Evaluate(""); err != nil {
						t.Error(err)
					}
					continue
				}
				n := w.Tree().Nodes[1]
				n.Description = string(rune('a' + i*10 + j))
				if err := w.SetNode(n); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	h, err := w.History()
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 11 {
		t.Errorf("history has %d entries, want 1 import + 10 edits", len(h))
	}
}

func TestClosed(t *testing.T) {
	w, _ := newWorkspace(t)
	w.Close()
	if err := w.AddScenario(upside()); !errors.Is(err, workspace.ErrClosed) {
		t.Errorf("edit after close: %v, want ErrClosed", err)
	}
	if _, err := w.Evaluate(""); !errors.Is(err, workspace.ErrClosed) {
		t.Errorf("evaluate after close: %v, want ErrClosed", err)
	}
}

func TestBackgroundJobsDuringEdits(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	s := w.Settings()
	s.Paths = 100
	if err := w.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for range 3 {
			if _, err := w.Simulate(context.Background(), workspace.SimulateOptions{}); err != nil {
				t.Error(err)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 10 {
			n, _ := w.Node("unit_price")
			n.Description = string(rune('a' + i))
			if err := w.SetNode(n); err != nil {
				t.Error(err)
			}
			if _, err := w.Evaluate("upside"); err != nil {
				t.Error(err)
			}
			if i%3 == 0 {
				if _, err := w.Undo(); err != nil {
					t.Error(err)
				}
			}
		}
	}()
	wg.Wait()
	if n := len(w.Forecasts()); n != 4 {
		t.Errorf("%d current forecasts after the jobs, want 4", n)
	}
}
