package ui_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/uikit"
)

// BenchmarkInspector_SetNode measures a selection change in the inspector
// (load of every field, targets included), which runs on every click on
// the canvas and must stay far below a frame (16 ms).
func BenchmarkInspector_SetNode(b *testing.B) {
	in := newInspector(b, "active_rate")
	a, c := canonical(), canonical()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			in.SetNode(a, "addon_revenue")
		} else {
			in.SetNode(c, "active_rate")
		}
	}
}

// BenchmarkCheckSavePath measures the checks run when Save is pressed
// (a few stat calls); it only has to be instant for a person.
func BenchmarkCheckSavePath(b *testing.B) {
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := uikit.CheckSavePath(dir, "copy.kpitree", dir+"/open.kpitree"); err != nil {
			b.Fatal(err)
		}
	}
}
