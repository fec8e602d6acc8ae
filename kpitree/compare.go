package kpitree

import "math"

// compare evaluates a comparison operator on one pair of values: 1 when it
// holds, 0 when it does not, NaN when either side is missing (a gap must not
// read as "false" and then feed an if() as a real branch). Every evaluator
// (compiled columns, vectors, fiscal-year formulas) compares through it.
func compare(op BinaryOp, a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	var ok bool
	switch op {
	case BinLT:
		ok = a < b
	case BinLE:
		ok = a <= b
	case BinGT:
		ok = a > b
	case BinGE:
		ok = a >= b
	case BinEQ:
		ok = a == b
	case BinNE:
		ok = a != b
	}
	if ok {
		return 1
	}
	return 0
}

// clampValue evaluates clamp(v, lo, hi) for one period: v held between lo
// and hi (hi wins when lo > hi), NaN when v or a bound is missing. Every
// evaluator clamps through it, so they cannot disagree about a missing
// bound (or about the sign of a clamped zero).
func clampValue(v, lo, hi float64) float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return math.NaN()
	}
	if v < lo {
		v = lo
	}
	if v > hi {
		v = hi
	}
	return v
}

// healthShare is a health component's share for one period: x placed on
// the range [lo, lo+span] and held to [0, 1]; NaN when x is missing. The
// compiled and the vector evaluator score health through it.
func healthShare(x, lo, span float64) float64 {
	if math.IsNaN(x) {
		return math.NaN()
	}
	return min(max((x-lo)/span, 0), 1)
}

// ifValue evaluates if(c, a, b) for one period: a when c is true (non-zero),
// b when it is false, NaN when c is missing (neither branch is the answer).
// Every evaluator (compiled columns, vectors, fiscal-year formulas) chooses
// through it, so they cannot disagree about a missing condition.
func ifValue(c, a, b float64) float64 {
	switch {
	case math.IsNaN(c):
		return math.NaN()
	case c != 0:
		return a
	}
	return b
}
