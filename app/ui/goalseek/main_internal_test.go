package goalseek

import (
	"fmt"
	"os"
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// TestMain loads the English strings so assertions on messages do not
// depend on the machine's locale; Japanese runs in child processes
// (uitest.RunLanguageChild).
func TestMain(m *testing.M) {
	if os.Getenv(uitest.LangChildEnv) == "" {
		if err := uikit.SetupLanguage(uikit.LangEnglish); err != nil {
			fmt.Fprintln(os.Stderr, "setup language:", err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}
