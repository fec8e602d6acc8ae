package ui_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/uikit"
)

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
