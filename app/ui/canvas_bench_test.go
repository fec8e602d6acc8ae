package ui_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	apptheme "github.com/kpitree/kpitree/app/theme"
	"github.com/kpitree/kpitree/app/ui"
)

func benchCanvas(b *testing.B, n int) (*ui.TreeCanvas, []ui.BoxModel) {
	b.Helper()
	a := test.NewTempApp(b)
	a.Settings().SetTheme(apptheme.New(apptheme.ModeLight))
	boxes := bigTree(n)
	c := ui.NewTreeCanvas()
	c.SetBoxes(boxes)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(1280, 800))
	c.Select(fmt.Sprintf("n%d", n-1)) // view a busy region, not empty space
	return c, boxes
}

// BenchmarkTreeCanvas_LayoutRefresh measures a full update after the tree
// changed: tidy layout of every node plus drawing the boxes in view.
func BenchmarkTreeCanvas_LayoutRefresh(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			c, boxes := benchCanvas(b, n)
			b.ReportAllocs()
			for b.Loop() {
				c.SetBoxes(boxes)
			}
		})
	}
}

// BenchmarkTreeCanvas_Pan measures a refresh without relayout (pan, zoom,
// selection): only the viewport's boxes are positioned.
func BenchmarkTreeCanvas_Pan(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			c, _ := benchCanvas(b, n)
			b.ReportAllocs()
			dx := float32(3)
			for b.Loop() {
				c.Pan(dx, 0)
				dx = -dx
			}
		})
	}
}

// BenchmarkBuildBoxes measures turning a workspace snapshot into the view-model.
func BenchmarkBuildBoxes(b *testing.B) {
	d, err := ui.NewDemo(false)
	if err != nil {
		b.Fatal(err)
	}
	s := d.Snapshot()
	b.ReportAllocs()
	for b.Loop() {
		ui.BuildBoxes(s)
	}
}
