package report_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestInitiativeTables(t *testing.T) {
	in := workspace.Initiative{Name: "Price revision", Node: "unit_price", Owner: "Tanaka", Cost: 1.2e6, Hours: 80,
		Status: workspace.StatusActive, Scenario: "price up", Start: "2025-10", Created: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}
	measured := &workspace.InitiativeEffect{Initiative: in, Measurable: true, HasScenario: true, RefFrom: "2025-09", Through: "2025-11",
		Node: workspace.EffectNode{ID: "unit_price", Name: "Unit price", Unit: "JPY", Agg: kpitree.AggFlow, Expected: 1000, Measured: -200},
		Root: workspace.EffectNode{ID: "rev", Name: "Revenue", Unit: "JPY", Agg: kpitree.AggFlow, Expected: 3e5, Measured: 1e5},
		Periods: []workspace.EffectPeriod{{Label: "2025-10", Expected: 500, Measured: -300, RootExpected: 1.5e5, RootMeasured: 0},
			{Label: "2025-11", Expected: 500, Measured: 100, RootExpected: 1.5e5, RootMeasured: 1e5}}}
	notYet := &workspace.InitiativeEffect{Initiative: in, Why: workspace.EffectNotYet, LastActual: "2025-09",
		Node: workspace.EffectNode{Expected: math.NaN(), Measured: math.NaN()}}
	names := func(id string) string { return map[string]string{"unit_price": "Unit price"}[id] }
	cases := []struct {
		lang             report.Lang
		status, expected string
		notYet, total    string
	}{
		{report.English, "Active", "+¥1,000", "Not measurable yet: starts 2025-10, actuals to 2025-09", "Total"},
		{report.Japanese, "実施中", "+¥1,000", "まだ測定できません：開始 2025-10、実績は 2025-09 まで", "合計"},
	}
	for _, c := range cases {
		t.Run("should lay out the initiative and its effect in "+string(c.lang), func(t *testing.T) {
			tr := report.For(c.lang)
			tb := tr.InitiativesTable([]workspace.Initiative{in}, map[string]*workspace.InitiativeEffect{in.Name: measured}, names)
			row := tb.Rows[0]
			if row[1] != "Unit price" || row[5] != c.status || row[8] != c.expected || !strings.HasPrefix(row[9], "−¥200") {
				t.Errorf("row %q", row)
			}
			if got := tr.InitiativesTable([]workspace.Initiative{in}, map[string]*workspace.InitiativeEffect{in.Name: notYet}, names).Rows[0][8]; got != c.notYet {
				t.Errorf("not measurable: %q, want %q", got, c.notYet)
			}
			et := tr.EffectTable(measured)
			if len(et.Rows) != 3 || et.Rows[2][0] != c.total || et.Rows[0][2] != "−¥300" || et.Rows[2][3] != "+"+tr.FormatValue(3e5, "JPY") {
				t.Errorf("effect table %q", et.Rows)
			}
			if !strings.Contains(et.Note, "2025-09") || !strings.Contains(et.Note, "price up") {
				t.Errorf("effect note %q", et.Note)
			}
			if nt := tr.EffectTable(notYet); len(nt.Rows) != 0 || nt.Note != c.notYet {
				t.Errorf("not-measurable effect table %+v", nt)
			}
		})
	}
}

// The small multiples mark each input's notes and initiatives where its
// fan chart does: the same markers, from the same builder.
func TestBuilder_MultiplesMarkNotes(t *testing.T) {
	ws := sample(t, "en")
	if _, err := ws.AddNote(workspace.Note{Node: "unit_price", Period: "2025-10", Text: "New price list"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.AddInitiative(workspace.Initiative{Name: "Hiring", Node: "csm_count", Status: workspace.StatusActive, Start: "2025-06"}); err != nil {
		t.Fatal(err)
	}
	bd, err := report.NewBuilder(ws, report.For(report.English))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := bd.Multiples(context.Background(), chart.Light)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ws.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	at := func(period string) int {
		i, err := workspace.PeriodIndex(e.Calendar, period)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	want := map[string]chart.MarkerKind{"unit_price": chart.MarkerNote, "csm_count": chart.MarkerInitiative}
	wantAt := map[string]int{"unit_price": at("2025-10"), "csm_count": at("2025-06")}
	tree := ws.Tree()
	for _, p := range sm.Panels {
		var id string
		for _, n := range tree.Nodes {
			if n.Name == p.Title {
				id = n.ID
			}
		}
		kind, marked := want[id]
		switch {
		case marked && (len(p.Markers) != 1 || p.Markers[0].Kind != kind || p.Markers[0].At != wantAt[id]):
			t.Errorf("panel %q has markers %+v, want one %v at %d", p.Title, p.Markers, kind, wantAt[id])
		case !marked && len(p.Markers) != 0:
			t.Errorf("panel %q has markers %+v, want none", p.Title, p.Markers)
		}
	}
}
