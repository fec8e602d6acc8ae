package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/report"
)

// unitText shows a stored unit in the UI language
// (report.Translator.UnitText): "accounts/person" → "アカウント/人".
func unitText(u string) string {
	if !strings.ContainsFunc(u, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) {
		return u // "%", "", "社": nothing to translate, so no language lookup
	}
	return uiTranslator().UnitText(u)
}

// valueWithUnit joins a formatted number and a shown unit
// (report.ValueWithUnit).
func valueWithUnit(num, shownUnit string) string { return report.ValueWithUnit(num, shownUnit) }

// unitAtoms are the unit words unitText translates (report.UnitAtoms).
var unitAtoms = report.UnitAtoms()
