package report

import (
	"math"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// RAG is a node's red/amber/green status against its target.
type RAG int

// The RAG states; RAGNone means no target or thresholds.
const (
	RAGNone RAG = iota
	RAGRed
	RAGAmber
	RAGGreen
)

// BoxModel is what the tree canvas draws for one node (the outline lists
// the same boxes). The canvas does not care where the values come from:
// BuildBoxes derives them from a BoxSeries, tests and benchmarks build
// them directly. Texts are in the language of the Translator BuildBoxes
// was given.
type BoxModel struct {
	ID     string // node id, unique
	Parent string // parent node id; "" for a root
	Name   string // display name
	// ValueText is the latest value with its unit, formatted; "" if none.
	ValueText string
	// DeltaText is the change vs the base scenario or target, e.g. "+3.2%".
	DeltaText string
	// DeltaSign is +1 when the delta is favourable, −1 when unfavourable and
	// 0 when neutral or unknown; it picks the delta's colour.
	DeltaSign int
	RAG       RAG
	// Spark is the recent history for the sparkline (NaN gaps allowed); or nil.
	Spark []float64
	// Op is the parent's operator shown on the connector to this node: "×",
	// "+", "−", "÷", "^", a function name, or "".
	Op string
	// ReportedText is the node's reported actual for the period ValueText
	// shows, labelled in the UI language ("reported ¥8.66M"), or a dash
	// when that period has none; "" when the node has no reported actual.
	ReportedText string
	// ReportedShort is ReportedText with a shorter label ("rep. ¥8.66M"),
	// drawn when the long one and the gap do not fit the box together.
	ReportedShort string
	// GapText is the computed value's gap to the reported one, relative to
	// the reported value ("+1.9%" when the tree computes more); or "".
	GapText string
	// GapAlert is true when the gap exceeds the reconciliation threshold
	// (workspace.DefaultGapThreshold) and the node does not silence
	// workspace.CodeReconciliation: the gap is drawn as a warning.
	GapAlert bool
}

// SparkLen is how many recent periods a box's sparkline shows at most.
const SparkLen = 12

// BoxSeries is what BuildBoxes reads: the tree and its series. The UI's
// snapshot embeds it.
type BoxSeries struct {
	Tree kpitree.Tree
	// Actual holds each node's series by node id (NaN for missing); or nil.
	Actual map[string][]float64
	// Base holds each node's base-scenario series for Δ; or nil, in which
	// case Δ is against the node's latest target.
	Base map[string][]float64
	// Reported holds the reported actual (what finance booked) of the nodes
	// that have one, by node id, aligned to Actual's periods (NaN where the
	// data has none); or nil. The boxes show it beside the computed value.
	Reported map[string][]float64
}

// EvaluatedSeries is what the boxes show of evaluation e of tree: each
// node's evaluated history and the reported actuals, which are history
// (the boxes show them only for periods that have one). The tree takes
// e's calendar: the stored tree's has no start until data is bound, the
// evaluated one spans the bound data, so period labels name real months.
func EvaluatedSeries(tree kpitree.Tree, e *workspace.Evaluation) BoxSeries {
	tree.Calendar = e.Calendar
	s := BoxSeries{Tree: tree, Actual: make(map[string][]float64, len(tree.Nodes))}
	for _, id := range e.ReportedIDs() {
		if s.Reported == nil {
			s.Reported = map[string][]float64{}
		}
		s.Reported[id] = e.Reported(id)
	}
	for _, id := range e.IDs() {
		s.Actual[id] = e.Values(id)
	}
	return s
}

// Structure is the display tree derived from formula references: each node
// hangs under the first node (breadth-first from the root) that refers to it.
type Structure struct {
	Parent map[string]string // node id → parent id ("" for roots)
	Op     map[string]string // node id → operator symbol of its parent's formula
	Order  []string          // ids, roots first, in breadth-first order
}

// DeriveStructure builds the display tree. Formulas that do not parse still
// place the node (without children), so a typo never hides part of the tree.
// Nodes no root reaches become extra roots, so nothing is lost from view.
func DeriveStructure(t kpitree.Tree) Structure {
	byID := make(map[string]int, len(t.Nodes))
	byName := make(map[string]int, len(t.Nodes))
	for i, n := range t.Nodes {
		byID[n.ID] = i
		if _, dup := byName[n.Name]; !dup {
			byName[n.Name] = i
		}
	}
	kids := make([][]string, len(t.Nodes))
	ops := make([]string, len(t.Nodes))
	for i, n := range t.Nodes {
		if n.Kind == kpitree.KindHealth {
			for _, c := range n.Health {
				kids[i] = append(kids[i], c.Ref)
			}
			ops[i] = "Σ"
			continue
		}
		if n.Kind != kpitree.KindFormula || n.Formula == "" {
			continue
		}
		e, err := kpitree.Parse(n.Formula)
		if err != nil {
			continue
		}
		ops[i] = opSymbol(e)
		for _, r := range kpitree.Refs(e) {
			j, ok := byID[r.Name]
			if !ok {
				j, ok = byName[r.Name]
			}
			if ok {
				kids[i] = append(kids[i], t.Nodes[j].ID)
			}
		}
	}
	s := Structure{
		Parent: make(map[string]string, len(t.Nodes)),
		Op:     make(map[string]string, len(t.Nodes)),
		Order:  make([]string, 0, len(t.Nodes)),
	}
	placed := make(map[string]bool, len(t.Nodes))
	bfs := func(root string) {
		if placed[root] {
			return
		}
		placed[root] = true
		s.Parent[root] = ""
		queue := []string{root}
		for len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			s.Order = append(s.Order, id)
			i := byID[id]
			for _, k := range kids[i] {
				if placed[k] {
					continue
				}
				placed[k] = true
				s.Parent[k] = id
				s.Op[k] = ops[i]
				queue = append(queue, k)
			}
		}
	}
	if _, ok := byID[t.Root]; ok {
		bfs(t.Root)
	}
	for _, n := range t.Nodes {
		bfs(n.ID)
	}
	return s
}

// opSymbol names the top-level operator of a formula for the connectors.
func opSymbol(e kpitree.Expr) string {
	switch x := e.(type) {
	case *kpitree.Binary:
		switch x.Op {
		case kpitree.BinMul:
			return "×"
		case kpitree.BinDiv:
			return "÷"
		case kpitree.BinAdd:
			return "+"
		case kpitree.BinSub:
			return "−"
		case kpitree.BinPow:
			return "^"
		}
		return x.Op.String()
	case *kpitree.Call:
		return x.Func
	}
	return ""
}

// BuildBoxes turns the series into the canvas view-model, in display
// order, with numbers and labels written by tr.
func BuildBoxes(s BoxSeries, tr *Translator) []BoxModel {
	st := DeriveStructure(s.Tree)
	byID := make(map[string]*kpitree.Node, len(s.Tree.Nodes))
	for i := range s.Tree.Nodes {
		byID[s.Tree.Nodes[i].ID] = &s.Tree.Nodes[i]
	}
	out := make([]BoxModel, 0, len(st.Order))
	for _, id := range st.Order {
		n := byID[id]
		b := BoxModel{ID: id, Parent: st.Parent[id], Name: n.Name, Op: st.Op[id]}
		if b.Name == "" {
			b.Name = id
		}
		series := s.Actual[id]
		last, idx := LastValue(series)
		if idx >= 0 {
			b.ValueText = tr.FormatValue(last, n.Unit)
			from := max(0, len(series)-SparkLen)
			b.Spark = series[from:]
		}
		// The per-period target the box is coloured against: the
		// workspace's rule (the alerts' too).
		tgt, hasTgt := workspace.TargetAt(*n, idx)
		ref, hasRef := math.NaN(), false
		if base, ok := s.Base[id]; ok && idx >= 0 && idx < len(base) && !math.IsNaN(base[idx]) {
			ref, hasRef = base[idx], true
		} else if hasTgt {
			ref, hasRef = tgt, true
		}
		higher := n.RAG == nil || n.RAG.HigherIsBetter
		if idx >= 0 && hasRef {
			b.DeltaText, b.DeltaSign = tr.FormatDelta(last, ref, n.Unit, higher)
		}
		if hasTgt && idx >= 0 && n.RAG != nil {
			b.RAG = RateRAG(last, tgt, *n.RAG)
		}
		if rep, ok := s.Reported[id]; ok {
			setReported(&b, n, rep, last, idx, tr)
		}
		out = append(out, b)
	}
	return out
}

// LastValue returns the last non-NaN value of s and its index (−1 if
// none): the period a box shows.
func LastValue(s []float64) (float64, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if !math.IsNaN(s[i]) {
			return s[i], i
		}
	}
	return math.NaN(), -1
}

// RateRAG classifies value against target by kpitree's rule (thresholds
// as fractions of the target; lower-is-better nodes and negative targets
// compare the other way round), the one the review pack, the alerts and
// the tree picture use.
func RateRAG(value, target float64, r kpitree.RAG) RAG {
	switch r.Status(value, target) {
	case kpitree.StatusGreen:
		return RAGGreen
	case kpitree.StatusAmber:
		return RAGAmber
	case kpitree.StatusRed:
		return RAGRed
	}
	return RAGNone
}
