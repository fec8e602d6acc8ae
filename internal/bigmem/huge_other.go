//go:build !linux

package bigmem

// adviseHuge does nothing where huge pages cannot be asked for this way.
func adviseHuge([]float64) {}
