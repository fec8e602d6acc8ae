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
	// Through, when greater than Period and FiscalYear is 0, makes the
	// window the periods Period to Through inclusive (a quarter, a fiscal
	// year to date), aggregated by meaning as a fiscal year is.
	Through int `json:"through,omitempty"`
}

// Span returns the window of periods from to through inclusive; one period
// when they are equal.
func Span(from, through int) Window {
	if through <= from {
		return Window{Period: from}
	}
	return Window{Period: from, Through: through}
}

// periods returns the indices (< h) the window covers. A fiscal year that is
// only partly inside the horizon is an error, because its total would be
// silently short.
func (w Window) periods(cal Calendar, h int) ([]int, error) {
	if w.FiscalYear == 0 && w.Through > w.Period {
		if w.Period < 0 || w.Through >= h {
			return nil, fmt.Errorf("periods %d to %d are not wholly inside the %d periods evaluated: choose periods 0 to %d: %w", w.Period, w.Through, h, h-1, ErrBadWindow)
		}
		out := make([]int, 0, w.Through-w.Period+1)
		for i := w.Period; i <= w.Through; i++ {
			out = append(out, i)
		}
		return out, nil
	}
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

// span returns the half-open range [from, to) of a window's periods, which
// Window.periods always returns contiguous and increasing.
func span(periods []int) (from, to int) {
	return periods[0], periods[len(periods)-1] + 1
}

// windowMeasure returns a function that reads node m's window value from
// the current columns of s, through the Aggregator, so a ratio's window
// value follows its inputs as they change.
func windowMeasure(p *Program, s *State, m int, periods []int) func() float64 {
	agg := NewAggregator(p)
	from, to := span(periods)
	col := func(j int) []float64 { return s.Column(j) }
	return func() float64 { return agg.Value(m, col, from, to) }
}

// linearWeights returns, for a node whose window value is linear in its own
// period values (every kind but a ratio under a multi-period window, and
// any kind under a rate convention other than the year's), the weights that
// turn those values into the window value, and ok. Callers multiply every
// period, weight 0 included, so a missing period makes the value missing.
func linearWeights(in AggInfo, n int) ([]float64, bool) {
	w := make([]float64, n)
	if n == 1 {
		w[0] = 1
		return w, true
	}
	if in.RateOK && in.Rate != RateYear && in.Rate != "" {
		if in.Rate != RateMean {
			return nil, false
		}
		for i := range w {
			w[i] = 1 / float64(n)
		}
		return w, true
	}
	switch in.Kind {
	case AggFlow:
		for i := range w {
			w[i] = 1
		}
	case AggStock:
		w[n-1] = 1
	case AggOpening:
		w[0] = 1
	case AggAverage:
		for i := range w {
			w[i] = 1 / float64(n)
		}
	default:
		return nil, false
	}
	return w, true
}
