package uikit

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return SetupLanguage(LangEnglish) })
}
