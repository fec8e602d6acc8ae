package forecast

import (
	"fmt"
	"math"
	"sort"
)

// prepared is a series made ready for fitting.
type prepared struct {
	y        []float64 // observed span, inner gaps interpolated
	lead     int       // missing values dropped before y
	trail    int       // missing values after y: forecast through them
	missing  []int     // 1-based input positions interpolated
	positive bool      // every value > 0: multiplicative models allowed
	constant bool
	notes    []NotePart
}

// prepare trims leading and trailing gaps (NaN or ±Inf), linearly
// interpolates inner gaps and records what it did.
func prepare(y []float64) (prepared, error) {
	first, last := -1, -1
	for i, v := range y {
		if finite(v) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	var p prepared
	if first < 0 {
		return p, fmt.Errorf("%d values, none of them a number: %w", len(y), ErrTooShort)
	}
	p.lead, p.trail = first, len(y)-1-last
	p.y = append([]float64(nil), y[first:last+1]...)
	prev := 0
	for i := 1; i < len(p.y); i++ {
		if finite(p.y[i]) {
			for j := prev + 1; j < i; j++ {
				w := float64(j-prev) / float64(i-prev)
				p.y[j] = p.y[prev]*(1-w) + p.y[i]*w
				p.missing = append(p.missing, first+j+1)
			}
			prev = i
		}
	}
	if obs := len(p.y) - len(p.missing); obs < MinObservations {
		return p, fmt.Errorf("%d observed values, need at least %d: %w", obs, MinObservations, ErrTooShort)
	}
	if p.lead > 0 {
		p.notes = append(p.notes, note(NoteLeadingMissing, "Count", itoa(p.lead)))
	}
	if len(p.missing) > 0 {
		p.notes = append(p.notes, positionsNote(NoteInterpolated, p.missing))
	}
	if p.trail > 0 {
		p.notes = append(p.notes, note(NoteTrailingMissing, "Count", itoa(p.trail), "Last", itoa(last+1)))
	}
	p.positive, p.constant = true, true
	for _, v := range p.y {
		if v <= 0 {
			p.positive = false
		}
		if v != p.y[0] {
			p.constant = false
		}
	}
	if !p.positive {
		p.notes = append(p.notes, note(NoteNonPositive))
	}
	return p, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// outliers returns the 1-based positions (offset by lead) whose residual is
// more than 4 robust standard deviations (1.4826·MAD) from the median
// residual, so users can check a data-entry error before trusting a fit.
// Only values that stand out from both neighbours (each is nearer to the
// other than to the value) are reported: a large residual at a level shift
// or inside a flat stretch says the model missed a step, not that the value
// is wrong. Without this, every hire in a headcount series that is flat
// between hires would be flagged, and with a naive fit the value after a
// spike would be too. y is the fitted span, aligned with resid.
func outliers(y, resid []float64, lead int) []int {
	if len(resid) < 8 {
		return nil
	}
	s := append([]float64(nil), resid...)
	sort.Float64s(s)
	med := quantileSorted(s, 0.5)
	for i, v := range s {
		s[i] = math.Abs(v - med)
	}
	sort.Float64s(s)
	mad := 1.4826 * quantileSorted(s, 0.5)
	if !(mad > 0) {
		return nil
	}
	var out []int
	for i, r := range resid {
		if math.Abs(r-med) <= 4*mad {
			continue
		}
		if i > 0 && i+1 < len(y) {
			if apart := math.Abs(y[i+1] - y[i-1]); !(math.Abs(y[i]-y[i-1]) > apart && math.Abs(y[i]-y[i+1]) > apart) {
				continue
			}
		}
		out = append(out, lead+i+1)
	}
	return out
}

// quantileSorted is the type-7 (linear interpolation) sample quantile of a
// sorted slice.
func quantileSorted(s []float64, q float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	h := q * float64(len(s)-1)
	i := int(h)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}
