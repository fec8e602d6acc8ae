package workspace

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// LabelCode identifies the kind of a recorded action, so the UI can show
// the undo history in the user's language: it looks up a translation by
// code (for example "history."+code) and fills in HistoryEntry.Args, where
// {0} stands for Args[0]. The codes are stable: they are stored in the
// workspace file with each history record, and a code is never reused for
// another meaning. HistoryEntry.Label keeps the English text.
//
//	code                English template       Args
//	edit_node           Edit node              –
//	add_node            Add node               –
//	remove_node         Remove node            –
//	delete_nodes        Delete nodes           –
//	edit_formula        Edit formula           –
//	set_root            Set root               –
//	move_node           Move node              –
//	reparent_node       Reparent node          –
//	rename_id           Rename id              –
//	edit_tree           Edit tree              –
//	bind                Bind {0}               node id
//	unbind              Unbind {0}             node id
//	import              Import {0}             dataset name
//	remove_dataset      Remove dataset         –
//	add_scenario        Add scenario {0}       scenario name
//	edit_scenario       Edit scenario {0}      scenario name
//	duplicate_scenario  Duplicate scenario {0} scenario name (the original)
//	rename_scenario     Rename scenario {0}    scenario name (the old one)
//	delete_scenario     Delete scenario {0}    scenario name
//	change_settings     Change settings        –
//	bind_actual         Bind reported actual of {0}   node id
//	unbind_actual       Unbind reported actual of {0} node id
//	set_leaf_model      Set forecast model of {0}      node id
//	set_aggregation     Set FY aggregation of {0}      node id
//	set_fy_rate         Set FY rate of {0}             node id
//	freeze_plan         Freeze plan {0}                plan name
//	delete_plan         Delete plan {0}                plan name
//	rename_plan         Rename plan {0}                plan name (the old one)
//	add_note            Add note on {0}                node id
//	edit_note           Edit note on {0}               node id
//	delete_note         Delete note on {0}             node id
//	add_initiative      Add initiative {0}             initiative name
//	edit_initiative     Edit initiative {0}            initiative name
//	delete_initiative   Delete initiative {0}          initiative name
//	custom              {0}                    the caller's own label (SetTree, EditTree)
type LabelCode string

// The label codes; see LabelCode for their English templates and Args.
const (
	LabelEditNode          LabelCode = "edit_node"
	LabelAddNode           LabelCode = "add_node"
	LabelRemoveNode        LabelCode = "remove_node"
	LabelDeleteNodes       LabelCode = "delete_nodes"
	LabelEditFormula       LabelCode = "edit_formula"
	LabelSetRoot           LabelCode = "set_root"
	LabelMoveNode          LabelCode = "move_node"
	LabelReparentNode      LabelCode = "reparent_node"
	LabelRenameID          LabelCode = "rename_id"
	LabelEditTree          LabelCode = "edit_tree"
	LabelBind              LabelCode = "bind"
	LabelUnbind            LabelCode = "unbind"
	LabelImport            LabelCode = "import"
	LabelRemoveDataset     LabelCode = "remove_dataset"
	LabelAddScenario       LabelCode = "add_scenario"
	LabelEditScenario      LabelCode = "edit_scenario"
	LabelDuplicateScenario LabelCode = "duplicate_scenario"
	LabelRenameScenario    LabelCode = "rename_scenario"
	LabelDeleteScenario    LabelCode = "delete_scenario"
	LabelChangeSettings    LabelCode = "change_settings"
	// LabelBindActual binds a node's reported actual (BindActual).
	LabelBindActual LabelCode = "bind_actual"
	// LabelUnbindActual removes a node's reported actual (UnbindActual).
	LabelUnbindActual LabelCode = "unbind_actual"
	// LabelSetLeafModel sets or clears one leaf's forecast model override
	// (SetLeafModel).
	LabelSetLeafModel LabelCode = "set_leaf_model"
	// LabelSetAggregation sets or clears a node's fiscal-year aggregation
	// kind and note (SetAggregation).
	LabelSetAggregation LabelCode = "set_aggregation"
	// LabelSetFYRate sets a node's fiscal-year rate convention (SetFYRate).
	LabelSetFYRate LabelCode = "set_fy_rate"
	// LabelCustom is a label a caller chose (SetTree, EditTree) that
	// matches no code: Args[0] is that label, shown as it is.
	LabelCustom LabelCode = "custom"
	// LabelFreezePlan freezes a plan version; Args: the plan name.
	LabelFreezePlan LabelCode = "freeze_plan"
	// LabelDeletePlan deletes a plan version; Args: the plan name.
	LabelDeletePlan LabelCode = "delete_plan"
	// LabelRenamePlan renames a plan version; Args: the old name.
	LabelRenamePlan LabelCode = "rename_plan"
	// LabelAddNote adds a note; Args: the note's node id.
	LabelAddNote LabelCode = "add_note"
	// LabelEditNote edits a note; Args: the note's node id.
	LabelEditNote LabelCode = "edit_note"
	// LabelDeleteNote deletes a note; Args: the note's node id.
	LabelDeleteNote LabelCode = "delete_note"
	// LabelAddInitiative adds an initiative; Args: its name.
	LabelAddInitiative LabelCode = "add_initiative"
	// LabelEditInitiative edits an initiative; Args: its name.
	LabelEditInitiative LabelCode = "edit_initiative"
	// LabelDeleteInitiative deletes an initiative; Args: its name.
	LabelDeleteInitiative LabelCode = "delete_initiative"
)

// LabelCodes returns every label code, for translation tables and the
// tests that check they are complete.
func LabelCodes() []LabelCode {
	return []LabelCode{LabelEditNode, LabelAddNode, LabelRemoveNode, LabelDeleteNodes, LabelEditFormula,
		LabelSetRoot, LabelMoveNode, LabelReparentNode, LabelRenameID, LabelEditTree, LabelBind, LabelUnbind,
		LabelImport, LabelRemoveDataset, LabelAddScenario, LabelEditScenario, LabelDuplicateScenario,
		LabelRenameScenario, LabelDeleteScenario, LabelChangeSettings, LabelBindActual, LabelUnbindActual, LabelSetLeafModel,
		LabelSetAggregation, LabelSetFYRate, LabelFreezePlan, LabelDeletePlan, LabelRenamePlan,
		LabelAddNote, LabelEditNote, LabelDeleteNote, LabelAddInitiative, LabelEditInitiative, LabelDeleteInitiative, LabelCustom}
}

// EnglishTemplate returns code's English template ("Add scenario {0}"); or
// "{0}" for an unknown code.
func EnglishTemplate(code LabelCode) string {
	switch code {
	case LabelEditNode:
		return "Edit node"
	case LabelAddNode:
		return "Add node"
	case LabelRemoveNode:
		return "Remove node"
	case LabelDeleteNodes:
		return "Delete nodes"
	case LabelEditFormula:
		return "Edit formula"
	case LabelSetRoot:
		return "Set root"
	case LabelMoveNode:
		return "Move node"
	case LabelReparentNode:
		return "Reparent node"
	case LabelRenameID:
		return "Rename id"
	case LabelEditTree:
		return "Edit tree"
	case LabelBind:
		return "Bind {0}"
	case LabelUnbind:
		return "Unbind {0}"
	case LabelImport:
		return "Import {0}"
	case LabelRemoveDataset:
		return "Remove dataset"
	case LabelAddScenario:
		return "Add scenario {0}"
	case LabelEditScenario:
		return "Edit scenario {0}"
	case LabelDuplicateScenario:
		return "Duplicate scenario {0}"
	case LabelRenameScenario:
		return "Rename scenario {0}"
	case LabelDeleteScenario:
		return "Delete scenario {0}"
	case LabelChangeSettings:
		return "Change settings"
	case LabelBindActual:
		return "Bind reported actual of {0}"
	case LabelUnbindActual:
		return "Unbind reported actual of {0}"
	case LabelSetLeafModel:
		return "Set forecast model of {0}"
	case LabelSetAggregation:
		return "Set FY aggregation of {0}"
	case LabelSetFYRate:
		return "Set FY rate of {0}"
	case LabelFreezePlan:
		return "Freeze plan {0}"
	case LabelDeletePlan:
		return "Delete plan {0}"
	case LabelRenamePlan:
		return "Rename plan {0}"
	case LabelAddNote:
		return "Add note on {0}"
	case LabelEditNote:
		return "Edit note on {0}"
	case LabelDeleteNote:
		return "Delete note on {0}"
	case LabelAddInitiative:
		return "Add initiative {0}"
	case LabelEditInitiative:
		return "Edit initiative {0}"
	case LabelDeleteInitiative:
		return "Delete initiative {0}"
	}
	return "{0}"
}

// FormatLabel fills a template's {0}, {1}, … with args; the UI passes its
// translated template, EnglishLabel the English one.
func FormatLabel(template string, args ...string) string {
	if !strings.Contains(template, "{") {
		return template
	}
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", a)
	}
	return strings.NewReplacer(pairs...).Replace(template)
}

// EnglishLabel returns the English label of an action ("Add scenario
// Upside"): what HistoryEntry.Label, Undo and Redo return.
func EnglishLabel(code LabelCode, args ...string) string {
	return FormatLabel(EnglishTemplate(code), args...)
}

// action is what a change is recorded as: a code and its arguments.
type action struct {
	code LabelCode
	args []string
}

func act(code LabelCode, args ...string) action { return action{code: code, args: args} }

// label is the action's English label.
func (a action) label() string { return EnglishLabel(a.code, a.args...) }

// actionFromLabel recovers the code of an English label: a caller's label
// (SetTree, EditTree), an event's label and history written before codes
// were stored. The longest matching template wins, so "Bind reported
// actual of x" is bind_actual of x, not bind of "reported actual of x". A
// label matching no template is LabelCustom.
func actionFromLabel(label string) action {
	best, bestLen := act(LabelCustom, label), -1
	for _, c := range LabelCodes() {
		if c == LabelCustom {
			continue
		}
		tmpl := EnglishTemplate(c)
		prefix, ok := strings.CutSuffix(tmpl, "{0}")
		if !ok {
			if label == tmpl {
				return act(c)
			}
			continue
		}
		if arg, ok := strings.CutPrefix(label, prefix); ok && arg != "" && len(prefix) > bestLen {
			best, bestLen = act(c, arg), len(prefix)
		}
	}
	return best
}

// recordAction reads the code and args stored in a history record without
// decoding its document changes (a record may hold a whole dataset):
// encodeRecord writes them before "changes", so the head of the record
// is enough. ok is false for records without a code.
func recordAction(b []byte) (action, bool) {
	var head struct {
		Code LabelCode `json:"code"`
		Args []string  `json:"args"`
	}
	// Strings are escaped in JSON, so the first `,"changes":` is the key.
	i := bytes.Index(b, []byte(`,"changes":`))
	if i < 0 {
		return action{}, false
	}
	h := append(b[:i:i], '}')
	if json.Unmarshal(h, &head) != nil || head.Code == "" {
		return action{}, false
	}
	return action{code: head.Code, args: head.Args}, true
}
