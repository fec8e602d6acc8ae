package ui_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestMain loads the English strings; TestSetupLanguage_Forced checks
// other languages in child processes.
func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}
