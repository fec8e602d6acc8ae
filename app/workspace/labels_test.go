package workspace_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestHistoryCarriesLabelCodes: every recorded action has a stable code and
// args, and the English label is the code's template filled with them.
func TestHistoryCarriesLabelCodes(t *testing.T) {
	// Given a workspace where the user does one action of each kind.
	w, err := workspace.Create(filepath.Join(t.TempDir(), "h.kpitree"), workspace.CreateParams{Tree: shiftTree(), Lang: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	id, err := w.CommitImport(monthly("売上 data", "2024-04", 12, 1), nil)
	must(err)
	must(w.Bind("a", id, "x"))
	must(w.Unbind("a"))
	must(w.AddScenario(kpitree.Scenario{Name: "Upside 2026"}))
	must(w.UpdateScenario(kpitree.Scenario{Name: "Upside 2026", Description: "d"}))
	must(w.DuplicateScenario("Upside 2026", "copy"))
	must(w.RenameScenario("copy", "copy 2"))
	must(w.DeleteScenario("copy 2"))
	n, _ := w.Node("b")
	n.Description = "x"
	must(w.SetNode(n))
	must(w.Apply(kpitree.SetFormula{ID: "total", Formula: "a + b + 0"}))
	must(w.AddNode(kpitree.Node{ID: "c", Name: "c", Kind: kpitree.KindInput}))
	must(w.EditTree("Delete nodes", func(t *kpitree.Tree) error { t.Nodes = t.Nodes[:3]; return nil }))
	must(w.EditTree("Tidy up", func(t *kpitree.Tree) error { t.Name = "tidy"; return nil }))
	set := w.Settings()
	set.Horizon = 6
	must(w.SetSettings(set))
	must(w.RemoveDataset(id))

	// When the history is listed.
	h, err := w.History()
	if err != nil {
		t.Fatal(err)
	}

	// Then codes and args say what each action was.
	want := []string{
		"import [売上 data]", "bind [a]", "unbind [a]", "add_scenario [Upside 2026]", "edit_scenario [Upside 2026]",
		"duplicate_scenario [Upside 2026]", "rename_scenario [copy]", "delete_scenario [copy 2]", "edit_node []",
		"edit_formula []", "add_node []", "delete_nodes []", "custom [Tidy up]", "change_settings []", "remove_dataset []",
	}
	var got []string
	for _, e := range h {
		got = append(got, fmt.Sprintf("%s %v", e.Code, e.Args))
		if l := workspace.EnglishLabel(e.Code, e.Args...); l != e.Label {
			t.Errorf("should keep the English label: %q, template gives %q", e.Label, l)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("codes:\n got %q\nwant %q", got, want)
	}
}

// TestLabelCodesAreDocumented: every code has an English template, and a
// translated template is filled the same way.
func TestLabelCodesAreDocumented(t *testing.T) {
	seen := map[workspace.LabelCode]bool{}
	for _, c := range workspace.LabelCodes() {
		if seen[c] || c == "" || strings.ContainsAny(string(c), " {") {
			t.Errorf("code %q is empty, repeated or malformed", c)
		}
		seen[c] = true
		if c != workspace.LabelCustom && workspace.EnglishTemplate(c) == "{0}" {
			t.Errorf("code %q has no English template", c)
		}
	}
	if got := workspace.FormatLabel("シナリオ「{0}」を追加", "Upside"); got != "シナリオ「Upside」を追加" {
		t.Errorf("FormatLabel: %q", got)
	}
}
