package workspace_test

import (
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

func TestRenameID_KeepsLeafModel(t *testing.T) {
	ws, err := workspace.CreateSample(filepath.Join(t.TempDir(), "s.kpitree"), "en")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.SetLeafModel("active_rate", "naive"); err != nil {
		t.Fatal(err)
	}
	if h, err := ws.History(); err != nil || len(h) == 0 || h[len(h)-1].Code != workspace.LabelSetLeafModel ||
		h[len(h)-1].Label != "Set forecast model of active_rate" {
		t.Fatalf("history after SetLeafModel: %+v, %v", h, err)
	}
	if err := ws.Apply(kpitree.RenameID{From: "active_rate", To: "login_rate"}); err != nil {
		t.Fatal(err)
	}
	if m, ok := ws.Settings().ModelFor("login_rate"); !ok || m != "naive" {
		t.Fatalf("renamed leaf's model = %q (override %v), want naive kept", m, ok)
	}
	if _, ok := ws.Settings().ModelFor("active_rate"); ok {
		t.Fatal("the old id keeps an override")
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if m, ok := ws.Settings().ModelFor("active_rate"); !ok || m != "naive" {
		t.Fatalf("after undo the model is %q (override %v), want naive on the old id", m, ok)
	}
}
