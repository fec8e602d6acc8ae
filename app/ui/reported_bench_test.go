package ui_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/workspace"
)

// BenchmarkBuildBoxes_Reported measures the view-model of the sample
// workspace, whose three reported nodes add a reconciliation line each.
func BenchmarkBuildBoxes_Reported(b *testing.B) {
	ws, err := workspace.CreateSample(filepath.Join(b.TempDir(), "s.kpitree"), "en")
	if err != nil {
		b.Fatal(err)
	}
	a := ui.NewAdapter(ws)
	b.Cleanup(func() { _ = a.Close() })
	s := a.Snapshot()
	if len(s.Reported) == 0 {
		b.Fatal("the sample has no reported actuals")
	}
	b.ReportAllocs()
	for b.Loop() {
		ui.BuildBoxes(s)
	}
}

// BenchmarkTreeCanvas_FrameReported is BenchmarkTreeCanvas_Frame's pan
// step on a 10,000-node tree where every box has a reported actual and
// every third one a gap beyond the threshold: the worst case for the
// reconciliation line, which must keep the frame budget.
func BenchmarkTreeCanvas_FrameReported(b *testing.B) {
	const n = 10_000
	uitest.NewApp(b)
	boxes := bigTree(n)
	for i := range boxes {
		boxes[i].ReportedText, boxes[i].ReportedShort = "reported 1,212", "rep. 1,212"
		boxes[i].GapText, boxes[i].GapAlert = "+1.8%", i%3 == 0
	}
	c := ui.NewTreeCanvas()
	c.SetBoxes(boxes)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(1280, 800))
	c.Select(fmt.Sprintf("n%d", n-1))
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		c.Pan(float32(3-6*(k&1)), 2)
		k++
	}
}
