package uikit

import "testing"

// BenchmarkUnitText measures showing one compound unit, as each tree box
// does once per snapshot (English table: same lookups as Japanese).
func BenchmarkUnitText(b *testing.B) {
	for _, u := range []string{"JPY/customer/month", "accounts/person", "people", "%"} {
		b.Run("unit="+u, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				UnitText(u)
			}
		})
	}
}

// BenchmarkFormatValue measures one box value with its unit.
func BenchmarkFormatValue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		FormatValue(89.92, "accounts/person")
	}
}

// BenchmarkDiagnosticText measures translating one unit diagnostic.
func BenchmarkDiagnosticText(b *testing.B) {
	d := findDiagnostic(&testing.T{}, diagnosticCases[7])
	b.ReportAllocs()
	for b.Loop() {
		DiagnosticText(d)
	}
}
