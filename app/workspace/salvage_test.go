package workspace_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// damagedSample writes a sample workspace whose scenario "Upside" and leaf
// csm_count are damaged (a bit flipped in every stored copy).
func damagedSample(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.kpitree")
	w, err := workspace.CreateSample(path, "en")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddScenario(kpitree.Scenario{Name: "Upside", Description: "SCENARIO-MARKER-TO-DAMAGE"}); err != nil {
		t.Fatal(err)
	}
	n, _, _ := w.Tree().NodeByID("csm_count")
	n.Description = "NODE-MARKER-TO-DAMAGE"
	if err := w.SetNode(n); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range [][]byte{[]byte("SCENARIO-MARKER-TO-DAMAGE"), []byte("NODE-MARKER-TO-DAMAGE")} {
		for i := bytes.Index(data, m); i >= 0; i = bytes.Index(data, m) {
			data[i+len(m)/2] ^= 0x20
		}
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSalvage_ReportsLostItemsInParts(t *testing.T) {
	path := damagedSample(t)
	rep, err := workspace.Salvage(path, filepath.Join(t.TempDir(), "out.kpitree"))
	if err != nil {
		t.Fatal(err)
	}
	want := []workspace.LostItem{
		{What: store.LostRecord, Kind: "scenario", Name: "Upside"},
		{What: store.LostRecord, Kind: "node", Name: "csm_count"},
	}
	if len(rep.Items) != len(rep.Lost) {
		t.Fatalf("items %+v do not match lost %q", rep.Items, rep.Lost)
	}
	for _, w := range want {
		found := false
		for _, it := range rep.Items {
			found = found || it == w
		}
		if !found {
			t.Errorf("items %+v lack %+v", rep.Items, w)
		}
	}
}

func TestSalvagePath(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "plan.kpitree")
	tests := []struct {
		name   string
		exists []string
		want   string
	}{
		{"should put the copy beside the file", nil, "plan-salvaged.kpitree"},
		{"should never name an existing file", []string{"plan-salvaged.kpitree"}, "plan-salvaged-2.kpitree"},
		{"should skip every taken number", []string{"plan-salvaged.kpitree", "plan-salvaged-2.kpitree"}, "plan-salvaged-3.kpitree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, e := range tt.exists {
				if err := os.WriteFile(filepath.Join(dir, e), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if got := workspace.SalvagePath(src); got != filepath.Join(dir, tt.want) {
				t.Errorf("SalvagePath = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSalvageReplacing(t *testing.T) {
	path := damagedSample(t)
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should refuse to write onto the damaged file", func(t *testing.T) {
		for _, replace := range []bool{false, true} {
			if _, err := workspace.SalvageReplacing(path, path, replace); !errors.Is(err, workspace.ErrSalvageOntoSource) {
				t.Errorf("replace=%v: %v, want ErrSalvageOntoSource", replace, err)
			}
		}
		if now, _ := os.ReadFile(path); !bytes.Equal(now, original) {
			t.Error("the damaged file changed")
		}
	})
	t.Run("should refuse an existing file unless told to replace it", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "taken.kpitree")
		if err := os.WriteFile(dst, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := workspace.SalvageReplacing(path, dst, false); !errors.Is(err, store.ErrExists) {
			t.Fatalf("err = %v, want ErrExists", err)
		}
		rep, err := workspace.SalvageReplacing(path, dst, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Items) != 2 {
			t.Errorf("lost %+v, want 2 items", rep.Items)
		}
		w, err := workspace.Open(dst, workspace.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("the replaced file does not open: %v", err)
		}
		_ = w.Close()
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".*")); len(left) > 0 {
			t.Errorf("temporary files left behind: %v", left)
		}
	})
}

func TestDateOrderChoices(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	dir := t.TempDir()
	csv := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w, err := workspace.CreateSample(filepath.Join(dir, "ws.kpitree"), "en")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tests := []struct {
		name, file, body string
		example          string
		dmy, mdy         time.Time
		ok               bool
	}{
		{"should read the first ambiguous date both ways", "amb.csv", "date,sales\n05/01/2024,1\n05/02/2024,2\n05/03/2024,3\n", "05/01/2024", day(2024, 1, 5), day(2024, 5, 1), true},
		{"should not ask when the column mixes both orders", "mixed.csv", "date,sales\n20/01/2024,1\n01/21/2024,2\n", "", time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.PreviewImport(t.Context(), csv(tt.file, tt.body), dataio.Options{})
			if !errors.Is(err, dataio.ErrAmbiguousDate) {
				t.Fatalf("import: %v, want ErrAmbiguousDate", err)
			}
			example, readings, ok := workspace.DateOrderChoices(err)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if example != tt.example || len(readings) != 2 ||
				readings[0].Order != dataio.DateDMY || !readings[0].Date.Equal(tt.dmy) ||
				readings[1].Order != dataio.DateMDY || !readings[1].Date.Equal(tt.mdy) {
				t.Errorf("got %q %+v", example, readings)
			}
		})
	}
	if _, _, ok := workspace.DateOrderChoices(errors.New("other")); ok {
		t.Error("an unrelated error offers a date order")
	}
}
