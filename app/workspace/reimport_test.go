package workspace_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
)

// TestReimport_RefreshesTheDatasetFromTheSameFile: importing a file that
// is already a dataset used to add a second dataset "…_2" silently (and
// binding then needed --dataset). Now a preview says which dataset the
// file already is and what would change, AsRefresh updates it in place,
// and ImportDataset (the CLI's import) refreshes it.
func TestReimport_RefreshesTheDatasetFromTheSameFile(t *testing.T) {
	ctx := context.Background()
	w, _ := newWorkspace(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "monthly.csv")
	write := func(text string) {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("month,csm_count,active_rate\n2024-04,6,0.5\n2024-05,6,0.52\n2024-06,7,0.55\n")
	p, err := w.PreviewImport(ctx, path, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Existing != "" {
		t.Fatalf("a first import names an existing dataset %q", p.Existing)
	}
	id, err := w.CommitPreview(p, p.Suggested)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("should say which dataset the file already is, with the diff", func(t *testing.T) {
		write("month,csm_count,active_rate\n2024-04,6,0.5\n2024-05,6,0.53\n2024-06,7,0.55\n2024-07,7,0.56\n")
		p, err := w.PreviewImport(ctx, path, dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Existing != id || p.ExistingDiff == nil {
			t.Fatalf("Existing = %q, diff %v; want %q", p.Existing, p.ExistingDiff, id)
		}
		// The new month is an added period, not a changed value.
		if d := p.ExistingDiff; d.OldPeriods != 3 || d.NewPeriods != 4 || d.AddedPeriods != 1 || d.DroppedPeriods != 0 ||
			d.ChangedValues["active_rate"] != 1 || d.ChangedValues["csm_count"] != 0 {
			t.Errorf("diff %+v, want 3 → 4 periods (1 added) and 1 active_rate value changed", d)
		}
		if got := p.ExistingDiff.String(); !strings.Contains(got, "3 → 4 periods; 1 new periods; 1 values changed in 1 columns") {
			t.Errorf("diff text %q", p.ExistingDiff)
		}
		if _, err := w.CommitPreview(p.AsRefresh(), p.Suggested); err != nil {
			t.Fatal(err)
		}
		if ds := w.Datasets(); len(ds) != 1 || ds[0].ID != id || ds[0].Calendar.Periods != 4 {
			t.Errorf("datasets %d, first %q with %d periods; want one, %q, 4 periods", len(ds), ds[0].ID, ds[0].Calendar.Periods, id)
		}
	})
	t.Run("should still import as a second dataset when the user chooses to", func(t *testing.T) {
		p, err := w.PreviewImport(ctx, path, dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		second, err := w.CommitPreview(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if second == id || len(w.Datasets()) != 2 {
			t.Errorf("second import id %q, %d datasets", second, len(w.Datasets()))
		}
		if err := w.RemoveDataset(second); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("should refresh through ImportDataset, as the CLI imports", func(t *testing.T) {
		write("month,csm_count,active_rate\n2024-04,6,0.5\n2024-05,6,0.53\n2024-06,8,0.55\n2024-07,7,0.56\n")
		d, _, err := dataio.Read(ctx, path, dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.ImportOrRefresh(d, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Refreshed || r.ID != id || r.Diff.ChangedValues["csm_count"] != 1 {
			t.Errorf("result %+v (diff %v), want a refresh of %q with one csm_count value changed", r, r.Diff, id)
		}
		if len(w.Datasets()) != 1 {
			t.Errorf("%d datasets, want 1", len(w.Datasets()))
		}
	})
}
