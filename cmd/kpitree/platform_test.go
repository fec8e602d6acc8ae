package main

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/kpitree/kpitree/app/ui"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// The "system" language comes from the OS (Windows sets no LANG); a
// language chosen in the menu or with --lang stays.
func TestSystemLanguage(t *testing.T) {
	tests := []struct {
		setting uikit.Language
		locale  string
		want    uikit.Language
	}{
		{uikit.LangSystem, "ja-JP", uikit.LangJapanese},
		{uikit.LangSystem, "ja", uikit.LangJapanese},
		{uikit.LangSystem, "en-US", uikit.LangEnglish},
		{uikit.LangSystem, "fr-FR", uikit.LangEnglish},
		{uikit.LangSystem, "", uikit.LangEnglish},
		{uikit.LangEnglish, "ja-JP", uikit.LangEnglish},
		{uikit.LangJapanese, "en-US", uikit.LangJapanese},
	}
	for _, tt := range tests {
		t.Run(string(tt.setting)+" "+tt.locale, func(t *testing.T) {
			if got := systemLanguage(tt.setting, tt.locale); got != tt.want {
				t.Errorf("systemLanguage(%s, %q) = %s, want %s", tt.setting, tt.locale, got, tt.want)
			}
		})
	}
}

// Without --workspace or a recent file, the sample is created in the
// per-user app-data folder ($XDG_DATA_HOME/kpitree here).
func TestStartWorkspaceInAppDataFolder(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	a := test.NewTempApp(t)
	ws, err := openStartWorkspace(a, ui.FileOpener{Lang: "en", AppVersion: "test"}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	want := filepath.Join(data, "kpitree", "sample.kpitree")
	if ws.Path() != want {
		t.Errorf("sample at %s, want %s", ws.Path(), want)
	}
	if fi, err := os.Stat(want); err != nil || fi.Size() == 0 {
		t.Errorf("sample not written: %v", err)
	}
}
