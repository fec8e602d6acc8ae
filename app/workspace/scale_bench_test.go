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
			path := fx.get(b, n)
			for b.Loop() {
				b.StopTimer() // a fresh workspace: Evaluate caches its result
				w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := w.Evaluate(""); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				w.Close()
				b.StartTimer()
			}
		})
		b.Run(fmt.Sprintf("WhatIfStep/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			e, err := w.WhatIf(ctx)
			if err != nil {
				b.Fatal(err)
			}
			sc, err := w.Scenario(wsgen.Scenario)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; b.Loop(); i++ {
				sc.Overrides[0].Value = float64(i % 40) // the slider moves
				if _, err := e.Step(&sc, 2026); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Impact/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			fy := kpitree.Window{FiscalYear: 2026}
			for b.Loop() {
				if _, err := w.Attribute(ctx, wsgen.Scenario, fy, kpitree.AttributionOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Simulate/%d", n), func(b *testing.B) {
			w := openScale(b, fx.get(b, n))
			opt := workspace.SimulateOptions{Scenarios: []string{wsgen.Scenario}}
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
