package inspector_test

import "testing"

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
