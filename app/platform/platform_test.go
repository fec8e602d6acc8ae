//go:build linux

package platform_test

import (
	"path/filepath"
	"testing"

	"github.com/kpitree/kpitree/app/platform"
)

// On this OS the real functions read the real environment.
func TestProcessEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	got, err := platform.SampleWorkspace()
	if want := filepath.Join(dir, "kpitree", "sample.kpitree"); err != nil || got != want {
		t.Errorf("SampleWorkspace() = %q, %v; want %q", got, err, want)
	}
	if l := platform.Locale(); l != "ja-JP" || !platform.IsJapanese(l) {
		t.Errorf("Locale() = %q, want ja-JP", l)
	}
	t.Setenv("HOME", "/home/someone")
	if got := platform.ExportsDir(); got != "/home/someone/KPI Tree exports" {
		t.Errorf("ExportsDir() = %q", got)
	}
}
