//go:build linux

package bigmem

import (
	"os"
	"strings"
	"syscall"
	"unsafe"
)

const hugePage = 2 << 20

// adviseHuge asks the kernel to back the 2 MiB-aligned interior of s with
// transparent huge pages (MADV_HUGEPAGE). Errors are ignored on purpose:
// a kernel without THP, or with THP "never", keeps 4 KiB pages and the
// buffer works the same.
func adviseHuge(s []float64) {
	if thpDisabled(os.Getenv("GODEBUG")) {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	start := uintptr(p)
	end := start + uintptr(len(s))*8
	lo := (start + hugePage - 1) &^ (hugePage - 1)
	hi := end &^ (hugePage - 1)
	if hi <= lo {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo)
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}

// thpDisabled reports whether godebug (the GODEBUG variable, read per
// call: a few per operation, and no package state) turns huge pages off
// for the Go heap (disablethp=1): then this package does not ask for them
// either.
func thpDisabled(godebug string) bool {
	for _, kv := range strings.Split(godebug, ",") {
		if strings.TrimSpace(kv) == "disablethp=1" {
			return true
		}
	}
	return false
}
