package datapane

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() error { return uikit.SetupLanguage(uikit.LangEnglish) })
}
