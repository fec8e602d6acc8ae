package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
)

// The names of recorded actions: the status bar, the Edit menu's undo and
// redo items and `kpitreectl history`, undo and redo say them from here.

// historyKeyPrefix prefixes a label code to make its translation key
// ("history.bind_actual"); assets/translations/history.*.json hold them.
const historyKeyPrefix = "history."

// HistoryKey returns the translation key of an action's label code, e.g.
// "history.bind_actual". Its strings fill {{.Arg0}}, {{.Arg1}}, … with the
// action's args.
func HistoryKey(code workspace.LabelCode) string { return historyKeyPrefix + string(code) }

// nodeArg reports whether code's Args[0] is a node id: the app shows the
// node's name instead, which is what the user sees on the tree.
func nodeArg(code workspace.LabelCode) bool {
	switch code {
	case workspace.LabelBind, workspace.LabelUnbind, workspace.LabelBindActual, workspace.LabelUnbindActual,
		workspace.LabelSetLeafModel:
		return true
	}
	return false
}

// ActionLabel names an action in the translator's language: the translation of its
// label code filled with args, wrapped as an undo or a redo for those
// steps. names maps a node id to its display name for the codes whose
// argument is a node (bind, unbind, bind_actual, unbind_actual); nil
// shows ids. A code without a translation (written by a newer version)
// falls back to its English label, so nothing is ever shown as a raw key.
func (t *Translator) ActionLabel(code workspace.LabelCode, args []string, step workspace.Step, names func(id string) string) string {
	if nodeArg(code) && names != nil && len(args) > 0 {
		shown := make([]string, len(args))
		copy(shown, args)
		shown[0] = names(args[0])
		args = shown
	}
	text := t.translated(HistoryKey(code), args)
	if text == "" {
		text = workspace.EnglishLabel(code, args...)
	}
	switch step {
	case workspace.StepUndo:
		return t.L("history.step.undo", map[string]any{"Action": text})
	case workspace.StepRedo:
		return t.L("history.step.redo", map[string]any{"Action": text})
	}
	return text
}

// translated looks key up with args as Arg0, Arg1, …; it returns "" when
// there is no translation.
func (t *Translator) translated(key string, args []string) string {
	if !t.Has(key) {
		return ""
	}
	// Missing args read as empty, not as the template's "<no value>".
	data := map[string]any{"Arg0": "", "Arg1": ""}
	for i, a := range args {
		data["Arg"+strconv.Itoa(i)] = a
	}
	return t.L(key, data)
}

// EventText names the action behind a workspace event for the status bar,
// in the translator's language (see ActionLabel). Events without a label code
// (forecast runs, and labels from before codes existed) go through
// ActionText's English-prefix matching.
func (t *Translator) EventText(e workspace.Event, names func(id string) string) string {
	if e.Code == "" {
		return t.ActionText(e.Label)
	}
	return t.ActionLabel(e.Code, e.Args, e.Step, names)
}

// HistoryText names a recorded action of the undo history in the UI
// language, for lists of past actions; Applied says nothing about the
// wording, so an entry reads like the action it recorded.
func (t *Translator) HistoryText(h workspace.HistoryEntry, names func(id string) string) string {
	if h.Code == "" {
		return t.ActionText(h.Label)
	}
	return t.ActionLabel(h.Code, h.Args, workspace.StepDo, names)
}

// ActionText translates a workspace action label ("Add scenario Plan A",
// "Undo Edit node") for the status bar by its English wording. It is the
// fallback for labels that come without a label code (forecast runs); workspace events name their action by code, which
// EventText translates.
func (t *Translator) ActionText(label string) string {
	for _, v := range []struct{ prefix, key string }{
		{"Undo ", "status.action.undo"},
		{"Redo ", "status.action.redo"},
		{"undo ", "status.action.undo"},
		{"redo ", "status.action.redo"},
	} {
		if rest, ok := strings.CutPrefix(label, v.prefix); ok {
			return t.L(v.key, map[string]any{"Action": t.ActionText(rest)})
		}
	}
	for _, v := range []struct{ prefix, key string }{
		{"Bind reported actual of ", "status.action.bind_actual"},
		{"Unbind reported actual of ", "status.action.unbind_actual"},
		{"Add scenario ", "status.action.add_scenario"},
		{"Edit scenario ", "status.action.edit_scenario"},
		{"Duplicate scenario ", "status.action.duplicate_scenario"},
		{"Rename scenario ", "status.action.rename_scenario"},
		{"Delete scenario ", "status.action.delete_scenario"},
		{"Import ", "status.action.import"},
		{"Bind ", "status.action.bind"},
		{"Unbind ", "status.action.unbind"},
	} {
		if rest, ok := strings.CutPrefix(label, v.prefix); ok {
			return t.L(v.key, map[string]any{"Name": rest})
		}
	}
	switch label {
	case "Forecast":
		return t.L("status.action.forecast")
	case "Add node":
		return t.L("status.action.add_node")
	case "Remove node", "Delete nodes":
		return t.L("status.action.delete_nodes")
	case "Edit node":
		return t.L("status.action.edit_node")
	case "Move node", "Reparent node":
		return t.L("status.action.move_node")
	case "Edit formula":
		return t.L("status.action.edit_formula")
	case "Set root", "Rename id", "Edit tree":
		return t.L("status.action.edit_tree")
	case "Change settings":
		return t.L("status.action.settings")
	case "Remove dataset":
		return t.L("status.action.remove_dataset")
	}
	return label
}

// HistoryTable is the undo history, oldest first, as `kpitreectl history`
// prints it: number, whether the action is applied or undone, when, and
// the action in words (HistoryText); its note says when there is none.
func (t *Translator) HistoryTable(h []workspace.HistoryEntry, names NodeNamer) Table {
	tb := Table{Header: []string{"#", t.L("historylist.col_state"), t.L("historylist.col_time"), t.L("historylist.col_action")}}
	for i, e := range h {
		state := t.L("historylist.undone")
		if e.Applied {
			state = t.L("historylist.applied")
		}
		tb.Rows = append(tb.Rows, []string{strconv.Itoa(i + 1), state, e.Time.Local().Format(time.DateTime), t.HistoryText(e, names)})
	}
	if len(h) == 0 {
		tb.Note = t.L("historylist.none")
	}
	return tb
}
