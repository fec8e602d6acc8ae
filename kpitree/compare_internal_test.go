package kpitree

import (
	"math"
	"testing"
)

func TestCompare(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		op   BinaryOp
		a, b float64
		want float64
	}{
		{BinLT, 1, 2, 1}, {BinLT, 2, 2, 0},
		{BinLE, 2, 2, 1}, {BinLE, 3, 2, 0},
		{BinGT, 3, 2, 1}, {BinGT, 2, 2, 0},
		{BinGE, 2, 2, 1}, {BinGE, 1, 2, 0},
		{BinEQ, 2, 2, 1}, {BinEQ, 1, 2, 0},
		{BinNE, 1, 2, 1}, {BinNE, 2, 2, 0},
		{BinLT, nan, 2, nan}, {BinEQ, 2, nan, nan}, {BinNE, nan, nan, nan},
		{BinAdd, 1, 2, 0}, // not a comparison: never holds
	}
	for _, tt := range tests {
		got := compare(tt.op, tt.a, tt.b)
		if got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("compare(%s, %v, %v) = %v, want %v", binaryOpText[tt.op], tt.a, tt.b, got, tt.want)
		}
	}
}

// TestCmpBinaryOpInvertsBinOpcode checks that the compiled evaluator maps
// every comparison opcode back to the operator the compiler emitted it for:
// a wrong entry would make the two evaluators disagree silently.
func TestCmpBinaryOpInvertsBinOpcode(t *testing.T) {
	n := 0
	for bop, op := range binOpcode {
		if int(op) >= len(cmpBinaryOp) || cmpBinaryOp[op] == 0 {
			continue // arithmetic: not a comparison
		}
		n++
		if got := cmpBinaryOp[op]; got != bop {
			t.Errorf("cmpBinaryOp[%d] = %s, want %s", op, binaryOpText[got], binaryOpText[bop])
		}
	}
	if n != 6 {
		t.Errorf("%d comparison opcodes mapped back, want 6", n)
	}
}
