package ui_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/kpitree"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/workspace"
)

// TestHistoryTranslations_Complete: every label code the workspace can
// record has an English and a Japanese string that uses exactly the
// arguments its English template has, so no action is ever shown as a raw
// key or with a missing name.
func TestHistoryTranslations_Complete(t *testing.T) {
	en, ja := uitest.TranslationTable(t, "en"), uitest.TranslationTable(t, "ja")
	for _, c := range workspace.LabelCodes() {
		key := report.HistoryKey(c)
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
