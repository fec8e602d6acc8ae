package uikit

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/kpitree"
)

// The domain package writes its formula errors and diagnostics in English
// for the CLI, with a stable kpitree.MsgCode and arguments; every pane that
// shows a formula error or a finding says it in the UI language through
// report.Translator (DiagnosticText, FormulaMessage, DomainMessage), as
// `kpitreectl check` does.

// DiagnosticText returns d's message in the UI language
// (report.Translator.DiagnosticText).
func DiagnosticText(d kpitree.Diagnostic) string { return Translator().DiagnosticText(d) }

// FormulaErrorText returns a formula error in the UI language as
// "col N: message" (the column counts characters, as users do), adding how
// many more errors follow when err holds several. Any other error goes
// through UserMessage; nil gives "".
func FormulaErrorText(err error) string {
	if text, ok := formulaErrorDetail(err); ok {
		return text
	}
	if err == nil {
		return ""
	}
	return UserMessage(err)
}

// formulaErrorDetail is FormulaErrorText for errors that hold a
// *kpitree.Error (alone or in an ErrorList, wrapped or not); ok is false
// for any other error. UserMessage can call it for kpitree.ErrSyntax
// without calling itself back.
func formulaErrorDetail(err error) (text string, ok bool) {
	var list kpitree.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		text := formulaErrorAt(list[0])
		if len(list) > 1 {
			text = lang.L("domain.more_errors", map[string]any{"Msg": text, "Count": len(list) - 1})
		}
		return text, true
	}
	var one *kpitree.Error
	if errors.As(err, &one) {
		return formulaErrorAt(one), true
	}
	return "", false
}

// formulaErrorAt is one formula error with its column.
func formulaErrorAt(e *kpitree.Error) string {
	col := e.Col
	if col == 0 {
		col = e.Pos + 1
	}
	return lang.L("domain.at_col", map[string]any{"Col": col, "Msg": FormulaMessage(e)})
}

// FormulaMessage is a formula error's message in the UI language, without
// its position (report.Translator.FormulaMessage).
func FormulaMessage(e *kpitree.Error) string { return Translator().FormulaMessage(e) }
