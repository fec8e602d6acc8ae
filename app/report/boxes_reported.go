package ui

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// setReported fills b's reconciliation line from node n's reported series
// rep, for period idx whose computed value is last: the reported value of
// the same period and the gap (computed − reported) ÷ |reported|, the
// figure workspace.Evaluation.Gap gives. A period without a reported
// value shows a dash, so a box never claims a gap it cannot compute.
func setReported(b *BoxModel, n *kpitree.Node, rep []float64, last float64, idx int) {
	if idx < 0 || idx >= len(rep) || !finiteValue(rep[idx]) || !finiteValue(last) {
		b.ReportedText = lang.L("canvas.reported_none")
		b.ReportedShort = b.ReportedText
		return
	}
	r := rep[idx]
	v := reportedNumber(r, n.Unit)
	b.ReportedText = lang.L("canvas.reported", map[string]any{"Value": v})
	b.ReportedShort = lang.L("canvas.reported_short", map[string]any{"Value": v})
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
	return report.Signed(strconv.FormatFloat(p, 'f', 1, 64)) + "%"
}

// reportedNumber formats a reported value like the box's value but
// without the unit, which the value row above shows: the number alone
// keeps the line short enough for the gap beside it. Yen keep their sign
// and percentages their %, which are part of how the number reads.
func reportedNumber(v float64, unit string) string {
	switch {
	case unit == "%":
		return uikit.FormatValue(v, "%")
	case unit == "JPY" || unit == "¥" || unit == "yen" || strings.HasPrefix(unit, "JPY/"):
		return uikit.FormatValue(v, "JPY")
	}
	return uikit.FormatValue(v, "")
}

func finiteValue(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// gapNote explains node id's reconciliation warning in the UI language,
// the way workspace.Evaluation.Reconciliation finds it: the period whose
// gap to the reported actual is largest beyond the threshold, e.g.
// "Reconciliation gap on Add-on revenue: +6.1% vs the reported actual in
// 2025-08 …". It is "" when the node has no reported actual, no period
// beyond the threshold, or silences workspace.CodeReconciliation.
func gapNote(s Snapshot, id string) string {
	rep, ok := s.Reported[id]
	if !ok {
		return ""
	}
	var n *kpitree.Node
	for i := range s.Tree.Nodes {
		if s.Tree.Nodes[i].ID == id {
			n = &s.Tree.Nodes[i]
			break
		}
	}
	if n == nil || slices.Contains(n.Silenced, workspace.CodeReconciliation) {
		return ""
	}
	worst, worstGap := workspace.WorstGap(s.Actual[id], rep, workspace.DefaultGapThreshold)
	if worst < 0 {
		return ""
	}
	name := n.Name
	if name == "" {
		name = id
	}
	return lang.L("canvas.gap_note", map[string]any{
		"Name": name, "Gap": formatGap(worstGap), "Period": s.Tree.Calendar.Label(worst),
		"Threshold": strconv.FormatFloat(workspace.DefaultGapThreshold*100, 'f', -1, 64) + "%",
	})
}

// showGapNote puts the reconciliation warning of the selected node (see
// gapNote) in the status bar message, where the shell says what needs
// attention: the tree has no tooltips, and the box's own line has room
// for the latest gap only. Selecting a node without a warning clears a
// note shown for another node but leaves other messages (work in
// progress) alone.
func (s *Shell) showGapNote(id string) {
	if note := gapNote(s.snap, id); note != "" {
		s.setMessage(note)
		return
	}
	cur := s.statusMsg.Text
	if cur == "" {
		return
	}
	for other := range s.snap.Reported {
		if gapNote(s.snap, other) == cur {
			s.setMessage("")
			return
		}
	}
}
