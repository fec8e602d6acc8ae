//go:build !unix

package chart_test

import "time"

// cpuTime is not measured on this platform (no getrusage); the cpu-ms/op
// metric then reads 0.
func cpuTime() time.Duration { return 0 }
