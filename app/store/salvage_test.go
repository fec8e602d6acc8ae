package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/store"
)

// damageValue flips one byte inside every stored copy of a marker value.
func damageValue(t *testing.T, path, marker string) {
	t.Helper()
	data := readFile(t, path)
	n := 0
	// Every copy: freed pages may still hold older ones.
	for i := strings.Index(string(data), marker); i >= 0; i = strings.Index(string(data), marker) {
		data[i+len(marker)/2] ^= 0x20
		n++
	}
	if n == 0 {
		t.Fatalf("marker %q not in the file", marker)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedRecordIsNamedAndSalvaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ws.kpitree")
	s, err := store.Create(path, "test") // no integrity cleanup: the test damages it
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, store.BucketTrees, "main", "tree document")
	put(t, s, store.BucketScenarios, "Upside", "UPSIDE-SCENARIO-BODY")
	put(t, s, store.BucketScenarios, "Base", "base scenario")
	if err := s.Update(func(tx *store.Tx) error { return tx.Record("edit", []byte("f"), []byte("i")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	damageValue(t, path, "UPSIDE-SCENARIO-BODY")

	t.Run("should refuse to open, naming the damaged record", func(t *testing.T) {
		for _, ro := range []bool{true, false} {
			_, err := store.Open(path, store.Options{ReadOnly: ro})
			if !errors.Is(err, store.ErrDamagedRecords) || !errors.Is(err, store.ErrCorrupt) {
				t.Fatalf("read-only=%v: %v, want ErrDamagedRecords", ro, err)
			}
			if !strings.Contains(err.Error(), "scenario 'Upside': damaged") {
				t.Errorf("message %q does not name the record", err)
			}
		}
	})
	t.Run("should copy every intact record and list the lost one", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "saved.kpitree")
		rep, err := store.Salvage(path, dst)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Copied != 2 || rep.HistoryKept != 1 || len(rep.Lost) != 1 || rep.Lost[0] != "scenario 'Upside'" {
			t.Fatalf("report %+v, want 2 copied, 1 history entry, lost [scenario 'Upside']", rep)
		}
		if want := (store.LostItem{Kind: store.LostRecord, Bucket: store.BucketScenarios, Key: "Upside"}); len(rep.Items) != 1 || rep.Items[0] != want {
			t.Errorf("items %+v, want [%+v]", rep.Items, want)
		}
		r := openStore(t, dst, store.Options{})
		if got := get(t, r, store.BucketScenarios, "Base"); got != "base scenario" {
			t.Errorf("Base = %q", got)
		}
		if got := get(t, r, store.BucketScenarios, "Upside"); got != "" {
			t.Errorf("the damaged record was copied: %q", got)
		}
		if !r.CanUndo() {
			t.Error("the intact history was not kept")
		}
	})
	t.Run("should refuse to overwrite an existing file", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "x.kpitree")
		_ = os.WriteFile(dst, []byte("keep"), 0o600)
		if _, err := store.Salvage(path, dst); !errors.Is(err, store.ErrExists) {
			t.Errorf("err = %v, want ErrExists", err)
		}
	})
}
