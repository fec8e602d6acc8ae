package inspector_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/kpitree"
)

func newInspector(t testing.TB, id string) *inspector.Inspector {
	t.Helper()
	uitest.NewApp(t)
	in := inspector.New(nil)
	w := test.NewTempWindow(t, in.Content())
	w.Resize(fyne.NewSize(420, 900))
	in.SetNode(canonical(), id)
	return in
}

// canonical is the canonical tree with 36 months of history (April 2023 to
// March 2026), as the sample workspace has it; its targets are set for
// period 35, the latest.
func canonical() kpitree.Tree {
	t, err := kpitree.NewFromTemplate("addon_revenue", "en")
	if err != nil {
		panic(err) // the template is embedded: a broken one fails every test
	}
	// As the sample workspace has it once the data is bound: April 2023 to
	// March 2026, with the plan's latest targets and RAG thresholds.
	t.Calendar = kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, time.April, 1, 0, 0, 0, 0, time.UTC),
		Periods: 36, FiscalYearStart: time.April}
	for i, n := range t.Nodes {
		switch n.ID {
		case "addon_revenue":
			n.Targets, n.RAG = []kpitree.Target{{Period: 35, Value: 9_000_000}}, &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
		case "active_rate":
			n.Targets, n.RAG = []kpitree.Target{{Period: 35, Value: 0.72}}, &kpitree.RAG{Green: 1, Red: 0.95, HigherIsBetter: true}
		case "active_customers":
			n.Targets, n.RAG = []kpitree.Target{{Period: 35, Value: 700}}, &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
		case "csm_count":
			n.Targets, n.RAG = []kpitree.Target{{Period: 35, Value: 12}}, &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
		}
		t.Nodes[i] = n
	}
	return t
}

func TestInspector_Load(t *testing.T) {
	t.Run("should show the selected node's fields", func(t *testing.T) {
		in := newInspector(t, "active_rate")
		if in.Name.Text != "Active rate" || in.Unit.Text != "%" || !in.Controllable.Checked {
			t.Fatalf("name %q unit %q controllable %v", in.Name.Text, in.Unit.Text, in.Controllable.Checked)
		}
		// "%" values are stored as fractions but shown as percentages, like
		// the RAG thresholds beside them.
		if in.Target.Text != "72" || in.Green.Text != "100" || in.Red.Text != "95" {
			t.Fatalf("target %q green %q red %q", in.Target.Text, in.Green.Text, in.Red.Text)
		}
		if !in.Formula.Disabled() {
			t.Error("formula entry is enabled for an input node")
		}
	})
	t.Run("should show a hint when nothing is selected", func(t *testing.T) {
		in := newInspector(t, "")
		if in.NodeID() != "" {
			t.Fatalf("NodeID = %q", in.NodeID())
		}
	})
}

func TestInspector_Formula(t *testing.T) {
	t.Run("should point at the column of an unknown name while typing", func(t *testing.T) {
		in := newInspector(t, "addon_revenue")
		in.Formula.SetText("")
		test.Type(in.Formula, "unit_price * active_custmers")
		if got := in.FormulaError.Text; !strings.HasPrefix(got, "col 14:") || !strings.Contains(got, "active_customers") {
			t.Fatalf("error = %q, want col 14 with a suggestion", got)
		}
		in.Formula.SetText("unit_price * active_customers")
		if in.FormulaError.Text != "" {
			t.Fatalf("error = %q after fixing", in.FormulaError.Text)
		}
	})
	t.Run("should suggest node names for the word being typed and complete on tap", func(t *testing.T) {
		in := newInspector(t, "addon_revenue")
		in.Formula.SetText("")
		test.Type(in.Formula, "unit_price * act")
		if n := len(in.Suggestions.Objects); n != 2 {
			t.Fatalf("%d suggestions, want 2 (active customers, active rate)", n)
		}
		test.Tap(in.Suggestions.Objects[0].(*widget.Button))
		if in.Formula.Text != `unit_price * "Active add-on customers"` {
			t.Fatalf("formula after completion = %q, want the node's name", in.Formula.Text)
		}
		if len(in.Suggestions.Objects) != 0 {
			t.Fatal("suggestions stay open after completion")
		}
	})
}

func TestInspector_FormulaWithNames(t *testing.T) {
	in := newInspector(t, "addon_revenue")
	stored := in.Formula.Text
	t.Run("should show the formula with the nodes' names", func(t *testing.T) {
		if stored != `"Average add-on unit price" * "Active add-on customers"` {
			t.Fatalf("formula shown as %q, want names", stored)
		}
	})
	t.Run("should store names typed as ids", func(t *testing.T) {
		rec := record(t, in)
		in.Formula.SetText(`"Average add-on unit price" * "Active add-on customers" * 1.1`)
		test.Tap(in.Apply)
		in.Wait()
		got := rec.last(t)
		if got.Formula != "unit_price * active_customers * 1.1" {
			t.Fatalf("stored %q, want ids", got.Formula)
		}
	})
}

func TestInspector_Apply(t *testing.T) {
	t.Run("should store the edited node in the workspace", func(t *testing.T) {
		in := newInspector(t, "active_rate")
		rec := record(t, in)
		in.Name.SetText("Login rate")
		in.Target.SetText("８０") // full-width, as typed with a Japanese IME; 80 %
		in.Red.SetText("90")
		in.Owner.SetText("CS team B")
		test.Tap(in.Apply)
		in.Wait()
		got := rec.last(t)
		if got.ID != "active_rate" || got.Name != "Login rate" || got.Owner != "CS team B" {
			t.Fatalf("applied %+v", got)
		}
		if len(got.Targets) != 1 || got.Targets[0].Value != 0.8 {
			t.Fatalf("targets = %+v, want 0.8", got.Targets)
		}
		if got.RAG == nil || got.RAG.Red != 0.9 || got.RAG.Green != 1 {
			t.Fatalf("RAG = %+v, want green 1, red 0.9", got.RAG)
		}
	})
	tests := []struct {
		name  string
		setup func(in *inspector.Inspector)
		want  string
	}{
		{"an empty name", func(in *inspector.Inspector) { in.Name.SetText(" ") }, "name"},
		{"a target that is not a number", func(in *inspector.Inspector) { in.Target.SetText("lots") }, "number"},
		{"only one RAG threshold", func(in *inspector.Inspector) { in.Red.SetText("") }, "both"},
		{"red above green", func(in *inspector.Inspector) { in.Red.SetText("120") }, "below"},
		{"an invalid formula", func(in *inspector.Inspector) {
			in.Kind.SetSelectedIndex(1)
			in.Formula.SetText("csm_count *")
		}, "col 12"},
	}
	for _, tt := range tests {
		t.Run("should refuse "+tt.name+" and say what to fix", func(t *testing.T) {
			in := newInspector(t, "active_rate")
			rec := record(t, in)
			tt.setup(in)
			test.Tap(in.Apply)
			in.Wait()
			if got := rec.stored(); len(got) != 0 {
				t.Fatalf("stored %+v", got)
			}
			if !strings.Contains(in.Status.Text, tt.want) {
				t.Fatalf("status = %q, want it to mention %q", in.Status.Text, tt.want)
			}
		})
	}
}

func TestInspector_FormulaFont(t *testing.T) {
	in := newInspector(t, "addon_revenue")
	in.Formula.SetText("unit_price * active_customers")
	if !in.Formula.TextStyle.Monospace {
		t.Error("an ASCII formula should use the monospace font, whose underscores are visible")
	}
	in.Formula.SetText(`"平均付帯単価" * active_customers`)
	if in.Formula.TextStyle.Monospace {
		t.Error("a formula with Japanese names should use the Japanese-capable text font")
	}
}

// TestInspector_Markup pins the inspector's layout with a formula error
// (caret line and message shown) as markup, which does not depend on fonts.
func TestInspector_Markup(t *testing.T) {
	in := newInspector(t, "active_customers")
	in.Formula.SetText("onboarded_accounts * activ_rate")
	w := test.NewTempWindow(t, in.Content())
	w.Resize(fyne.NewSize(420, 760))
	test.AssertRendersToMarkup(t, "inspector_formula_error.xml", w.Canvas())
}

func TestInspector_KeepsEditsAcrossRefresh(t *testing.T) {
	in := newInspector(t, "active_rate")
	tree := canonical()
	in.Name.SetText("Login rate (typing…)")
	t.Run("should keep typed text when the same node is shown again unchanged", func(t *testing.T) {
		in.SetNode(tree, "active_rate")
		if in.Name.Text != "Login rate (typing…)" {
			t.Fatalf("name = %q: a refresh discarded the edit", in.Name.Text)
		}
	})
	t.Run("should keep typed text and show a hint when the node changed underneath", func(t *testing.T) {
		for i := range tree.Nodes {
			if tree.Nodes[i].ID == "active_rate" {
				tree.Nodes[i].Name = "Renamed elsewhere"
			}
		}
		in.SetNode(tree, "active_rate")
		if in.Name.Text != "Login rate (typing…)" {
			t.Fatalf("name = %q: the external change discarded the user's edit", in.Name.Text)
		}
		if !strings.Contains(in.Status.Text, "changed elsewhere") {
			t.Fatalf("status = %q, want a hint that the node changed", in.Status.Text)
		}
	})
	t.Run("should show the changed node and drop the hint on Revert", func(t *testing.T) {
		test.Tap(in.Revert)
		if in.Name.Text != "Renamed elsewhere" || in.Status.Text != "" || in.Dirty() {
			t.Fatalf("after Revert: name %q, status %q, dirty %v", in.Name.Text, in.Status.Text, in.Dirty())
		}
	})
	t.Run("should reload when the node changed underneath and nothing was typed", func(t *testing.T) {
		clean := newInspector(t, "active_rate")
		for i := range tree.Nodes {
			if tree.Nodes[i].ID == "active_rate" {
				tree.Nodes[i].Name = "Renamed again"
			}
		}
		clean.SetNode(tree, "active_rate")
		if clean.Name.Text != "Renamed again" {
			t.Fatalf("name = %q, want the changed node", clean.Name.Text)
		}
	})
}

// pressApply types an owner into an inspector over a recorder that given
// prepares, and presses Apply once.
func pressApply(t *testing.T, given func(*recorder)) (*inspector.Inspector, *recorder) {
	t.Helper()
	in := newInspector(t, "active_rate")
	rec := record(t, in)
	given(rec)
	in.Owner.SetText("CS team B")
	test.Tap(in.Apply)
	return in, rec
}

func TestInspector_ApplyOffTheUIGoroutine(t *testing.T) {
	t.Run("should keep Apply disabled while the write is pending, then say it is stored", func(t *testing.T) {
		// given a workspace whose write waits until released, when Apply is pressed
		in, rec := pressApply(t, func(r *recorder) { r.block = make(chan struct{}) })
		// then Apply waits for the write, and a second press stores nothing more
		if !in.Apply.Disabled() {
			t.Fatal("Apply is enabled while its write is pending")
		}
		test.Tap(in.Apply)
		close(rec.block)
		in.Wait()
		if got := rec.stored(); len(got) != 1 || got[0].Owner != "CS team B" {
			t.Fatalf("stored %+v, want the edit once", got)
		}
		if in.Apply.Disabled() || in.Dirty() || in.Status.Text != lang.L("inspector.applied") {
			t.Fatalf("disabled %v, dirty %v, status %q after the write", in.Apply.Disabled(), in.Dirty(), in.Status.Text)
		}
	})
	t.Run("should show a failed write inline in the user's words and keep the edits", func(t *testing.T) {
		// given a workspace that refuses to store, when Apply is pressed
		refused := fmt.Errorf("update node: %w", kpitree.ErrUnknownNode)
		in, _ := pressApply(t, func(r *recorder) { r.err = refused })
		in.Wait()
		// then the status line says why, as uikit.UserMessage words it
		if want := uikit.UserMessage(refused); !strings.Contains(in.Status.Text, want) || in.Status.Importance != widget.DangerImportance {
			t.Fatalf("status %q (%v), want it to contain %q", in.Status.Text, in.Status.Importance, want)
		}
		if !in.Dirty() || in.Owner.Text != "CS team B" || in.Apply.Disabled() {
			t.Fatalf("dirty %v, owner %q, Apply disabled %v: the edits must stay to try again", in.Dirty(), in.Owner.Text, in.Apply.Disabled())
		}
	})
}
