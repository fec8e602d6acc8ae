//go:build !unix

package main

import "time"

// cpuTime is not measured on this platform: -speed then reports 0 ms CPU.
func cpuTime() time.Duration { return 0 }
