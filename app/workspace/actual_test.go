package workspace_test

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// sampleDatasetID returns the id of the only dataset of w.
func sampleDatasetID(t testing.TB, w *workspace.Workspace) string {
	t.Helper()
	ds := w.Datasets()
	if len(ds) != 1 {
		t.Fatalf("%d datasets, want 1", len(ds))
	}
	return ds[0].ID
}

// actualsOf renders w's reported actuals as "node←dataset.column" lines.
func actualsOf(w *workspace.Workspace) []string {
	var out []string
	for _, b := range w.Actuals() {
		out = append(out, b.Node+"←"+b.Dataset+"."+b.Column)
	}
	return out
}

func TestCreateSampleBindsReportedActuals(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run("should give the "+lang+" sample's formula nodes their reported actuals", func(t *testing.T) {
			// Given the first-run sample workspace.
			w, err := workspace.CreateSample(filepath.Join(t.TempDir(), "s.kpitree"), lang)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			// Then the three reported formula nodes carry their columns.
			id := sampleDatasetID(t, w)
			want := []string{"active_customers←" + id + ".active_customers", "addon_revenue←" + id + ".revenue_jpy",
				"onboarded_accounts←" + id + ".onboarded_accounts"}
			if got := actualsOf(w); !slices.Equal(got, want) {
				t.Errorf("actuals = %q, want %q", got, want)
			}
			// And the root's gap is the data README's fact: non-zero, within ±3 %.
			e, err := w.Evaluate("")
			if err != nil {
				t.Fatal(err)
			}
			abs, rel := e.Gap("addon_revenue")
			if len(rel) != 36 {
				t.Fatalf("gap over %d periods, want 36", len(rel))
			}
			nonZero := 0
			for i, r := range rel {
				if math.IsNaN(r) || math.Abs(r) > 0.03 {
					t.Errorf("%s: relative gap %v, want within ±3 %%", e.Calendar.Label(i), r)
				}
				if abs[i] != 0 {
					nonZero++
				}
			}
			if nonZero == 0 {
				t.Error("the root's gap is zero everywhere; the discounts should show")
			}
			// And Check stays quiet: 3 % is below the warning threshold.
			diags, err := w.Check()
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				if d.Code == workspace.CodeReconciliation {
					t.Errorf("unexpected reconciliation warning on the sample: %v", d)
				}
			}
		})
	}
}

func TestBindActualValidation(t *testing.T) {
	cases := []struct {
		name                  string
		node, dataset, column string
		want                  error
	}{
		{"should bind a formula node (the root)", "revenue", "", "revenue_jpy", nil},
		{"should bind an input node too", "unit_price", "", "unit_price_jpy", nil},
		{"should refuse an unknown node", "profit", "", "revenue_jpy", kpitree.ErrUnknownNode},
		{"should refuse an unknown dataset", "revenue", "nope", "revenue_jpy", workspace.ErrUnknownDataset},
		{"should refuse an unknown column", "revenue", "", "revenue_usd", workspace.ErrUnknownColumn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, _ := newSampleWorkspace(t)
			ds := c.dataset
			if ds == "" {
				ds = sampleDatasetID(t, w)
			}
			err := w.BindActual(c.node, ds, c.column)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if c.want != nil {
				if len(w.Actuals()) != 0 || w.CanUndo() && lastCode(t, w) == workspace.LabelBindActual {
					t.Error("a refused binding was stored or recorded")
				}
				return
			}
			if b, ok := w.Actual(c.node); !ok || b.Column != c.column || b.Dataset != ds {
				t.Errorf("Actual(%s) = %+v, %v", c.node, b, ok)
			}
			if len(w.Bindings()) != 4 {
				t.Errorf("input bindings changed: %+v", w.Bindings())
			}
		})
	}
	t.Run("should refuse a weekly dataset on a monthly tree", func(t *testing.T) {
		w, _ := newSampleWorkspace(t)
		d := monthly("weekly", "2023-04", 3, 1)
		d.Calendar.Freq = kpitree.Week
		if _, err := w.CommitImport(d, nil); err != nil {
			t.Fatal(err)
		}
		var weekly string
		for _, d := range w.Datasets() {
			if d.Name == "weekly" {
				weekly = d.ID
			}
		}
		if err := w.BindActual("revenue", weekly, "x"); !errors.Is(err, workspace.ErrCalendarMismatch) {
			t.Errorf("got %v, want ErrCalendarMismatch", err)
		}
	})
}

// lastCode returns the code of the most recent applied history entry.
func lastCode(t *testing.T, w *workspace.Workspace) workspace.LabelCode {
	t.Helper()
	h, err := w.History()
	if err != nil {
		t.Fatal(err)
	}
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Applied {
			return h[i].Code
		}
	}
	return ""
}

func TestBindActualUndoRedo(t *testing.T) {
	// Given a sample workspace without reported actuals.
	w, _ := newSampleWorkspace(t)
	id := sampleDatasetID(t, w)
	before := dump(t, w)

	// When the root's reported actual is bound.
	if err := w.BindActual("revenue", id, "revenue_jpy"); err != nil {
		t.Fatal(err)
	}
	bound := dump(t, w)
	t.Run("should record one action with its label code", func(t *testing.T) {
		h, _ := w.History()
		last := h[len(h)-1]
		if last.Code != workspace.LabelBindActual || !slices.Equal(last.Args, []string{"revenue"}) ||
			last.Label != "Bind reported actual of revenue" {
			t.Errorf("history entry = %+v", last)
		}
	})
	t.Run("should undo and redo the binding exactly", func(t *testing.T) {
		label, err := w.Undo()
		if err != nil || label != "Bind reported actual of revenue" {
			t.Fatalf("undo: %q, %v", label, err)
		}
		if got := dump(t, w); got != before {
			t.Errorf("undo did not restore the state:\n%s", got)
		}
		if e, _ := w.Evaluate(""); e.Reported("revenue") != nil {
			t.Error("the evaluation still reports an actual after undo")
		}
		if _, err := w.Redo(); err != nil {
			t.Fatal(err)
		}
		if got := dump(t, w); got != bound {
			t.Errorf("redo did not restore the binding:\n%s", got)
		}
	})
	t.Run("should unbind as one undoable action", func(t *testing.T) {
		if err := w.UnbindActual("revenue"); err != nil {
			t.Fatal(err)
		}
		if len(w.Actuals()) != 0 || lastCode(t, w) != workspace.LabelUnbindActual {
			t.Errorf("after unbind: %v, last code %q", w.Actuals(), lastCode(t, w))
		}
		n := len(mustHistory(t, w))
		if err := w.UnbindActual("revenue"); err != nil {
			t.Fatal(err)
		}
		if len(mustHistory(t, w)) != n {
			t.Error("unbinding an unbound node recorded an action")
		}
		if _, err := w.Undo(); err != nil {
			t.Fatal(err)
		}
		if got := dump(t, w); got != bound {
			t.Errorf("undoing the unbind did not restore the binding:\n%s", got)
		}
	})
}

func mustHistory(t *testing.T, w *workspace.Workspace) []workspace.HistoryEntry {
	t.Helper()
	h, err := w.History()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestReportedActualPersists(t *testing.T) {
	// Given a workspace with a reported actual, closed.
	w, path := newSampleWorkspace(t)
	id := sampleDatasetID(t, w)
	if err := w.BindActual("revenue", id, "revenue_jpy"); err != nil {
		t.Fatal(err)
	}
	e1, _ := w.Evaluate("")
	want := e1.Reported("revenue")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// When it is opened again.
	w2, err := workspace.Open(path, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	// Then the binding, the reported series and the undo history survive.
	if got := actualsOf(w2); !slices.Equal(got, []string{"revenue←" + id + ".revenue_jpy"}) {
		t.Errorf("actuals after reopen = %q", got)
	}
	e2, err := w2.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	if got := e2.Reported("revenue"); !slices.Equal(got, want) || len(got) != 36 {
		t.Errorf("reported after reopen = %v, want %v", got, want)
	}
	if len(w2.Bindings()) != 4 {
		t.Errorf("the reported actual leaked into the input bindings: %+v", w2.Bindings())
	}
	if _, err := w2.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(w2.Actuals()) != 0 {
		t.Error("undo after reopen left the reported actual")
	}
}

func TestEvaluationGap(t *testing.T) {
	// Given a tree total = a + b over three months, whose reported actual
	// is 10, missing, 0 and 8 against computed 10, 10, 10, 10.
	tree := shiftTree()
	w, err := workspace.Create(filepath.Join(t.TempDir(), "g.kpitree"), workspace.CreateParams{Tree: tree, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	in := monthly("inputs", "2024-04", 4, 5)
	rep := monthly("reported", "2024-04", 4, 0)
	rep.Columns[0].Values = workspace.Values{10, math.NaN(), 0, 8}
	inID, err := w.CommitImport(in, []workspace.Binding{{Node: "a", Column: "x"}, {Node: "b", Column: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	repID, err := w.CommitImport(rep, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = inID
	if err := w.BindActual("total", repID, "x"); err != nil {
		t.Fatal(err)
	}
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	abs, rel := e.Gap("total")
	wantAbs := []float64{0, math.NaN(), 10, 2}
	wantRel := []float64{0, math.NaN(), math.NaN(), 0.25}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	t.Run("should be computed − reported, NaN where a value is missing", func(t *testing.T) {
		if !same(abs, wantAbs) {
			t.Errorf("abs = %v, want %v", abs, wantAbs)
		}
	})
	t.Run("should be relative to the reported value, NaN where it is 0", func(t *testing.T) {
		if !same(rel, wantRel) {
			t.Errorf("rel = %v, want %v", rel, wantRel)
		}
	})
	t.Run("should be nil for nodes without a reported actual", func(t *testing.T) {
		if a, r := e.Gap("a"); a != nil || r != nil || e.Reported("a") != nil {
			t.Error("a node without a reported actual has a gap")
		}
		if a, r := e.Gap("nope"); a != nil || r != nil {
			t.Error("an unknown node has a gap")
		}
		if got := e.ReportedIDs(); !slices.Equal(got, []string{"total"}) {
			t.Errorf("ReportedIDs = %v", got)
		}
	})
	t.Run("should warn once, naming the worst period", func(t *testing.T) {
		diags, err := w.Check()
		if err != nil {
			t.Fatal(err)
		}
		var got []kpitree.Diagnostic
		for _, d := range diags {
			if d.Code == workspace.CodeReconciliation {
				got = append(got, d)
			}
		}
		if len(got) != 1 {
			t.Fatalf("reconciliation diagnostics = %v, want one", got)
		}
		d := got[0]
		if d.Node != "total" || d.Severity != kpitree.SevWarning || d.Period != 3 ||
			!strings.Contains(d.Message, "25.0 % above the reported x in 2024-07") {
			t.Errorf("diagnostic = %+v", d)
		}
		// Coded, so the app shows it in the user's language.
		if d.MsgCode != kpitree.MsgReconcileAbove || len(d.Args) != 5 || d.Args[1] != "25.0" || d.Args[3] != "2024-07" {
			t.Errorf("diagnostic code %q, args %q: want %q with the percentage and the period", d.MsgCode, d.Args, kpitree.MsgReconcileAbove)
		}
	})
	t.Run("should not warn below the threshold or when silenced", func(t *testing.T) {
		if ds := e.Reconciliation(0.30); len(ds) != 0 {
			t.Errorf("at 30 %%: %v", ds)
		}
		n, _ := w.Node("total")
		n.Silenced = append(n.Silenced, workspace.CodeReconciliation)
		if err := w.SetNode(n); err != nil {
			t.Fatal(err)
		}
		diags, _ := w.Check()
		for _, d := range diags {
			if d.Code == workspace.CodeReconciliation {
				t.Errorf("silenced node still warned: %v", d)
			}
		}
	})
}

func TestReconciliationBelow(t *testing.T) {
	// Given the sample whose reported revenue is 10 % higher in August 2025.
	w, _ := newSampleWorkspace(t)
	d := sampleDataset(t)
	d.Name = "books"
	for i := range d.Columns {
		if d.Columns[i].Name == "revenue_jpy" {
			d.Columns[i].Values[28] *= 1.10 // 2025-08
		}
	}
	id, err := w.CommitImport(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.BindActual("revenue", id, "revenue_jpy"); err != nil {
		t.Fatal(err)
	}
	diags, err := w.Check()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range diags {
		if d.Code == workspace.CodeReconciliation {
			found = true
			if d.Period != 28 || !strings.Contains(d.Message, "below the reported revenue_jpy in 2025-08") ||
				!strings.Contains(d.Message, "add-on revenue") {
				t.Errorf("diagnostic = %+v", d)
			}
		}
	}
	if !found {
		t.Error("no reconciliation warning for a 10 % gap")
	}
}

func TestReportedActualFollowsEdits(t *testing.T) {
	setup := func(t *testing.T) (*workspace.Workspace, string) {
		w, _ := newSampleWorkspace(t)
		id := sampleDatasetID(t, w)
		if err := w.BindActual("active_customers", id, "active_customers"); err != nil {
			t.Fatal(err)
		}
		return w, id
	}
	t.Run("should move with a renamed node", func(t *testing.T) {
		w, id := setup(t)
		if err := w.Apply(kpitree.RenameID{From: "active_customers", To: "customers"}); err != nil {
			t.Fatal(err)
		}
		if got := actualsOf(w); !slices.Equal(got, []string{"customers←" + id + ".active_customers"}) {
			t.Errorf("actuals = %q", got)
		}
		if _, err := w.Undo(); err != nil {
			t.Fatal(err)
		}
		if got := actualsOf(w); !slices.Equal(got, []string{"active_customers←" + id + ".active_customers"}) {
			t.Errorf("after undo: %q", got)
		}
	})
	t.Run("should go with a removed node and come back on undo", func(t *testing.T) {
		w, _ := setup(t)
		before := dump(t, w)
		if err := w.RemoveNode("active_customers"); err != nil {
			t.Fatal(err)
		}
		if len(w.Actuals()) != 0 {
			t.Errorf("actuals = %v", w.Actuals())
		}
		if _, err := w.Undo(); err != nil {
			t.Fatal(err)
		}
		if dump(t, w) != before {
			t.Error("undo did not restore the node's reported actual")
		}
	})
	t.Run("should survive a change of kind", func(t *testing.T) {
		w, _ := setup(t)
		n, _ := w.Node("active_customers")
		n.Kind, n.Formula = kpitree.KindInput, ""
		if err := w.SetNode(n); err != nil {
			t.Fatal(err)
		}
		if len(w.Actuals()) != 1 {
			t.Errorf("actuals = %v", w.Actuals())
		}
	})
	t.Run("should go with its dataset", func(t *testing.T) {
		w, id := setup(t)
		if err := w.RemoveDataset(id); err != nil {
			t.Fatal(err)
		}
		if len(w.Actuals()) != 0 {
			t.Errorf("actuals = %v", w.Actuals())
		}
	})
	t.Run("should refuse a re-import that drops its column", func(t *testing.T) {
		w, id := setup(t)
		d := sampleDataset(t)
		d.ID = id
		d.Columns = slices.DeleteFunc(d.Columns, func(c workspace.Column) bool { return c.Name == "active_customers" })
		if _, err := w.CommitImport(d, sampleBindings()); !errors.Is(err, workspace.ErrUnknownColumn) {
			t.Errorf("got %v, want ErrUnknownColumn", err)
		}
	})
}

func TestImportSuggestsReportedActuals(t *testing.T) {
	// Given the canonical tree without data.
	w, _ := newWorkspace(t)
	f, err := assets.SampleData.Open("data/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// When the sample file is previewed.
	p, err := w.PreviewImportFrom(t.Context(), f, "cs_monthly.csv", dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should propose the formula nodes' reported columns, not the leaves' columns", func(t *testing.T) {
		var got []string
		for _, b := range p.SuggestedActuals {
			got = append(got, b.Node+"←"+b.Column)
		}
		want := []string{"active_customers←active_customers", "onboarded_accounts←onboarded_accounts", "revenue←revenue_jpy"}
		if !slices.Equal(got, want) {
			t.Errorf("suggested actuals = %q, want %q", got, want)
		}
	})
	t.Run("should commit them with the import, and undo them with it", func(t *testing.T) {
		id, err := w.CommitPreview(p, p.Suggested)
		if err != nil {
			t.Fatal(err)
		}
		if got := actualsOf(w); len(got) != 3 || got[2] != "revenue←"+id+".revenue_jpy" {
			t.Errorf("actuals = %q", got)
		}
		if _, err := w.Undo(); err != nil {
			t.Fatal(err)
		}
		if len(w.Actuals()) != 0 || len(w.Datasets()) != 0 {
			t.Error("undoing the import left reported actuals or data")
		}
	})
	t.Run("should not replace a reported actual the node already has", func(t *testing.T) {
		if _, err := w.CommitPreview(p, p.Suggested); err != nil {
			t.Fatal(err)
		}
		f2, _ := assets.SampleData.Open("data/cs_monthly.csv")
		defer f2.Close()
		p2, err := w.PreviewImportFrom(t.Context(), f2, "again.csv", dataio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p2.SuggestedActuals) != 0 {
			t.Errorf("a second import proposes %+v", p2.SuggestedActuals)
		}
	})
}

func TestInterchangeCarriesReportedActuals(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	id := sampleDatasetID(t, w)
	t.Run("should leave the field out when there are none", func(t *testing.T) {
		if bytes.Contains(exportJSON(t, w), []byte(`"actuals"`)) {
			t.Error("an export without reported actuals has an actuals field")
		}
	})
	if err := w.BindActual("revenue", id, "revenue_jpy"); err != nil {
		t.Fatal(err)
	}
	data := exportJSON(t, w)
	t.Run("should round-trip them through JSON", func(t *testing.T) {
		g, err := workspace.CreateFromJSON(filepath.Join(t.TempDir(), "r.kpitree"), data, workspace.CreateParams{})
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if got, want := actualsOf(g), actualsOf(w); !slices.Equal(got, want) {
			t.Errorf("actuals = %q, want %q", got, want)
		}
		if !bytes.Equal(exportJSON(t, g), data) {
			t.Error("export → import → export changed the bytes")
		}
	})
	bad := []struct {
		name string
		edit func(string) string
	}{
		{"should refuse an unknown column", func(s string) string {
			return strings.Replace(s, `"column": "revenue_jpy"`, `"column": "revenue_usd"`, 1)
		}},
		{"should refuse an unknown node", func(s string) string {
			return strings.Replace(s, `"node": "revenue",
      "dataset"`, `"node": "profit",
      "dataset"`, 1)
		}},
		{"should refuse a node with two reported actuals", func(s string) string {
			i := strings.Index(s, `"actuals": [`) + len(`"actuals": [`)
			j := strings.Index(s[i:], "}") + i + 1
			return s[:i] + s[i:j] + "," + s[i:]
		}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			edited := c.edit(string(data))
			if edited == string(data) {
				t.Fatal("the edit did not apply; fix the test")
			}
			if _, err := workspace.DecodeInterchange([]byte(edited)); !errors.Is(err, workspace.ErrBadInterchange) {
				t.Errorf("got %v, want ErrBadInterchange", err)
			}
		})
	}
}

func TestReportedAlignsToTheInputCalendar(t *testing.T) {
	// Given inputs for 2024-04…2024-07 and a reported series for
	// 2024-02…2024-05 (values 1, 2, 3, 4).
	w, err := workspace.Create(filepath.Join(t.TempDir(), "a.kpitree"), workspace.CreateParams{Tree: shiftTree(), Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.CommitImport(monthly("inputs", "2024-04", 4, 5), []workspace.Binding{{Node: "a", Column: "x"}, {Node: "b", Column: "x"}}); err != nil {
		t.Fatal(err)
	}
	rep := monthly("reported", "2024-02", 4, 0)
	rep.Columns[0].Values = workspace.Values{1, 2, 3, 4}
	id, err := w.CommitImport(rep, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := w.Evaluate("")
	// When it becomes the root's reported actual.
	if err := w.BindActual("total", id, "x"); err != nil {
		t.Fatal(err)
	}
	e, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	// Then the calendar does not move and the series is aligned to it.
	if !e.Calendar.Start.Equal(before.Calendar.Start) || e.Calendar.Periods != 4 {
		t.Errorf("calendar moved: %v → %v", before.Calendar, e.Calendar)
	}
	got := e.Reported("total")
	if len(got) != 4 || got[0] != 3 || got[1] != 4 || !math.IsNaN(got[2]) || !math.IsNaN(got[3]) {
		t.Errorf("reported = %v, want [3 4 NaN NaN]", got)
	}
}
