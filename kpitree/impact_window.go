package kpitree

import "fmt"

// Window selects the periods an impact result is about: one period, or a
// whole fiscal year (the same convention as Target).
type Window struct {
	// Period is the 0-based period index; used when FiscalYear is 0.
	Period int `json:"period,omitempty"`
	// FiscalYear is the fiscal year that starts in this calendar year (with
	// an April start, 2025 means April 2025 – March 2026); or 0.
	FiscalYear int `json:"fiscal_year,omitempty"`
}

// periods returns the indices (< h) the window covers. A fiscal year that is
// only partly inside the horizon is an error, because its total would be
// silently short.
func (w Window) periods(cal Calendar, h int) ([]int, error) {
	if w.FiscalYear == 0 {
		if w.Period < 0 || w.Period >= h {
			return nil, fmt.Errorf("period %d is outside the %d periods evaluated: choose 0 to %d: %w", w.Period, h, h-1, ErrBadWindow)
		}
		return []int{w.Period}, nil
	}
	from, to := cal.FiscalPeriods(w.FiscalYear)
	if from < 0 || to > h || from >= to {
		return nil, fmt.Errorf("fiscal year %d (periods %d to %d) is not wholly inside the %d evaluated periods: extend the horizon or choose another year: %w", w.FiscalYear, from, to-1, h, ErrBadWindow)
	}
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out, nil
}

// aggWeights returns, for the periods of a window, the weights that turn a
// node's per-period values into its window value as Aggregate does: 1 each
// for flows ("sum"), only the last period for stocks ("last"), 1/n each for
// rates ("mean", also the default). Callers multiply every period, weight 0
// included, so a missing period makes the window value missing, as in
// Aggregate.
func aggWeights(agg string, n int) []float64 {
	w := make([]float64, n)
	switch agg {
	case "sum":
		for i := range w {
			w[i] = 1
		}
	case "last":
		w[n-1] = 1
	default:
		for i := range w {
			w[i] = 1 / float64(n)
		}
	}
	return w
}
