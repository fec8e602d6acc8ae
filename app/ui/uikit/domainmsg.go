package uikit

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/kpitree"
)

// The domain package writes its formula errors and diagnostics in English
// for the CLI, and gives each a stable kpitree.MsgCode with arguments. The
// functions here turn those into the UI language: every pane that shows a
// formula error or a finding calls them instead of printing Msg/Message.
// The translations are "domain.msg.<code>" in
// assets/translations/domain.{en,ja}.json, with the arguments named as
// kpitree.MessageArgs names them ({{.name}}, {{.unitA}} …).

// DiagnosticText returns d's message in the UI language. Node names and
// ids in it stay as written (they are the user's words); units are shown
// with UnitText. A diagnostic made outside kpitree (no MsgCode), or one
// whose code this build has no translation for, shows its English Message.
func DiagnosticText(d kpitree.Diagnostic) string {
	return domainMessage(d.MsgCode, d.Args, d.Message)
}

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
// its position (the formula editor marks the position itself).
func FormulaMessage(e *kpitree.Error) string {
	return domainMessage(e.Code, e.Args, e.Msg)
}

// domainMessage translates code with args, falling back to the English
// text when the code is empty or unknown, so a newer kpitree never makes a
// message disappear. Lookups of missing keys are avoided: Fyne logs each
// one as a translation failure.
func domainMessage(code kpitree.MsgCode, args []string, english string) string {
	names, ok := kpitree.MessageArgs(code)
	if code == "" || !ok {
		return english
	}
	data := make(map[string]any, len(names))
	for i, name := range names {
		v := ""
		if i < len(args) {
			v = args[i]
		}
		if strings.HasPrefix(name, "unit") {
			v = unitArgText(v)
		}
		data[name] = v
	}
	return lang.LocalizeKey("domain.msg."+string(code), english, data)
}

// unitArgText shows a unit argument of a message: a plain number in words,
// any other unit as UnitText shows it.
func unitArgText(u string) string {
	if u == kpitree.PlainUnit {
		return lang.L("domain.unit_plain")
	}
	return UnitText(u)
}
