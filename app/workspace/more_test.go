package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestDataEdits(t *testing.T) {
	t.Run("should drop the bindings of a removed dataset", func(t *testing.T) {
		w, _ := newSampleWorkspace(t)
		id := w.Datasets()[0].ID
		if err := w.RemoveDataset(id); err != nil {
			t.Fatal(err)
		}
		if n := len(w.Bindings()); n != 0 {
			t.Errorf("%d bindings left after removing their dataset", n)
		}
		if err := w.RemoveDataset(id); !errors.Is(err, workspace.ErrUnknownDataset) {
			t.Errorf("removing it again: %v", err)
		}
	})
	t.Run("should refuse binding a formula node", func(t *testing.T) {
		w, _ := newSampleWorkspace(t)
		if err := w.Bind("revenue", "cs_monthly", "revenue_jpy"); !errors.Is(err, workspace.ErrNotInput) {
			t.Errorf("got %v, want ErrNotInput", err)
		}
		if err := w.Bind("csm_count", "nope", "x"); !errors.Is(err, workspace.ErrUnknownDataset) {
			t.Errorf("got %v, want ErrUnknownDataset", err)
		}
	})
	t.Run("should drop a binding when its node becomes a formula", func(t *testing.T) {
		w, _ := newSampleWorkspace(t)
		n, ok := w.Node("csm_count")
		if !ok {
			t.Fatal("no csm_count")
		}
		n.Kind, n.Formula = kpitree.KindFormula, "6"
		if err := w.SetNode(n); err != nil {
			t.Fatal(err)
		}
		for _, b := range w.Bindings() {
			if b.Node == "csm_count" {
				t.Error("binding kept for a formula node")
			}
		}
	})
	t.Run("should give a second dataset of the same name its own id", func(t *testing.T) {
		w, _ := newSampleWorkspace(t)
		id, err := w.CommitImport(sampleDataset(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		if id != "cs_monthly_2" || len(w.Datasets()) != 2 {
			t.Errorf("second import id %q, %d datasets", id, len(w.Datasets()))
		}
	})
}

func TestTreeEditsValidate(t *testing.T) {
	w, _ := newWorkspace(t)
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"an invalid id", func() error { return w.AddNode(kpitree.Node{ID: "1bad", Kind: kpitree.KindInput}) }, kpitree.ErrInvalidID},
		{"a duplicate id", func() error { return w.AddNode(kpitree.Node{ID: "csm_count", Kind: kpitree.KindInput}) }, kpitree.ErrDuplicateID},
		{"editing a missing node", func() error { return w.SetNode(kpitree.Node{ID: "ghost"}) }, kpitree.ErrUnknownNode},
		{"removing a missing node", func() error { return w.RemoveNode("ghost") }, kpitree.ErrUnknownNode},
	}
	for _, c := range cases {
		t.Run("should reject "+c.name, func(t *testing.T) {
			before := dump(t, w)
			if err := c.do(); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
			if dump(t, w) != before {
				t.Error("a rejected edit changed the workspace")
			}
		})
	}
}

func TestReadOnlyForecast(t *testing.T) {
	w, path := newSampleWorkspace(t)
	w.Close()
	before, _ := os.ReadFile(path)
	r, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.ForecastAll(context.Background(), workspace.ForecastOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Computed != 4 || len(r.Forecasts()) != 4 {
		t.Errorf("read-only forecast: %+v, %d kept in memory", rep, len(r.Forecasts()))
	}
	r.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a read-only forecast changed the file")
	}
}

func TestSaveAsAndCompact(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	if err := w.AddScenario(upside()); err != nil {
		t.Fatal(err)
	}
	want := dump(t, w)
	cp := t.TempDir() + "/copy.kpitree"
	if err := w.SaveAs(cp); err != nil {
		t.Fatal(err)
	}
	c, err := workspace.Open(cp, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(t, c); got != want {
		t.Error("the copy differs")
	}
	c.Close()
	if err := w.Compact(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, w); got != want {
		t.Error("compaction changed the workspace")
	}
	if _, err := w.Undo(); err != nil {
		t.Errorf("undo after compaction: %v", err)
	}
}

// putRaw writes one raw document with the store, bypassing the workspace.
func putRaw(t *testing.T, path, bucket, key string, v []byte) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(func(tx *store.Tx) error { return tx.Put(bucket, key, v) }); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedDocuments(t *testing.T) {
	t.Run("should refuse a damaged node document with ErrCorrupt", func(t *testing.T) {
		w, path := newSampleWorkspace(t)
		w.Close()
		putRaw(t, path, store.BucketTrees, "node/unit_price", []byte("{garbage"))
		if _, err := workspace.Open(path, workspace.Options{}); !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("open: %v, want ErrCorrupt", err)
		}
	})
	t.Run("should treat a damaged forecast as a cache miss", func(t *testing.T) {
		w, path := newSampleWorkspace(t)
		if _, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
			t.Fatal(err)
		}
		w.Close()
		putRaw(t, path, store.BucketForecasts, "active_rate", []byte("{garbage"))
		putRaw(t, path, store.BucketForecasts, "csm_count#paths", []byte{1, 2, 3})
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		if n := len(w2.Forecasts()); n != 3 {
			t.Errorf("%d current forecasts, want 3 (one damaged)", n)
		}
		rep, err := w2.ForecastAll(context.Background(), workspace.ForecastOptions{})
		if err != nil || rep.Computed != 1 {
			t.Errorf("refresh after damage: %+v, %v; want 1 recomputed", rep, err)
		}
		sim, err := w2.Simulate(context.Background(), workspace.SimulateOptions{})
		if err != nil {
			t.Fatalf("simulate with damaged cached paths: %v", err)
		}
		if len(sim.Notes) != 0 || sim.Paths != 1000 {
			t.Errorf("simulate: notes %v, %d paths; want the damaged paths recomputed", sim.Notes, sim.Paths)
		}
	})
}
