package sources_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/kpitree/kpitree/app/ui"
)

// TestMain loads the strings of KPITREE_SHOT_LANG (en by default), so the
// screenshot test can render each language in its own process.
func TestMain(m *testing.M) {
	l := ui.LangEnglish
	if os.Getenv("KPITREE_SHOT_LANG") == "ja" {
		l = ui.LangJapanese
	}
	if err := ui.SetupLanguage(l); err != nil {
		fmt.Fprintln(os.Stderr, "setup language:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
