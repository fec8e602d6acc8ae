package ui_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestHistoryTranslations_Complete: every label code the workspace can
// record has an English and a Japanese string that uses exactly the
// arguments its English template has, so no action is ever shown as a raw
// key or with a missing name.
func TestHistoryTranslations_Complete(t *testing.T) {
	en, ja := uitest.TranslationTable(t, "en"), uitest.TranslationTable(t, "ja")
	for _, c := range workspace.LabelCodes() {
		key := ui.HistoryKey(c)
		tmpl := workspace.EnglishTemplate(c)
		for lang, table := range map[string]map[string]string{"en": en, "ja": ja} {
			s, ok := table[key]
			if !ok || strings.TrimSpace(s) == "" {
				t.Errorf("%s: no %s string for label code %q", key, lang, c)
				continue
			}
			for i, arg := range []string{"{0}", "{1}"} {
				want := strings.Contains(tmpl, arg)
				has := strings.Contains(s, "{{.Arg"+string(rune('0'+i))+"}}")
				if want != has {
					t.Errorf("%s (%s) = %q: uses Arg%d %v, the English template %q %v", key, lang, s, i, has, tmpl, want)
				}
			}
		}
	}
	for _, key := range []string{"history.step.undo", "history.step.redo"} {
		for lang, table := range map[string]map[string]string{"en": en, "ja": ja} {
			if !strings.Contains(table[key], "{{.Action}}") {
				t.Errorf("%s (%s) = %q, want it to name the {{.Action}}", key, lang, table[key])
			}
		}
	}
}

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
			if got := ui.ActionLabel(tt.code, tt.args, tt.step, tt.names); got != tt.want {
				t.Errorf("ActionLabel(%s, %q, %s) = %q, want %q", tt.code, tt.args, tt.step, got, tt.want)
			}
		})
	}
	t.Run("should not change the caller's args", func(t *testing.T) {
		args := []string{"addon_revenue"}
		ui.ActionLabel(workspace.LabelBind, args, workspace.StepDo, names)
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
			if got := ui.EventText(tt.e, nil); got != tt.want {
				t.Errorf("EventText = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("should name a history entry like its action", func(t *testing.T) {
		h := workspace.HistoryEntry{Label: "Import cs_monthly", Code: workspace.LabelImport, Args: []string{"cs_monthly"}, Applied: false}
		if got := ui.HistoryText(h, nil); got != "Import cs_monthly" {
			t.Errorf("HistoryText = %q", got)
		}
		old := workspace.HistoryEntry{Label: "Add scenario Plan A"}
		if got := ui.HistoryText(old, nil); got != "Added scenario Plan A" {
			t.Errorf("HistoryText of an entry without a code = %q", got)
		}
	})
}

// TestAdapter_ChangesNameActionsByCode: the status bar's last action comes
// from the event's code, with node names, for codes the English-prefix
// matching used to miss.
func TestAdapter_ChangesNameActionsByCode(t *testing.T) {
	// Given the sample workspace and a subscriber.
	a, _, _ := newSample(t)
	ws := a.Workspace
	var mu sync.Mutex
	var got []string
	defer a.Subscribe(func(c ui.Change) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, c.Action)
	})()
	ds := ws.Datasets()[0].ID

	// When the user unbinds the root's reported actual, undoes and redoes
	// it, removes a dataset's use and edits a scenario.
	steps := []func() error{
		func() error { return ws.UnbindActual("addon_revenue") },
		func() error { _, err := ws.Undo(); return err },
		func() error { _, err := ws.Redo(); return err },
		func() error { return ws.BindActual("addon_revenue", ds, "revenue_jpy") },
		func() error { return ws.AddScenario(kpitree.Scenario{Name: "Upside"}) },
		func() error {
			return a.AddDriver("active_customers", kpitree.Node{ID: "logins", Name: "Logins", Kind: kpitree.KindInput}, "*")
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}

	// Then each change names the action in words, with the node's name.
	want := []string{
		"Unbind reported actual of Add-on revenue",
		"Undone: Unbind reported actual of Add-on revenue",
		"Redone: Unbind reported actual of Add-on revenue",
		"Bind reported actual of Add-on revenue",
		"Add scenario Upside",
		"Add KPI",
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
}
