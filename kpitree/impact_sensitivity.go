package kpitree

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// SensitivityOptions tune Sensitivity and RankDrivers.
type SensitivityOptions struct {
	// Node is the id of the measured node; or "" for the root.
	Node   string
	Window Window
	// Delta is the relative move of each driver: 0.1 moves it by ±10 % of
	// its own value (a 50 % active rate becomes 45 % and 55 %); 0 means 0.1.
	// Drivers in "%" stay within [0, 100 %].
	Delta float64
	// From is the first period the drivers move; earlier periods keep their
	// values, so a fiscal-year total sees only the moved months.
	From int
	// All includes drivers that are not controllable.
	All bool
}

// SensitivityRow is one bar of a tornado chart.
type SensitivityRow struct {
	Driver       string `json:"driver"`
	Name         string `json:"name"`
	Controllable bool   `json:"controllable"`
	// Base is the node's window value as evaluated; Low and High its value
	// with the driver moved by −Delta and +Delta.
	Base float64 `json:"base"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Swing is |High − Low|, the bar's length and the sort key.
	Swing float64 `json:"swing"`
}

// Sensitivity moves each driver (input or constant feeding the node;
// controllable ones unless opt.All) by ±opt.Delta from opt.From on and
// reports the node's window value each way, largest swing first: the data
// of a tornado chart. s is not changed.
func Sensitivity(s *State, opt SensitivityOptions) ([]SensitivityRow, error) {
	if s == nil {
		return nil, fmt.Errorf("sensitivity: %w: evaluate the tree first", ErrMissingValue)
	}
	p := s.Program()
	tree := p.Tree()
	h := s.Periods()
	m, err := p.NodeOrRoot(opt.Node)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	id := p.ID(m)
	delta := opt.Delta
	if delta == 0 {
		delta = 0.1
	}
	if !(delta > 0 && delta < 10) {
		return nil, fmt.Errorf("sensitivity: delta %v: %w: use a fraction such as 0.1 for ±10 %%", opt.Delta, ErrBadGoal)
	}
	if opt.From < 0 || opt.From >= h {
		return nil, fmt.Errorf("sensitivity: from period %d is outside 0..%d: %w", opt.From, h-1, ErrBadWindow)
	}
	periods, err := opt.Window.periods(tree.Calendar, h)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	ws := cloneState(s)
	measure := windowMeasure(p, ws, m, periods)
	base := measure()
	if math.IsInf(base, 0) {
		return nil, fmt.Errorf("sensitivity: %s is too large to compute in the window: look for an absurd input or scenario value such as 1e308: %w", Quote(id), ErrOverflow)
	}
	if math.IsNaN(base) {
		return nil, fmt.Errorf("sensitivity: %s has no value in the window: bind data for its inputs or choose other periods: %w", Quote(id), ErrMissingValue)
	}
	var rows []SensitivityRow
	for d := range p.Len() {
		nd := tree.Nodes[d]
		col := ws.Input(d)
		if col == nil || d == m || !(nd.Controllable || opt.All) || !dependsOn(p, m, d) {
			continue
		}
		orig := slices.Clone(col)
		at := func(f float64) float64 {
			for t := opt.From; t < h; t++ {
				col[t] = orig[t] * f
				if nd.Unit == "%" {
					// A rate cannot leave [0, 100 %]: a 95 % rate +10 % is 100 %.
					col[t] = math.Min(math.Max(col[t], 0), 1)
				}
			}
			ws.Update(d)
			return measure()
		}
		row := SensitivityRow{Driver: nd.ID, Name: nd.Name, Controllable: nd.Controllable, Base: base,
			Low: at(1 - delta), High: at(1 + delta)}
		copy(col, orig)
		ws.Update(d)
		row.Swing = math.Abs(row.High - row.Low)
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b SensitivityRow) int {
		return cmp.Or(cmpDesc(a.Swing, b.Swing), cmp.Compare(a.Driver, b.Driver))
	})
	return rows, nil
}

// cmpDesc orders larger first, NaN last; values equal but for rounding
// (factors of one product) compare equal so ties fall back to the id.
func cmpDesc(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	case math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b)):
		return 0
	}
	return cmp.Compare(b, a)
}

// DriverRank is one driver in the order a CS team should work on them.
type DriverRank struct {
	Rank         int    `json:"rank"` // 1 is the first to act on
	Driver       string `json:"driver"`
	Name         string `json:"name"`
	Controllable bool   `json:"controllable"`
	// Impact is the swing of the node's window value when the driver moves
	// by ±Delta, in the node's unit.
	Impact float64 `json:"impact"`
	// Elasticity is the node's relative change per relative change of the
	// driver ((High − Low) ÷ (2·Delta·Base)); 1 for a factor of a product.
	Elasticity float64 `json:"elasticity"`
	// Score is Impact for controllable drivers and 0 for the rest: impact
	// the team can act on.
	Score float64 `json:"score"`
}

// RankDrivers ranks every driver of the node by impact × controllable, the
// way the canonical tree's users prioritise: controllable drivers first, by
// how much a ±Delta move of each changes the node; then the rest, by impact,
// so the user still sees what moves the number. opt.All is ignored.
func RankDrivers(s *State, opt SensitivityOptions) ([]DriverRank, error) {
	opt.All = true
	rows, err := Sensitivity(s, opt)
	if err != nil {
		return nil, fmt.Errorf("rank drivers: %w", err)
	}
	delta := opt.Delta
	if delta == 0 {
		delta = 0.1
	}
	out := make([]DriverRank, 0, len(rows))
	for _, r := range rows {
		d := DriverRank{Driver: r.Driver, Name: r.Name, Controllable: r.Controllable, Impact: r.Swing}
		if r.Base != 0 {
			d.Elasticity = (r.High - r.Low) / (2 * delta * r.Base)
		}
		if r.Controllable {
			d.Score = r.Swing
		}
		out = append(out, d)
	}
	slices.SortStableFunc(out, func(a, b DriverRank) int {
		if a.Controllable != b.Controllable {
			if a.Controllable {
				return -1
			}
			return 1
		}
		return cmp.Or(cmpDesc(a.Impact, b.Impact), cmp.Compare(a.Driver, b.Driver))
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, nil
}
