package kpitree_test

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// unknownRefs is a tree whose root sums n references to nodes that do not
// exist: one diagnostic, with its column, per reference.
func unknownRefs(n int) kpitree.Tree {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString("ghost" + strconv.Itoa(i))
	}
	return kpitree.Tree{Name: "t", Root: "root", Calendar: kpitree.Calendar{Freq: kpitree.Month},
		Nodes: []kpitree.Node{{ID: "root", Name: "root", Kind: kpitree.KindFormula, Formula: b.String()}}}
}

// cpuOf returns the least CPU time of three runs of fn: the least is the
// run the other jobs on the machine disturbed least.
func cpuOf(t *testing.T, fn func()) time.Duration {
	t.Helper()
	// The garbage collector rescans the deep recursion's stack on every
	// cycle, which grows with depth × cycles, not with the work measured:
	// it is kept out so the ratio is the compiler's own.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	best := time.Duration(-1)
	for range 3 {
		runtime.GC()
		start, ok := processCPU()
		fn()
		end, ok2 := processCPU()
		if !ok || !ok2 {
			t.Skip("no process CPU time on this platform")
		}
		if d := end - start; best < 0 || d < best {
			best = d
		}
	}
	return best
}

// TestLongFormula_CostGrowsLinearly: eight times the terms cost about eight
// times as much to parse, print and compile, not sixty-four. Printing a
// left-deep sum copied the whole prefix once per operator, and compiling
// counted each diagnostic's column from the formula's start and scanned
// the children so far for each reference: a 30,000-term formula took
// 12.8 s through the workspace. Bytes allocated are exact; CPU time is
// the least of three runs with a wide margin (linear gives 8, quadratic 64).
func TestLongFormula_CostGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("sizes the work to show the growth")
	}
	const small, factor = 5_000, 8
	t.Run("should allocate linearly when printing the canonical form", func(t *testing.T) {
		bytesOf := func(n int) uint64 {
			src, _ := longFormula(n)
			e, err := kpitree.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			out := e.String()
			runtime.ReadMemStats(&after)
			if out != src {
				t.Fatalf("canonical form differs from the source: %.60q…", out)
			}
			return after.TotalAlloc - before.TotalAlloc
		}
		a, b := bytesOf(small), bytesOf(small*factor)
		if ratio := float64(b) / float64(a); ratio > 2*factor {
			t.Errorf("printing %d terms allocated %d B, %d terms %d B: ratio %.1f, want ≈ %d (linear)", small, a, small*factor, b, ratio, factor)
		}
	})
	t.Run("should compile a formula full of unknown references in linear time", func(t *testing.T) {
		run := func(n int) time.Duration {
			tr := unknownRefs(n)
			return cpuOf(t, func() {
				_, ds, err := kpitree.Compile(tr)
				if err != nil || len(ds) < n { // one unknown-ref finding per reference
					t.Fatalf("compile: %v, %d diagnostics", err, len(ds))
				}
			})
		}
		a, b := run(small), run(small*factor)
		if ratio := float64(b) / float64(max(a, time.Microsecond)); ratio > 3*factor {
			t.Errorf("compiling %d unknown references took %v, %d took %v: ratio %.1f, want ≈ %d (linear)", small, a, small*factor, b, ratio, factor)
		}
	})
	t.Run("should compile a formula over thousands of distinct nodes in linear time", func(t *testing.T) {
		run := func(n int) time.Duration {
			_, tr := longFormula(n)
			return cpuOf(t, func() {
				if _, _, err := kpitree.Compile(tr); err != nil {
					t.Fatal(err)
				}
			})
		}
		a, b := run(small), run(small*factor)
		if ratio := float64(b) / float64(max(a, time.Microsecond)); ratio > 3*factor {
			t.Errorf("compiling %d references took %v, %d took %v: ratio %.1f, want ≈ %d (linear)", small, a, small*factor, b, ratio, factor)
		}
	})
}
