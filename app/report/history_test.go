package report_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// en names actions in English, as the app and the CLI do in an English
// workspace.
var en = report.For(report.English)

// TestActionLabel names actions in English from their code, args and step.
func TestActionLabel(t *testing.T) {
	names := func(id string) string {
		if id == "addon_revenue" {
			return "Add-on revenue"
		}
		return id
	}
	tests := []struct {
		name  string
		code  workspace.LabelCode
		args  []string
		step  workspace.Step
		names func(string) string
		want  string
	}{
		{"should translate a code without args", workspace.LabelAddNode, nil, workspace.StepDo, nil, "Add KPI"},
		{"should fill a scenario name", workspace.LabelAddScenario, []string{"Upside 2026"}, workspace.StepDo, nil, "Add scenario Upside 2026"},
		{"should show a node's name for a bind", workspace.LabelBindActual, []string{"addon_revenue"}, workspace.StepDo, names, "Bind reported actual of Add-on revenue"},
		{"should show the id without a name lookup", workspace.LabelBind, []string{"addon_revenue"}, workspace.StepDo, nil, "Bind data to addon_revenue"},
		{"should keep a scenario name that looks like a node id", workspace.LabelDeleteScenario, []string{"addon_revenue"}, workspace.StepDo, names, "Delete scenario addon_revenue"},
		{"should wrap an undo", workspace.LabelUnbindActual, []string{"addon_revenue"}, workspace.StepUndo, names, "Undone: Unbind reported actual of Add-on revenue"},
		{"should wrap a redo", workspace.LabelRemoveDataset, nil, workspace.StepRedo, nil, "Redone: Remove dataset"},
		{"should show a caller's own label as it is", workspace.LabelCustom, []string{"Tidy up"}, workspace.StepDo, nil, "Tidy up"},
		{"should fall back to English for a code it does not know", workspace.LabelCode("merge_trees"), []string{"Q3 plan"}, workspace.StepUndo, nil, "Undone: Q3 plan"},
		{"should survive a bind without args", workspace.LabelBind, nil, workspace.StepDo, names, "Bind data to "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := en.ActionLabel(tt.code, tt.args, tt.step, tt.names); got != tt.want {
				t.Errorf("ActionLabel(%s, %q, %s) = %q, want %q", tt.code, tt.args, tt.step, got, tt.want)
			}
		})
	}
	t.Run("should not change the caller's args", func(t *testing.T) {
		args := []string{"addon_revenue"}
		en.ActionLabel(workspace.LabelBind, args, workspace.StepDo, names)
		if args[0] != "addon_revenue" {
			t.Errorf("args = %q", args)
		}
	})
}

// TestEventText: events with a code are translated by it; events without
// one (forecast runs) keep the English-prefix fallback.
func TestEventText(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    workspace.Event
		want string
	}{
		{"should translate by code", workspace.Event{Kind: workspace.HistoryChanged, Label: "undo Edit node", Code: workspace.LabelEditNode, Step: workspace.StepUndo}, "Undone: Edit KPI"},
		{"should fall back to the label without a code", workspace.Event{Kind: workspace.ForecastsChanged, Label: "Forecast"}, "Forecast updated"},
		{"should show an unknown label as it is", workspace.Event{Kind: workspace.HistoryChanged, Label: "Something new"}, "Something new"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := en.EventText(tt.e, nil); got != tt.want {
				t.Errorf("EventText = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("should name a history entry like its action", func(t *testing.T) {
		h := workspace.HistoryEntry{Label: "Import cs_monthly", Code: workspace.LabelImport, Args: []string{"cs_monthly"}, Applied: false}
		if got := en.HistoryText(h, nil); got != "Import cs_monthly" {
			t.Errorf("HistoryText = %q", got)
		}
		old := workspace.HistoryEntry{Label: "Add scenario Plan A"}
		if got := en.HistoryText(old, nil); got != "Added scenario Plan A" {
			t.Errorf("HistoryText of an entry without a code = %q", got)
		}
	})
}

func TestActionText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Add scenario Plan A", "Added scenario Plan A"},
		{"Undo Add scenario Plan A", "Undone: Added scenario Plan A"},
		{"redo Edit node", "Redone: Edited a KPI"},
		{"Forecast", "Forecast updated"},
		{"Something new", "Something new"},
	}
	for _, tt := range tests {
		t.Run("should translate "+tt.in, func(t *testing.T) {
			if got := en.ActionText(tt.in); got != tt.want {
				t.Fatalf("ActionText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
