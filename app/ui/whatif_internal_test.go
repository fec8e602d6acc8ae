package ui

import (
	"errors"
	"image"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestCoalescer_LatestWins(t *testing.T) {
	t.Run("should run the first value and then only the latest, never a backlog", func(t *testing.T) {
		// given a worker that blocks until released
		release := make(chan struct{})
		var mu sync.Mutex
		var got []int
		c := uikit.NewCoalescer(&uikit.Jobs{}, func(v int) {
			mu.Lock()
			got = append(got, v)
			first := len(got) == 1
			mu.Unlock()
			if first {
				<-release
			}
		})
		// when 100 values arrive while the first is being processed
		c.Submit(0)
		deadline := time.Now().Add(5 * time.Second)
		for {
			mu.Lock()
			started := len(got) == 1
			mu.Unlock()
			if started || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		for v := 1; v <= 100; v++ {
			c.Submit(v)
		}
		close(release)
		c.Wait()
		// then only the first and the last were processed
		if !slices.Equal(got, []int{0, 100}) {
			t.Fatalf("processed %v, want [0 100]", got)
		}
	})
	t.Run("should process values submitted after it went idle", func(t *testing.T) {
		var got []int
		c := uikit.NewCoalescer(&uikit.Jobs{}, func(v int) { got = append(got, v) })
		c.Submit(1)
		c.Wait()
		c.Submit(2)
		c.Wait()
		if !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("processed %v, want [1 2]", got)
		}
	})
}

func TestParseField(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"(1,200)", -1200, false},
		{"▲3", -3, false},
		{"67", 67, false},
		{"67.5%", 67.5, false},
		{"1,200,000", 1200000, false},
		{"¥1,523,085", 1523085, false},
		{"６７．５", 67.5, false},
		{"−3", -3, false},
		{" 12 ", 12, false},
		{"－３", -3, false},
		{"", 0, true},
		{"abc", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
	}
	for _, tt := range tests {
		t.Run("should read "+tt.in, func(t *testing.T) {
			got, ok, err := uikit.ParseField(tt.in)
			if tt.err {
				if ok || (err != nil && !errors.Is(err, uikit.ErrBadNumber)) {
					t.Fatalf("uikit.ParseField(%q) = %v, %v, %v; want no number, uikit.ErrBadNumber or empty", tt.in, got, ok, err)
				}
				return
			}
			if err != nil || !ok || math.Abs(got-tt.want) > 1e-9 {
				t.Fatalf("uikit.ParseField(%q) = %v, %v, %v; want %v", tt.in, got, ok, err, tt.want)
			}
		})
	}
}

func FuzzParseField(f *testing.F) {
	for _, s := range []string{"67", "67.5%", "1,200", "６７", "−3", "", "1e308", "0x1p-2", "¥", "％"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, err := uikit.ParseField(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("uikit.ParseField(%q) = %v without error", s, v)
		}
		if err != nil && !errors.Is(err, uikit.ErrBadNumber) {
			t.Fatalf("uikit.ParseField(%q) error %v does not wrap uikit.ErrBadNumber", s, err)
		}
	})
}

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

// previewLabel is the label of the preview the tree shows, or "" for none.
func previewLabel(a *Adapter) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.preview == nil {
		return "", false
	}
	return a.preview.Label, true
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
func newSampleWhatIf(t *testing.T) (*whatIf, *Adapter, fyne.Window) {
	t.Helper()
	w := newTestWindow(t)
	a := NewSampleAdapter(t)
	p, err := newWhatIf(w, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	settle(&p.jobs, p.live, p.prob)
	w.SetContent(p.content())
	settle(&p.jobs, p.live, p.prob)
	if p.engine == nil {
		t.Fatalf("engine not ready: %s", p.status.Text)
	}
	return p, a, w
}

func TestWhatIf_DraftOnBase(t *testing.T) {
	p, a, w := newSampleWhatIf(t)
	ws := a.Unwrap()
	wait := func() { settle(&p.jobs, p.live, p.prob) }
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
		snap := a.Snapshot()
		root := snap.Tree.Root
		act, base := snap.Actual[root], snap.Base[root]
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
		if v, ok := a.Unwrap().Tree().Nodes[0].FiscalTarget(p.engine.FiscalYear()); !ok || v != 1e8 {
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
		w := newTestWindow(t)
		a := NewSampleAdapter(t)
		scope := uikit.NewPaneScope()
		p, err := newWhatIf(w, a, scope)
		if err != nil {
			t.Fatal(err)
		}
		settle(&p.jobs, p.live, p.prob)
		s := p.rows["active_rate"].slider
		s.SetValue(s.Value + 5)
		settle(&p.jobs, p.live, p.prob)
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
