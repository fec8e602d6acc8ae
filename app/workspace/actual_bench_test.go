package workspace_test

import (
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
)

// sampleWithActuals is the first-run sample (3 reported actuals, 36 months).
func sampleWithActuals(b *testing.B) *workspace.Workspace {
	b.Helper()
	w, err := workspace.CreateSample(filepath.Join(b.TempDir(), "s.kpitree"), "en")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = w.Close() })
	return w
}

// BenchmarkGap: the root's gap over 36 months, what the UI asks on every
// redraw of the root's box.
func BenchmarkGap(b *testing.B) {
	w := sampleWithActuals(b)
	e, err := w.Evaluate("")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if abs, _ := e.Gap("addon_revenue"); len(abs) != 36 {
			b.Fatal(len(abs))
		}
	}
}

// BenchmarkCheckReported: Check of the sample, reconciliation included
// (the base evaluation comes from the cache, as in the app).
func BenchmarkCheckReported(b *testing.B) {
	w := sampleWithActuals(b)
	if _, err := w.Evaluate(""); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.Check(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBindActual: one BindActual or UnbindActual committed durably
// with its history record (fsync included).
func BenchmarkBindActual(b *testing.B) {
	w := sampleWithActuals(b)
	id := w.Datasets()[0].ID
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		var err error
		if i%2 == 0 {
			err = w.UnbindActual("addon_revenue")
		} else {
			err = w.BindActual("addon_revenue", id, "revenue_jpy")
		}
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}
