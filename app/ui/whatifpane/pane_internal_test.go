package whatifpane

import (
	"image"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestOpRange(t *testing.T) {
	tests := []struct {
		op     kpitree.OverrideOp
		unit   string
		base   float64
		lo, hi float64
	}{
		{kpitree.OpSet, "%", 0.62, 0, 100},
		{kpitree.OpAdd, "%", 0.62, -20, 20},
		{kpitree.OpScale, "JPY/customer/month", 1523, -50, 100},
		{kpitree.OpSet, "people", 12, 0, 50},
		{kpitree.OpSet, "JPY/customer/month", 1523, 0, 5000},
		{kpitree.OpAdd, "people", 12, -20, 20},
		{kpitree.OpSet, "accounts", math.NaN(), 0, 100},
	}
	for _, tt := range tests {
		t.Run("should give a usable range to "+string(tt.op)+" "+tt.unit, func(t *testing.T) {
			lo, hi, step := opRange(tt.op, tt.unit, tt.base)
			if lo != tt.lo || hi != tt.hi || step <= 0 {
				t.Fatalf("opRange = %v, %v, %v; want %v, %v", lo, hi, step, tt.lo, tt.hi)
			}
		})
	}
}

// testWorkspace is the sample workspace as the shell hands it to the
// pane, recording the preview the tree would show and the scenario writes.
type testWorkspace struct {
	uitest.Workspace

	mu      sync.Mutex
	preview *Preview
	// gate, when not nil, holds every UpdateScenario until it is closed.
	gate    chan struct{}
	updates []kpitree.Scenario // every UpdateScenario asked for, in order
}

func newTestWorkspace(t *testing.T) *testWorkspace {
	return &testWorkspace{Workspace: uitest.Sample(t, "en")}
}

func (w *testWorkspace) SetPreview(p *Preview) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.preview = p
}

func (w *testWorkspace) UpdateScenario(sc kpitree.Scenario) error {
	w.mu.Lock()
	gate := w.gate
	w.updates = append(w.updates, sc)
	w.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return w.Workspace.UpdateScenario(sc)
}

// updateCount is how many scenario updates were asked of the store.
func (w *testWorkspace) updateCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.updates)
}

// previewLabel is the label of the preview the tree shows, or "" for none.
func previewLabel(a *testWorkspace) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.preview == nil {
		return "", false
	}
	return a.preview.Label, true
}

// previewSeries are the root's series of the preview the tree shows (the
// adapter's Snapshot hands them to the boxes as they are).
func previewSeries(a *testWorkspace) (actual, base []float64) {
	root := a.Tree().Root
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.preview == nil {
		return nil, nil
	}
	return a.preview.Actual[root], a.preview.Base[root]
}

// overlayButton finds the button labelled text in the window's top dialog.
func overlayButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open; want one with a %q button", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("the dialog has no %q button", text)
	return nil
}

// newSampleWhatIf is the what-if pane over the sample workspace, settled.
func newSampleWhatIf(t *testing.T) (*Pane, *testWorkspace, fyne.Window) {
	t.Helper()
	w := uitest.NewWindow(t)
	a := newTestWorkspace(t)
	p := New(w, a, nil)
	p.Wait()
	w.SetContent(p.Content())
	p.Wait()
	if p.engine == nil {
		t.Fatalf("engine not ready: %s", p.status.Text)
	}
	return p, a, w
}

func TestWhatIf_DraftOnBase(t *testing.T) {
	p, a, w := newSampleWhatIf(t)
	ws := a
	wait := p.Wait
	row := p.rows["active_rate"]
	if row == nil {
		t.Fatal("no row for active_rate")
	}
	s := row.slider
	if row.cur.Op != kpitree.OpAdd || row.op.Selected != "Add" || row.unit.Text != "pt" {
		t.Fatalf("active rate row starts as %q %q in %q; want Add in pt", row.cur.Op, row.op.Selected, row.unit.Text)
	}
	before := s.Value
	baseImg := p.lastImage
	if baseImg == nil {
		t.Fatal("no chart drawn for the base")
	}
	if p.banner.Visible() {
		t.Fatal("banner shown before anything moved")
	}

	t.Run("should keep a slider released on Base as an unsaved preview, not a scenario", func(t *testing.T) {
		// when a slider is moved and released on the base
		s.SetValue(before + 5) // 5 points more active rate
		wait()
		// then no scenario appears, the banner explains the preview and the
		// tree's preview is labelled as unsaved
		if scs, _ := ws.Scenarios(); len(scs) != 0 {
			t.Fatalf("scenarios = %+v, want none until the user saves", scs)
		}
		if !p.banner.Visible() {
			t.Fatal("no \"Preview — not saved\" banner")
		}
		// Drawing the window lays the banner out: it must get a real size
		// (a stale zero size crashed the software painter).
		w.Canvas().Capture()
		if sz := p.banner.Size(); sz.Height < 20 || sz.Width < 100 {
			t.Fatalf("banner laid out at %v", sz)
		}
		if label, ok := previewLabel(a); !ok || label != "Preview (not saved)" {
			t.Fatalf("tree preview label = %q (set %v), want \"Preview (not saved)\"", label, ok)
		}
		if p.cur.Name != "" {
			t.Fatalf("draft was given the name %q", p.cur.Name)
		}
	})
	t.Run("should update the chart and the tree preview", func(t *testing.T) {
		// The draft's line is drawn: the picture differs from the base's.
		if n := differingPixels(baseImg, p.lastImage); n < 100 {
			t.Fatalf("only %d pixels differ from the base chart", n)
		}
		// The chart is drawn for the room it is shown in, not scaled.
		if got, want := p.img.Image().Bounds().Size(), p.img.Pixels(); got != want || want.Y < 200 {
			t.Fatalf("chart drawn at %v, shown at %v", got, want)
		}
		act, base := previewSeries(a)
		// The preview ends with the planned fiscal year (the boxes show each
		// node's last value); the base runs to the end of the horizon.
		fy := p.engine.FiscalYear()
		_, fyEnd := p.engine.Calendar().FiscalPeriods(fy)
		if len(act) != min(fyEnd, len(base)) {
			t.Fatalf("preview series %d, want %d (end of FY%d); base %d", len(act), fyEnd, fy, len(base))
		}
		// +5 pt applies to the forecast path in every period of the window:
		// the root is above the base in each of them, seasonality kept.
		for h := p.engine.History(); h < len(act); h++ {
			if !(act[h] > base[h]) {
				t.Fatalf("root at %d = %v, want above base %v", h, act[h], base[h])
			}
		}
		if txt := row.result.Text; !strings.Contains(txt, "+5") || !strings.Contains(txt, "pt") {
			t.Fatalf("row result %q, want the value at the window's end and +5… pt", txt)
		}
		if p.fyText.Text == "" {
			t.Fatal("no fiscal-year text")
		}
	})
	t.Run("should keep the draft when the scenario list changes elsewhere", func(t *testing.T) {
		// when another scenario is added (by undo, another pane, the CLI)
		if err := ws.AddScenario(kpitree.Scenario{Name: "Other", Overrides: []kpitree.Override{}}); err != nil {
			t.Fatal(err)
		}
		wait()
		// then the draft survives the refresh
		if !p.banner.Visible() || math.Abs(p.cur.Changes["active_rate"].Value-(before+5)/100) > 1e-9 {
			t.Fatalf("draft lost: banner %v, changes %v", p.banner.Visible(), p.cur.Changes)
		}
	})
	t.Run("should ask before switching scenario and keep the draft on Cancel", func(t *testing.T) {
		p.scenarioSel.SetSelected("Other")
		test.Tap(overlayButton(t, w, "Cancel"))
		wait()
		if p.cur.Name != "" || !p.banner.Visible() || p.scenarioSel.Selected != "Base (no changes)" {
			t.Fatalf("after Cancel: scenario %q, banner %v, select %q; want the base draft kept",
				p.cur.Name, p.banner.Visible(), p.scenarioSel.Selected)
		}
	})
	t.Run("should save the draft and then switch when the user chooses Save", func(t *testing.T) {
		p.scenarioSel.SetSelected("Other")
		test.Tap(overlayButton(t, w, "Save…"))
		test.Tap(overlayButton(t, w, "OK")) // the name form, "What-if 1" proposed
		wait()
		sc, err := ws.Scenario("What-if 1")
		if err != nil {
			t.Fatalf("draft not saved: %v", err)
		}
		o := sc.Overrides
		if len(o) != 1 || o[0].Node != "active_rate" || o[0].Op != kpitree.OpAdd || math.Abs(o[0].Value-(before+5)/100) > 1e-9 || o[0].From != p.engine.History() {
			t.Fatalf("overrides = %+v, want active_rate +%.4f from %d", o, (before+5)/100, p.engine.History())
		}
		if p.cur.Name != "Other" || p.scenarioSel.Selected != "Other" || p.banner.Visible() {
			t.Fatalf("after Save: scenario %q, select %q, banner %v; want Other, no banner", p.cur.Name, p.scenarioSel.Selected, p.banner.Visible())
		}
	})
	t.Run("should drop the draft when the user chooses Discard", func(t *testing.T) {
		p.scenarioSel.SetSelected("Base (no changes)")
		wait()
		s.SetValue(before + 7)
		wait()
		p.scenarioSel.SetSelected("Other")
		test.Tap(overlayButton(t, w, "Discard"))
		wait()
		if scs, _ := ws.Scenarios(); p.cur.Name != "Other" || p.banner.Visible() || len(scs) != 2 {
			t.Fatalf("after Discard: scenario %q, banner %v, %d scenarios", p.cur.Name, p.banner.Visible(), len(scs))
		}
		if label, _ := previewLabel(a); label != "Other" {
			t.Fatalf("tree preview label = %q, want the scenario's name", label)
		}
	})
	t.Run("should return to the base with the banner's Discard", func(t *testing.T) {
		p.scenarioSel.SetSelected("Base (no changes)")
		wait()
		s.SetValue(before + 3)
		wait()
		p.discardDraft()
		wait()
		if p.banner.Visible() || s.Value != before || len(p.cur.Changes) != 0 {
			t.Fatalf("after Discard: banner %v, slider %v (base %v), changes %v", p.banner.Visible(), s.Value, before, p.cur.Changes)
		}
		if _, ok := previewLabel(a); ok {
			t.Fatal("the tree still shows a preview of the discarded draft")
		}
	})
	t.Run("should save with the banner's Save as scenario and undo it as one action", func(t *testing.T) {
		s.SetValue(before + 4)
		wait()
		p.saveDraft()
		test.Tap(overlayButton(t, w, "OK"))
		wait()
		if _, err := ws.Scenario("What-if 2"); err != nil || p.cur.Name != "What-if 2" || p.banner.Visible() {
			t.Fatalf("saved: %v, editing %q, banner %v", err, p.cur.Name, p.banner.Visible())
		}
		if _, err := a.Undo(); err != nil {
			t.Fatal(err)
		}
		wait()
		if scs, _ := ws.Scenarios(); len(scs) != 2 {
			n := len(scs)
			t.Fatalf("after undo %d scenarios, want 2", n)
		}
		if _, err := a.Redo(); err != nil {
			t.Fatal(err)
		}
		wait()
		if scs, _ := ws.Scenarios(); len(scs) != 3 {
			n := len(scs)
			t.Fatalf("after redo %d scenarios, want 3", n)
		}
	})
	t.Run("should edit the selected scenario when a slider is released on it", func(t *testing.T) {
		p.scenarioSel.SetSelected("What-if 2")
		wait()
		s.SetValue(before + 9)
		wait()
		sc, err := ws.Scenario("What-if 2")
		if err != nil || len(sc.Overrides) != 1 || math.Abs(sc.Overrides[0].Value-(before+9)/100) > 1e-9 {
			t.Fatalf("What-if 2 = %+v, %v; want active_rate at %.4f", sc, err, (before+9)/100)
		}
		if scs, _ := ws.Scenarios(); p.banner.Visible() || len(scs) != 3 {
			t.Fatalf("banner %v, %d scenarios: editing a scenario must not make a draft", p.banner.Visible(), len(scs))
		}
		if label, _ := previewLabel(a); label != "What-if 2" {
			t.Fatalf("tree preview label = %q, want What-if 2", label)
		}
	})
	t.Run("should show the chance of reaching a fiscal-year target", func(t *testing.T) {
		p.target.SetText("100000000")
		p.saveTarget()
		wait()
		if v, ok := a.Tree().Nodes[0].FiscalTarget(p.engine.FiscalYear()); !ok || v != 1e8 {
			t.Fatalf("root FY target = %v, %v", v, ok)
		}
		if got := p.probText.Text; got == "" || got == "Computing the chance of reaching the target…" {
			t.Fatalf("probability text = %q", got)
		}
	})
	t.Run("should coalesce a burst of slider moves into few evaluations", func(t *testing.T) {
		for v := 50.0; v < 80; v += 0.1 {
			s.OnChanged(v)
		}
		wait()
		if got := row.entry.Text; got != uikit.FormatField(s.Value) && got == "" {
			t.Fatalf("entry text %q", got)
		}
	})
}

// differingPixels counts the pixels that differ between two images of the
// same size (all of them when the sizes differ).
func differingPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

func TestShownDrivers(t *testing.T) {
	big, _, _ := bigTree(1000)
	all := workspace.ControllableDrivers(big)
	tests := []struct {
		filter      string
		shown, want int
	}{
		{"", maxDriverRows, len(all)},
		{"rate_1", maxDriverRows, 111}, // rate_1, rate_10–19, rate_100–199 …
		{"RATE_99", 1, 1},              // case-insensitive; segments stop at rate_331
		{"price", 1, 1},
		{"nothing", 0, 0},
	}
	for _, tt := range tests {
		t.Run("should filter by "+tt.filter, func(t *testing.T) {
			shown, n := shownDrivers(all, tt.filter)
			if len(shown) != tt.shown || n != tt.want {
				t.Fatalf("shown %d of %d, want %d of %d", len(shown), n, tt.shown, tt.want)
			}
		})
	}
	t.Run("should list controllable drivers first", func(t *testing.T) {
		shown, _ := shownDrivers(all, "")
		if !shown[0].Controllable {
			t.Fatalf("first shown %+v", shown[0])
		}
	})
}

func TestWhatIf_ClosingThePaneEndsThePreview(t *testing.T) {
	t.Run("should stop showing the draft on the tree when the pane goes", func(t *testing.T) {
		// given a draft previewed on the tree by a pane with a scope
		w := uitest.NewWindow(t)
		a := newTestWorkspace(t)
		scope := uikit.NewPaneScope()
		p := New(w, a, scope)
		p.Wait()
		s := p.rows["active_rate"].slider
		s.SetValue(s.Value + 5)
		p.Wait()
		if _, ok := previewLabel(a); !ok {
			t.Fatal("no preview to begin with")
		}
		// when the panes are replaced (another workspace, a language change)
		scope.Close()
		// then the tree shows the workspace, not a draft nobody can discard
		if label, ok := previewLabel(a); ok {
			t.Fatalf("the tree still previews %q", label)
		}
	})
}

func TestWhatIf_ReleasesAreStoredOffTheUIGoroutine(t *testing.T) {
	t.Run("should keep the slider free while the store writes, and store fast releases once", func(t *testing.T) {
		// given a scenario being edited, and a store that holds every
		// scenario update until the test lets it go
		p, a, _ := newSampleWhatIf(t)
		if err := a.AddScenario(kpitree.Scenario{Name: "Plan", Overrides: []kpitree.Override{}}); err != nil {
			t.Fatal(err)
		}
		p.Wait()
		p.scenarioSel.SetSelected("Plan")
		p.Wait()
		if p.cur.Name != "Plan" {
			t.Fatalf("editing %q, want Plan", p.cur.Name)
		}
		gate := make(chan struct{})
		a.mu.Lock()
		a.gate = gate
		a.mu.Unlock()
		s := p.rows["active_rate"].slider
		before := s.Value
		// when the slider is released once (its write now waits on the
		// store) and then nine more times, quickly
		released := make(chan struct{})
		go func() {
			defer close(released)
			s.SetValue(before + 1)
			for deadline := time.Now().Add(5 * time.Second); a.updateCount() == 0 && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
			for i := 2; i <= 10; i++ {
				s.SetValue(before + float64(i))
			}
		}()
		// then every release returns while the store is still busy
		select {
		case <-released:
		case <-time.After(10 * time.Second):
			close(gate)
			t.Fatal("a slider release waited for the store: the write runs on the UI goroutine")
		}
		if n := a.updateCount(); n != 1 {
			close(gate)
			t.Fatalf("%d updates reached the store while it was busy, want 1", n)
		}
		close(gate)
		p.Wait()
		// and the nine quick releases reach the store as one write, of the
		// value the hand stopped at
		if n := a.updateCount(); n != 2 {
			t.Fatalf("%d scenario writes for 10 releases, want 2 (the first, then the latest)", n)
		}
		sc, err := a.Scenario("Plan")
		if err != nil || len(sc.Overrides) != 1 || math.Abs(sc.Overrides[0].Value-(before+10)/100) > 1e-9 {
			t.Fatalf("Plan = %+v, %v; want active_rate at %.4f", sc, err, (before+10)/100)
		}
		if math.Abs(s.Value-(before+10)) > 1e-9 {
			t.Fatalf("slider at %v after the writes, want %v", s.Value, before+10)
		}
	})
}
