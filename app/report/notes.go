package report

import (
	"strings"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/workspace"
)

// The monitoring annotations: notes and initiatives as the CLI's note and
// initiative commands print them, the review pack lists them and the
// inspector shows them. Like the other tables they only format what the
// workspace computed.

// NodeNamer names a node id ("" when the id is unknown): the tree's names
// in whatever language the user wrote them.
type NodeNamer func(id string) string

func nodeLabel(names NodeNamer, id string) string {
	if names != nil {
		if n := names(id); n != "" {
			return n
		}
	}
	return id
}

// InitiativeStatusText names an initiative status in the language.
func (t *Translator) InitiativeStatusText(s workspace.InitiativeStatus) string {
	key := "notes.status." + string(s)
	if t.Has(key) {
		return t.L(key)
	}
	return string(s)
}

// NotesTable lists notes: id, period, KPI, text, author, date.
func (t *Translator) NotesTable(notes []workspace.Note, names NodeNamer) Table {
	tb := Table{Header: []string{t.L("notes.col_id"), t.L("notes.col_period"), t.L("notes.col_kpi"), t.L("notes.col_text"),
		t.L("notes.col_author"), t.L("notes.col_created")}}
	for _, n := range notes {
		tb.Rows = append(tb.Rows, []string{n.ID, n.Period, nodeLabel(names, n.Node), oneLine(n.Text), dashed(n.Author),
			n.Created.Format("2006-01-02")})
	}
	return tb
}

// InitiativesTable lists initiatives: name, KPI, owner, cost, hours,
// status, start, scenario and, where effects holds one, the expected and
// measured effect on the KPI since the start (totals by the KPI's
// meaning; "not measurable yet" when no actuals followed the start).
func (t *Translator) InitiativesTable(ins []workspace.Initiative, effects map[string]*workspace.InitiativeEffect, names NodeNamer) Table {
	tb := Table{Header: []string{t.L("notes.col_initiative"), t.L("notes.col_kpi"), t.L("notes.col_owner"), t.L("notes.col_cost"),
		t.L("notes.col_hours"), t.L("notes.col_status"), t.L("notes.col_start"), t.L("notes.col_scenario"),
		t.L("notes.col_expected"), t.L("notes.col_measured")}}
	for _, in := range ins {
		cost, hours := "-", "-"
		if in.Cost > 0 {
			cost = t.FormatValue(in.Cost, "JPY")
		}
		if in.Hours > 0 {
			hours = t.L("notes.hours", map[string]any{"N": t.Compact(in.Hours)})
		}
		exp, meas := "-", "-"
		if e := effects[in.Name]; e != nil {
			exp, meas = t.effectTotals(e)
		}
		tb.Rows = append(tb.Rows, []string{in.Name, nodeLabel(names, in.Node), dashed(in.Owner), cost, hours,
			t.InitiativeStatusText(in.Status), in.Start, dashed(in.Scenario), exp, meas})
	}
	return tb
}

// effectTotals formats an effect's expected and measured totals at the
// initiative's KPI.
func (t *Translator) effectTotals(e *workspace.InitiativeEffect) (expected, measured string) {
	if !e.Measurable {
		return t.EffectReason(e), "-"
	}
	f := func(v float64) string { return t.signedValue(t.effectValue(e, e.Node, v)) }
	expected = "-"
	switch {
	case e.HasScenario:
		expected = f(e.Node.Expected)
	case e.ScenarioMissing:
		expected = t.L("notes.scenario_missing", map[string]any{"Scenario": e.Initiative.Scenario})
	}
	return expected, f(e.Node.Measured)
}

// effectValue formats a total of node n over the effect's periods: one
// period in the node's unit, more by the node's meaning (a flow's total).
func (t *Translator) effectValue(e *workspace.InitiativeEffect, n workspace.EffectNode, v float64) float64String {
	if len(e.Periods) == 1 {
		return float64String{v, t.FormatValue(v, n.Unit)}
	}
	return float64String{v, t.FormatFiscal(v, n.Unit, n.Agg)}
}

// float64String is a formatted number that remembers its sign.
type float64String struct {
	v float64
	s string
}

func (t *Translator) signedValue(f float64String) string {
	if f.v > 0 {
		return "+" + f.s
	}
	return f.s
}

// EffectReason says why an effect is not measurable, in the language.
func (t *Translator) EffectReason(e *workspace.InitiativeEffect) string {
	switch e.Why {
	case workspace.EffectNotYet:
		return t.L("notes.not_yet", map[string]any{"Start": e.Initiative.Start, "Last": e.LastActual})
	case workspace.EffectBeforeData:
		return t.L("notes.before_data", map[string]any{"Start": e.Initiative.Start})
	}
	return "-"
}

// EffectTable is one initiative's effect period by period: expected and
// measured at its KPI and at the root, then the totals; its Note says what
// "measured" is measured against.
func (t *Translator) EffectTable(e *workspace.InitiativeEffect) Table {
	tb := Table{Header: []string{t.L("notes.col_period"),
		t.L("notes.col_expected_at", map[string]any{"Node": e.Node.Name}), t.L("notes.col_measured_at", map[string]any{"Node": e.Node.Name}),
		t.L("notes.col_expected_at", map[string]any{"Node": e.Root.Name}), t.L("notes.col_measured_at", map[string]any{"Node": e.Root.Name})}}
	if !e.Measurable {
		tb.Note = t.EffectReason(e)
		return tb
	}
	one := func(v float64, unit string) string {
		return t.signedValue(float64String{v, t.FormatValue(v, unit)})
	}
	for _, p := range e.Periods {
		tb.Rows = append(tb.Rows, []string{p.Label, one(p.Expected, e.Node.Unit), one(p.Measured, e.Node.Unit),
			one(p.RootExpected, e.Root.Unit), one(p.RootMeasured, e.Root.Unit)})
	}
	tot := func(n workspace.EffectNode, v float64) string { return t.signedValue(t.effectValue(e, n, v)) }
	tb.Rows = append(tb.Rows, []string{t.L("notes.total"), tot(e.Node, e.Node.Expected), tot(e.Node, e.Node.Measured),
		tot(e.Root, e.Root.Expected), tot(e.Root, e.Root.Measured)})
	key := "notes.effect_note"
	if !e.HasScenario {
		key = "notes.effect_note_no_scenario"
	}
	tb.Note = t.L(key, map[string]any{"Name": e.Initiative.Name, "From": e.RefFrom, "Start": e.Initiative.Start,
		"Through": e.Through, "Scenario": e.Initiative.Scenario})
	return tb
}

// oneLine folds a multi-line text into one table cell.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dashed(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// AnnotationSource is what the fan chart's markers read; a Source that
// also has it (*workspace.Workspace does) gets markers on its fan charts,
// and a UI pane's small view of the workspace without it gets none.
type AnnotationSource interface {
	Notes(node string) ([]workspace.Note, error)
	Initiatives(node string) ([]workspace.Initiative, error)
}

// Markers are the fan-chart markers of node id: its notes ("Note" and the
// text's first words) and the starts of its initiatives — on the root's
// chart every initiative's start, since each aims to move the top line.
// None when the source has no annotations or they cannot be read: a
// marker is never worth failing a chart for.
func (bd *Builder) Markers(id string) []chart.Marker {
	src, ok := bd.ws.(AnnotationSource)
	if !ok {
		return nil
	}
	root := id == "" || id == bd.b.Tree.Root
	if id == "" {
		id = bd.b.Tree.Root
	}
	var out []chart.Marker
	notes, err := src.Notes(id)
	if err != nil {
		return nil
	}
	for _, n := range notes {
		if at, err := workspace.PeriodIndex(bd.b.Cal, n.Period); err == nil {
			out = append(out, chart.Marker{At: at, Kind: chart.MarkerNote, Label: shorten(oneLine(n.Text), 16)})
		}
	}
	of := id
	if root {
		of = ""
	}
	ins, err := src.Initiatives(of)
	if err != nil {
		return nil
	}
	for _, in := range ins {
		if at, err := workspace.PeriodIndex(bd.b.Cal, in.Start); err == nil {
			out = append(out, chart.Marker{At: at, Kind: chart.MarkerInitiative,
				Label: bd.tr.L("notes.marker_initiative", map[string]any{"Name": shorten(in.Name, 16)})})
		}
	}
	return out
}

// shorten cuts s to at most n runes, with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// EffectSummary is an initiative's effect since its start in one line
// ("expected +¥3,000/customer · measured +¥350/customer (to 2026-03)"),
// or why it is not measurable yet: the inspector's line under it.
func (t *Translator) EffectSummary(e *workspace.InitiativeEffect) string {
	exp, meas := t.effectTotals(e)
	if !e.Measurable {
		return exp
	}
	return t.L("notes.effect_summary", map[string]any{"Expected": exp, "Measured": meas, "Through": e.Through})
}
