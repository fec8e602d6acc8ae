package workspace

import (
	"math"
	"slices"
	"strconv"

	"github.com/kpitree/kpitree/kpitree"
)

// CodeReconciliation is the diagnostic code of a node whose computed value
// differs from its reported actual by more than the threshold in some
// period. Users silence it per node (kpitree.Node.Silenced) when the gap
// is known and accepted.
const CodeReconciliation = "reconciliation-gap"

// DefaultGapThreshold is the relative gap (0.05 = 5 %) above which Check
// warns: the sample data's discounts keep its root within 3 %, so a
// larger gap usually means a missing driver or wrongly bound data.
const DefaultGapThreshold = 0.05

// reportedSeries returns the reported actuals aligned to cal; or nil when
// no node has one.
func (s *state) reportedSeries(cal kpitree.Calendar) map[string][]float64 {
	var out map[string][]float64
	for id, b := range s.actuals {
		if _, ok := s.node(id); !ok {
			continue
		}
		d := s.datasets[b.Dataset]
		if d == nil || d.Calendar.Freq != cal.Freq {
			continue
		}
		c := d.column(b.Column)
		if c == nil {
			continue
		}
		if out == nil {
			out = map[string][]float64{}
		}
		out[id] = alignSeries(cal, d.Calendar, c.Values)
	}
	return out
}

// Reported returns a copy of node id's reported actual per period, aligned
// to Calendar (NaN where the data has no value); or nil when the node has
// no reported actual.
func (e *Evaluation) Reported(id string) []float64 {
	r, ok := e.reported[id]
	if !ok {
		return nil
	}
	return slices.Clone(r[:min(len(r), e.Calendar.Periods)])
}

// ReportedIDs returns the ids of the nodes with a reported actual, in tree
// order.
func (e *Evaluation) ReportedIDs() []string {
	var out []string
	for _, id := range e.ids {
		if _, ok := e.reported[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// Gap returns, per period, the reconciliation gap of node id: abs is
// computed − reported and rel is (computed − reported) ÷ reported (0.019
// means the tree computes 1.9 % more than was reported). A period where
// either value is missing is NaN in both, and rel is NaN where the
// reported value is 0. Both are nil when the node has no reported actual.
func (e *Evaluation) Gap(id string) (abs, rel []float64) {
	rep := e.Reported(id)
	if rep == nil {
		return nil, nil
	}
	comp := e.Values(id)
	abs = make([]float64, len(rep))
	rel = make([]float64, len(rep))
	for i, r := range rep {
		abs[i], rel[i] = math.NaN(), math.NaN()
		if i >= len(comp) || !finite(comp[i]) || !finite(r) {
			continue
		}
		abs[i] = comp[i] - r
		if g, ok := RelativeGap(comp[i], r); ok {
			rel[i] = g
		}
	}
	return abs, rel
}

// RelativeGap is one period's reconciliation gap, (computed − reported) ÷
// |reported|; ok is false when either value is missing or the report is 0.
// Evaluation.Gap and the UI's reconciliation line both use it, so the tree
// and the checker never disagree on a figure.
func RelativeGap(computed, reported float64) (gap float64, ok bool) {
	if !finite(computed) || !finite(reported) || reported == 0 {
		return math.NaN(), false
	}
	return (computed - reported) / math.Abs(reported), true
}

// WorstGap returns the first period whose |relative gap| exceeds threshold
// by the most, and that gap; period is −1 when no period exceeds it.
func WorstGap(computed, reported []float64, threshold float64) (period int, gap float64) {
	period = -1
	for i := range min(len(computed), len(reported)) {
		g, ok := RelativeGap(computed[i], reported[i])
		if ok && math.Abs(g) > threshold && (period < 0 || math.Abs(g) > math.Abs(gap)) {
			period, gap = i, g
		}
	}
	return period, gap
}

// Reconciliation returns a CodeReconciliation warning for each node whose
// |relative gap| exceeds threshold (0.05 = 5 %) in any period, naming the
// worst period, in tree order. Nodes that silence the code are left out.
func (e *Evaluation) Reconciliation(threshold float64) []kpitree.Diagnostic {
	var out []kpitree.Diagnostic
	for _, id := range e.ReportedIDs() {
		if e.meta[id].silenced {
			continue
		}
		worst, gap := WorstGap(e.Values(id), e.Reported(id), threshold)
		if worst < 0 {
			continue
		}
		msg, args := e.gapMessage(id, worst, gap)
		out = append(out, kpitree.NewDiagnostic(id, kpitree.SevWarning, CodeReconciliation, worst, msg, args...))
	}
	return out
}

// reportedMeta is what a reconciliation message says about a node.
type reportedMeta struct {
	name     string // node name; or "" (the id is used)
	column   string // the reported column
	silenced bool   // the node silences CodeReconciliation
}

// gapMessage explains node id's gap rel in period i, e.g. "computed
// add-on revenue is 4.2 % above the reported revenue_jpy in 2025-08:
// discounts or a missing driver?", as a coded message and its arguments.
func (e *Evaluation) gapMessage(id string, i int, rel float64) (kpitree.MsgCode, []string) {
	m := e.meta[id]
	name := m.name
	if name == "" {
		name = id
	}
	msg := kpitree.MsgReconcileAbove
	if rel < 0 {
		msg = kpitree.MsgReconcileBelow
	}
	return msg, []string{name, strconv.FormatFloat(math.Abs(rel)*100, 'f', 1, 64), m.column, e.Calendar.Label(i), CodeReconciliation}
}
