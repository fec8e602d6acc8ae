package ui

import "github.com/kpitree/kpitree/app/report"

// unitText shows a stored unit in the UI language
// (report.Translator.UnitText): "accounts/person" → "アカウント/人".
func unitText(u string) string { return uiTranslator().UnitText(u) }

// valueWithUnit joins a formatted number and a shown unit
// (report.ValueWithUnit).
func valueWithUnit(num, shownUnit string) string { return report.ValueWithUnit(num, shownUnit) }

// unitAtoms are the unit words unitText translates (report.UnitAtoms).
var unitAtoms = report.UnitAtoms()
