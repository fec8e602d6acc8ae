package workspace_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// huge is the 10 MB of text the hostile test typed as an id, a name and a formula.
var huge = strings.Repeat("x", 10<<20)

// TestLimits_EditsRefuseOverlongInputUpFront: every way an edit enters the
// workspace refuses a 10 MB id, name, formula or label with a
// *kpitree.LimitError whose message quotes at most 80 characters, and the
// file is left as it was. Before, a 10 MB scenario name was echoed whole
// and a 10 MB node id reached bbolt ("key too large").
func TestLimits_EditsRefuseOverlongInputUpFront(t *testing.T) {
	w, _ := newWorkspace(t)
	node := func(edit func(*kpitree.Node)) kpitree.Node {
		n, _, _ := w.Tree().NodeByID("active_rate")
		edit(&n)
		return n
	}
	tests := []struct {
		name string
		code kpitree.MsgCode
		do   func() error
	}{
		{"a 10 MB node name", kpitree.MsgLimitNodeName, func() error { return w.SetNode(node(func(n *kpitree.Node) { n.Name = huge })) }},
		{"a 10 MB unit", kpitree.MsgLimitLabel, func() error { return w.SetNode(node(func(n *kpitree.Node) { n.Unit = huge })) }},
		{"a 10 MB description", kpitree.MsgLimitDescription, func() error {
			return w.SetNode(node(func(n *kpitree.Node) { n.Description = huge }))
		}},
		{"a 10 MB formula", kpitree.MsgLimitFormula, func() error {
			return w.EditTree("Edit formula", func(t *kpitree.Tree) error { t.Nodes[0].Formula = huge; return nil })
		}},
		{"a 10 MB node id", kpitree.MsgLimitID, func() error {
			return w.AddNode(kpitree.Node{ID: huge, Name: "n", Kind: kpitree.KindInput})
		}},
		{"a 10 MB tree name", kpitree.MsgLimitTreeName, func() error {
			return w.EditTree("Rename tree", func(t *kpitree.Tree) error { t.Name = huge; return nil })
		}},
		{"a 10 MB scenario name", kpitree.MsgLimitScenario, func() error {
			return w.AddScenario(kpitree.Scenario{Name: huge})
		}},
	}
	before := dump(t, w)
	for _, tt := range tests {
		t.Run("should refuse "+tt.name, func(t *testing.T) {
			err := tt.do()
			var le *kpitree.LimitError
			if !errors.As(err, &le) || le.Code != tt.code {
				t.Fatalf("err = %.200v, want a LimitError %s", err, tt.code)
			}
			if len(err.Error()) > 400 {
				t.Errorf("message of %d bytes: %.200q…", len(err.Error()), err.Error())
			}
		})
	}
	if dump(t, w) != before {
		t.Error("a refused edit changed the workspace")
	}
	t.Run("should still call an empty scenario name a bad name", func(t *testing.T) {
		if err := w.AddScenario(kpitree.Scenario{Name: "  "}); !errors.Is(err, workspace.ErrBadName) {
			t.Errorf("err = %v, want ErrBadName", err)
		}
	})
}

// TestLimits_ImportJSONRefusesAnOverlongFormula: a workspace JSON file with
// a 10 MB formula is refused before the formula is parsed or checked.
func TestLimits_ImportJSONRefusesAnOverlongFormula(t *testing.T) {
	w, _ := newWorkspace(t)
	var buf bytes.Buffer
	if err := w.ExportJSON(&buf); err != nil {
		t.Fatal(err)
	}
	data := strings.Replace(buf.String(), `"formula": "unit_price * active_customers"`, `"formula": "`+strings.Repeat("a + ", 1<<20)+`a"`, 1)
	if data == buf.String() {
		t.Fatal("the export has no root formula to replace")
	}
	_, err := workspace.CreateFromJSON(filepath.Join(t.TempDir(), "x.kpitree"), []byte(data), workspace.CreateParams{})
	if !errors.Is(err, kpitree.ErrTooLong) || !errors.Is(err, workspace.ErrBadInterchange) {
		t.Fatalf("err = %.200v, want ErrTooLong and ErrBadInterchange", err)
	}
	if len(err.Error()) > 400 {
		t.Errorf("message of %d bytes", len(err.Error()))
	}
}
