package chartspane

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/impactpane"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// testWorkspace is the sample workspace as the shell hands it to the
// pane, with the tree's selection, which the test moves.
type testWorkspace struct {
	uitest.Workspace

	mu   sync.Mutex
	sel  map[int]func(string)
	next int
}

func newTestWorkspace(t testing.TB) *testWorkspace {
	return &testWorkspace{Workspace: uitest.Sample(t, "en"), sel: map[int]func(string){}}
}

// NodeOrder lists the nodes as the tree file holds them: the canvas's
// order is the shell's business, the pane only follows it.
func (w *testWorkspace) NodeOrder() []string {
	var ids []string
	for _, n := range w.Tree().Nodes {
		ids = append(ids, n.ID)
	}
	return ids
}

func (w *testWorkspace) SubscribeSelection(fn func(id string)) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.next
	w.next++
	w.sel[id] = fn
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.sel, id)
	}
}

// SetSelection selects node id on the "tree".
func (w *testWorkspace) SetSelection(id string) {
	w.mu.Lock()
	fns := make([]func(string), 0, len(w.sel))
	for _, fn := range w.sel {
		fns = append(fns, fn)
	}
	w.mu.Unlock()
	for _, fn := range fns {
		fn(id)
	}
}

// addScenario adds a +5 point active-rate scenario from the first forecast
// period.
func addScenario(t *testing.T, a *testWorkspace, name string) {
	t.Helper()
	e, err := a.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	h := e.Calendar.Periods
	if err := a.AddScenario(kpitree.Scenario{Name: name, Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpSet, Value: 0.75, From: h, To: -1}}}); err != nil {
		t.Fatal(err)
	}
}

func TestBuildCharts(t *testing.T) {
	uitest.NewWindow(t)
	a := newTestWorkspace(t)
	ws := a
	t.Run("should leave out the comparison when there is no scenario", func(t *testing.T) {
		jobs, err := uikit.BuildCharts(context.Background(), ws, report.Request{Kinds: report.Kinds()})
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
		jobs, err := uikit.BuildCharts(context.Background(), ws, report.Request{Kinds: []report.Kind{report.Compare, report.Waterfall}})
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
	w := uitest.NewWindow(t)
	a := newTestWorkspace(t)
	addScenario(t, a, "Active +")
	p := New(w, a, nil)
	p.Wait()
	w.SetContent(p.Content())
	p.Wait()
	for _, k := range report.Kinds() {
		img := p.views[k].Image()
		if img == nil {
			t.Fatalf("%s: no image (%s)", k, p.notes[k].Text)
		}
		// Hidden tabs are not laid out: drawn at the default size.
		want := p.views[k].SizeOr(chartPaneW, chartPaneH)
		if b := img.Bounds(); b.Size() != want {
			t.Fatalf("%s: drawn %v, want the view's %v", k, b.Size(), want)
		}
	}
	t.Run("should redraw for another node", func(t *testing.T) {
		before := p.renders
		p.SelectNode("active_rate")
		p.Wait()
		if p.renders == before || p.figs[report.Fan].(*chart.FanChart).Title != "Active rate" {
			t.Fatalf("fan title %q", p.figs[report.Fan].(*chart.FanChart).Title)
		}
	})
	t.Run("should follow the node selected on the tree", func(t *testing.T) {
		a.SetSelection("csm_count")
		p.Wait()
		if got := p.figs[report.Fan].(*chart.FanChart).Title; got != "CSM headcount" {
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
	uitest.NewWindow(t)
	a := newTestWorkspace(t)
	addScenario(t, a, "Active +")
	for _, f := range []chart.Format{chart.PNG, chart.SVG} {
		t.Run("should write non-empty "+f.String()+" files for every node and kind", func(t *testing.T) {
			dir := t.TempDir()
			var nodes []string
			for _, n := range a.Tree().Nodes {
				nodes = append(nodes, n.ID)
			}
			var last float64
			files, err := ExportCharts(context.Background(), a, ExportRequest{Kinds: []report.Kind{report.Fan, report.Tornado, report.Tree},
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
		_, err := ExportCharts(ctx, a, ExportRequest{Kinds: []report.Kind{report.Fan}, Format: chart.PNG, Size: chart.SizeSlide(), Dir: t.TempDir()}, nil)
		if err == nil {
			t.Fatal("cancelled export succeeded")
		}
	})
}

func TestExportDialog_Run(t *testing.T) {
	w := uitest.NewWindow(t)
	a := newTestWorkspace(t)
	e := newExportDialog(w, a, "addon_revenue")
	e.show()
	e.dir.SetText(filepath.Join(t.TempDir(), "out"))
	e.kinds.SetSelected([]string{chartKindName(report.Fan), chartKindName(report.Tree)})
	e.format.SetSelected("SVG")
	e.numbers.SetChecked(true)
	e.start()
	e.jobs.Wait()
	if len(e.written) != 3 || e.bar.Value != 1 || filepath.Base(e.written[2]) != NumbersFile {
		t.Fatalf("written %v, status %q", e.written, e.status.Text)
	}
	t.Run("should ask before replacing the files of an earlier export", func(t *testing.T) {
		first := e.written[0]
		stamp := func() []byte {
			b, err := os.ReadFile(first)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if err := os.WriteFile(first, []byte("last week's chart"), 0o600); err != nil {
			t.Fatal(err)
		}
		var asked string
		e.askOverwrite = func(msg string, answer func(bool)) { asked = msg; answer(false) }
		e.start()
		e.jobs.Wait()
		if asked == "" || !strings.Contains(asked, "3") {
			t.Fatalf("asked %q: want a question naming the 3 files", asked)
		}
		if string(stamp()) != "last week's chart" {
			t.Fatal("the export replaced a file after the user said no")
		}
		e.askOverwrite = func(_ string, answer func(bool)) { answer(true) }
		e.start()
		e.jobs.Wait()
		if string(stamp()) == "last week's chart" || len(e.written) != 3 {
			t.Fatalf("the export did not replace the files after yes: %v", e.written)
		}
	})
	t.Run("should refuse an export without chart types", func(t *testing.T) {
		e.kinds.SetSelected(nil)
		e.numbers.SetChecked(false)
		if _, err := e.request(); err == nil {
			t.Fatal("no error")
		}
	})
}

// paneInScroll shows content in a scroll container, as the shell's bottom
// tabs do, in a window of the given size, and returns the window.
func paneInScroll(t *testing.T, content fyne.CanvasObject, size fyne.Size) fyne.Window {
	t.Helper()
	w := uitest.NewWindow(t)
	w.SetContent(container.NewScroll(content))
	w.Resize(size)
	return w
}

func TestChartViews_FillTheirPane(t *testing.T) {
	a := newTestWorkspace(t)
	addScenario(t, a, "Active +")
	t.Run("should draw the charts pane's chart at the size it is shown", func(t *testing.T) {
		// given the charts pane in a scroll container with room to spare
		uitest.NewWindow(t)
		p := New(nil, a, nil)
		paneInScroll(t, p.Content(), fyne.NewSize(1200, 600))
		p.Wait()
		// then the visible chart fills the pane and is drawn at its size
		v := p.views[report.Fan]
		px := v.Pixels()
		if px.X < 1100 || px.Y < 400 {
			t.Fatalf("fan chart view is %v px in a 1200×600 pane: it does not fill it", px)
		}
		if got := v.Image().Bounds().Size(); got != px {
			t.Fatalf("fan chart drawn at %v, shown at %v: it is scaled, not drawn for the room", got, px)
		}
	})
	t.Run("should draw again for the new size when the pane is resized", func(t *testing.T) {
		uitest.NewWindow(t)
		p := New(nil, a, nil)
		w := paneInScroll(t, p.Content(), fyne.NewSize(900, 500))
		p.Wait()
		w.Resize(fyne.NewSize(1400, 700))
		p.Wait()
		v := p.views[report.Fan]
		if got, want := v.Image().Bounds().Size(), v.Pixels(); got != want || want.X < 1300 {
			t.Fatalf("after resizing: drawn at %v, shown at %v", got, want)
		}
	})
	t.Run("should keep the panes short enough not to scroll in a 1280×800 window's bottom area", func(t *testing.T) {
		uitest.NewWindow(t)
		p := New(nil, a, nil)
		p.Wait()
		v := impactpane.New(nil, a, nil)
		uitest.Settle(v)
		for name, c := range map[string]fyne.CanvasObject{"charts": p.Content(), "impact": v.Content()} {
			if h := c.MinSize().Height; h > 360 {
				t.Errorf("%s pane needs %v points of height; a laptop's bottom pane has about 300", name, h)
			}
		}
	})
	t.Run("should draw each impact chart on its own tab at the tab's full size", func(t *testing.T) {
		uitest.NewWindow(t)
		v := impactpane.New(nil, a, nil)
		paneInScroll(t, v.Content(), fyne.NewSize(1400, 420))
		uitest.Settle(v)
		for _, tornado := range []bool{false, true} {
			v.ShowTornado(tornado)
			uitest.Settle(v)
			name, cv := "waterfall", v.Waterfall()
			if tornado {
				name, cv = "tornado", v.Tornado()
			}
			px := cv.Pixels()
			// The chart has the width the two shared before (no 2-column
			// grid): most of the 70 % beside the ranking.
			if px.Y < 250 || px.X < 800 {
				t.Errorf("%s view is %v px in a 1400×420 pane", name, px)
			}
			if img := cv.Image(); img == nil || img.Bounds().Size() != px {
				t.Errorf("%s not drawn at its shown size %v", name, px)
			}
		}
	})
}

func TestChartsPane_ShowsNotes(t *testing.T) {
	t.Run("should lay out the note under a chart that has nothing to draw", func(t *testing.T) {
		// given a workspace without scenarios, whose comparison is empty
		uitest.NewWindow(t)
		a := newTestWorkspace(t)
		p := New(nil, a, nil)
		w := paneInScroll(t, p.Content(), fyne.NewSize(1000, 600))
		p.tabs.SelectIndex(1) // Scenario compare, on screen when its note arrives
		w.Canvas().Capture()
		p.Wait()
		w.Canvas().Capture()
		// then its note is shown with a real size, and the empty status
		// line gives its room to the charts
		note := p.notes[report.Compare]
		if !note.Visible() || note.Text == "" || note.Size().Height < 10 {
			t.Fatalf("note %q visible %v at %v", note.Text, note.Visible(), note.Size())
		}
		if p.status.Visible() {
			t.Fatalf("empty status line shown: %q", p.status.Text)
		}
		if p.notes[report.Fan].Visible() {
			t.Fatal("the fan chart has a note although it drew")
		}
	})
}

// BenchmarkBuildCharts_Sample builds every figure of the charts pane for
// the sample workspace's root with a scenario (what one redraw of the pane
// computes before drawing).
func BenchmarkBuildCharts_Sample(b *testing.B) {
	a := newTestWorkspace(b)
	ws := a
	e, err := ws.Evaluate("")
	if err != nil {
		b.Fatal(err)
	}
	if err := ws.AddScenario(kpitree.Scenario{Name: "Active +", Overrides: []kpitree.Override{
		{Node: "active_rate", Op: kpitree.OpAdd, Value: 0.05, From: e.Calendar.Periods, To: -1}}}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := uikit.BuildCharts(ctx, ws, report.Request{Scenario: "Active +", Kinds: report.Kinds()}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExportDialog_CSVAndSubtree(t *testing.T) {
	w := uitest.NewWindow(t)
	a := newTestWorkspace(t)
	e := newExportDialog(w, a, "addon_revenue")
	e.show()
	e.dir.SetText(filepath.Join(t.TempDir(), "out"))
	e.kinds.SetSelected([]string{chartKindName(report.Tree)})
	e.numbers.SetChecked(true)
	e.numbersAs.SetSelectedIndex(int(NumbersCSVShiftJIS))
	e.treeRoot.SetSelected("Active add-on customers")
	e.treeDepth.SetSelected("1")
	req, err := e.request()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("should cut the tree picture to the chosen subtree and depth", func(t *testing.T) {
		if req.TreeRoot != "active_customers" || req.TreeDepth != 1 {
			t.Fatalf("request root %q depth %d", req.TreeRoot, req.TreeDepth)
		}
		jobs, err := ExportJobs(context.Background(), a, req, nil)
		if err != nil {
			t.Fatal(err)
		}
		tp, ok := jobs[0].Figure.(*chart.TreePicture)
		if !ok || tp.Root != "active_customers" || tp.Depth != 1 {
			t.Fatalf("figure %T root %q depth %d", jobs[0].Figure, tp.Root, tp.Depth)
		}
	})
	t.Run("should write the numbers as Shift_JIS CSV, without a byte-order mark", func(t *testing.T) {
		e.start()
		e.jobs.Wait()
		if len(e.written) != 2 || filepath.Base(e.written[1]) != NumbersCSVFile {
			t.Fatalf("written %v, status %q", e.written, e.status.Text)
		}
		b, err := os.ReadFile(e.written[1])
		if err != nil {
			t.Fatal(err)
		}
		// English headers are ASCII in either encoding: what tells
		// Shift_JIS from the default here is the missing byte-order mark.
		if !bytes.HasPrefix(b, []byte("period,Add-on revenue")) {
			t.Errorf("file starts %q, want the headers without a BOM", b[:min(40, len(b))])
		}
	})
}
