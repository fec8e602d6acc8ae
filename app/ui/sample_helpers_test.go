package ui_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/kpitree"
)

// sampleWorkspace is the sample workspace (canonical tree, sample data bound)
// in a temporary file, made for language lang ("en" or "ja").
func sampleWorkspace(t testing.TB, lang string) ui.Workspace {
	t.Helper()
	ws, err := ui.FileOpener{Lang: lang}.Create(context.Background(), filepath.Join(t.TempDir(), "sample.kpitree"), ui.SampleTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	// The shell closes the workspaces it replaces; a second Close is harmless.
	t.Cleanup(func() { _ = ws.Close() })
	return ws
}

// canonicalTree is the canonical add-on revenue template in Japanese (ja)
// or English.
func canonicalTree(t testing.TB, ja bool) kpitree.Tree {
	t.Helper()
	lang := "en"
	if ja {
		lang = "ja"
	}
	tr, err := kpitree.NewFromTemplate("addon_revenue", lang)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
