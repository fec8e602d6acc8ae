package workspace_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
)

// editStore runs fn in one raw store transaction, bypassing the workspace.
func editStore(t *testing.T, path string, fn func(tx *store.Tx) error) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// editOrder rewrites the tree header's node order.
func editOrder(fn func([]string) []string) func(tx *store.Tx) error {
	return func(tx *store.Tx) error {
		var h map[string]any
		if err := json.Unmarshal(tx.Get(store.BucketTrees, "main"), &h); err != nil {
			return err
		}
		var order []string
		for _, id := range h["order"].([]any) {
			order = append(order, id.(string))
		}
		h["order"] = fn(order)
		b, err := json.Marshal(h)
		if err != nil {
			return err
		}
		return tx.Put(store.BucketTrees, "main", b)
	}
}

// TestOpenDamagedTree: opening lays nodes out from the header's order and
// decodes each document into place; every inconsistency between the order
// and the documents is still refused with ErrCorrupt, and stray documents
// are still checked.
func TestOpenDamagedTree(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(tx *store.Tx) error
	}{
		{"should refuse a node listed but without a document", func(tx *store.Tx) error {
			return tx.Delete(store.BucketTrees, "node/csm_count")
		}},
		{"should refuse a node listed twice", editOrder(func(o []string) []string { return append(o, o[0]) })},
		{"should refuse a document holding another node", func(tx *store.Tx) error {
			return tx.Put(store.BucketTrees, "node/csm_count", tx.Get(store.BucketTrees, "node/active_rate"))
		}},
		{"should refuse a damaged document of a node not in the order", func(tx *store.Tx) error {
			return tx.Put(store.BucketTrees, "node/stray", []byte(`{"id":`))
		}},
		{"should refuse a damaged dataset", func(tx *store.Tx) error {
			for _, k := range tx.Keys(store.BucketDatasets) {
				if err := tx.Put(store.BucketDatasets, k, []byte(`{"columns":[{"values":[1,}]}`)); err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, path := newSampleWorkspace(t)
			w.Close()
			editStore(t, path, tc.edit)
			if w2, err := workspace.Open(path, workspace.Options{}); !errors.Is(err, store.ErrCorrupt) {
				if err == nil {
					w2.Close()
				}
				t.Errorf("open: %v, want ErrCorrupt", err)
			}
		})
	}
	t.Run("should ignore a valid document of a node not in the order", func(t *testing.T) {
		w, path := newSampleWorkspace(t)
		want := w.Tree()
		w.Close()
		editStore(t, path, func(tx *store.Tx) error {
			return tx.Put(store.BucketTrees, "node/stray", []byte(`{"id":"stray","name":"Stray","kind":"input"}`))
		})
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		got := w2.Tree()
		ids := func(n int, id func(int) string) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = id(i)
			}
			return out
		}
		if g, w := ids(len(got.Nodes), func(i int) string { return got.Nodes[i].ID }), ids(len(want.Nodes), func(i int) string { return want.Nodes[i].ID }); !slices.Equal(g, w) {
			t.Errorf("nodes %v, want %v", g, w)
		}
		if _, ok := w2.Node("stray"); ok {
			t.Error("a node outside the order should not be part of the tree")
		}
	})
	t.Run("should open reordered nodes in the header's order", func(t *testing.T) {
		w, path := newSampleWorkspace(t)
		w.Close()
		editStore(t, path, editOrder(func(o []string) []string { slices.Reverse(o); return o }))
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		tr := w2.Tree()
		if tr.Nodes[0].ID != "active_rate" || tr.Nodes[len(tr.Nodes)-1].ID != "revenue" {
			t.Errorf("order %v", tr.Nodes)
		}
		if e, err := w2.Evaluate(""); err != nil || len(e.Values("revenue")) == 0 {
			t.Errorf("evaluate after reorder: %v", err)
		}
	})
}
