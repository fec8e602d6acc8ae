package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

func TestCreate(t *testing.T) {
	t.Run("should create a current-schema workspace marked in use", func(t *testing.T) {
		before := time.Now().UTC().Add(-time.Second)
		s, _ := newStore(t)
		m := s.Meta()
		if m.Schema != store.SchemaVersion || m.AppVersion != "test-1.0" || m.CleanShutdown {
			t.Errorf("Meta = %+v, want schema %d, app test-1.0, not clean", m, store.SchemaVersion)
		}
		if m.Created.Before(before) || m.Created.After(time.Now().UTC()) {
			t.Errorf("Created = %v, want about now", m.Created)
		}
		if s.CanUndo() || s.CanRedo() {
			t.Error("a new workspace should have no history")
		}
	})
	t.Run("should refuse an existing path and leave it alone", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.kpitree")
		if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := store.Create(path, "v")
		if !errors.Is(err, store.ErrExists) {
			t.Fatalf("Create over a file: err = %v, want ErrExists", err)
		}
		if got := readFile(t, path); string(got) != "keep me" {
			t.Errorf("existing file changed to %q", got)
		}
	})
	t.Run("should leave no temporary files beside the workspace", func(t *testing.T) {
		_, path := newStore(t)
		entries, err := os.ReadDir(filepath.Dir(path))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("dir holds %v, want only the workspace", names)
		}
	})
}

func TestDocuments(t *testing.T) {
	s, _ := newStore(t)
	err := s.Update(func(tx *store.Tx) error {
		for _, b := range store.DocumentBuckets() {
			for _, k := range []string{"b", "a", "c"} {
				if err := tx.Put(b, k, []byte(b+"/"+k)); err != nil {
					return err
				}
			}
		}
		return tx.Delete(store.BucketCharts, "b")
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, bucket string
		wantKeys     []string
	}{
		{"should list keys in byte order", store.BucketTrees, []string{"a", "b", "c"}},
		{"should not list a deleted key", store.BucketCharts, []string{"a", "c"}},
		{"should list nothing for an unknown bucket", "nope", nil},
		{"should hide the internal meta bucket", "meta", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keys []string
			var seen []string
			err := s.View(func(tx *store.Tx) error {
				keys = tx.Keys(tt.bucket)
				if tt.wantKeys == nil {
					return nil
				}
				return tx.ForEach(tt.bucket, func(k string, v []byte) error {
					if string(v) != tt.bucket+"/"+k {
						t.Errorf("ForEach %s: value %q", k, v)
					}
					seen = append(seen, k)
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(keys, tt.wantKeys) {
				t.Errorf("Keys = %v, want %v", keys, tt.wantKeys)
			}
			if tt.wantKeys != nil && !reflect.DeepEqual(seen, tt.wantKeys) {
				t.Errorf("ForEach visited %v, want %v", seen, tt.wantKeys)
			}
		})
	}
	t.Run("should return a copy that outlives the transaction", func(t *testing.T) {
		var v []byte
		_ = s.View(func(tx *store.Tx) error { v = tx.Get(store.BucketTrees, "a"); return nil })
		put(t, s, store.BucketTrees, "a", "changed")
		if string(v) != "trees/a" {
			t.Errorf("Get result changed to %q after a later write", v)
		}
	})
	t.Run("should copy the value given to Put", func(t *testing.T) {
		buf := []byte("original")
		_ = s.Update(func(tx *store.Tx) error { return tx.Put(store.BucketSettings, "k", buf) })
		copy(buf, "XXXXXXXX")
		if got := get(t, s, store.BucketSettings, "k"); got != "original" {
			t.Errorf("stored value = %q, want original", got)
		}
	})
	t.Run("should keep an empty value distinct from a missing one", func(t *testing.T) {
		put(t, s, store.BucketSettings, "empty", "")
		_ = s.View(func(tx *store.Tx) error {
			if v := tx.Get(store.BucketSettings, "empty"); v == nil || len(v) != 0 {
				t.Errorf("empty value: Get = %#v, want non-nil empty", v)
			}
			if v := tx.Get(store.BucketSettings, "missing"); v != nil {
				t.Errorf("missing key: Get = %#v, want nil", v)
			}
			return nil
		})
	})
	t.Run("should stop ForEach at the callback's error", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := s.View(func(tx *store.Tx) error {
			return tx.ForEach(store.BucketTrees, func(string, []byte) error { n++; return stop })
		})
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("err = %v after %d calls, want stop after 1", err, n)
		}
	})
}

func TestWriteErrors(t *testing.T) {
	s, _ := newStore(t)
	tests := []struct {
		name    string
		view    bool
		op      func(tx *store.Tx) error
		wantErr error
	}{
		{"should refuse Put in a View", true, func(tx *store.Tx) error { return tx.Put(store.BucketTrees, "k", nil) }, store.ErrReadOnly},
		{"should refuse Delete in a View", true, func(tx *store.Tx) error { return tx.Delete(store.BucketTrees, "k") }, store.ErrReadOnly},
		{"should refuse Record in a View", true, func(tx *store.Tx) error { return tx.Record("x", nil, nil) }, store.ErrReadOnly},
		{"should refuse an unknown bucket", false, func(tx *store.Tx) error { return tx.Put("history", "k", nil) }, store.ErrUnknownBucket},
		{"should refuse ForEach on an unknown bucket", true, func(tx *store.Tx) error {
			return tx.ForEach("x", func(string, []byte) error { return nil })
		}, store.ErrUnknownBucket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.view {
				err = s.View(tt.op)
			} else {
				err = s.Update(tt.op)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	t.Run("should refuse an empty key", func(t *testing.T) {
		err := s.Update(func(tx *store.Tx) error { return tx.Put(store.BucketTrees, "", []byte("x")) })
		if err == nil {
			t.Error("Put with empty key succeeded")
		}
	})
}

func TestUpdate(t *testing.T) {
	t.Run("should roll back everything and return the callback's error unchanged", func(t *testing.T) {
		s, _ := newStore(t)
		boom := errors.New("boom")
		modified := s.Meta().Modified
		err := s.Update(func(tx *store.Tx) error {
			if err := tx.Put(store.BucketTrees, "t", []byte("x")); err != nil {
				return err
			}
			if err := tx.Record("edit", []byte("f"), []byte("i")); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("err = %v, want boom itself", err)
		}
		if got := get(t, s, store.BucketTrees, "t"); got != "" {
			t.Errorf("rolled-back write visible: %q", got)
		}
		if s.CanUndo() {
			t.Error("rolled-back history entry visible")
		}
		if !s.Meta().Modified.Equal(modified) {
			t.Error("Modified moved on a rolled-back update")
		}
	})
	t.Run("should advance Modified on a committed write", func(t *testing.T) {
		s, _ := newStore(t)
		before := s.Meta().Modified
		time.Sleep(2 * time.Millisecond)
		put(t, s, store.BucketTrees, "t", "x")
		if !s.Meta().Modified.After(before) {
			t.Errorf("Modified = %v, want after %v", s.Meta().Modified, before)
		}
	})
	t.Run("should re-raise a panic from the callback rather than report corruption", func(t *testing.T) {
		s, _ := newStore(t)
		defer func() {
			if r := recover(); r != "callback bug" {
				t.Errorf("recovered %v, want the callback's own panic value", r)
			}
			put(t, s, store.BucketTrees, "after", "ok") // the store is still usable
		}()
		_ = s.Update(func(tx *store.Tx) error { panic("callback bug") })
	})
}

func TestReopen(t *testing.T) {
	s, path := newStore(t)
	put(t, s, store.BucketDatasets, "sales", "[1,2,3]")
	created := s.Meta().Created
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
	t.Run("should fail with ErrClosed after Close", func(t *testing.T) {
		if err := s.View(func(*store.Tx) error { return nil }); !errors.Is(err, store.ErrClosed) {
			t.Errorf("View after Close: %v, want ErrClosed", err)
		}
		if _, err := s.Undo(func(*store.Tx, []byte) error { return nil }); !errors.Is(err, store.ErrClosed) {
			t.Errorf("Undo after Close: %v, want ErrClosed", err)
		}
	})
	t.Run("should mark the file clean on Close and keep the data", func(t *testing.T) {
		r := openStore(t, path, store.Options{ReadOnly: true})
		if m := r.Meta(); !m.CleanShutdown || !m.Created.Equal(created) {
			t.Errorf("Meta after Close = %+v, want clean and created %v", m, created)
		}
		if got := get(t, r, store.BucketDatasets, "sales"); got != "[1,2,3]" {
			t.Errorf("document after reopen = %q", got)
		}
		if err := r.Update(func(*store.Tx) error { return nil }); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Update read-only: %v, want ErrReadOnly", err)
		}
	})
	t.Run("should record the opening app version", func(t *testing.T) {
		w, err := store.Open(path, store.Options{AppVersion: "2.0"})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if m := w.Meta(); m.AppVersion != "2.0" || m.CleanShutdown {
			t.Errorf("Meta = %+v, want app 2.0, not clean while open", m)
		}
	})
}

func TestOpenMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.kpitree")
	_, err := store.Open(path, store.Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want os.ErrNotExist", err)
	}
	if _, serr := os.Stat(path); !errors.Is(serr, os.ErrNotExist) {
		t.Error("Open created the missing file")
	}
}

func TestSaveAs(t *testing.T) {
	s, path := newStore(t)
	put(t, s, store.BucketTrees, "main", "tree-v1")
	dst := filepath.Join(t.TempDir(), "copy.kpitree")
	if err := s.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	put(t, s, store.BucketTrees, "main", "tree-v2")

	t.Run("should write a clean snapshot of the moment of the call", func(t *testing.T) {
		c := openStore(t, dst, store.Options{ReadOnly: true})
		if !c.Meta().CleanShutdown {
			t.Error("copy not marked clean")
		}
		if got := get(t, c, store.BucketTrees, "main"); got != "tree-v1" {
			t.Errorf("copy holds %q, want tree-v1", got)
		}
	})
	t.Run("should keep the original open and writable", func(t *testing.T) {
		if s.Path() != path || get(t, s, store.BucketTrees, "main") != "tree-v2" {
			t.Error("original store changed by SaveAs")
		}
	})
	t.Run("should refuse its own file", func(t *testing.T) {
		if err := s.SaveAs(path); err == nil {
			t.Error("SaveAs onto itself succeeded")
		}
	})
	t.Run("should refuse a file open in another window", func(t *testing.T) {
		other, otherPath := newStore(t)
		_ = other
		before := readFile(t, otherPath)
		err := s.SaveAs(otherPath)
		if !errors.Is(err, store.ErrLocked) {
			t.Errorf("err = %v, want ErrLocked", err)
		}
		if !bytes.Equal(before, readFile(t, otherPath)) {
			t.Error("locked destination was modified")
		}
	})
	t.Run("should stream an openable snapshot with WriteTo", func(t *testing.T) {
		var buf bytes.Buffer
		n, err := s.WriteTo(&buf)
		if err != nil || n != int64(buf.Len()) {
			t.Fatalf("WriteTo = %d, %v (buffer %d)", n, err, buf.Len())
		}
		p := filepath.Join(t.TempDir(), "stream.kpitree")
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		c := openStore(t, p, store.Options{})
		if got := get(t, c, store.BucketTrees, "main"); got != "tree-v2" {
			t.Errorf("stream holds %q, want tree-v2", got)
		}
	})
}
