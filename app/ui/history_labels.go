package ui

import (
	"strconv"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/workspace"
)

// historyKeyPrefix prefixes a label code to make its translation key
// ("history.bind_actual"); assets/translations/history.*.json hold them.
const historyKeyPrefix = "history."

// HistoryKey returns the translation key of an action's label code, e.g.
// "history.bind_actual". Its strings fill {{.Arg0}}, {{.Arg1}}, … with the
// action's args.
func HistoryKey(code workspace.LabelCode) string { return historyKeyPrefix + string(code) }

// nodeArg reports whether code's Args[0] is a node id: the UI shows the
// node's name instead, which is what the user sees on the tree.
func nodeArg(code workspace.LabelCode) bool {
	switch code {
	case workspace.LabelBind, workspace.LabelUnbind, workspace.LabelBindActual, workspace.LabelUnbindActual,
		workspace.LabelSetLeafModel:
		return true
	}
	return false
}

// ActionLabel names an action in the UI language: the translation of its
// label code filled with args, wrapped as an undo or a redo for those
// steps. names maps a node id to its display name for the codes whose
// argument is a node (bind, unbind, bind_actual, unbind_actual); nil
// shows ids. A code without a translation (written by a newer version)
// falls back to its English label, so nothing is ever shown as a raw key.
func ActionLabel(code workspace.LabelCode, args []string, step workspace.Step, names func(id string) string) string {
	if nodeArg(code) && names != nil && len(args) > 0 {
		shown := make([]string, len(args))
		copy(shown, args)
		shown[0] = names(args[0])
		args = shown
	}
	text := translated(HistoryKey(code), args)
	if text == "" {
		text = workspace.EnglishLabel(code, args...)
	}
	switch step {
	case workspace.StepUndo:
		return lang.L("history.step.undo", map[string]any{"Action": text})
	case workspace.StepRedo:
		return lang.L("history.step.redo", map[string]any{"Action": text})
	}
	return text
}

// translated looks key up with args as Arg0, Arg1, …; it returns "" when
// there is no translation (lang.L then returns the key itself).
func translated(key string, args []string) string {
	// Missing args read as empty, not as the template's "<no value>".
	data := map[string]any{"Arg0": "", "Arg1": ""}
	for i, a := range args {
		data["Arg"+strconv.Itoa(i)] = a
	}
	if s := lang.L(key, data); s != key {
		return s
	}
	return ""
}

// EventText names the action behind a workspace event for the status bar,
// in the UI language (see ActionLabel). Events without a label code
// (forecast runs, and labels from before codes existed) go through
// ActionText's English-prefix matching.
func EventText(e workspace.Event, names func(id string) string) string {
	if e.Code == "" {
		return ActionText(e.Label)
	}
	return ActionLabel(e.Code, e.Args, e.Step, names)
}

// HistoryText names a recorded action of the undo history in the UI
// language, for lists of past actions; Applied says nothing about the
// wording, so an entry reads like the action it recorded.
func HistoryText(h workspace.HistoryEntry, names func(id string) string) string {
	if h.Code == "" {
		return ActionText(h.Label)
	}
	return ActionLabel(h.Code, h.Args, workspace.StepDo, names)
}
