package kpitree_test

import (
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// BenchmarkParse_Error measures a formula with a mistake, parsed on every
// keystroke by the formula editor: the error, its code, its arguments and
// its English text.
func BenchmarkParse_Error(b *testing.B) {
	for _, src := range []string{`"平均単価" "アクティブ顧客数"`, "unit_price * (active_customers", "foo(a, b)"} {
		b.Run(src, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := kpitree.Parse(src); err == nil {
					b.Fatal("want an error")
				}
			}
		})
	}
}
