package workspace

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/parallel"
	"github.com/kpitree/kpitree/kpitree"
)

// AlertSeverity says how urgent a fired alert is.
type AlertSeverity string

// The severities.
const (
	// SeverityWarning: worth a look at the next review.
	SeverityWarning AlertSeverity = "warning"
	// SeverityCritical: far outside what was expected (outside the 95 %
	// band, twice the threshold, or a status turned red).
	SeverityCritical AlertSeverity = "critical"
)

// The message keys of fired alerts (assets/translations/alerts.*.json);
// app/report fills them from an Alert's fields (report.Translator.AlertText).
const (
	AlertKeyBand  = "alert.band"
	AlertKeyRAG   = "alert.rag"
	AlertKeyGap   = "alert.gap"
	AlertKeyRecon = "alert.recon"
)

// Alert is one alert rule that fired on the latest data.
type Alert struct {
	// Node is the node id, Name its display name and Unit its unit.
	Node, Name, Unit string
	// Rule is the rule that fired.
	Rule kpitree.AlertRule
	// Period is the calendar period checked (the node's latest actual)
	// and Label its label ("2026-03").
	Period int
	Label  string
	// Observed is the node's value in Period (for recon: the computed one).
	Observed float64
	// Expected is what Observed was compared with: the hold-out forecast's
	// centre (band), the target (rag, gap) or the reported actual (recon).
	Expected float64
	// Lower and Upper bound what would not have fired: the forecast band,
	// or the target or reported value ± the threshold (the bad side only
	// for gap: the other is ±Inf). NaN for rag.
	Lower, Upper float64
	// Deviation is (Observed − Expected) ÷ |Expected| for gap and recon;
	// NaN for the other kinds.
	Deviation float64
	// From and To are the statuses of the period before and of Period
	// (rag); StatusNone for the other kinds.
	From, To kpitree.Status
	Severity AlertSeverity
	// Key is the message key (AlertKeyBand …) for the user's language.
	Key string
}

// alertNode is one node with rules, resolved against the program.
type alertNode struct {
	idx   int // in the program and the tree
	node  kpitree.Node
	last  int // latest period with a value; −1 if none
	rules []kpitree.AlertRule
}

// Alerts evaluates every node's alert rules (kpitree.Node.Alerts) on the
// latest data and returns those that fire, in tree order, a node's rules
// in the order it lists them. A tree with no rules has no alerts: nothing
// is watched by default, so a rule nobody set never pages anyone.
//
// Each rule looks at the node's latest period with a value:
//   - band80, band95: the forecast made before it (every leaf below the
//     node refitted on the data up to the previous period, with the model
//     the current forecast uses; computed nodes get the band of the leaves'
//     sample paths pushed through the tree, as the fan chart does) and
//     whether the actual lies outside its band;
//   - rag: the status against the target (the canvas's rule: the latest
//     per-period target up to that period and the node's RAG thresholds)
//     worse than in the period before;
//   - gap: the actual short of that target by more than the threshold;
//   - recon: the computed value off the reported actual by more than the
//     threshold.
//
// A rule that cannot be evaluated (no target or RAG thresholds, no
// reported actual, a history too short to forecast) does not fire. Stored
// rules that are invalid are skipped. It works on a snapshot; ctx cancels
// the hold-out forecasts.
func (w *Workspace) Alerts(ctx context.Context) ([]Alert, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	return w.alerts(ctx, s)
}

// HasAlertRules reports whether any node has an alert rule.
func (w *Workspace) HasAlertRules() bool {
	s, err := w.snapshot()
	return err == nil && s.hasAlertRules()
}

func (s *state) hasAlertRules() bool {
	return slices.ContainsFunc(s.tree.Nodes, func(n kpitree.Node) bool { return len(n.Alerts) > 0 })
}

func (w *Workspace) alerts(ctx context.Context, s *state) ([]Alert, error) {
	if !s.hasAlertRules() {
		return nil, nil
	}
	e, err := w.baseEvaluation(s)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	p, _, err := s.program()
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	var nodes []alertNode
	for i, n := range s.tree.Nodes {
		if len(n.Alerts) == 0 {
			continue
		}
		an := alertNode{idx: i, node: n, last: -1}
		for _, r := range n.Alerts {
			if r.Validate() == nil && !slices.ContainsFunc(an.rules, func(x kpitree.AlertRule) bool { return x.Kind == r.Kind }) {
				an.rules = append(an.rules, r)
			}
		}
		vals := e.ValuesView(n.ID)
		for t := len(vals) - 1; t >= 0; t-- {
			if finite(vals[t]) {
				an.last = t
				break
			}
		}
		if an.last >= 0 && len(an.rules) > 0 {
			nodes = append(nodes, an)
		}
	}
	// Band rules need hold-out forecasts, one batch per latest period
	// (usually one: every series ends in the same period).
	byLast := map[int][]alertNode{}
	for _, an := range nodes {
		if slices.ContainsFunc(an.rules, func(r kpitree.AlertRule) bool {
			return r.Kind == kpitree.AlertBand80 || r.Kind == kpitree.AlertBand95
		}) {
			byLast[an.last] = append(byLast[an.last], an)
		}
	}
	bands := map[string]holdBand{}
	for _, last := range slices.Sorted(maps.Keys(byLast)) {
		b, err := s.holdOut(ctx, w, p, e.Calendar, last, byLast[last])
		if err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
		for id, hb := range b {
			bands[id] = hb
		}
	}
	var out []Alert
	for _, an := range nodes {
		vals := e.ValuesView(an.node.ID)
		for _, r := range an.rules {
			var a *Alert
			switch r.Kind {
			case kpitree.AlertRAG:
				a = ragAlert(an, vals)
			case kpitree.AlertGap:
				a = gapAlert(an, vals, r)
			case kpitree.AlertRecon:
				a = reconAlert(an, e, r)
			case kpitree.AlertBand80, kpitree.AlertBand95:
				if b, ok := bands[an.node.ID]; ok {
					a = bandAlert(an, vals[an.last], b, r)
				}
			}
			if a != nil {
				a.Label = e.Calendar.Label(a.Period)
				out = append(out, *a)
			}
		}
	}
	return out, nil
}

// newAlert fills the fields every kind shares.
func newAlert(an alertNode, r kpitree.AlertRule, key string) *Alert {
	return &Alert{Node: an.node.ID, Name: an.node.Name, Unit: an.node.Unit, Rule: r, Period: an.last, Key: key,
		Observed: math.NaN(), Expected: math.NaN(), Lower: math.NaN(), Upper: math.NaN(), Deviation: math.NaN(),
		From: kpitree.StatusNone, To: kpitree.StatusNone, Severity: SeverityWarning}
}

// TargetAt is the per-period target the canvas colours period i with:
// the one set for i, else the latest one before it; ok is false when
// there is none (fiscal-year targets do not count).
func TargetAt(n kpitree.Node, i int) (target float64, ok bool) {
	best := -1
	for _, t := range n.Targets {
		if t.FiscalYear != 0 || t.Period > i || t.Period < best || !finite(t.Value) {
			continue
		}
		best, target, ok = t.Period, t.Value, true
	}
	return target, ok
}

// statusRank orders statuses from best to worst; StatusNone ranks −1.
func statusRank(s kpitree.Status) int {
	switch s {
	case kpitree.StatusGreen:
		return 0
	case kpitree.StatusAmber:
		return 1
	case kpitree.StatusRed:
		return 2
	}
	return -1
}

// ragAlert fires when the latest status is worse than the previous one.
func ragAlert(an alertNode, vals []float64) *Alert {
	i := an.last
	if an.node.RAG == nil || i < 1 {
		return nil
	}
	status := func(t int) (kpitree.Status, float64) {
		tgt, ok := TargetAt(an.node, t)
		if !ok {
			return kpitree.StatusNone, math.NaN()
		}
		return an.node.RAG.Status(vals[t], tgt), tgt
	}
	from, _ := status(i - 1)
	to, tgt := status(i)
	if statusRank(from) < 0 || statusRank(to) <= statusRank(from) {
		return nil
	}
	a := newAlert(an, kpitree.AlertRule{Kind: kpitree.AlertRAG}, AlertKeyRAG)
	a.Observed, a.Expected, a.From, a.To = vals[i], tgt, from, to
	if to == kpitree.StatusRed {
		a.Severity = SeverityCritical
	}
	return a
}

// higherIsBetter is the node's direction: its RAG's, else higher.
func higherIsBetter(n kpitree.Node) bool { return n.RAG == nil || n.RAG.HigherIsBetter }

// gapAlert fires when the latest actual misses its target by more than
// the threshold on the bad side.
func gapAlert(an alertNode, vals []float64, r kpitree.AlertRule) *Alert {
	tgt, ok := TargetAt(an.node, an.last)
	v := vals[an.last]
	if !ok || tgt == 0 {
		return nil
	}
	dev := (v - tgt) / math.Abs(tgt)
	short := -dev
	lo, hi := tgt-r.Threshold*math.Abs(tgt), math.Inf(1)
	if !higherIsBetter(an.node) {
		short = dev
		lo, hi = math.Inf(-1), tgt+r.Threshold*math.Abs(tgt)
	}
	if !(short > r.Threshold) {
		return nil
	}
	a := newAlert(an, r, AlertKeyGap)
	a.Observed, a.Expected, a.Deviation, a.Lower, a.Upper = v, tgt, dev, lo, hi
	if short > 2*r.Threshold {
		a.Severity = SeverityCritical
	}
	return a
}

// reconAlert fires when the computed value is off the reported actual by
// more than the threshold in the latest period that has both.
func reconAlert(an alertNode, e *Evaluation, r kpitree.AlertRule) *Alert {
	rep := e.Reported(an.node.ID)
	comp := e.ValuesView(an.node.ID)
	for t := min(len(rep), len(comp)) - 1; t >= 0; t-- {
		g, ok := RelativeGap(comp[t], rep[t])
		if !ok {
			continue
		}
		if !(math.Abs(g) > r.Threshold) {
			return nil
		}
		a := newAlert(an, r, AlertKeyRecon)
		a.Period = t
		a.Observed, a.Expected, a.Deviation = comp[t], rep[t], g
		a.Lower, a.Upper = rep[t]-r.Threshold*math.Abs(rep[t]), rep[t]+r.Threshold*math.Abs(rep[t])
		if math.Abs(g) > 2*r.Threshold {
			a.Severity = SeverityCritical
		}
		return a
	}
	return nil
}

// holdBand is a hold-out forecast of one node for one period.
type holdBand struct {
	mid                    float64
	lo80, hi80, lo95, hi95 float64
}

// bandAlert fires when v lies outside the rule's band.
func bandAlert(an alertNode, v float64, b holdBand, r kpitree.AlertRule) *Alert {
	lo, hi := b.lo95, b.hi95
	if r.Kind == kpitree.AlertBand80 {
		lo, hi = b.lo80, b.hi80
	} else if r.Kind != kpitree.AlertBand95 {
		return nil
	}
	if !finite(lo) || !finite(hi) || (v >= lo && v <= hi) {
		return nil
	}
	a := newAlert(an, r, AlertKeyBand)
	a.Observed, a.Expected, a.Lower, a.Upper = v, b.mid, lo, hi
	if v < b.lo95 || v > b.hi95 {
		a.Severity = SeverityCritical
	}
	return a
}

// holdOutQuantiles are the Monte Carlo quantiles of a computed node's
// hold-out band: the 95 % and 80 % bands and the median.
func holdOutQuantiles() []float64 { return []float64{0.025, 0.10, 0.50, 0.90, 0.975} }

// holdOut forecasts period last of each node in nodes from the data up to
// last−1: every bound leaf below them is refitted on its history cut at
// last (same model as its current forecast, same seed), leaves take their
// forecast band, and computed nodes the quantiles of the leaves' sample
// paths pushed through the tree. Nodes whose band cannot be had (a leaf
// too short to forecast, no data) are left out of the result.
func (s *state) holdOut(ctx context.Context, w *Workspace, p *kpitree.Program, cal kpitree.Calendar, last int, nodes []alertNode) (map[string]holdBand, error) {
	if last < 1 {
		return nil, nil
	}
	// The leaves below the nodes, and whether any node is computed.
	need := make([]bool, p.Len())
	stack := make([]int, 0, len(nodes))
	computed := false
	for _, an := range nodes {
		stack = append(stack, an.idx)
		if an.node.Kind != kpitree.KindInput {
			computed = true
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if need[i] {
			continue
		}
		need[i] = true
		stack = append(stack, p.ChildIndexes(i)...)
	}
	jobs, _ := s.forecastJobs()
	w.mu.Lock()
	cached := w.forecasts
	w.mu.Unlock()
	var todo []forecastJob
	for _, j := range jobs {
		i := p.Index(j.node)
		if i < 0 || !need[i] {
			continue
		}
		j.y = j.y[:min(last, len(j.y))]
		j.spec.Horizon = 1
		j.spec.Levels = []float64{80, 95}
		j.spec.Paths = 0
		if computed {
			j.spec.Paths = s.settings.Paths
		}
		// Refit the model the live forecast chose rather than choosing
		// again: the hold-out should judge that model, and refitting one
		// costs a fraction of the automatic selection.
		if lf := cached[j.node]; lf != nil && lf.Hash == j.hash {
			if _, err := forecast.ParseModel(lf.Model); err == nil {
				j.spec.Model = lf.Model
			}
		}
		todo = append(todo, j)
	}
	res, err := w.holdOutForecasts(ctx, todo, last)
	if err != nil {
		return nil, err
	}
	out := map[string]holdBand{}
	leafRes := map[string]*forecast.Result{}
	for k, j := range todo {
		if res[k] != nil {
			leafRes[j.node] = res[k]
		}
	}
	var mcNodes []string
	for _, an := range nodes {
		if an.node.Kind != kpitree.KindInput {
			mcNodes = append(mcNodes, an.node.ID)
			continue
		}
		r := leafRes[an.node.ID]
		if r == nil {
			continue
		}
		b := holdBand{mid: r.Mean[0]}
		lo, hi, ok80 := r.Band(80)
		lo2, hi2, ok95 := r.Band(95)
		if !ok80 || !ok95 || len(lo) < 1 || len(lo2) < 1 {
			continue
		}
		b.lo80, b.hi80, b.lo95, b.hi95 = lo[0], hi[0], lo2[0], hi2[0]
		out[an.node.ID] = b
	}
	if len(mcNodes) == 0 || s.settings.Paths < 1 {
		return out, nil
	}
	in := s.inputs(cal)
	mc := kpitree.MonteCarloInput{Paths: s.settings.Paths, Horizon: 1, Start: last, Quantiles: holdOutQuantiles(),
		Samples: map[string][]float64{}, History: kpitree.Inputs{}, Nodes: mcNodes}
	for id, y := range in {
		if i := p.Index(id); i >= 0 && need[i] {
			mc.History[id] = y[:min(last, len(y))]
		}
	}
	for id, r := range leafRes {
		samples := make([]float64, len(r.Paths))
		for k, path := range r.Paths {
			samples[k] = math.NaN()
			if len(path) > 0 {
				samples[k] = path[0]
			}
		}
		mc.Samples[id] = samples
	}
	// A needed bound leaf whose hold-out failed must not fall back to its
	// typed values: its ancestors get no band instead.
	for id := range in {
		if i := p.Index(id); i >= 0 && need[i] && mc.Samples[id] == nil {
			nan := make([]float64, 1)
			nan[0] = math.NaN()
			mc.Samples[id] = nan
		}
	}
	mres, err := kpitree.MonteCarloProgram(ctx, p, mc, nil)
	if err != nil {
		return nil, err
	}
	for _, id := range mcNodes {
		q := mres[0].Bands[id]
		if len(q) < 1 || len(q[0]) != len(mc.Quantiles) {
			continue
		}
		b := holdBand{lo95: q[0][0], lo80: q[0][1], mid: q[0][2], hi80: q[0][3], hi95: q[0][4]}
		if finite(b.lo95) && finite(b.hi95) {
			out[id] = b
		}
	}
	return out, nil
}

// holdOutKey identifies one leaf's hold-out forecast: the live forecast's
// cache key (data and settings), the cut and what was asked of it.
type holdOutKey struct {
	node, hash, model string
	last, paths       int
}

// maxHoldOuts bounds the hold-out cache; past it the cache starts afresh
// (entries of data since replaced are never asked for again).
const maxHoldOuts = 4096

// holdOutForecasts forecasts one period after last for each job, in
// parallel, reusing the results of earlier calls for the same data; a
// job whose forecast fails or is malformed gets nil.
func (w *Workspace) holdOutForecasts(ctx context.Context, todo []forecastJob, last int) ([]*forecast.Result, error) {
	key := func(j forecastJob) holdOutKey {
		return holdOutKey{node: j.node, hash: j.hash, model: j.spec.Model, last: last, paths: j.spec.Paths}
	}
	res := make([]*forecast.Result, len(todo))
	var miss []int
	w.mu.Lock()
	for k, j := range todo {
		if r, ok := w.holdOuts[key(j)]; ok {
			res[k] = r
		} else {
			miss = append(miss, k)
		}
	}
	w.mu.Unlock()
	if err := parallel.Each(ctx, len(miss), func(m int) {
		k := miss[m]
		r, err := forecast.Forecast(ctx, todo[k].y, todo[k].spec)
		if err == nil && len(r.Mean) == 1 && (todo[k].spec.Paths == 0 || len(r.Paths) == todo[k].spec.Paths) {
			res[k] = r
		}
	}); err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.holdOuts == nil || len(w.holdOuts)+len(miss) > maxHoldOuts {
		w.holdOuts = map[holdOutKey]*forecast.Result{}
	}
	for _, k := range miss {
		// A failed forecast is kept too (nil): it fails again on the
		// same data, so asking again only costs the refit.
		w.holdOuts[key(todo[k])] = res[k]
	}
	return res, nil
}
