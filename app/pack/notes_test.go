package pack_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// annotate gives the sample a note on the root, a scenario and an
// initiative expecting it.
func annotate(t *testing.T, ws *workspace.Workspace) {
	t.Helper()
	cal := ws.Calendar()
	from, err := workspace.PeriodIndex(cal, "2025-10")
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.AddScenario(kpitree.Scenario{Name: "price up", Overrides: []kpitree.Override{
		{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: from, To: -1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddNote(workspace.Note{Node: "addon_revenue", Period: "2026-02", Text: "Big customer churned", Author: "Sato"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.AddInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Owner: "Tanaka", Cost: 1.2e6,
		Hours: 80, Status: workspace.StatusActive, Scenario: "price up", Start: "2025-10"}); err != nil {
		t.Fatal(err)
	}
}

func TestBuild_NotesAndInitiatives(t *testing.T) {
	ctx := context.Background()
	for _, lang := range []report.Lang{report.English, report.Japanese} {
		t.Run(string(lang), func(t *testing.T) {
			ws := sample(t, string(lang))
			annotate(t, ws)
			doc, err := pack.Build(ctx, ws, pack.Options{Lang: lang, Now: stamp})
			if err != nil {
				t.Fatal(err)
			}
			tr := report.For(lang)
			find := func(heading string) *pack.Section {
				for i := range doc.Sections {
					if doc.Sections[i].Heading == heading {
						return &doc.Sections[i]
					}
				}
				t.Fatalf("no section %q among %d", heading, len(doc.Sections))
				return nil
			}
			ins, _ := ws.Initiatives("")
			e, err := ws.InitiativeEffect(ctx, "Price revision")
			if err != nil {
				t.Fatal(err)
			}
			tree := ws.Tree()
			names := func(id string) string {
				for _, n := range tree.Nodes {
					if n.ID == id {
						return n.Name
					}
				}
				return ""
			}
			want := tr.InitiativesTable(ins, map[string]*workspace.InitiativeEffect{"Price revision": e}, names)
			got := find(tr.L("pack.initiatives"))
			if got.Table == nil || strings.Join(got.Table.Rows[0], "|") != strings.Join(want.Rows[0], "|") {
				t.Errorf("initiatives row %v, want %v", got.Table, want.Rows)
			}
			if row := want.Rows[0]; row[8] == "-" || row[9] == "-" {
				t.Errorf("initiative row %q has no expected or measured effect", row)
			}
			notes := find(tr.L("pack.notes"))
			if notes.Table == nil || len(notes.Table.Rows) != 1 || notes.Table.Rows[0][3] != "Big customer churned" {
				t.Errorf("notes section %+v", notes)
			}
			fc := find(tr.L("pack.forecast", map[string]any{"Root": names("addon_revenue")}))
			fan, ok := fc.Figure.(*chart.FanChart)
			if !ok || len(fan.Markers) != 2 {
				t.Errorf("root fan markers %+v, want the note and the initiative start", fan)
			}
			var html, pdf bytes.Buffer
			if err := pack.WriteHTML(&html, doc); err != nil {
				t.Fatal(err)
			}
			if err := pack.WritePDF(&pdf, doc, stamp); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{tr.L("pack.initiatives"), tr.L("pack.notes"), "Price revision", "Big customer churned"} {
				if !strings.Contains(html.String(), s) {
					t.Errorf("HTML pack lacks %q", s)
				}
			}
			if lang != report.Japanese {
				return
			}
			var text []string
			for _, s := range []*pack.Section{got, notes} {
				text = append(text, s.Heading)
				text = append(text, s.Text...)
				text = append(text, s.Table.Header...)
			}
			// The user's own words (names, notes) may be English; the
			// pack's words, the status and the effect cells may not.
			r := got.Table.Rows[0]
			text = append(text, r[5], strings.Trim(r[3], "¥0123456789.,kMB+−-"))
			for _, s := range text {
				if w := latinWord.FindString(strings.NewReplacer("KPI", "").Replace(s)); w != "" {
					t.Errorf("Japanese pack says %q (in %q)", w, s)
				}
			}
		})
	}
}
