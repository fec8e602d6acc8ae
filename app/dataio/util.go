package dataio

import "math"

func nan() float64 { return math.NaN() }

func isNaN(v float64) bool { return v != v }
