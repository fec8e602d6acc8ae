package goalseek

import (
	"math"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

func TestGoalSeek_AnswerBecomesScenario(t *testing.T) {
	w := uitest.NewWindow(t)
	a := uitest.Sample(t, "en")
	g, err := New(w, a)
	if err != nil {
		t.Fatal(err)
	}
	g.show()
	ws := a
	pick := func(id string) {
		for i, n := range g.drivers {
			if n.ID == id {
				g.driver.SetSelectedIndex(i)
				return
			}
		}
		t.Fatalf("driver %s not offered", id)
	}
	pick("active_rate")
	base := func() float64 {
		st, err := ws.Projection(g.ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		v, ok := kpitree.FiscalValue(st.Program().Tree().Calendar, st.Values(st.Program().Tree().Root), g.fys[0], "sum")
		if !ok {
			t.Fatal("no fiscal value")
		}
		return v
	}()

	t.Run("should label a fiscal-year target as a total of that year, and a period's as per period", func(t *testing.T) {
		fy := uikit.Translator().FiscalLabel(g.fys[0])
		if got := g.targetItem.Text; !strings.Contains(got, "(JPY, "+fy+")") || strings.Contains(got, "/month") {
			t.Fatalf("fiscal-year target labelled %q, want (JPY, %s)", got, fy)
		}
		g.kind.SetSelected(g.kind.Options[1])
		if got := g.targetItem.Text; !strings.Contains(got, "JPY/month") {
			t.Fatalf("period target labelled %q, want JPY/month", got)
		}
		g.kind.SetSelected(g.kind.Options[0])
	})
	t.Run("should find the active rate that reaches a reachable fiscal-year target", func(t *testing.T) {
		g.value.SetText(uikit.FormatField(base * 1.05))
		g.solve()
		g.jobs.Wait()
		if g.answer == nil || !g.answer.Reachable {
			t.Fatalf("answer = %+v (%s)", g.answer, g.result.Text)
		}
		if !(g.answer.Value > g.answer.Current) || g.answer.Value > 1 {
			t.Fatalf("value %v, current %v: want a higher rate within 100 %%", g.answer.Value, g.answer.Current)
		}
		if !strings.Contains(g.result.Text, "%") || !strings.Contains(g.result.Text, "Active rate") {
			t.Fatalf("result text %q does not state the rate in %%", g.result.Text)
		}
	})
	t.Run("should turn the answer into a scenario with one click", func(t *testing.T) {
		g.makeScenario()
		g.jobs.Wait()
		scs, _ := ws.Scenarios()
		if len(scs) != 1 || g.created != scs[0].Name {
			t.Fatalf("scenarios %+v, created %q", scs, g.created)
		}
		o := scs[0].Overrides[0]
		if o.Node != "active_rate" || o.Op != kpitree.OpSet || math.Abs(o.Value-g.answer.Value) > 1e-12 ||
			o.From != g.last.From || o.Ramp != g.last.Ramp {
			t.Fatalf("override %+v, want the answer %+v", o, g.last)
		}
		st, err := ws.Projection(g.ctx, scs[0].Name)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := kpitree.FiscalValue(st.Program().Tree().Calendar, st.Values(st.Program().Tree().Root), g.fys[0], "sum")
		if math.Abs(v-base*1.05) > 1e-3*base {
			t.Fatalf("scenario reaches %v, want %v", v, base*1.05)
		}
	})
	t.Run("should say why a target is unreachable and give the best value", func(t *testing.T) {
		g.value.SetText(uikit.FormatField(base * 10))
		g.solve()
		g.jobs.Wait()
		if g.answer == nil || g.answer.Reachable {
			t.Fatalf("answer = %+v, want unreachable", g.answer)
		}
		if !strings.Contains(g.result.Text, "best reachable") || g.makeBtn.Disabled() == false {
			t.Fatalf("result %q, create enabled %v", g.result.Text, !g.makeBtn.Disabled())
		}
	})
	t.Run("should solve for the root's value at one period", func(t *testing.T) {
		g.kind.SetSelected(g.kind.Options[1])
		g.period.SetSelectedIndex(len(g.period.Options) - 1)
		st, err := ws.Projection(g.ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		root := st.Values(st.Program().Tree().Root)
		at := g.b.Hist + len(g.period.Options) - 1
		g.value.SetText(uikit.FormatField(root[at] * 1.02))
		g.solve()
		g.jobs.Wait()
		if g.answer == nil || !g.answer.Reachable || g.last.Window.Period != at || g.last.Window.FiscalYear != 0 {
			t.Fatalf("answer %+v for window %+v (%s)", g.answer, g.last.Window, g.result.Text)
		}
	})
	t.Run("should refuse a target that is not a number", func(t *testing.T) {
		g.value.SetText("lots")
		if _, err := g.request(); err == nil {
			t.Fatal("request accepted a non-number")
		}
	})
}
