package kpitree

import "math"

// Status is the red/amber/green colour of a value against its target.
type Status string

// The statuses. StatusNone means no colour can be given: no thresholds,
// a missing value, or a zero target.
const (
	StatusGreen Status = "green"
	StatusAmber Status = "amber"
	StatusRed   Status = "red"
	StatusNone  Status = "none"
)

// Status colours actual against target using the thresholds, which are
// fractions of the target: with HigherIsBetter, actual/target ≥ Green is
// green and < Red is red; otherwise actual/target ≤ Green is green and
// > Red is red (churn, cost). Anything between is amber.
func (r *RAG) Status(actual, target float64) Status {
	if r == nil || math.IsNaN(actual) || math.IsNaN(target) || target == 0 || math.IsInf(target, 0) {
		return StatusNone
	}
	q := actual / target
	if target < 0 {
		// For a negative target (a loss to shrink) "higher" still means
		// numerically higher, so flip the ratio's direction.
		q = 2 - q
	}
	if r.HigherIsBetter {
		switch {
		case q >= r.Green:
			return StatusGreen
		case q < r.Red:
			return StatusRed
		}
		return StatusAmber
	}
	switch {
	case q <= r.Green:
		return StatusGreen
	case q > r.Red:
		return StatusRed
	}
	return StatusAmber
}

// Aggregate combines one node's own periods of a window: "flow" (or the
// old "sum") sums, "stock" ("last") takes the last, "opening" the first,
// anything else ("average", "mean", "ratio") the mean. Any missing period
// makes the result missing, because a year with a gap is not comparable
// with its target. A ratio's fiscal-year value needs its inputs: use
// Aggregator.Value, which every figure the app shows goes through; this
// function is for a lone series.
func Aggregate(values []float64, how string) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	k, _ := ParseAggKind(how)
	return aggregateKind(values, k)
}

// FiscalValue returns the value of fiscal year fy from one series on
// calendar cal, aggregated with how (see Aggregate). ok is false when the
// year is not wholly inside the series.
func FiscalValue(cal Calendar, values []float64, fy int, how string) (v float64, ok bool) {
	from, to := cal.FiscalPeriods(fy)
	if from < 0 || to > len(values) || from >= to {
		return math.NaN(), false
	}
	return Aggregate(values[from:to], how), true
}

// TargetFor returns the node's target for period i (a per-period target)
// and ok; it ignores fiscal-year targets, which FiscalTarget returns.
func (n Node) TargetFor(i int) (float64, bool) {
	for _, t := range n.Targets {
		if t.FiscalYear == 0 && t.Period == i {
			return t.Value, true
		}
	}
	return math.NaN(), false
}

// FiscalTarget returns the node's target for fiscal year fy and ok.
func (n Node) FiscalTarget(fy int) (float64, bool) {
	for _, t := range n.Targets {
		if t.FiscalYear == fy && fy != 0 {
			return t.Value, true
		}
	}
	return math.NaN(), false
}
