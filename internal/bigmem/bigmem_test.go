package bigmem_test

import (
	"runtime"
	"testing"

	"github.com/kpitree/kpitree/internal/bigmem"
)

// TestFloats: any length gives a zeroed, writable slice of that length
// and capacity, below, at and above the size that asks for huge pages,
// and the buffers are collected like any other.
func TestFloats(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1 << 19, 1<<19 + 1, 3<<20 + 5, 9 << 20} {
		s := bigmem.Floats(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Floats(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("Floats(%d)[%d] = %v, want 0", n, i, v)
			}
		}
		for i := range s {
			s[i] = float64(i)
		}
		for i, v := range s {
			if v != float64(i) {
				t.Fatalf("Floats(%d)[%d] = %v after writing %d", n, i, v, i)
			}
		}
	}
	// Reused memory comes back zeroed too.
	for range 3 {
		runtime.GC()
		s := bigmem.Floats(5 << 20)
		for i, v := range s {
			if v != 0 {
				t.Fatalf("reused buffer [%d] = %v, want 0", i, v)
			}
			s[i] = 1
		}
	}
}
