package workspace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// annotations is what a user sees of a workspace's notes and initiatives.
func annotations(t *testing.T, w *workspace.Workspace) string {
	t.Helper()
	ns, err := w.Notes("")
	if err != nil {
		t.Fatal(err)
	}
	is, err := w.Initiatives("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(struct {
		N []workspace.Note
		I []workspace.Initiative
	}{ns, is})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func priceUp(w *workspace.Workspace, t *testing.T, from string, delta float64) kpitree.Scenario {
	t.Helper()
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	i, err := workspace.PeriodIndex(e.Calendar, from)
	if err != nil {
		t.Fatal(err)
	}
	return kpitree.Scenario{Name: "price up", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpAdd, Value: delta, From: i, To: -1}}}
}

func TestNotesAndInitiatives_UndoRedo(t *testing.T) {
	w, _ := newSample(t)
	if err := w.AddScenario(priceUp(w, t, "2025-10", 500)); err != nil {
		t.Fatal(err)
	}
	var noteID string
	steps := []struct {
		name string
		kind workspace.EventKind
		do   func() error
	}{
		{"add a note", workspace.NotesChanged, func() error {
			n, err := w.AddNote(workspace.Note{Node: "unit_price", Period: "2025-10", Text: "Price list raised", Author: "Sato"})
			noteID = n.ID
			return err
		}},
		{"edit a note", workspace.NotesChanged, func() error {
			return w.UpdateNote(workspace.Note{ID: noteID, Node: "unit_price", Period: "2025-11", Text: "Price list raised (Nov)", Author: "Sato"})
		}},
		{"add an initiative", workspace.InitiativesChanged, func() error {
			return w.AddInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Owner: "Tanaka", Cost: 1.2e6,
				Hours: 80, Status: workspace.StatusActive, Scenario: "price up", Start: "2025-10"})
		}},
		{"edit an initiative", workspace.InitiativesChanged, func() error {
			return w.UpdateInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Owner: "Tanaka",
				Cost: 1.5e6, Status: workspace.StatusDone, Scenario: "price up", Start: "2025-10"})
		}},
		{"rename the initiative's scenario", workspace.InitiativesChanged, func() error { return w.RenameScenario("price up", "price +500") }},
		{"delete an initiative", workspace.InitiativesChanged, func() error { return w.DeleteInitiative("Price revision") }},
		{"delete a note", workspace.NotesChanged, func() error { return w.DeleteNote(noteID) }},
	}
	for _, st := range steps {
		t.Run("should undo and redo: "+st.name, func(t *testing.T) {
			before := annotations(t, w)
			var kinds []workspace.EventKind
			unsub := w.Subscribe(func(e workspace.Event) { kinds = append(kinds, e.Kind) })
			defer unsub()
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			after := annotations(t, w)
			if after == before {
				t.Fatal("the action changed nothing")
			}
			if !slices.Contains(kinds, st.kind) {
				t.Errorf("events %v, want %v", kinds, st.kind)
			}
			if _, err := w.Undo(); err != nil {
				t.Fatal(err)
			}
			if got := annotations(t, w); got != before {
				t.Errorf("after undo:\n%s\nwant\n%s", got, before)
			}
			if _, err := w.Redo(); err != nil {
				t.Fatal(err)
			}
			if got := annotations(t, w); got != after {
				t.Errorf("after redo:\n%s\nwant\n%s", got, after)
			}
		})
	}
	t.Run("should have followed the scenario rename in the initiative", func(t *testing.T) {
		if _, err := w.Undo(); err != nil { // the note comes back
			t.Fatal(err)
		}
		if _, err := w.Undo(); err != nil { // the initiative comes back
			t.Fatal(err)
		}
		in, err := w.Initiative("Price revision")
		if err != nil || in.Scenario != "price +500" {
			t.Errorf("initiative %+v, %v; want scenario price +500", in, err)
		}
	})
}

func TestNotes_Validation(t *testing.T) {
	w, _ := newSample(t)
	long := strings.Repeat("x", 4001)
	cases := []struct {
		name string
		note workspace.Note
		want error
	}{
		{"an unknown node", workspace.Note{Node: "nope", Period: "2025-10", Text: "x"}, kpitree.ErrUnknownNode},
		{"an empty text", workspace.Note{Node: "unit_price", Period: "2025-10", Text: "  "}, workspace.ErrBadNote},
		{"a too long text", workspace.Note{Node: "unit_price", Period: "2025-10", Text: long}, workspace.ErrBadNote},
		{"a period that is no period", workspace.Note{Node: "unit_price", Period: "October", Text: "x"}, workspace.ErrBadNote},
		{"a day that does not exist", workspace.Note{Node: "unit_price", Period: "2026-02-30", Text: "x"}, workspace.ErrBadNote},
		{"a month 13", workspace.Note{Node: "unit_price", Period: "2026-13", Text: "x"}, workspace.ErrBadNote},
	}
	for _, c := range cases {
		t.Run("should refuse "+c.name, func(t *testing.T) {
			if _, err := w.AddNote(c.note); !errors.Is(err, c.want) {
				t.Errorf("AddNote: %v, want %v", err, c.want)
			}
		})
	}
	ins := []struct {
		name string
		in   workspace.Initiative
		want error
	}{
		{"a negative cost", workspace.Initiative{Name: "a", Node: "unit_price", Cost: -1, Start: "2025-10"}, workspace.ErrBadNote},
		{"a NaN hours", workspace.Initiative{Name: "a", Node: "unit_price", Hours: math.NaN(), Start: "2025-10"}, workspace.ErrBadNote},
		{"an unknown status", workspace.Initiative{Name: "a", Node: "unit_price", Status: "paused", Start: "2025-10"}, workspace.ErrBadNote},
		{"an unknown scenario", workspace.Initiative{Name: "a", Node: "unit_price", Scenario: "nope", Start: "2025-10"}, workspace.ErrUnknownScenario},
		{"no start", workspace.Initiative{Name: "a", Node: "unit_price"}, workspace.ErrBadNote},
		{"no name", workspace.Initiative{Node: "unit_price", Start: "2025-10"}, workspace.ErrBadNote},
	}
	for _, c := range ins {
		t.Run("should refuse an initiative with "+c.name, func(t *testing.T) {
			if err := w.AddInitiative(c.in); !errors.Is(err, c.want) {
				t.Errorf("AddInitiative: %v, want %v", err, c.want)
			}
		})
	}
	t.Run("should refuse a second initiative of the same name", func(t *testing.T) {
		in := workspace.Initiative{Name: "a", Node: "unit_price", Start: "2025-10"}
		if err := w.AddInitiative(in); err != nil {
			t.Fatal(err)
		}
		if err := w.AddInitiative(in); !errors.Is(err, workspace.ErrInitiativeExists) {
			t.Errorf("second add: %v, want ErrInitiativeExists", err)
		}
	})
	t.Run("should list notes by period, a node's own only when asked", func(t *testing.T) {
		for _, n := range []workspace.Note{{Node: "unit_price", Period: "2025-12", Text: "c"},
			{Node: "csm_count", Period: "2025-01", Text: "a"}, {Node: "unit_price", Period: "2025-3", Text: "b"}} {
			if _, err := w.AddNote(n); err != nil {
				t.Fatal(err)
			}
		}
		all, _ := w.Notes("")
		price, _ := w.Notes("unit_price")
		var got []string
		for _, n := range all {
			got = append(got, n.Period+" "+n.Text)
		}
		if want := []string{"2025-01 a", "2025-03 b", "2025-12 c"}; !slices.Equal(got, want) {
			t.Errorf("notes %v, want %v (labels normalised)", got, want)
		}
		if len(price) != 2 {
			t.Errorf("unit_price notes %d, want 2", len(price))
		}
		a, _ := w.Annotated()
		if a["unit_price"].Notes != 2 || a["unit_price"].Initiatives != 1 || a["csm_count"].Notes != 1 {
			t.Errorf("Annotated = %+v", a)
		}
	})
}

func TestNotes_InterchangeRoundTrip(t *testing.T) {
	w, _ := newSample(t)
	if err := w.AddScenario(priceUp(w, t, "2025-10", 500)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddNote(workspace.Note{Node: "unit_price", Period: "2025-10", Text: "値上げを告知", Author: "佐藤"}); err != nil {
		t.Fatal(err)
	}
	if err := w.AddInitiative(workspace.Initiative{Name: "価格改定", Node: "unit_price", Owner: "田中", Cost: 1.2e6, Hours: 40,
		Status: workspace.StatusActive, Scenario: "price up", Start: "2025-10", Description: "新料金表"}); err != nil {
		t.Fatal(err)
	}
	var a bytes.Buffer
	if err := w.ExportJSON(&a); err != nil {
		t.Fatal(err)
	}
	w2, err := workspace.CreateFromJSON(filepath.Join(t.TempDir(), "copy.kpitree"), a.Bytes(), workspace.CreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	var b bytes.Buffer
	if err := w2.ExportJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("export → import → export differs")
	}
	if got, want := annotations(t, w2), annotations(t, w); got != want {
		t.Errorf("notes and initiatives after the round trip:\n%s\nwant\n%s", got, want)
	}
	bad := []struct{ name, from, to string }{
		{"an unknown node", `"node": "unit_price",
      "period"`, `"node": "nope",
      "period"`},
		{"an initiative naming an unknown scenario", `"scenario": "price up",
      "start"`, `"scenario": "nope",
      "start"`},
	}
	for _, c := range bad {
		t.Run("should refuse a file with "+c.name, func(t *testing.T) {
			data := strings.Replace(a.String(), c.from, c.to, 1)
			if data == a.String() {
				t.Fatalf("the replacement %q matched nothing", c.from)
			}
			if _, err := workspace.DecodeInterchange([]byte(data)); !errors.Is(err, workspace.ErrBadInterchange) {
				t.Errorf("decode: %v, want ErrBadInterchange", err)
			}
		})
	}
}

func TestNotes_FrozenPlanUnaffected(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	if _, err := w.FreezePlan(ctx, "FY2026 v1"); err != nil {
		t.Fatal(err)
	}
	before, err := w.Plan("FY2026 v1")
	if err != nil {
		t.Fatal(err)
	}
	e1, _ := w.Evaluate("")
	if _, err := w.AddNote(workspace.Note{Node: "addon_revenue", Period: "2026-03", Text: "Quarter close"}); err != nil {
		t.Fatal(err)
	}
	if err := w.AddInitiative(workspace.Initiative{Name: "x", Node: "csm_count", Start: "2026-01"}); err != nil {
		t.Fatal(err)
	}
	after, err := w.Plan("FY2026 v1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("adding a note and an initiative changed the frozen plan")
	}
	if e2, _ := w.Evaluate(""); e2 != e1 {
		t.Error("adding a note dropped the cached evaluation (notes change no number)")
	}
}

// plantSample re-imports the sample data with delta added to column from
// period label from on: an effect that really happened.
func plantSample(t *testing.T, w *workspace.Workspace, column, from string, delta float64) {
	t.Helper()
	raw, err := assets.SampleData.ReadFile("data/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	col := slices.Index(strings.Split(lines[0], ","), column)
	if col < 0 {
		t.Fatalf("no column %s", column)
	}
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		if v, err := strconv.ParseFloat(f[col], 64); err == nil && f[0] >= from {
			f[col] = strconv.FormatFloat(v+delta, 'f', -1, 64)
		}
		lines[i] = strings.Join(f, ",")
	}
	path := filepath.Join(t.TempDir(), "cs_monthly.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, _, err := dataio.Read(context.Background(), path, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ImportOrRefresh(d, nil); err != nil {
		t.Fatal(err)
	}
}

func TestInitiativeEffect_PlantedOnTheSample(t *testing.T) {
	ctx := context.Background()
	const start, delta = "2025-10", 500.0
	setup := func(t *testing.T, plant bool) (*workspace.Workspace, kpitree.Scenario) {
		w, _ := newSample(t)
		sc := priceUp(w, t, start, delta)
		if err := w.AddScenario(sc); err != nil {
			t.Fatal(err)
		}
		if err := w.AddInitiative(workspace.Initiative{Name: "Price revision", Node: "unit_price", Status: workspace.StatusActive,
			Scenario: sc.Name, Start: start, Created: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		if plant {
			plantSample(t, w, "unit_price_jpy", start, delta)
		}
		return w, sc
	}
	plain, sc := setup(t, false)
	planted, _ := setup(t, true)
	ep, err := plain.InitiativeEffect(ctx, "Price revision")
	if err != nil {
		t.Fatal(err)
	}
	ef, err := planted.InitiativeEffect(ctx, "Price revision")
	if err != nil {
		t.Fatal(err)
	}
	// The core's own answer to "what did the plant do": the scenario
	// evaluated on the unplanted actuals, minus those actuals.
	base, _ := plain.Evaluate("")
	withSc, err := plain.Evaluate(sc.Name)
	if err != nil {
		t.Fatal(err)
	}
	from := sc.Overrides[0].From
	t.Run("should compare the periods from the start to the last actual", func(t *testing.T) {
		if !ef.Measurable || ef.RefFrom != "2025-09" || ef.Through != "2026-03" || len(ef.Periods) != 6 {
			t.Fatalf("measurable %v from %s through %s, %d periods: %s", ef.Measurable, ef.RefFrom, ef.Through, len(ef.Periods), ef.Reason)
		}
	})
	t.Run("should expect the scenario's change at the node in every period", func(t *testing.T) {
		for _, p := range ef.Periods {
			if math.Abs(p.Expected-sc.Overrides[0].Value) > 1e-9 {
				t.Errorf("%s: expected %v, want the override's %v", p.Label, p.Expected, sc.Overrides[0].Value)
			}
		}
	})
	t.Run("should measure exactly the planted change on top of what was measured without it", func(t *testing.T) {
		for k, p := range ef.Periods {
			q := ep.Periods[k]
			i := from + k
			wantNode := withSc.Values("unit_price")[i] - base.Values("unit_price")[i]
			wantRoot := withSc.Values("addon_revenue")[i] - base.Values("addon_revenue")[i]
			if d := p.Measured - q.Measured; math.Abs(d-wantNode) > 1e-6 {
				t.Errorf("%s: node measured moved by %v, want %v", p.Label, d, wantNode)
			}
			if d := p.RootMeasured - q.RootMeasured; math.Abs(d-wantRoot) > 1e-6*math.Abs(wantRoot) {
				t.Errorf("%s: root measured moved by %v, want %v", p.Label, d, wantRoot)
			}
			// The forecast made before the start saw no planted value, so
			// the expectation is the same with and without the plant.
			if p.Expected != q.Expected || p.RootExpected != q.RootExpected {
				t.Errorf("%s: expected differs with the plant (%v vs %v)", p.Label, p.RootExpected, q.RootExpected)
			}
			if p.RootExpected <= 0 || math.Abs(p.RootExpected-wantRoot) > 0.3*wantRoot {
				t.Errorf("%s: root expected %v, want near the planted %v (the forecast's customers, not the actual ones)", p.Label, p.RootExpected, wantRoot)
			}
		}
	})
	t.Run("should total a flow as the sum of its periods", func(t *testing.T) {
		var exp, meas float64
		for _, p := range ef.Periods {
			exp += p.RootExpected
			meas += p.RootMeasured
		}
		if math.Abs(ef.Root.Expected-exp) > 1e-6*math.Abs(exp) || math.Abs(ef.Root.Measured-meas) > 1e-6*math.Abs(meas)+1e-6 {
			t.Errorf("root totals %v/%v, want %v/%v", ef.Root.Expected, ef.Root.Measured, exp, meas)
		}
	})
	t.Run("should say not measurable yet for an initiative starting after the actuals", func(t *testing.T) {
		if err := planted.AddInitiative(workspace.Initiative{Name: "Later", Node: "csm_count", Start: "2026-06"}); err != nil {
			t.Fatal(err)
		}
		e, err := planted.InitiativeEffect(ctx, "Later")
		if err != nil {
			t.Fatal(err)
		}
		if e.Measurable || len(e.Periods) != 0 || !strings.Contains(e.Reason, "not measurable yet") || e.HasScenario {
			t.Errorf("effect %+v, want not measurable yet", e)
		}
		if _, err := json.Marshal(e); err != nil {
			t.Errorf("JSON of a NaN effect: %v", err)
		}
	})
	t.Run("should still measure when the scenario was deleted, expecting nothing", func(t *testing.T) {
		if err := planted.DeleteScenario(sc.Name); err != nil {
			t.Fatal(err)
		}
		e, err := planted.InitiativeEffect(ctx, "Price revision")
		if err != nil {
			t.Fatal(err)
		}
		if !e.ScenarioMissing || e.HasScenario || !math.IsNaN(e.Node.Expected) || e.Node.Measured != ef.Node.Measured {
			t.Errorf("effect %+v, want the same measured total and no expectation", e)
		}
	})
	t.Run("should fail for an unknown initiative", func(t *testing.T) {
		if _, err := planted.InitiativeEffect(ctx, "nope"); !errors.Is(err, workspace.ErrUnknownInitiative) {
			t.Errorf("err %v, want ErrUnknownInitiative", err)
		}
	})
}

func TestInitiativeEffect_WithoutData(t *testing.T) {
	w, _ := newWorkspace(t) // the canonical tree, nothing imported
	if err := w.AddInitiative(workspace.Initiative{Name: "x", Node: "unit_price", Start: "2026-04"}); err != nil {
		t.Fatal(err)
	}
	e, err := w.InitiativeEffect(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if e.Measurable || e.Why != workspace.EffectNotYet || e.LastActual != "-" {
		t.Errorf("effect without data %+v, want not measurable yet", e)
	}
}

func TestInitiativeEffects_ShareRefitsAndAgreeWithOneByOne(t *testing.T) {
	ctx := context.Background()
	w, _ := newSample(t)
	sc := priceUp(w, t, "2025-10", 500)
	if err := w.AddScenario(sc); err != nil {
		t.Fatal(err)
	}
	for _, in := range []workspace.Initiative{
		{Name: "a", Node: "unit_price", Scenario: sc.Name, Start: "2025-10"},
		{Name: "b", Node: "csm_count", Start: "2025-10"}, // same start: one refit for both
		{Name: "c", Node: "active_rate", Scenario: sc.Name, Start: "2026-01"},
		{Name: "d", Node: "unit_price", Start: "2026-09"}, // not measurable yet
	} {
		if err := w.AddInitiative(in); err != nil {
			t.Fatal(err)
		}
	}
	ins, _ := w.Initiatives("")
	all, err := w.InitiativeEffects(ctx, ins)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 {
		t.Fatalf("%d effects, want 4", len(all))
	}
	for _, in := range ins {
		one, err := w.InitiativeEffect(ctx, in.Name)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(one)
		b, _ := json.Marshal(all[in.Name])
		if string(a) != string(b) {
			t.Errorf("%s: together %s\nalone %s", in.Name, b, a)
		}
	}
	if _, err := w.InitiativeEffects(ctxCancelled(), ins); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

func ctxCancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
