package workspace

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/kpitree/kpitree/kpitree"
)

// ImpactOptions say what ImpactRank measures.
type ImpactOptions struct {
	// Node is the measured node; "" is the root.
	Node string
	// Window is what the node's value is taken over, usually the planned
	// fiscal year.
	Window kpitree.Window
	// From is the first period a driver moves (the first forecast period);
	// earlier periods keep their values.
	From int
	// Ranges are ranges the user typed, by driver id, replacing the
	// forecast's p10–p90 for that driver; or nil.
	Ranges map[string]DriverRange
	// Fallback is the relative move, as a fraction (0.1 = ±10 %), of a
	// driver with no forecast and no typed range; 0 means 0.1.
	Fallback float64
}

// DriverRange is a plausible range of a driver's level, in its stored unit
// (fractions for rates), applied to every moved period.
type DriverRange struct {
	Low, High float64
}

// RangeSource says where a driver's range came from.
type RangeSource string

// The range sources.
const (
	// RangeForecast is the p10–p90 of the driver's forecast, period by
	// period, around the path the scenario gives it.
	RangeForecast RangeSource = "forecast"
	// RangeTyped is a range the user typed (ImpactOptions.Ranges).
	RangeTyped RangeSource = "typed"
	// RangeFallback is ±Fallback of the driver's own path: it has no
	// forecast (a constant, or an unbound input).
	RangeFallback RangeSource = "fallback"
)

// ImpactRow is one driver of an impact ranking: a tornado bar and a table
// row are the same row.
type ImpactRow struct {
	// Rank is 1 for the first driver to act on; tied rows share a rank.
	Rank         int
	Driver, Name string
	Unit         string
	Controllable bool
	Source       RangeSource
	// DriverLow and DriverHigh are the driver's own window values at the
	// two ends of its range (aggregated as the driver aggregates).
	DriverLow, DriverHigh float64
	// Low and High are the measured node's window value with the driver at
	// the low and the high end of its range.
	Low, High float64
	// Swing is |High − Low|, the node's realistic movement by this driver.
	Swing float64
	// Score is Swing for controllable drivers and 0 for the rest: impact
	// the team can act on.
	Score float64
	// Tied is true when another row has the same swing (to 1e-9
	// relative): the ranking cannot tell them apart.
	Tied bool
}

// ImpactRanking is the drivers of one node ranked by realistic movement.
type ImpactRanking struct {
	// Node is the measured node and Scenario the scenario ("" = base) whose
	// projection the drivers move on.
	Node, Scenario string
	Window         kpitree.Window
	From           int
	// Base is the node's window value in Scenario with no driver moved:
	// the line the tornado's bars meet.
	Base float64
	// Rows are ranked: controllable drivers first by swing, then the rest
	// by swing.
	Rows []ImpactRow
}

// ImpactRank moves each driver of a node (every input and constant it
// depends on) across its own plausible range over the window, from
// opt.From on, and reports the node's window value each way. The range is,
// by default, the p10–p90 of the driver's forecast period by period,
// applied around the path the scenario gives the driver (so a driver the
// scenario sets moves around its new level, not the base's); a typed range
// or, without a forecast, ±opt.Fallback replaces it. The rows rank by
// realistic movement, then impact × controllable; ties are marked. The
// tornado chart and the impact table both show this one result.
func (w *Workspace) ImpactRank(ctx context.Context, scenario string, opt ImpactOptions) (*ImpactRanking, error) {
	fallback := opt.Fallback
	if fallback == 0 {
		fallback = 0.1
	}
	if !(fallback > 0 && fallback < 10) {
		return nil, fmt.Errorf("impact ranking: fallback move %v: use a fraction such as 0.1: %w", opt.Fallback, kpitree.ErrBadGoal)
	}
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	var sc kpitree.Scenario
	if scenario != "" {
		if sc, err = w.Scenario(scenario); err != nil {
			return nil, err
		}
	}
	p := st.Program()
	m, err := p.NodeOrRoot(opt.Node)
	if err != nil {
		return nil, fmt.Errorf("impact ranking: %w", err)
	}
	id := p.ID(m)
	h := st.Periods()
	if opt.From < 0 || opt.From >= h {
		return nil, fmt.Errorf("impact ranking: first moved period %d is outside the %d periods: %w", opt.From, h, kpitree.ErrBadWindow)
	}
	node := p.Node(m)
	agg := kpitree.NewAggregator(p)
	measure := func(s *kpitree.State, i int) float64 {
		return windowValue(agg, s, i, opt.Window)
	}
	r := &ImpactRanking{Node: id, Scenario: scenario, Window: opt.Window, From: opt.From, Base: measure(st, m)}
	if math.IsNaN(r.Base) {
		return nil, fmt.Errorf("impact ranking of %s: its value over the window is missing: %w: forecast far enough to cover the window", node.Name, kpitree.ErrBadWindow)
	}
	forecasts := w.Forecasts()
	work := st.Clone() // the projection may be cached and shared: never change it
	for _, d := range driversOf(p, m) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("impact ranking: %w", err)
		}
		dn := p.Node(d)
		path := slices.Clone(st.Column(d)) // the driver as the scenario leaves it
		// The driver's own overrides go: its raw input then carries the
		// moved path, and every other override stays.
		own := kpitree.Scenario{Name: sc.Name}
		for _, o := range sc.Overrides {
			if o.Node != dn.ID {
				own.Overrides = append(own.Overrides, o)
			}
		}
		if err := work.SetScenario(&own); err != nil {
			return nil, fmt.Errorf("impact ranking of %s: %w", dn.Name, err)
		}
		lo, hi, src := driverRange(dn, path, opt, forecasts[dn.ID], fallback)
		row := ImpactRow{Driver: dn.ID, Name: dn.Name, Unit: dn.Unit, Controllable: dn.Controllable, Source: src}
		if row.Name == "" {
			row.Name = dn.ID
		}
		raw := work.Input(d)
		saved := slices.Clone(raw)
		for _, side := range []struct {
			vals        []float64
			node, drive *float64
		}{{lo, &row.Low, &row.DriverLow}, {hi, &row.High, &row.DriverHigh}} {
			copy(raw, path)
			copy(raw[opt.From:], side.vals[opt.From:])
			work.Run()
			*side.node = measure(work, m)
			*side.drive = measure(work, d)
		}
		copy(raw, saved)
		row.Swing = math.Abs(row.High - row.Low)
		if math.IsNaN(row.Swing) {
			continue // a driver whose window value is missing cannot be ranked
		}
		if row.Controllable {
			row.Score = row.Swing
		}
		r.Rows = append(r.Rows, row)
	}
	rankRows(r.Rows)
	return r, nil
}

// driversOf lists the inputs and constants node m depends on, in tree
// order, each once.
func driversOf(p *kpitree.Program, m int) []int {
	seen := map[int]bool{m: true}
	var out []int
	queue := []int{m}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, c := range p.ChildIndexes(i) {
			if seen[c] {
				continue
			}
			seen[c] = true
			queue = append(queue, c)
			if k := p.Node(c).Kind; k == kpitree.KindInput || k == kpitree.KindConstant {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// driverRange is the low and high path of a driver over all periods (only
// those from opt.From on are used) and where the range came from.
func driverRange(n kpitree.Node, path []float64, opt ImpactOptions, lf *LeafForecast, fallback float64) (lo, hi []float64, src RangeSource) {
	lo, hi = slices.Clone(path), slices.Clone(path)
	clampRate := func(v float64) float64 {
		if n.Unit == "%" {
			return math.Max(0, math.Min(1, v))
		}
		return v
	}
	if r, ok := opt.Ranges[n.ID]; ok {
		for t := opt.From; t < len(path); t++ {
			lo[t], hi[t] = clampRate(math.Min(r.Low, r.High)), clampRate(math.Max(r.Low, r.High))
		}
		return lo, hi, RangeTyped
	}
	if lf != nil && len(lf.Lower80) == len(lf.Mean) && len(lf.Upper80) == len(lf.Mean) && lf.Start <= opt.From {
		ok := true
		for t := opt.From; t < len(path); t++ {
			k := t - lf.Start
			if k >= len(lf.Mean) || !finite(lf.Lower80[k]) || !finite(lf.Upper80[k]) || !finite(lf.Mean[k]) {
				ok = false
				break
			}
			lo[t] = clampRate(path[t] + lf.Lower80[k] - lf.Mean[k])
			hi[t] = clampRate(path[t] + lf.Upper80[k] - lf.Mean[k])
		}
		if ok {
			return lo, hi, RangeForecast
		}
		lo, hi = slices.Clone(path), slices.Clone(path)
	}
	for t := opt.From; t < len(path); t++ {
		lo[t], hi[t] = clampRate(path[t]*(1-fallback)), clampRate(path[t]*(1+fallback))
	}
	return lo, hi, RangeFallback
}

// windowValue is node i's value in s over a window: the period's value, or
// the fiscal year's as every fiscal-year figure aggregates it
// (kpitree.Aggregator); NaN when the window is not covered.
func windowValue(agg *kpitree.Aggregator, s *kpitree.State, i int, win kpitree.Window) float64 {
	if win.FiscalYear == 0 {
		if win.Period < 0 || win.Period >= s.Periods() {
			return math.NaN()
		}
		return s.Column(i)[win.Period]
	}
	v, _ := agg.FiscalYear(i, s.Column, win.FiscalYear, s.Periods())
	return v
}

// tieTolerance is how close two swings are to count as the same: moving
// every factor of a product by the same relative range gives swings equal
// to rounding error.
const tieTolerance = 1e-9

// rankRows sorts rows by impact × controllable (controllable first), then
// by swing, and numbers them; rows of equal swing in the same group share
// a rank and are marked Tied.
func rankRows(rows []ImpactRow) {
	same := func(a, b float64) bool {
		return math.Abs(a-b) <= tieTolerance*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
	}
	slices.SortStableFunc(rows, func(a, b ImpactRow) int {
		if a.Controllable != b.Controllable {
			if a.Controllable {
				return -1
			}
			return 1
		}
		if same(a.Swing, b.Swing) {
			return 0
		}
		return cmp.Compare(b.Swing, a.Swing)
	})
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && rows[i].Controllable == rows[i-1].Controllable && same(rows[i].Swing, rows[i-1].Swing) {
			rows[i].Rank = rows[i-1].Rank
			rows[i].Tied, rows[i-1].Tied = true, true
		}
	}
}
