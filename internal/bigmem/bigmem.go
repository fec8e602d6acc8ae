// Package bigmem allocates large float64 buffers that are cheap to touch
// for the first time.
//
// On the Linux VMs this project runs on, the kernel backs Go's heap with
// 4 KiB pages (transparent huge pages are "madvise" only, and the Go
// runtime no longer asks for them): the first write to a fresh 67 MB state
// of a 100k-node tree takes 16k page faults, 0.2–0.3 s — more than the
// arithmetic that fills it. Asking for huge pages on such a buffer before
// its first write cuts that to a few dozen faults (measured 0.17–0.33 s →
// 0.02–0.10 s for 67 MB). The advice changes nothing else: the buffer is
// an ordinary Go slice, zeroed, collected by the GC as usual.
package bigmem

// hugeMin is the smallest buffer worth advising: below a few huge pages
// the aligned interior is small and the system call costs more than it
// saves.
const hugeMin = 4 << 20

// Floats returns a zeroed []float64 of length n, like make([]float64, n).
func Floats(n int) []float64 {
	s := make([]float64, n)
	if n*8 >= hugeMin {
		adviseHuge(s)
	}
	return s
}
