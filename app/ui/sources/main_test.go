package sources_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestMain loads the strings of KPITREE_SHOT_LANG (en by default), so the
// screenshot test can render each language in its own process.
func TestMain(m *testing.M) {
	l := uikit.LangEnglish
	if os.Getenv("KPITREE_SHOT_LANG") == "ja" {
		l = uikit.LangJapanese
	}
	if err := uikit.SetupLanguage(l); err != nil {
		fmt.Fprintln(os.Stderr, "setup language:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
