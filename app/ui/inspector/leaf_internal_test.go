package inspector

import (
	"context"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/forecastpane"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// rowOf returns the forecast pane's row for leaf.
func rowOf(t *testing.T, p *forecastpane.Pane, leaf string) forecastpane.Row {
	t.Helper()
	for _, r := range p.Rows() {
		if r.Node == leaf {
			return r
		}
	}
	t.Fatalf("no row for %s in %+v", leaf, p.Rows())
	return forecastpane.Row{}
}

func TestInspector_LeafInfo(t *testing.T) {
	uitest.NewWindow(t)
	a := sample(t, "en")
	forecastSample(t, a)
	in := New(nil)
	in.SetSource(a, nil)
	tree := a.Workspace.Tree()

	t.Run("should load off the UI goroutine, showing a placeholder meanwhile", func(t *testing.T) {
		in.SetNode(tree, "active_rate")
		if in.leaf.box.Hidden || in.leaf.form.Hidden {
			t.Fatal("the data-and-forecast section is hidden for an input")
		}
		if got := in.leaf.Binding.Text; got != "Loading…" {
			t.Errorf("binding right after selection %q, want the placeholder", got)
		}
		settle(in)
	})
	t.Run("should show the binding, model, reason and accuracy of a bound leaf", func(t *testing.T) {
		lf := a.Workspace.Forecasts()["active_rate"]
		if lf == nil {
			t.Fatal("no forecast")
		}
		l := in.leaf
		for _, want := range []string{"cs_monthly", "active_rate", "36 periods", "last 2026-03"} {
			if !strings.Contains(l.Binding.Text, want) {
				t.Errorf("binding %q, want %q in it", l.Binding.Text, want)
			}
		}
		// The model in plain words, then its technical name.
		if plain := report.ModelName(uikit.Translator(), lf.Model); plain == lf.Model || !strings.HasPrefix(l.ModelUsed.Text, plain) ||
			!strings.Contains(l.ModelUsed.Text, report.ModelNotation(lf.Model)) {
			t.Errorf("model %q, want %q explained as %q", l.ModelUsed.Text, lf.Model, plain)
		}
		if want := uikit.Translator().ForecastReason(lf); l.Reason.Text == "" || l.Reason.Text != want {
			t.Errorf("reason %q, want %q", l.Reason.Text, want)
		}
		mape, err := a.Workspace.ForecastAccuracy(context.Background(), "active_rate")
		if err != nil {
			t.Fatal(err)
		}
		if want := uikit.Translator().ForecastAccuracy(mape, kpitree.Month); math.IsNaN(mape) || l.Accuracy.Text != want {
			t.Errorf("accuracy %q, want the workspace's %q", l.Accuracy.Text, want)
		}
		if got := l.pick.Select.Selected; got != "Default (Automatic (best fit))" {
			t.Errorf("model setting %q, want the workspace default", got)
		}
	})
	t.Run("should reuse the measured accuracy when the leaf is selected again", func(t *testing.T) {
		want := in.leaf.Accuracy.Text
		in.SetNode(tree, "csm_count")
		settle(in)
		in.SetNode(tree, "active_rate")
		settle(in)
		if got := in.leaf.Accuracy.Text; got != want {
			t.Errorf("accuracy %q, want %q again", got, want)
		}
		if _, ok := a.Workspace.CachedForecastAccuracy("active_rate"); !ok {
			t.Error("the backtest is not remembered")
		}
	})
	t.Run("should say a formula node is computed, not forecast", func(t *testing.T) {
		in.SetNode(tree, tree.Root)
		settle(in)
		if in.leaf.box.Hidden || !in.leaf.form.Hidden || in.leaf.Computed.Hidden {
			t.Fatalf("section hidden %v, form hidden %v, computed hidden %v", in.leaf.box.Hidden, in.leaf.form.Hidden, in.leaf.Computed.Hidden)
		}
	})
	t.Run("should say an unbound input is not bound and not forecast", func(t *testing.T) {
		if err := a.Workspace.Unbind("csm_count"); err != nil {
			t.Fatal(err)
		}
		in.SetNode(a.Workspace.Tree(), "csm_count")
		settle(in)
		if !strings.Contains(in.leaf.Binding.Text, "Not bound") {
			t.Errorf("binding %q", in.leaf.Binding.Text)
		}
		if !strings.Contains(in.leaf.ModelUsed.Text, "Not forecast") || in.leaf.Accuracy.Text != "—" {
			t.Errorf("model %q, accuracy %q", in.leaf.ModelUsed.Text, in.leaf.Accuracy.Text)
		}
	})
	t.Run("should hide the section without a workspace file", func(t *testing.T) {
		in.SetSource(nil, nil)
		if !in.leaf.box.Hidden {
			t.Error("section shown without a workspace")
		}
	})
}

func TestLeafModelOverride_PaneAndInspector(t *testing.T) {
	w := uitest.NewWindow(t)
	a := sample(t, "en")
	p := forecastpane.New(w, a, nil)
	settle(p)
	w.SetContent(p.Content())
	in := New(nil)
	in.SetSource(a, nil)
	in.SetNode(a.Workspace.Tree(), "active_rate")
	settle(p, in)
	before := rowOf(t, p, "csm_count")

	t.Run("should store an override picked in the table and re-forecast that leaf", func(t *testing.T) {
		row := -1
		for i, r := range p.Rows() {
			if r.Node == "active_rate" {
				row = i + 1
			}
		}
		if err := p.PickOverride(row, "naive"); err != nil {
			t.Fatal(err)
		}
		settle(p, in)
		if m, over := a.Workspace.Settings().ModelFor("active_rate"); m != "naive" || !over {
			t.Fatalf("override %q, %v", m, over)
		}
		if got := rowOf(t, p, "active_rate").Model; got != "naive" {
			t.Errorf("table shows %q after the re-forecast, want naive", got)
		}
		if got := rowOf(t, p, "csm_count"); got.Model != before.Model || got.MAPE != before.MAPE {
			t.Errorf("csm_count changed: %+v → %+v", before, got)
		}
		if got := p.CellText(row, forecastpane.ColOverride); got != modelLabel("naive") {
			t.Errorf("override column text %q", got)
		}
		if in.leaf.ModelUsed.Text != report.ModelExplained(uikit.Translator(), "naive") || in.leaf.pick.Select.Selected != modelLabel("naive") {
			t.Errorf("inspector shows model %q, setting %q; want naive", in.leaf.ModelUsed.Text, in.leaf.pick.Select.Selected)
		}
		if got := rowOf(t, p, "active_rate").Accuracy; got != in.leaf.Accuracy.Text {
			t.Errorf("inspector accuracy %q, pane %q: want the same backtest", in.leaf.Accuracy.Text, got)
		}
	})
	t.Run("should store an override picked in the inspector and update the pane", func(t *testing.T) {
		in.leaf.pick.Select.SetSelected(modelLabel("drift"))
		settle(p, in)
		if got := rowOf(t, p, "active_rate").Model; got != "drift" {
			t.Errorf("table shows %q, want drift", got)
		}
		if in.leaf.ModelUsed.Text != report.ModelExplained(uikit.Translator(), "drift") {
			t.Errorf("inspector shows %q", in.leaf.ModelUsed.Text)
		}
	})
	t.Run("should go back to the default, and undo to the override", func(t *testing.T) {
		in.leaf.pick.Select.SetSelectedIndex(0)
		settle(p, in)
		if _, over := a.Workspace.Settings().ModelFor("active_rate"); over {
			t.Fatal("the override is still stored")
		}
		if got := rowOf(t, p, "active_rate").Model; got == "drift" {
			t.Error("the table still shows the override's model")
		}
		if _, err := a.Undo(); err != nil {
			t.Fatal(err)
		}
		settle(p, in)
		if got := rowOf(t, p, "active_rate").Model; got != "drift" {
			t.Errorf("after undo the table shows %q, want drift", got)
		}
		if in.leaf.pick.Select.Selected != modelLabel("drift") {
			t.Errorf("after undo the inspector's setting is %q", in.leaf.pick.Select.Selected)
		}
	})
	t.Run("should offer a model pinned outside the list", func(t *testing.T) {
		if err := a.Workspace.SetLeafModel("active_rate", "ets(A,Ad,N)"); err != nil {
			t.Fatal(err)
		}
		settle(p, in)
		if got := in.leaf.pick.Select.Selected; got != modelLabel("ets(A,Ad,N)") {
			t.Errorf("setting %q, want the pinned ETS model", got)
		}
	})
}

// tableCell is a table cell id.
func tableCell(row, col int) widget.TableCellID { return widget.TableCellID{Row: row, Col: col} }

func TestInspector_LeafInfoScope(t *testing.T) {
	uitest.NewWindow(t)
	a := sample(t, "en")
	forecastSample(t, a)
	in := New(nil)
	scope := uikit.NewPaneScope()
	in.SetSource(a, scope)
	in.SetNode(a.Workspace.Tree(), "active_rate")
	jobs := in.leaf.jobs

	t.Run("should drop results that arrive after the scope closed", func(t *testing.T) {
		scope.Close()
		settle(jobs)
		if got := in.leaf.Binding.Text; got != "Loading…" {
			t.Errorf("binding %q: a closed scope's result was applied", got)
		}
	})
	t.Run("should stop following workspace events after the scope closed", func(t *testing.T) {
		if err := a.Workspace.SetLeafModel("active_rate", "naive"); err != nil {
			t.Fatal(err)
		}
		settle(jobs)
		if got := in.leaf.pick.Select.Selected; got == modelLabel("naive") {
			t.Error("the inspector followed a settings change after its scope closed")
		}
	})
	t.Run("should work again with a new scope", func(t *testing.T) {
		in.SetSource(a, uikit.NewPaneScope())
		settle(in)
		if got := in.leaf.pick.Select.Selected; got != modelLabel("naive") {
			t.Errorf("setting %q, want naive", got)
		}
		if !strings.Contains(in.leaf.Binding.Text, "cs_monthly") {
			t.Errorf("binding %q", in.leaf.Binding.Text)
		}
	})
}

// modelLabel is a model setting as the menus name it.
func modelLabel(keyword string) string { return report.ModelChoice(uikit.Translator(), keyword) }
