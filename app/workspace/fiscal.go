package workspace

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kpitree/kpitree/kpitree"
)

// FiscalYearValues returns every node's value for fiscal year fy (the
// fiscal year that starts in that calendar year), in node order, from an
// evaluated state: flows summed, stocks at the year's end, openings at its
// start, ratios as their formula over the year's values of their inputs,
// each in its rate convention. It is the one function behind every
// fiscal-year figure: targets and RAG, goal seek, impact, Monte Carlo,
// charts, exports and the CLI. ok is false when the year is not wholly
// inside the state's periods.
func FiscalYearValues(st *kpitree.State, fy int) (values []float64, ok bool) {
	p := st.Program()
	from, to := p.Tree().Calendar.FiscalPeriods(fy)
	if from < 0 || to > st.Periods() || from >= to {
		return nil, false
	}
	return kpitree.NewAggregator(p).Values(st.Column, from, to), true
}

// FiscalYearValue returns one node's fiscal-year value (see
// FiscalYearValues); ok is false for an unknown node or a year not wholly
// inside the state.
func FiscalYearValue(st *kpitree.State, id string, fy int) (float64, bool) {
	p := st.Program()
	i := p.Index(id)
	if i < 0 {
		return math.NaN(), false
	}
	return kpitree.NewAggregator(p).FiscalYear(i, st.Column, fy, st.Periods())
}

// NodeAggregation is how one node's periods combine into its fiscal-year
// value, for the inspector and the CLI.
type NodeAggregation struct {
	ID string `json:"id"`
	// Kind is the kind used; Inferred is true when it was inferred from
	// the unit and formula, false when it was set (by the user, by the
	// template the node came from, or by the old sum/last/mean setting).
	Kind     kpitree.AggKind   `json:"kind"`
	Inferred bool              `json:"inferred"`
	Source   kpitree.AggSource `json:"source"`
	// Reason and Args say why, translatable as "fy.reason."+Reason with
	// {0}, {1} standing for Args; Explanation is the English text (with the
	// note).
	Reason      kpitree.AggReason `json:"reason"`
	Args        []string          `json:"args,omitempty"`
	Note        string            `json:"note,omitempty"`
	Explanation string            `json:"explanation"`
	// Rate is the rate convention of the fiscal-year column; RateOK says
	// whether the node is a rate that can choose one.
	Rate   kpitree.FYRate `json:"rate"`
	RateOK bool           `json:"rate_ok"`
	// Label is the translation key of the fiscal-year column's caption for
	// this node ("fy.label.flow": "FY total", "fy.label.compound":
	// "compounded over the FY" …); see FYLabel.
	Label string `json:"label"`
}

// FYLabel returns the translation key and English caption of a fiscal-year
// value of kind k shown in rate convention r: what the number is ("FY
// total", "at FY end", "over the FY (12 months)", "compounded monthly
// rates", …). The UI and the CLI label the FY column with it.
func FYLabel(k kpitree.AggKind, r kpitree.FYRate, rateOK bool) (key, english string) {
	if rateOK {
		switch r {
		case kpitree.RateCompound:
			return "fy.label.compound", "compounded from the monthly rates"
		case kpitree.RatePeriod:
			return "fy.label.period", "per-month equivalent of the FY rate"
		case kpitree.RateMean:
			return "fy.label.mean", "average of the months (not a rate over the FY)"
		}
	}
	switch k {
	case kpitree.AggFlow:
		return "fy.label.flow", "FY total"
	case kpitree.AggStock:
		return "fy.label.stock", "at FY end"
	case kpitree.AggOpening:
		return "fy.label.opening", "at FY start"
	case kpitree.AggAverage:
		return "fy.label.average", "FY average"
	}
	return "fy.label.ratio", "over the FY (12 months)"
}

func nodeAggregation(id string, in kpitree.AggInfo) NodeAggregation {
	key, _ := FYLabel(in.Kind, in.Rate, in.RateOK)
	return NodeAggregation{ID: id, Kind: in.Kind, Inferred: in.Source == kpitree.SourceInferred, Source: in.Source,
		Reason: in.Reason, Args: in.Args, Note: in.Note, Explanation: in.Explanation(), Rate: in.Rate, RateOK: in.RateOK, Label: key}
}

// Aggregations returns every node's fiscal-year aggregation, in tree order:
// its kind, whether it was inferred or set, why, and its rate convention.
func (w *Workspace) Aggregations() ([]NodeAggregation, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	p, _, err := s.program()
	if err != nil {
		return nil, fmt.Errorf("aggregations: %w", err)
	}
	agg := kpitree.NewAggregator(p)
	out := make([]NodeAggregation, p.Len())
	for i := range out {
		out[i] = nodeAggregation(p.ID(i), agg.Info(i))
	}
	return out, nil
}

// SetAggregation sets node id's fiscal-year kind with a note saying why,
// as one undoable action; kind "" returns the node to the inferred kind
// (and drops the note).
func (w *Workspace) SetAggregation(id string, kind kpitree.AggKind, note string) error {
	if kind != "" {
		if k, ok := kpitree.ParseAggKind(string(kind)); !ok || k != kind {
			return fmt.Errorf("aggregation of %s: %q: use flow, stock, opening, average or ratio (or none to infer it): %w", id, kind, ErrBadSettings)
		}
	}
	note = strings.TrimSpace(note)
	if kind == "" {
		note = ""
	}
	return w.editNode(act(LabelSetAggregation, id), id, func(n *kpitree.Node) {
		n.Aggregation, n.AggregationNote = string(kind), note
	})
}

// SetFYRate sets which rate node id's fiscal-year column shows, as one
// undoable action; "" or RateYear is the default (the rate over the year).
func (w *Workspace) SetFYRate(id string, rate kpitree.FYRate) error {
	if rate == kpitree.RateYear {
		rate = ""
	}
	if rate != "" {
		ok := false
		for _, r := range kpitree.FYRates() {
			ok = ok || r == rate
		}
		if !ok {
			return fmt.Errorf("FY rate of %s: %q: use year, compound, period or mean: %w", id, rate, ErrBadSettings)
		}
	}
	return w.editNode(act(LabelSetFYRate, id), id, func(n *kpitree.Node) { n.FYRate = string(rate) })
}

// editNode applies fn to a copy of node id and stores it under a.
func (w *Workspace) editNode(a action, id string, fn func(n *kpitree.Node)) error {
	s, err := w.snapshot()
	if err != nil {
		return err
	}
	n, ok := s.node(id)
	if !ok {
		return fmt.Errorf("%s: node %q: %w", lower(a.label()), id, kpitree.ErrUnknownNode)
	}
	n = n.Clone()
	fn(&n)
	return w.setNode(a, n)
}

// FiscalRow is one node's fiscal-year figure against its target.
type FiscalRow struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit"`
	// Agg says how Value was formed.
	Agg NodeAggregation `json:"aggregation"`
	// Value is the fiscal-year value; NaN when a period it needs is missing.
	Value float64 `json:"value"`
	// Target is the node's fiscal-year target and HasTarget whether it has
	// one; Status colours Value against it with the node's RAG.
	Target    float64        `json:"target"`
	HasTarget bool           `json:"has_target"`
	Status    kpitree.Status `json:"status"`
}

// FiscalYear returns every node's fiscal-year value for fy on the
// projection (history plus forecast) of the base or a scenario, with its
// target and RAG status: the figures of the FY column, the targets panel
// and the CLI's 'fy' command.
func (w *Workspace) FiscalYear(ctx context.Context, scenario string, fy int) ([]FiscalRow, error) {
	st, err := w.Projection(ctx, scenario)
	if err != nil {
		return nil, err
	}
	vals, ok := FiscalYearValues(st, fy)
	if !ok {
		return nil, fmt.Errorf("fiscal year %d is not wholly inside the history and forecast: choose another year or extend the horizon: %w", fy, kpitree.ErrBadWindow)
	}
	p := st.Program()
	agg := kpitree.NewAggregator(p)
	out := make([]FiscalRow, p.Len())
	for i := range out {
		n := p.Node(i)
		r := FiscalRow{ID: n.ID, Name: n.Name, Unit: n.Unit, Agg: nodeAggregation(n.ID, agg.Info(i)), Value: vals[i],
			Target: math.NaN(), Status: kpitree.StatusNone}
		if t, ok := n.FiscalTarget(fy); ok {
			r.Target, r.HasTarget = t, true
			r.Status = n.RAG.Status(r.Value, t)
		}
		out[i] = r
	}
	return out, nil
}

// FYChange is one node whose fiscal-year value differs between the old
// sum/last/mean rule and aggregation by meaning.
type FYChange struct {
	Node       string `json:"node"`
	Name       string `json:"name"`
	FiscalYear int    `json:"fiscal_year"`
	// OldRule is the old setting applied ("sum", "last" or "mean"; an
	// empty setting was "mean" for "%" nodes and "sum" otherwise).
	OldRule string `json:"old_rule"`
	// Agg is the new aggregation.
	Agg NodeAggregation `json:"aggregation"`
	// Old and New are the two values; Change = New − Old and Rel =
	// Change ÷ |Old| (NaN when Old is 0).
	Old    float64 `json:"old"`
	New    float64 `json:"new"`
	Change float64 `json:"change"`
	Rel    float64 `json:"rel"`
}

// legacyRule is the old sum/last/mean rule a node's fiscal-year value used.
func legacyRule(n kpitree.Node) string {
	switch n.Aggregation {
	case "sum", "last", "mean":
		return n.Aggregation
	}
	if n.Unit == "%" {
		return "mean"
	}
	return "sum"
}

// MigrationNotes lists, for every complete fiscal year of the history, the
// nodes whose fiscal-year value changes from the old sum/last/mean rule to
// aggregation by meaning (nodes whose kind is already stored under the new
// names were never aggregated the old way and are left out), and by how much, largest relative change first
// within each year. Nothing is written: the workspace keeps its stored
// settings, and the new values follow from them (see
// kpitree.ResolveAggregation).
func (w *Workspace) MigrationNotes() ([]FYChange, error) {
	e, err := w.Evaluate("")
	if err != nil {
		return nil, err
	}
	st := e.st
	p := st.Program()
	t := p.Tree()
	agg := kpitree.NewAggregator(p)
	n := t.Calendar.Periods
	var out []FYChange
	if n <= 0 {
		return nil, nil
	}
	for fy := t.Calendar.FiscalYear(0); fy <= t.Calendar.FiscalYear(n-1); fy++ {
		from, to := t.Calendar.FiscalPeriods(fy)
		if from < 0 || to > n || from >= to {
			continue
		}
		vals := agg.Values(st.Column, from, to)
		start := len(out)
		for i, nd := range t.Nodes {
			if k, ok := kpitree.ParseAggKind(nd.Aggregation); ok && string(k) == nd.Aggregation {
				continue // set under aggregation by meaning: nothing migrated
			}
			rule := legacyRule(nd)
			old := kpitree.Aggregate(st.Column(i)[from:to], rule)
			nv := vals[i]
			if sameValue(old, nv) {
				continue
			}
			c := FYChange{Node: nd.ID, Name: nd.Name, FiscalYear: fy, OldRule: rule, Agg: nodeAggregation(nd.ID, agg.Info(i)),
				Old: old, New: nv, Change: nv - old, Rel: math.NaN()}
			if old != 0 {
				c.Rel = c.Change / math.Abs(old)
			}
			out = append(out, c)
		}
		sortChanges(out[start:])
	}
	return out, nil
}

// sameValue reports whether two values agree to rounding (both missing
// counts as the same).
func sameValue(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func sortChanges(cs []FYChange) {
	key := func(c FYChange) float64 {
		if math.IsNaN(c.Rel) {
			return math.Inf(1)
		}
		return math.Abs(c.Rel)
	}
	slices.SortStableFunc(cs, func(a, b FYChange) int { return cmp.Compare(key(b), key(a)) })
}
