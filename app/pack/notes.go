package pack

import (
	"context"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// recentNotes is how many periods before the last actual the pack's notes
// reach back: a monthly review reads the last year's notes, not all.
const recentNotes = 12

// notesSection lists the notes of the last year of data and any after it
// (the CLI's `note list` shows them all); left out when there are none.
func notesSection(_ context.Context, ws *workspace.Workspace, bd *report.Builder) (Section, bool, error) {
	tr, b := bd.Translator(), bd.Basis()
	all, err := ws.Notes("")
	if err != nil {
		return Section{}, false, err
	}
	var notes []workspace.Note
	for _, n := range all {
		if at, err := workspace.PeriodIndex(b.Cal, n.Period); err == nil && at >= b.Hist-recentNotes {
			notes = append(notes, n)
		}
	}
	if len(notes) == 0 {
		return Section{}, false, nil
	}
	t := tr.NotesTable(notes, nodeNamer(b))
	return Section{Heading: tr.L("pack.notes"), Text: []string{tr.L("pack.notes_text")}, Table: &t,
		Numeric: make([]bool, len(t.Header))}, true, nil
}

// initiativesSection lists every initiative with its expected effect
// against the effect measured since its start, as `kpitreectl initiative
// list` prints them; left out when there are none.
func initiativesSection(ctx context.Context, ws *workspace.Workspace, bd *report.Builder) (Section, bool, error) {
	tr, b := bd.Translator(), bd.Basis()
	ins, err := ws.Initiatives("")
	if err != nil {
		return Section{}, false, err
	}
	if len(ins) == 0 {
		return Section{}, false, nil
	}
	effects, err := ws.InitiativeEffects(ctx, ins)
	if err != nil {
		return Section{}, false, err
	}
	t := tr.InitiativesTable(ins, effects, nodeNamer(b))
	return Section{Heading: tr.L("pack.initiatives"), Text: []string{tr.L("pack.initiatives_text")}, Table: &t,
		Numeric: []bool{false, false, false, true, true, false, false, false, true, true}}, true, nil
}

// nodeNamer names nodes by the tree's names.
func nodeNamer(b *report.Basis) report.NodeNamer {
	return func(id string) string { return b.Node(id).Name }
}
