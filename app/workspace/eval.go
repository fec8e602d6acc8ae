package workspace

import (
	"fmt"
	"slices"

	"github.com/kpitree/kpitree/kpitree"
)

// Evaluation is the tree evaluated over the history (actuals), for the
// base or one scenario. It is immutable and safe to share.
type Evaluation struct {
	// Calendar is the evaluated calendar (Periods = history length).
	Calendar kpitree.Calendar
	// Scenario is the scenario name; or "" for the base.
	Scenario string
	// Diagnostics are the compile and evaluation findings; reconciliation
	// warnings are not among them (see Reconciliation and Workspace.Check).
	Diagnostics []kpitree.Diagnostic
	ids         []string
	// reported are the reported actuals by node id, aligned to Calendar.
	reported map[string][]float64
	// meta describes the nodes with a reported actual, for reconciliation
	// diagnostics.
	meta map[string]reportedMeta
	// st is never run again after evaluate, so concurrent reads of its
	// columns are safe; copying 10,000 columns up front would double the
	// cost of opening a large workspace.
	st *kpitree.State
}

// IDs returns the node ids in tree order.
func (e *Evaluation) IDs() []string { return slices.Clone(e.ids) }

// Values returns a copy of node id's values per period (NaN for missing);
// or nil for an unknown id.
func (e *Evaluation) Values(id string) []float64 {
	i := e.st.Program().Index(id)
	if i < 0 {
		return nil
	}
	return slices.Clone(e.st.Column(i)[:e.Calendar.Periods])
}

// ValuesView is Values without the copy, for callers that read every
// node of a large tree once (copying 100k columns cost a tenth of `eval`
// on a 100k-node tree). The slice is the evaluation's own memory, shared
// by every reader of this cached Evaluation: never change it.
func (e *Evaluation) ValuesView(id string) []float64 {
	i := e.st.Program().Index(id)
	if i < 0 {
		return nil
	}
	c := e.st.Column(i)[:e.Calendar.Periods]
	return c[:len(c):len(c)]
}

// evalCache holds evaluations of the current state keyed by scenario name
// ("" = base); any change clears it.
type evalCache struct {
	evals map[string]*Evaluation
}

func (c *evalCache) invalidate() { c.evals = nil }

// calendar returns the effective calendar of a state: the tree's frequency
// spanning every bound dataset, with the workspace's fiscal-year start.
// Without bound data it is the tree's own calendar.
func (s *state) calendar() kpitree.Calendar {
	cal := s.tree.Calendar
	if cal.Freq == "" {
		cal.Freq = kpitree.Month
	}
	cal.FiscalYearStart = s.settings.FiscalYearStart
	first := true
	var end int // in periods of cal, from cal.Start
	for _, id := range sortedKeys(s.bindings) {
		b := s.bindings[id]
		d := s.datasets[b.Dataset]
		if d == nil || d.Calendar.Periods == 0 || d.Calendar.Freq != cal.Freq {
			continue
		}
		dEnd := periodStart(d.Calendar.Freq, d.Calendar.Start, d.Calendar.Periods)
		if first {
			cal.Start, end, first = d.Calendar.Start, d.Calendar.Periods, false
			continue
		}
		if d.Calendar.Start.Before(cal.Start) {
			shift, _ := periodIndex(cal.Freq, d.Calendar.Start, cal.Start)
			cal.Start = d.Calendar.Start
			end += shift
		}
		if e, ok := periodIndex(cal.Freq, cal.Start, dEnd); ok && e > end {
			end = e
		}
	}
	if !first {
		cal.Periods = end
		return cal
	}
	for _, n := range s.tree.Nodes {
		cal.Periods = max(cal.Periods, len(n.Values))
	}
	return cal
}

// inputs returns the bound leaves' series aligned to cal.
func (s *state) inputs(cal kpitree.Calendar) kpitree.Inputs {
	in := kpitree.Inputs{}
	for id, b := range s.bindings {
		n, ok := s.node(id)
		if !ok || n.Kind != kpitree.KindInput {
			continue
		}
		d := s.datasets[b.Dataset]
		if d == nil {
			continue
		}
		c := d.column(b.Column)
		if c == nil || d.Calendar.Freq != cal.Freq {
			continue
		}
		in[id] = alignSeries(cal, d.Calendar, c.Values)
	}
	return in
}

// evalTree returns the tree with the effective calendar, ready for kpitree.
func (s *state) evalTree() kpitree.Tree {
	t := s.tree
	t.Calendar = s.calendar()
	return t
}

// Evaluate evaluates the tree over the history for the base (scenario "")
// or the named scenario. Results are cached until the next change.
func (w *Workspace) Evaluate(scenario string) (*Evaluation, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, ErrClosed
	}
	if e := w.cache.evals[scenario]; e != nil {
		return e, nil
	}
	e, err := evaluate(w.cur, scenario)
	if err != nil {
		return nil, err
	}
	if w.cache.evals == nil {
		w.cache.evals = map[string]*Evaluation{}
	}
	w.cache.evals[scenario] = e
	return e, nil
}

func evaluate(s *state, scenario string) (*Evaluation, error) {
	var sc *kpitree.Scenario
	if scenario != "" {
		x, ok := s.scenarios[scenario]
		if !ok {
			return nil, fmt.Errorf("evaluate %s: %w", kpitree.Quote(scenario), ErrUnknownScenario)
		}
		sc = &x
	}
	t := s.evalTree()
	in := s.inputs(t.Calendar)
	p, cdiags, err := s.program()
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	st := p.NewState(max(t.Calendar.Periods, 1))
	if err := st.SetInputs(in); err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	if err := st.SetScenario(sc); err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", kpitree.Quote(scenario), err)
	}
	st.Run()
	diags := append(slices.Clone(cdiags), st.Diagnostics(in)...)
	e := &Evaluation{Calendar: t.Calendar, Scenario: scenario, Diagnostics: diags,
		ids: make([]string, len(t.Nodes)), st: st, reported: s.reportedSeries(t.Calendar)}
	for i, n := range t.Nodes {
		e.ids[i] = n.ID
		if _, ok := e.reported[n.ID]; ok {
			if e.meta == nil {
				e.meta = map[string]reportedMeta{}
			}
			e.meta[n.ID] = reportedMeta{name: n.Name, column: s.actuals[n.ID].Column,
				silenced: slices.Contains(n.Silenced, CodeReconciliation)}
		}
	}
	return e, nil
}

// Check returns the diagnostics of the current tree with its data: syntax,
// references, cycles, units, unbound inputs, missing data, and a
// CodeReconciliation warning for each node whose computed value strays
// more than DefaultGapThreshold from its reported actual in some period.
func (w *Workspace) Check() ([]kpitree.Diagnostic, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	t := s.evalTree()
	var diags []kpitree.Diagnostic
	if p, _, err := s.program(); err == nil {
		// The state's cached program: compiling a 100k-node tree again
		// cost a quarter of a check.
		diags = kpitree.CheckCompiled(p, s.inputs(t.Calendar))
	} else {
		diags = kpitree.Check(t, s.inputs(t.Calendar)) // says why it does not compile
	}
	if len(s.actuals) == 0 {
		return diags, nil
	}
	e, err := w.baseEvaluation(s)
	if err != nil {
		// A tree that does not compile has no computed values to
		// reconcile; kpitree.Check has reported why.
		return diags, nil
	}
	return append(diags, e.Reconciliation(DefaultGapThreshold)...), nil
}

// baseEvaluation returns the base evaluation of s, from the cache when s
// is still the current state.
func (w *Workspace) baseEvaluation(s *state) (*Evaluation, error) {
	w.mu.Lock()
	var e *Evaluation
	if w.cur == s {
		e = w.cache.evals[""]
	}
	w.mu.Unlock()
	if e != nil {
		return e, nil
	}
	return evaluate(s, "")
}
