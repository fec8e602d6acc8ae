package workspace_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/gentree/wsgen"
	"github.com/kpitree/kpitree/kpitree"
)

// Scale benchmarks: generated sum/product trees of 1k, 10k and 100k nodes
// over 200 bound leaves × 60 months, 24 forecast months, 1,000 paths.
const (
	scaleLeaves  = 200
	scaleMonths  = 60
	scaleHorizon = 24
)

var scaleSizes = []int{1_000, 10_000, 100_000}

// scaleWorkspace creates the generated workspace of about n nodes in dir
// (wsgen: 200 bound leaves × 60 months, the scenario "push", every
// forecast cached with paths × 24 months).
func scaleWorkspace(tb testing.TB, dir string, n, paths int) string {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("gen%d.kpitree", n))
	if err := wsgen.Create(path, wsgen.Params{Nodes: n, Paths: paths}); err != nil {
		tb.Fatal(err)
	}
	return path
}

// scaleFixture caches one workspace per size for the process: building the
// 100k one takes seconds.
type scaleFixture struct{ paths map[int]string }

func newScaleFixture() *scaleFixture { return &scaleFixture{paths: map[int]string{}} }

func (f *scaleFixture) get(b *testing.B, n int) string {
	if p, ok := f.paths[n]; ok {
		return p
	}
	dir, err := os.MkdirTemp("", "kpitree-scale-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {}) // the directory outlives one sub-benchmark: removed at exit by the OS temp cleaner
	f.paths[n] = scaleWorkspace(b, dir, n, 1000)
	return f.paths[n]
}

func openScale(b *testing.B, path string) *workspace.Workspace {
	w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.Close() })
	return w
}

// reportPeak reports the Go heap's high-water mark over the benchmark
// (runtime/metrics would need sampling; the GC's HeapSys is the bound the
// process asked the OS for).
func reportPeak(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "heapsys-MB")
}

// BenchmarkScale runs each operation of issue 16's targets on the
// generated trees. Use -benchtime=1x or 3x: the 100k set-up alone takes
// tens of seconds on 2 cores.
func BenchmarkScale(b *testing.B) {
	fx := newScaleFixture()
	ctx := context.Background()
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("Open/%d", n), func(b *testing.B) {
			path := fx.get(b, n)
			for b.Loop() {
				w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := w.Evaluate(""); err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
			reportPeak(b)
		})
		b.Run(fmt.Sprintf("Check/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			for b.Loop() {
				if _, err := w.Check(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Eval/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			for b.Loop() {
				if err := w.SetSettings(w.Settings()); err == nil {
					// read-only: never succeeds; the evaluation cache is
					// bypassed by asking for a scenario evaluation instead.
				}
				if _, err := w.Evaluate("push"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Impact/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			fy := kpitree.Window{FiscalYear: 2026}
			for b.Loop() {
				if _, err := w.Attribute(ctx, "push", fy, kpitree.AttributionOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Simulate/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			opt := workspace.SimulateOptions{Scenarios: []string{"push"}}
			if _, err := w.Simulate(ctx, opt); err != nil { // loads the cached paths
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := w.Simulate(ctx, opt); err != nil {
					b.Fatal(err)
				}
			}
			reportPeak(b)
		})
	}
}
