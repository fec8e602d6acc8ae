package report

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// setReported fills b's reconciliation line from node n's reported series
// rep, for period idx whose computed value is last: the reported value of
// the same period and the gap (computed − reported) ÷ |reported|, the
// figure workspace.Evaluation.Gap gives. A period without a reported
// value shows a dash, so a box never claims a gap it cannot compute.
func setReported(b *BoxModel, n *kpitree.Node, rep []float64, last float64, idx int, tr *Translator) {
	if idx < 0 || idx >= len(rep) || !finiteValue(rep[idx]) || !finiteValue(last) {
		b.ReportedText = tr.L("canvas.reported_none")
		b.ReportedShort = b.ReportedText
		return
	}
	r := rep[idx]
	v := reportedNumber(r, n.Unit, tr)
	b.ReportedText = tr.L("canvas.reported", map[string]any{"Value": v})
	b.ReportedShort = tr.L("canvas.reported_short", map[string]any{"Value": v})
	gap, ok := workspace.RelativeGap(last, r)
	if !ok {
		return // no relative gap to a zero report; the two values speak
	}
	b.GapText = formatGap(gap)
	b.GapAlert = math.Abs(gap) > workspace.DefaultGapThreshold &&
		!slices.Contains(n.Silenced, workspace.CodeReconciliation)
}

// formatGap prints a relative gap as a signed percentage with one decimal,
// like the boxes' Δ ("+1.9%", "−4.2%"); a gap that rounds to zero is
// "±0.0%", never "−0.0%".
func formatGap(g float64) string {
	p := math.Round(g*1000) / 10
	if p == 0 {
		p = 0 // drops the sign of −0
	}
	return Signed(strconv.FormatFloat(p, 'f', 1, 64)) + "%"
}

// reportedNumber formats a reported value like the box's value but
// without the unit, which the value row above shows: the number alone
// keeps the line short enough for the gap beside it. Yen keep their sign
// and percentages their %, which are part of how the number reads.
func reportedNumber(v float64, unit string, tr *Translator) string {
	switch {
	case unit == "%":
		return tr.FormatValue(v, "%")
	case unit == "JPY" || unit == "¥" || unit == "yen" || strings.HasPrefix(unit, "JPY/"):
		return tr.FormatValue(v, "JPY")
	}
	return tr.FormatValue(v, "")
}

func finiteValue(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// GapNote explains node id's reconciliation warning, written by tr, the
// way workspace.Evaluation.Reconciliation finds it: the period whose gap
// to the reported actual is largest beyond the threshold, e.g.
// "Reconciliation gap on Add-on revenue: +6.1% vs the reported actual in
// 2025-08 …". It is "" when the node has no reported actual, no period
// beyond the threshold, or silences workspace.CodeReconciliation.
func GapNote(s BoxSeries, id string, tr *Translator) string {
	rep, ok := s.Reported[id]
	if !ok {
		return ""
	}
	i := slices.IndexFunc(s.Tree.Nodes, func(n kpitree.Node) bool { return n.ID == id })
	if i < 0 || slices.Contains(s.Tree.Nodes[i].Silenced, workspace.CodeReconciliation) {
		return ""
	}
	worst, worstGap := workspace.WorstGap(s.Actual[id], rep, workspace.DefaultGapThreshold)
	if worst < 0 {
		return ""
	}
	name := s.Tree.Nodes[i].Name
	if name == "" {
		name = id
	}
	return tr.L("canvas.gap_note", map[string]any{
		"Name": name, "Gap": formatGap(worstGap), "Period": s.Tree.Calendar.Label(worst),
		"Threshold": strconv.FormatFloat(workspace.DefaultGapThreshold*100, 'f', -1, 64) + "%",
	})
}
