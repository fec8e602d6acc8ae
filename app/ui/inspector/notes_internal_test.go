package inspector

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/kpitree"
)

// texts collects every label and button text under o, in order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			if w.Text != "" {
				out = append(out, w.Text)
			}
		case *widget.Accordion:
			for _, it := range w.Items {
				out = append(out, it.Title)
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}

// notesCases adds a note and an initiative through the inspector's
// section and reads what it then shows; want are the words of the
// language the UI runs in.
func notesCases(t *testing.T, langCode string, want []string) {
	uitest.NewWindow(t)
	a := sample(t, langCode)
	in := New(nil)
	in.SetSource(a, nil)
	in.SetNode(a.Workspace.Tree(), "unit_price")
	l := in.notes
	settle(in)
	t.Run("should show the empty section with the last month as the default period", func(t *testing.T) {
		if l.box.Hidden || l.Empty.Hidden || l.Period.Text != "2026-03" || l.Start.Text != "2026-03" {
			t.Errorf("hidden %v, empty hidden %v, period %q, start %q", l.box.Hidden, l.Empty.Hidden, l.Period.Text, l.Start.Text)
		}
	})
	t.Run("should add a note and an initiative off the UI goroutine and list them", func(t *testing.T) {
		if err := a.Workspace.AddScenario(kpitree.Scenario{Name: "price up", Overrides: []kpitree.Override{{Node: "unit_price", Op: kpitree.OpAdd, Value: 500, From: 30, To: -1}}}); err != nil {
			t.Fatal(err)
		}
		in.SetNode(a.Workspace.Tree(), "unit_price")
		settle(in)
		l.Period.SetText("2025-10")
		test.Type(l.Text, "Price list")
		test.Tap(l.AddNote)
		settle(in)
		l.Name.SetText("Revision")
		l.Cost.SetText("1,200,000")
		l.Status.SetSelectedIndex(1)
		l.Scenario.SetSelected("price up")
		l.Start.SetText("2025-10")
		test.Tap(l.AddInitiative)
		settle(in)
		if !l.Error.Hidden {
			t.Fatalf("error: %s", l.Error.Text)
		}
		ins, _ := a.Workspace.Initiatives("unit_price")
		if len(ins) != 1 || ins[0].Cost != 1.2e6 || ins[0].Scenario != "price up" || ins[0].Status != "active" {
			t.Errorf("stored initiatives %+v", ins)
		}
		got := strings.Join(texts(l.box), " | ")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("section says %q; want %q in it", got, w)
			}
		}
		if !l.Empty.Hidden || l.Text.Text != "" {
			t.Errorf("empty hint shown %v, note text left %q", !l.Empty.Hidden, l.Text.Text)
		}
		if langCode == "ja" {
			// Only the user's own words (Price list, Revision) may be Latin.
			rest := strings.NewReplacer("Price list", "", "Revision", "", "KPI", "").Replace(got)
			if w := regexp.MustCompile(`[A-Za-z]{3,}`).FindString(rest); w != "" {
				t.Errorf("Japanese section says %q: %s", w, got)
			}
		}
	})
	t.Run("should refuse a cost that is no number without writing", func(t *testing.T) {
		l.Name.SetText("Other")
		l.Cost.SetText("lots")
		test.Tap(l.AddInitiative)
		settle(in)
		if l.Error.Hidden {
			t.Error("no error for a cost that is no number")
		}
		if _, err := a.Workspace.Initiative("Other"); err == nil {
			t.Error("the initiative was stored")
		}
	})
	t.Run("should change an initiative's status from its row", func(t *testing.T) {
		sel := l.List.Objects[0].(*fyne.Container).Objects[1].(*widget.Select)
		sel.SetSelectedIndex(2) // done
		settle(in)
		in, err := a.Workspace.Initiative("Revision")
		if err != nil || in.Status != "done" || in.Cost != 1.2e6 {
			t.Errorf("initiative after the change %+v, %v; want done, the rest kept", in, err)
		}
		if len(l.List.Objects) != 2 {
			t.Errorf("%d rows after the change, want the initiative and the note", len(l.List.Objects))
		}
	})
	t.Run("should delete the note with its button", func(t *testing.T) {
		row := l.List.Objects[len(l.List.Objects)-1].(*fyne.Container)
		var del *widget.Button
		for _, o := range row.Objects {
			if b, ok := o.(*widget.Button); ok {
				del = b
			}
		}
		test.Tap(del)
		settle(in)
		if notes, _ := a.Workspace.Notes("unit_price"); len(notes) != 0 {
			t.Errorf("notes left %+v", notes)
		}
		if len(l.List.Objects) != 1 {
			t.Errorf("%d rows, want the initiative only", len(l.List.Objects))
		}
	})
}

func TestInspector_Notes(t *testing.T) {
	notesCases(t, "en", []string{"Notes & initiatives", "2025-10 · Price list", "Revision · Active · from 2025-10", "expected +¥3,000/customer · measured", "(to 2026-03)", "Add note", "Add initiative"})
}

func TestInspector_Notes_Japanese(t *testing.T) {
	if inJapanese(t, "TestInspector_Notes_Japanese") {
		notesCases(t, "ja", []string{"メモと施策", "2025-10・Price list", "Revision・実施中・2025-10 開始", "期待 +¥3,000/社・実測", "（2026-03 まで）", "メモを追加", "施策を追加"})
	}
}
