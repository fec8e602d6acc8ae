package problemspane_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/problemspane"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}

// The Problems tab lists the checker's findings as drawn rows: errors
// first, each group in tree order, each row naming its node in the words
// the checker's findings have everywhere else (uikit.DiagnosticText).
func TestView_ListsFindingsErrorsFirst(t *testing.T) {
	uitest.NewApp(t)
	tree := kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{
		{ID: "rev", Name: "Revenue"}, {ID: "rate", Name: "Active rate"}, {ID: "price", Name: ""},
	}}
	diags := []kpitree.Diagnostic{
		{Node: "rate", Severity: kpitree.SevWarning, Code: "unused", Message: "unused"},
		{Node: "price", Severity: kpitree.SevError, Code: "unknown_ref", Message: "unknown"},
		{Node: "rev", Severity: kpitree.SevWarning, Code: "unused", Message: "unused"},
		{Severity: kpitree.SevInfo, Code: "info", Message: "about the tree"},
	}
	v := problemspane.New()
	var chosen string
	v.OnSelect = func(id string) { chosen = id }
	w := test.NewTempWindow(t, v.Tab().Content)
	w.Resize(fyne.NewSize(600, 400))
	if got := v.Tab().Text; got != "Problems" {
		t.Fatalf("empty tab titled %q, want Problems", got)
	}
	v.Set(tree, diags)
	rows := v.Rows()
	var nodes []string
	for _, r := range rows {
		nodes = append(nodes, r.Node)
	}
	if want := []string{"price", "rev", "rate", ""}; !slices.Equal(nodes, want) {
		t.Fatalf("rows for %v, want %v (errors first, then tree order)", nodes, want)
	}
	if want := "price: " + uikit.DiagnosticText(diags[1]); rows[0].Text != want {
		t.Errorf("row 0 %q, want %q (a node without a name is named by its id)", rows[0].Text, want)
	}
	if want := "Active rate: " + uikit.DiagnosticText(diags[0]); rows[2].Text != want {
		t.Errorf("row 2 %q, want %q", rows[2].Text, want)
	}
	if got := v.Tab().Text; got != "Problems (4)" {
		t.Errorf("tab titled %q, want the count of findings", got)
	}
	v.Choose(2)
	if chosen != "rate" {
		t.Errorf("choosing row 2 selected %q, want rate", chosen)
	}
	v.Set(tree, nil)
	if len(v.Rows()) != 0 || v.Tab().Text != "Problems" {
		t.Errorf("after the findings are fixed: %d rows, tab %q", len(v.Rows()), v.Tab().Text)
	}
}
