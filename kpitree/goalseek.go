package kpitree

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// GoalSeek asks which value of one driver makes a node reach a target.
type GoalSeek struct {
	// Driver is the id of the input or constant node to move.
	Driver string `json:"driver"`
	// Node is the id of the node that must reach Target; or "" for the root.
	Node string `json:"node,omitempty"`
	// Target is the value Node must reach over Window: its window value
	// as Aggregator.Value computes it (the year's total for a flow, the
	// year-end value for a stock, the formula over the year's inputs for a
	// ratio, in the node's rate convention).
	Target float64 `json:"target"`
	Window Window  `json:"window"`
	// From is the first period the driver takes the new value.
	From int `json:"from"`
	// Ramp is the number of periods over which the driver moves linearly
	// to the new value, exactly as a scenario override {set, From, Ramp}
	// does, so the answer can be saved as one; 0 or 1 is a step.
	Ramp int `json:"ramp,omitempty"`
	// Lower and Upper bound the search; nil means the natural bound of the
	// driver's unit: [0, 1] for "%", [0, ∞) for everything else.
	Lower *float64 `json:"lower,omitempty"`
	Upper *float64 `json:"upper,omitempty"`
}

// GoalSeekResult is the answer of SeekGoal.
type GoalSeekResult struct {
	// Reachable is true when Value makes the node reach the target.
	Reachable bool `json:"reachable"`
	// Value is the driver value found; when unreachable, the value within
	// bounds that comes closest.
	Value float64 `json:"value"`
	// Achieved is the node's window value with Value.
	Achieved float64 `json:"achieved"`
	// Current is the driver's value at From before the change, and Baseline
	// the node's window value before it.
	Current  float64 `json:"current"`
	Baseline float64 `json:"baseline"`
	// Lower and Upper are the bounds searched (Upper may be the end of the
	// scan when the natural bound is infinite).
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// Evaluations counts the tree updates the search needed.
	Evaluations int `json:"evaluations"`
	// Message says in words what was found, for the user.
	Message string `json:"message"`
}

// scanPoints is how many driver values the bracket scan tries before root
// finding; enough to see the humps of a non-monotone formula.
const scanPoints = 64

// SeekGoal finds the value of gs.Driver (constant from gs.From on, or
// reached by a linear ramp) that makes the node reach gs.Target over the
// window, starting from the evaluation s (its inputs and scenario; s itself
// is not changed). It scans the driver's range for a sign change, preferring
// the solution nearest the driver's current value, and refines it with
// Brent's method, so non-monotone formulas work. When no value within the
// bounds reaches the target, the result says so and gives the closest
// reachable value and what it achieves; that is not an error.
func SeekGoal(s *State, gs GoalSeek) (*GoalSeekResult, error) {
	if s == nil {
		return nil, fmt.Errorf("goal seek: %w: evaluate the tree first", ErrMissingValue)
	}
	p := s.Program()
	h := s.Periods()
	tree := p.Tree()
	d := p.Index(gs.Driver)
	if d < 0 {
		return nil, fmt.Errorf("goal seek: driver %s: %w: choose an input of the tree", Quote(gs.Driver), ErrUnknownNode)
	}
	m, err := p.NodeOrRoot(gs.Node)
	if err != nil {
		return nil, fmt.Errorf("goal seek: %w", err)
	}
	nodeID := p.ID(m)
	if s.Input(d) == nil {
		return nil, fmt.Errorf("goal seek: %s is computed by a formula: %w: choose one of the inputs under it", Quote(gs.Driver), ErrNotDriver)
	}
	if !dependsOn(p, m, d) {
		return nil, fmt.Errorf("goal seek: %s does not feed %s: %w: choose an input under it", Quote(gs.Driver), Quote(nodeID), ErrNotDriver)
	}
	if gs.From < 0 || gs.From >= h {
		return nil, fmt.Errorf("goal seek: from period %d is outside 0..%d: %w", gs.From, h-1, ErrBadWindow)
	}
	if math.IsNaN(gs.Target) || math.IsInf(gs.Target, 0) {
		return nil, fmt.Errorf("goal seek: target is not a finite number: %w: enter a number", ErrBadGoal)
	}
	periods, err := gs.Window.periods(tree.Calendar, h)
	if err != nil {
		return nil, fmt.Errorf("goal seek: %w", err)
	}
	mn := tree.Nodes[m]
	dn := tree.Nodes[d]

	ws := cloneState(s)
	orig := slices.Clone(ws.Input(d))
	res := &GoalSeekResult{Current: orig[gs.From]}
	measure := windowMeasure(p, ws, m, periods)
	res.Baseline = measure()
	// achieved is the node's window value with the driver at v; f is its
	// gap to the target, whose sign the root finding follows. Results are
	// read from achieved: with a huge target, f(v) + Target rounds.
	var achieved func(v float64) float64
	f := func(v float64) float64 { return achieved(v) - gs.Target }
	achieved = func(v float64) float64 {
		res.Evaluations++
		col := ws.Input(d)
		copy(col, orig)
		for t := gs.From; t < h; t++ {
			if k := t - gs.From + 1; gs.Ramp > 1 && k < gs.Ramp {
				col[t] = orig[t] + (v-orig[t])*float64(k)/float64(gs.Ramp)
			} else {
				col[t] = v
			}
		}
		ws.Update(d)
		return measure()
	}

	lo, hi := 0.0, math.Inf(1)
	if dn.Unit == "%" {
		hi = 1
	}
	if gs.Lower != nil {
		lo = *gs.Lower
	}
	if gs.Upper != nil {
		hi = *gs.Upper
	}
	if !(lo <= hi) || math.IsNaN(lo) {
		return nil, fmt.Errorf("goal seek: lower bound %v is above upper bound %v: %w: swap them", lo, hi, ErrBadGoal)
	}
	xs := scanGrid(lo, hi, res.Current)
	res.Lower, res.Upper = xs[0], xs[len(xs)-1]
	ys, as := make([]float64, len(xs)), make([]float64, len(xs))
	for i, x := range xs {
		as[i] = achieved(x)
		ys[i] = as[i] - gs.Target
	}
	tol := 1e-9 * math.Max(1, math.Abs(gs.Target))
	// Try the brackets (and exact hits) nearest the current value first.
	// A sign change can also be a pole (a ratio whose divisor crosses zero):
	// Brent then closes in on it with |f| growing, and the bracket is
	// rejected.
	type cand struct {
		i    int
		dist float64
	}
	var cands []cand
	for i := range xs {
		if math.IsNaN(ys[i]) {
			continue
		}
		hit := math.Abs(ys[i]) <= tol
		bracket := i+1 < len(xs) && !math.IsNaN(ys[i+1]) && (ys[i] < 0) != (ys[i+1] < 0)
		if !hit && !bracket {
			continue
		}
		mid := xs[i]
		if !hit {
			mid = (xs[i] + xs[i+1]) / 2
		}
		dist := math.Abs(mid - res.Current)
		if math.IsNaN(dist) {
			dist = float64(i)
		}
		cands = append(cands, cand{i, dist})
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.dist, b.dist) })
	found := false
	var x float64
	for _, c := range cands {
		x = xs[c.i]
		if math.Abs(ys[c.i]) <= tol {
			found = true
			break
		}
		ya, yb := ys[c.i], ys[c.i+1]
		x = brent(f, xs[c.i], xs[c.i+1], ya, yb, tol)
		if y := math.Abs(f(x)); y <= tol || y <= 1e-6*math.Min(math.Abs(ya), math.Abs(yb)) {
			found = true
			break
		}
	}
	name := dn.ID
	if dn.Name != "" {
		name = dn.Name
	}
	if found {
		res.Reachable = true
		res.Value = x
		res.Achieved = achieved(x)
		res.Message = fmt.Sprintf("%s = %s reaches the target %s (now %s gives %s)",
			name, fmtNum(x, dn.Unit), fmtNum(gs.Target, mn.Unit), fmtNum(res.Current, dn.Unit), fmtNum(res.Baseline, mn.Unit))
	} else {
		x := closest(achieved, gs.Target, xs, as)
		res.Value = x
		res.Achieved = achieved(x)
		where := ""
		switch {
		case x == xs[len(xs)-1] && dn.Unit == "%" && gs.Upper == nil:
			where = ": it would have to exceed 100 %"
		case x == xs[0] && gs.Lower == nil:
			where = ": it would have to go below " + fmtNum(xs[0], dn.Unit)
		}
		res.Message = fmt.Sprintf("no value of %s between %s and %s reaches %s%s; the closest is %s, giving %s: move another driver too or change the target",
			name, fmtNum(res.Lower, dn.Unit), fmtNum(res.Upper, dn.Unit), fmtNum(gs.Target, mn.Unit), where, fmtNum(x, dn.Unit), fmtNum(res.Achieved, mn.Unit))
	}
	return res, nil
}

// cloneState makes a private, evaluated copy of s to explore changes on.
// Run again because the caller may have changed inputs since its last Run.
func cloneState(s *State) *State {
	ws := s.Clone()
	ws.Run()
	return ws
}

// dependsOn reports whether node m is computed from node d (or is d).
func dependsOn(p *Program, m, d int) bool {
	seen := make([]bool, p.Len())
	stack := []int{m}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i == d {
			return true
		}
		if seen[i] {
			continue
		}
		seen[i] = true
		stack = append(stack, p.ChildIndexes(i)...)
	}
	return false
}

// scanGrid returns increasing driver values to scan: evenly spaced over a
// finite range; over [lo, ∞) evenly up to a few times the current value and
// then geometrically out to a million times it.
func scanGrid(lo, hi, cur float64) []float64 {
	if !math.IsInf(hi, 1) {
		xs := make([]float64, scanPoints+1)
		for i := range xs {
			xs[i] = lo + (hi-lo)*float64(i)/scanPoints
		}
		xs[scanPoints] = hi
		return xs
	}
	ref := math.Abs(cur)
	if math.IsNaN(ref) || ref < 1 {
		ref = 1
	}
	ref = math.Max(ref, math.Abs(lo))
	mid := lo + 4*ref
	xs := make([]float64, 0, scanPoints+1)
	for i := range scanPoints / 2 {
		xs = append(xs, lo+(mid-lo)*float64(i)/(scanPoints/2))
	}
	ratio := math.Pow(1e6*ref/(mid-lo), 1/float64(scanPoints/2))
	for i := 0; i <= scanPoints/2; i++ {
		xs = append(xs, lo+(mid-lo)*math.Pow(ratio, float64(i)))
	}
	return xs
}

// brent finds a root of f in [a, b], where fa and fb differ in sign
// (Brent 1973: inverse quadratic interpolation guarded by bisection).
func brent(f func(float64) float64, a, b, fa, fb, tol float64) float64 {
	if math.Abs(fa) < math.Abs(fb) {
		a, b, fa, fb = b, a, fb, fa
	}
	c, fc := a, fa
	mflag := true
	var dd float64
	for range 200 {
		if fb == 0 || math.Abs(fb) <= tol || math.Abs(b-a) <= 1e-15*math.Max(1, math.Abs(b)) {
			return b
		}
		var s float64
		if fa != fc && fb != fc {
			s = a*fb*fc/((fa-fb)*(fa-fc)) + b*fa*fc/((fb-fa)*(fb-fc)) + c*fa*fb/((fc-fa)*(fc-fb))
		} else {
			s = b - fb*(b-a)/(fb-fa)
		}
		q := (3*a + b) / 4
		if !(s > math.Min(q, b) && s < math.Max(q, b)) ||
			mflag && math.Abs(s-b) >= math.Abs(b-c)/2 ||
			!mflag && math.Abs(s-b) >= math.Abs(c-dd)/2 {
			s = (a + b) / 2
			mflag = true
		} else {
			mflag = false
		}
		fs := f(s)
		if math.IsNaN(fs) {
			s = (a + b) / 2
			fs = f(s)
		}
		dd, c, fc = c, b, fb
		if (fa < 0) != (fs < 0) {
			b, fb = s, fs
		} else {
			a, fa = s, fs
		}
		if math.Abs(fa) < math.Abs(fb) {
			a, b, fa, fb = b, a, fb, fa
		}
	}
	return b
}

// closer reports whether a is strictly nearer to target than b, NaN being
// farthest. It compares the values themselves where both lie on one side
// of the target: with a target of 1e30, |a − 1e30| rounds to 1e30 for every
// revenue a tree can reach, so comparing distances picked an arbitrary
// value ("closest is 1.6 %, giving ¥0") instead of the largest.
func closer(a, b, target float64) bool {
	switch {
	case math.IsNaN(a):
		return false
	case math.IsNaN(b):
		return true
	case a <= target && b <= target:
		return a > b
	case a >= target && b >= target:
		return a < b
	}
	return math.Abs(a-target) < math.Abs(b-target)
}

// closest returns the scanned value whose achievement (achieved[i], from
// measure) is nearest to target, refined by a golden-section search
// between its neighbours.
func closest(measure func(float64) float64, target float64, xs, achieved []float64) float64 {
	bi := -1
	for i, a := range achieved {
		if !math.IsNaN(a) && (bi < 0 || closer(a, achieved[bi], target)) {
			bi = i
		}
	}
	if bi < 0 {
		return xs[0]
	}
	a, b := xs[max(bi-1, 0)], xs[min(bi+1, len(xs)-1)]
	const phi = 0.6180339887498949
	x1, x2 := b-phi*(b-a), a+phi*(b-a)
	g1, g2 := measure(x1), measure(x2)
	for range 60 {
		if closer(g1, g2, target) {
			b, x2, g2 = x2, x1, g1
			x1 = b - phi*(b-a)
			g1 = measure(x1)
		} else {
			a, x1, g1 = x1, x2, g2
			x2 = a + phi*(b-a)
			g2 = measure(x2)
		}
	}
	x := (a + b) / 2
	if !closer(achieved[bi], measure(x), target) {
		return x
	}
	return xs[bi]
}

// fmtNum prints a value for messages the way the UI shows it ("¥130,000,000",
// "93.1%", "14 people"), so CLI and dialog text read the same.
func fmtNum(v float64, unit string) string {
	s := FormatValue(v, unit)
	if u := strings.TrimSpace(unit); u != "" && u != "%" && !strings.ContainsAny(s, "¥$") {
		s += " " + u
	}
	return s
}
