package ui

import (
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/kpitree"
)

// FormatValue formats a node value compactly for a box in the UI language
// (report.Translator.FormatValue): the one formatter the app, its charts
// and the CLI's exports share.
func FormatValue(v float64, unit string) string { return uiTranslator().FormatValue(v, unit) }

// FormatFiscal formats a fiscal-year value in the UI language
// (report.Translator.FormatFiscal).
func FormatFiscal(v float64, unit string, kind kpitree.AggKind) string {
	return uiTranslator().FormatFiscal(v, unit, kind)
}

// compact writes a number as report.Translator.Compact does in the UI
// language (123.5k, 12.35M; 12.3万, 12.3億).
func compact(v float64) string { return uiTranslator().Compact(v) }

// groupThousands puts commas every three integer digits.
func groupThousands(s string) string { return report.GroupThousands(s) }

// FormatDelta formats value vs ref in the UI language
// (report.Translator.FormatDelta).
func FormatDelta(value, ref float64, unit string, higherIsBetter bool) (string, int) {
	return uiTranslator().FormatDelta(value, ref, unit, higherIsBetter)
}

// signed gives a number an explicit sign (report.Signed).
func signed(s string) string { return report.Signed(s) }
