package kpitree

import (
	"fmt"
	"math"
)

// This file holds the maths of the variance bridge: a node's actual against
// a reference (a frozen plan, a forecast made before the window, the prior
// period, the prior year), split over its drivers by the same attribution
// the scenario waterfall uses. The references are not evaluations of the
// current tree: a plan was frozen from an older tree, a prior period is the
// actual shifted in time. So the sides are given as columns, and a node
// whose recorded values its formula does not reproduce keeps its own share
// (a residual part): the parts still add up exactly to the gap.

// Columns returns every node's values of s in program order (index i is
// Program.Index). The slices are views into s: read them, do not keep or
// change them past the State's next Run.
func (s *State) Columns() [][]float64 {
	out := make([][]float64, s.p.Len())
	for i := range out {
		out[i] = s.col(i)
	}
	return out
}

// AttributeColumns explains the change of a node from base to next, two
// sets of node series over p's tree: base[i] and next[i] are node i's values
// (program order, Program.Index), all of one length, the periods a Window
// counts in. A nil column is a node the side has no values for (a node
// added after a plan was frozen): it reads as missing. Parts sum to the
// change of the node's window value; see Attribute for how they are found.
func AttributeColumns(p *Program, base, next [][]float64, w Window, opt AttributionOptions) (*Attribution, error) {
	if p == nil {
		return nil, fmt.Errorf("attribute: %w: compile the tree first", ErrMissingValue)
	}
	if len(base) != p.Len() || len(next) != p.Len() {
		return nil, fmt.Errorf("attribute: %w: give one column per node (%d), not %d and %d", ErrMismatch, p.Len(), len(base), len(next))
	}
	h := 0
	for _, cols := range [][][]float64{base, next} {
		for _, c := range cols {
			if c == nil {
				continue
			}
			if h == 0 {
				h = len(c)
			}
			if len(c) != h {
				return nil, fmt.Errorf("attribute: %w: every column must have the same periods (%d and %d)", ErrMismatch, h, len(c))
			}
		}
	}
	if h == 0 {
		return nil, fmt.Errorf("attribute: %w: no values on either side", ErrMissingValue)
	}
	g, err := buildGraph(p)
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	periods, err := w.periods(p.tree.Calendar, h)
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	fill := func(cols [][]float64) [][]float64 {
		out := make([][]float64, len(cols))
		var missing []float64
		for i, c := range cols {
			if c == nil {
				if missing == nil {
					missing = make([]float64, h)
					for k := range missing {
						missing[k] = math.NaN()
					}
				}
				c = missing
			}
			out[i] = c
		}
		return out
	}
	return g.attribute(fill(base), fill(next), h, periods, opt)
}

// ShiftColumns returns cols delayed by k periods: out[i][t] = cols[i][t−k],
// NaN where t−k is outside the column. Compared with the unshifted columns
// it gives the change against k periods earlier: the prior period of a
// window k periods long, or the prior year with k periods a year.
func ShiftColumns(cols [][]float64, k int) [][]float64 {
	out := make([][]float64, len(cols))
	for i, c := range cols {
		if c == nil {
			continue
		}
		s := make([]float64, len(c))
		for t := range s {
			s[t] = math.NaN()
			if j := t - k; j >= 0 && j < len(c) {
				s[t] = c[j]
			}
		}
		out[i] = s
	}
	return out
}
