package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/kpitree"
)

// addScenario adds a +5 point active-rate scenario from the first forecast
// period.
func addScenario(t *testing.T, a *Adapter, name string) {
	t.Helper()
	e, err := a.Unwrap().Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	h := e.Calendar.Periods
	if err := a.Unwrap().AddScenario(kpitree.Scenario{Name: name, Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpSet, Value: 0.75, From: h, To: -1}}}); err != nil {
		t.Fatal(err)
	}
}

func TestBuildCharts(t *testing.T) {
	newTestWindow(t)
	a := NewSampleAdapter(t)
	ws := a.Unwrap()
	t.Run("should leave out the comparison when there is no scenario", func(t *testing.T) {
		jobs, err := BuildCharts(context.Background(), ws, ChartRequest{Kinds: ChartKinds()})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, j := range jobs {
			kinds = append(kinds, j.Figure.Kind())
		}
		if got := strings.Join(kinds, ","); got != "fan,waterfall,tornado,tree" {
			t.Fatalf("kinds %s", got)
		}
		fan := jobs[0].Figure.(*chart.FanChart)
		if len(fan.Actual) != 36 || len(fan.Forecast.Median) == 0 || len(fan.Forecast.Lo95) != len(fan.Forecast.Median) {
			t.Fatalf("fan: %d actuals, band %d/%d", len(fan.Actual), len(fan.Forecast.Median), len(fan.Forecast.Lo95))
		}
		for i := range fan.Forecast.Median {
			if !(fan.Forecast.Lo95[i] <= fan.Forecast.Lo80[i] && fan.Forecast.Lo80[i] <= fan.Forecast.Median[i] &&
				fan.Forecast.Median[i] <= fan.Forecast.Hi80[i] && fan.Forecast.Hi80[i] <= fan.Forecast.Hi95[i]) {
				t.Fatalf("band %d not nested", i)
			}
		}
	})
	t.Run("should compare scenarios and explain them against the base", func(t *testing.T) {
		addScenario(t, a, "Active +")
		jobs, err := BuildCharts(context.Background(), ws, ChartRequest{Kinds: []ChartKind{ChartCompare, ChartWaterfall}})
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 2 {
			t.Fatalf("%d figures", len(jobs))
		}
		wf := jobs[1].Figure.(*chart.Waterfall)
		sum := 0.0
		for _, p := range wf.Parts {
			sum += p.Value
		}
		if d := wf.End - wf.Start - sum; d*d > 1e-6*wf.End*wf.End {
			t.Fatalf("parts add to %v, change %v", sum, wf.End-wf.Start)
		}
		if wf.EndLabel != "Active +" {
			t.Fatalf("end label %q", wf.EndLabel)
		}
	})
}

func TestChartsPane_Render(t *testing.T) {
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	addScenario(t, a, "Active +")
	p, err := newChartsPane(w, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	settle(&p.jobs, p.render)
	w.SetContent(p.content())
	settle(&p.jobs, p.render)
	for _, k := range ChartKinds() {
		img := p.imgs[k].Image
		if img == nil {
			t.Fatalf("%s: no image (%s)", k, p.notes[k].Text)
		}
		if b := img.Bounds(); b.Dx() != chartPaneW || b.Dy() != chartPaneH {
			t.Fatalf("%s: %v", k, b)
		}
	}
	t.Run("should redraw for another node", func(t *testing.T) {
		before := p.renders
		p.SelectNode("active_rate")
		settle(&p.jobs, p.render)
		if p.renders == before || p.figs[ChartFan].(*chart.FanChart).Title != "Active rate" {
			t.Fatalf("fan title %q", p.figs[ChartFan].(*chart.FanChart).Title)
		}
	})
	t.Run("should follow the node selected on the tree", func(t *testing.T) {
		a.SetSelection("csm_count")
		settle(&p.jobs, p.render)
		if got := p.figs[ChartFan].(*chart.FanChart).Title; got != "CSM headcount" {
			t.Fatalf("fan title %q", got)
		}
	})
	t.Run("should copy the chart as a saved PNG path", func(t *testing.T) {
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
		t.Setenv("HOME", t.TempDir())
		path, err := p.saveForClipboard()
		if err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 || filepath.Ext(path) != ".png" {
			t.Fatalf("saved %s: %v", path, err)
		}
	})
}

func TestExportCharts(t *testing.T) {
	newTestWindow(t)
	a := NewSampleAdapter(t)
	addScenario(t, a, "Active +")
	for _, f := range []chart.Format{chart.PNG, chart.SVG} {
		t.Run("should write non-empty "+f.String()+" files for every node and kind", func(t *testing.T) {
			dir := t.TempDir()
			var nodes []string
			for _, n := range a.Unwrap().Tree().Nodes {
				nodes = append(nodes, n.ID)
			}
			var last float64
			files, err := ExportCharts(context.Background(), a, ExportRequest{Kinds: []ChartKind{ChartFan, ChartTornado, ChartTree},
				Nodes: nodes, Format: f, Size: chart.SizePixels(800, 450, 96), Dir: dir}, func(p float64) { last = p })
			if err != nil {
				t.Fatal(err)
			}
			if len(files) < len(nodes)+1 || last != 1 {
				t.Fatalf("%d files for %d nodes, progress %v", len(files), len(nodes), last)
			}
			for _, path := range files {
				st, err := os.Stat(path)
				if err != nil || st.Size() == 0 || filepath.Ext(path) != f.Ext() {
					t.Fatalf("%s: %v", path, err)
				}
			}
		})
	}
	t.Run("should stop when cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := ExportCharts(ctx, a, ExportRequest{Kinds: []ChartKind{ChartFan}, Format: chart.PNG, Size: chart.SizeSlide(), Dir: t.TempDir()}, nil)
		if err == nil {
			t.Fatal("cancelled export succeeded")
		}
	})
}

func TestExportDialog_Run(t *testing.T) {
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	e := newExportDialog(w, a, "addon_revenue")
	e.show()
	e.dir.SetText(filepath.Join(t.TempDir(), "out"))
	e.kinds.SetSelected([]string{chartKindName(ChartFan), chartKindName(ChartTree)})
	e.format.SetSelected("SVG")
	e.numbers.SetChecked(true)
	e.start()
	e.jobs.Wait()
	if len(e.written) != 3 || e.bar.Value != 1 || filepath.Base(e.written[2]) != NumbersFile {
		t.Fatalf("written %v, status %q", e.written, e.status.Text)
	}
	t.Run("should refuse an export without chart types", func(t *testing.T) {
		e.kinds.SetSelected(nil)
		e.numbers.SetChecked(false)
		if _, err := e.request(); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestImpactView(t *testing.T) {
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	addScenario(t, a, "Active +")
	v, err := newImpactView(w, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	settle(&v.jobs, v.render)
	w.SetContent(v.content())
	settle(&v.jobs, v.render)
	if v.waterfall.Image == nil || v.tornado.Image == nil {
		t.Fatalf("images missing: %s", v.status.Text)
	}
	if len(v.ranks) != 4 || v.ranks[0].Rank != 1 {
		t.Fatalf("ranks %+v", v.ranks)
	}
	if !v.ranks[0].Controllable {
		t.Fatalf("first rank %+v: want a controllable driver first", v.ranks[0])
	}
	if got := v.cell(1, 2); got != "yes" {
		t.Fatalf("controllable cell %q", got)
	}
	t.Run("should explain period against period", func(t *testing.T) {
		v.mode.SetSelected(v.mode.Options[1])
		settle(&v.jobs, v.render)
		wf := v.lastWaterfall.(*chart.Waterfall)
		if wf.StartLabel != "2025-03" || wf.EndLabel != "2026-03" {
			t.Fatalf("labels %q → %q", wf.StartLabel, wf.EndLabel)
		}
	})
}

func TestImpactView_SwitchesToFirstScenario(t *testing.T) {
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	v, err := newImpactView(w, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	settle(&v.jobs, v.render)
	if v.mode.Selected != v.mode.Options[1] {
		t.Fatalf("mode %q without scenarios, want period vs period", v.mode.Selected)
	}
	addScenario(t, a, "Plan A")
	settle(&v.jobs, v.render)
	if v.mode.Selected != v.mode.Options[0] || v.scen.Selected != "Plan A" {
		t.Fatalf("mode %q, scenario %q: want Plan A explained against the base", v.mode.Selected, v.scen.Selected)
	}
	if wf := v.lastWaterfall.(*chart.Waterfall); wf.EndLabel != "Plan A" {
		t.Fatalf("waterfall ends at %q", wf.EndLabel)
	}
}
