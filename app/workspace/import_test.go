package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
)

func copySample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "assets", "data", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPreviewAndCommitImport(t *testing.T) {
	w, path := newWorkspace(t)
	src := copySample(t, "cs_monthly.csv")
	before, _ := os.ReadFile(path)
	p, err := w.PreviewImport(context.Background(), src, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should write nothing for a preview", func(t *testing.T) {
		after, _ := os.ReadFile(path)
		if !bytes.Equal(before, after) || len(w.Datasets()) != 0 {
			t.Error("a preview changed the workspace")
		}
	})
	t.Run("should suggest the four leaves", func(t *testing.T) {
		got := map[string]string{}
		for _, b := range p.Suggested {
			got[b.Node] = b.Column
		}
		want := map[string]string{"unit_price": "unit_price_jpy", "csm_count": "csm_count",
			"onboarded_per_csm": "onboarded_per_csm", "active_rate": "active_rate"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("suggested %s ← %q, want %q", k, got[k], v)
			}
		}
	})
	id, err := w.CommitPreview(p, p.Suggested)
	if err != nil {
		t.Fatal(err)
	}
	if id != "cs_monthly_csv" || len(w.Bindings()) != 4 {
		t.Errorf("committed as %q with %d bindings", id, len(w.Bindings()))
	}
	t.Run("should suggest the leaves for the Shift_JIS file with Japanese headers", func(t *testing.T) {
		ja := copySample(t, "cs_monthly_ja_sjis.csv")
		pj, err := w.PreviewImport(context.Background(), ja, dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if pj.Dataset.Calendar.Periods != 36 || len(pj.Dataset.Columns) < 9 {
			t.Errorf("Japanese file: %d periods, %d columns", pj.Dataset.Calendar.Periods, len(pj.Dataset.Columns))
		}
		got := map[string]bool{}
		for _, b := range pj.Suggested {
			got[b.Node] = true
		}
		if !got["active_rate"] {
			t.Errorf("suggestions %+v lack active_rate (アクティブ率)", pj.Suggested)
		}
	})
}

func TestRefresh(t *testing.T) {
	w, _ := newWorkspace(t)
	src := copySample(t, "cs_monthly.csv")
	p, err := w.PreviewImport(context.Background(), src, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := w.CommitPreview(p, p.Suggested)
	if err != nil {
		t.Fatal(err)
	}
	// The next export has one more month.
	b, _ := os.ReadFile(src)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	last := strings.Split(lines[len(lines)-1], ",")
	last[0] = "2026-04"
	lines = append(lines, strings.Join(last, ","))
	if err := os.WriteFile(src, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := w.PreviewRefresh(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Diff.OldPeriods != 36 || r.Diff.NewPeriods != 37 || r.Diff.Empty() {
		t.Errorf("diff = %+v, want 36 → 37 periods", r.Diff)
	}
	t.Run("should refuse a stale preview", func(t *testing.T) {
		stale, err := w.PreviewRefresh(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.CommitPreview(r, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := w.CommitPreview(stale, nil); !errors.Is(err, workspace.ErrStalePreview) {
			t.Errorf("committing a stale preview: %v, want ErrStalePreview", err)
		}
	})
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	if e.Calendar.Periods != 37 || len(w.Bindings()) != 4 {
		t.Errorf("after refresh: %d periods, %d bindings; want 37 and the bindings kept", e.Calendar.Periods, len(w.Bindings()))
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if e, _ := w.Evaluate(""); e.Calendar.Periods != 36 {
		t.Errorf("undo of a refresh: %d periods, want 36", e.Calendar.Periods)
	}
	if _, err := w.PreviewRefresh(context.Background(), "nope"); !errors.Is(err, workspace.ErrUnknownDataset) {
		t.Errorf("refresh of an unknown dataset: %v", err)
	}
}

func TestCheckImport(t *testing.T) {
	w, path := newWorkspace(t)
	w.Close()
	r, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d, _, err := dataio.Read(context.Background(), copySample(t, "cs_monthly.csv"), dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CheckImport(d, nil); err != nil {
		t.Errorf("a good import: %v", err)
	}
	if err := r.CheckImport(d, map[string]string{"revenue": "revenue_jpy"}); !errors.Is(err, workspace.ErrNotInput) {
		t.Errorf("binding a formula: %v, want ErrNotInput", err)
	}
	if len(r.Datasets()) != 0 {
		t.Error("CheckImport stored the dataset")
	}
}

func TestRefreshRefusesLosingABoundColumn(t *testing.T) {
	w, _ := newWorkspace(t)
	src := copySample(t, "cs_monthly.csv")
	p, err := w.PreviewImport(context.Background(), src, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := w.CommitPreview(p, p.Suggested)
	if err != nil {
		t.Fatal(err)
	}
	// The next export renamed active_rate.
	b, _ := os.ReadFile(src)
	if err := os.WriteFile(src, []byte(strings.Replace(string(b), "active_rate", "activity", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := w.PreviewRefresh(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Diff.RemovedColumns) != 1 || r.Diff.RemovedColumns[0] != "active_rate" {
		t.Errorf("diff = %+v, want active_rate removed", r.Diff)
	}
	if _, err := w.CommitPreview(r, nil); !errors.Is(err, workspace.ErrUnknownColumn) {
		t.Errorf("refresh dropping a bound column: %v, want ErrUnknownColumn", err)
	}
	if _, err := w.CommitPreview(r, []workspace.Binding{{Node: "active_rate", Column: "activity"}}); err != nil {
		t.Errorf("refresh with the node rebound: %v", err)
	}
}
