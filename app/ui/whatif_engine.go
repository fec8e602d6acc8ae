package ui

import (
	"fmt"
	"image"
	"math"
	"slices"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/kpitree"
)

// whatIfEngine evaluates draft scenarios against a base projection (history
// plus forecast means) fast enough to follow a slider: the projection is
// computed once, each draft only re-runs a cloned state. It is used by one
// worker goroutine at a time (the coalescer guarantees that).
type whatIfEngine struct {
	base    *kpitree.State // read only after construction
	scratch *kpitree.State
	hist    int
	cal     kpitree.Calendar
	root    kpitree.Node
	rootIdx int
	// baseCols holds every node's base series, shared by every preview.
	baseCols map[string][]float64
}

// newWhatIfEngine prepares drafts over base, whose first hist periods are
// history.
func newWhatIfEngine(base *kpitree.State, hist int) (*whatIfEngine, error) {
	p := base.Program()
	t := p.Tree()
	ri := p.Index(t.Root)
	if ri < 0 {
		return nil, fmt.Errorf("what-if: root %q: %w", t.Root, kpitree.ErrUnknownNode)
	}
	e := &whatIfEngine{base: base, scratch: base.Clone(), hist: min(hist, base.Periods()), cal: t.Calendar,
		root: p.Node(ri), rootIdx: ri, baseCols: make(map[string][]float64, p.Len())}
	for i := range p.Len() {
		e.baseCols[p.ID(i)] = slices.Clone(base.Column(i))
	}
	return e, nil
}

// driverValue is the base value of node id at period i (NaN if unknown).
func (e *whatIfEngine) driverValue(id string, i int) float64 {
	col := e.baseCols[id]
	if len(col) == 0 {
		return math.NaN()
	}
	i = max(0, min(i, len(col)-1))
	return col[i]
}

// periods is the projection's length (history + horizon).
func (e *whatIfEngine) periods() int { return e.base.Periods() }

// whatIfResult is one evaluated draft.
type whatIfResult struct {
	// Root is the root's series with the draft applied.
	Root []float64
	// Preview is every node's series for the tree canvas.
	Preview *Preview
	// FY and BaseFY are the root's planned-fiscal-year values with the
	// draft and without it (NaN when the year is not wholly projected).
	FY, BaseFY float64
}

// eval applies sc (nil = base) and returns the result.
func (e *whatIfEngine) eval(sc *kpitree.Scenario, fy int) (*whatIfResult, error) {
	if err := e.scratch.SetScenario(sc); err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	e.scratch.Run()
	p := e.scratch.Program()
	r := &whatIfResult{Root: slices.Clone(e.scratch.Column(e.rootIdx)),
		Preview: &Preview{Actual: make(map[string][]float64, p.Len()), Base: e.baseCols}}
	if sc != nil {
		r.Preview.Label = sc.Name
	}
	// The tree shows each node's last value: end the preview with the
	// planned fiscal year, whose totals the panel reports, rather than at
	// the far end of the horizon.
	end := e.base.Periods()
	if _, to := e.cal.FiscalPeriods(fy); to > e.hist && to < end {
		end = to
	}
	for i := range p.Len() {
		r.Preview.Actual[p.ID(i)] = slices.Clone(e.scratch.Column(i)[:end])
	}
	agg := e.root.Aggregation
	r.FY, r.BaseFY = math.NaN(), math.NaN()
	if v, ok := kpitree.FiscalValue(e.cal, r.Root, fy, agg); ok {
		r.FY = v
	}
	if v, ok := kpitree.FiscalValue(e.cal, e.baseCols[e.root.ID], fy, agg); ok {
		r.BaseFY = v
	}
	return r, nil
}

// figure is the root's base path against the draft, with the history.
func (e *whatIfEngine) figure(r *whatIfResult, name string, th chart.Theme) *chart.ScenarioCompare {
	base := e.baseCols[e.root.ID]
	n := e.root
	if n.Name == "" {
		n.Name = n.ID
	}
	c := &chart.ScenarioCompare{Title: n.Name, Theme: th, Period: chartPeriod(e.cal), Unit: chartUnit(n),
		Actual: base[:e.hist], ActualLabel: lang.L("chart.actual"),
		Base: chart.Line{Name: lang.L("scenario.base"), Start: e.hist, Values: base[e.hist:]}}
	if r != nil && name != "" {
		c.Scenarios = []chart.Line{{Name: name, Start: e.hist, Values: r.Root[e.hist:]}}
	}
	return c
}

// step is one slider step: evaluate the draft and draw its chart at w×h
// pixels. The figure is returned too, so the view can draw it again at
// another size without evaluating anew.
func (e *whatIfEngine) step(sc *kpitree.Scenario, fy int, w, h int, th chart.Theme) (*whatIfResult, chart.Figure, image.Image, error) {
	r, err := e.eval(sc, fy)
	if err != nil {
		return nil, nil, nil, err
	}
	name := ""
	if sc != nil {
		name = sc.Name
	}
	fig := e.figure(r, name, th)
	img, err := chart.RenderImage(fig, w, h)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("what-if chart: %w", err)
	}
	return r, fig, img, nil
}

// draft is the what-if panel's editing state: one target value per driver
// (in base units: fractions for %) over a window with a ramp.
type draft struct {
	Name string
	// Values maps driver ids to the value they are set to.
	Values map[string]float64
	// From and To are the window's first and last period (To < 0: to the end).
	From, To int
	// Ramp is the number of periods to reach the full value.
	Ramp int
	// Keep are overrides the sliders do not edit (scale, add, formula
	// nodes), carried through unchanged.
	Keep []kpitree.Override
}

// scenario turns the draft into a scenario: a set override for each driver
// moved away from its base value at From; unmoved drivers add nothing.
func (d draft) scenario(baseAt func(id string, i int) float64) kpitree.Scenario {
	sc := kpitree.Scenario{Name: d.Name, Overrides: slices.Clone(d.Keep)}
	ids := make([]string, 0, len(d.Values))
	for id := range d.Values {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		v := d.Values[id]
		cur := baseAt(id, d.From)
		if math.IsNaN(v) || math.Abs(v-cur) <= 1e-9*math.Max(1, math.Abs(cur)) {
			continue
		}
		sc.Overrides = append(sc.Overrides, kpitree.Override{Node: id, Op: kpitree.OpSet, Value: v,
			From: d.From, To: d.To, Ramp: d.Ramp})
	}
	return sc
}

// draftFrom reads a saved scenario back into a draft for drivers; the
// window and ramp come from its first set override (or the defaults).
func draftFrom(sc kpitree.Scenario, drivers map[string]bool, from, to int) draft {
	d := draft{Name: sc.Name, Values: map[string]float64{}, From: from, To: to}
	first := true
	for _, o := range sc.Overrides {
		if o.Op != kpitree.OpSet || !drivers[o.Node] {
			d.Keep = append(d.Keep, o)
			continue
		}
		d.Values[o.Node] = o.Value
		if first {
			d.From, d.To, d.Ramp, first = o.From, o.To, o.Ramp, false
		}
	}
	return d
}

// coalescer runs work for the latest submitted value only: while one run is
// in progress, newer submissions replace each other and the last one runs
// next. A slider can emit hundreds of values a second; evaluating each in
// turn would build a backlog and the chart would lag behind the hand.
type coalescer[T any] struct {
	jobs *jobs // runs the work: the pane's, so the pane waits for it and it stops with the pane
	work func(T)

	mu      sync.Mutex
	busy    bool
	pending *T
	idle    sync.WaitGroup
}

func newCoalescer[T any](j *jobs, work func(T)) *coalescer[T] {
	return &coalescer[T]{jobs: j, work: work}
}

// Submit asks for v to be processed; it never blocks.
func (c *coalescer[T]) Submit(v T) {
	c.mu.Lock()
	if c.busy {
		c.pending = &v
		c.mu.Unlock()
		return
	}
	c.busy = true
	c.idle.Add(1)
	c.mu.Unlock()
	c.jobs.start(func() { c.loop(v) })
}

func (c *coalescer[T]) loop(v T) {
	defer c.idle.Done()
	for {
		c.work(v)
		c.mu.Lock()
		if c.pending == nil {
			c.busy = false
			c.mu.Unlock()
			return
		}
		v, c.pending = *c.pending, nil
		c.mu.Unlock()
	}
}

// Wait blocks until no work is running or pending.
func (c *coalescer[T]) Wait() { waitUI(waitGroupDone(&c.idle)) }
