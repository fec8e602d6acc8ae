package ui

import (
	"os"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// formulaChild is uitest.LangChildEnv's value for the Japanese formula
// tests.
const formulaChild = "formula-ja"

// TestFormula_Japanese runs, in a Japanese child process, the checks that
// the formula editor shows the domain's words in Japanese (uikit's tests
// check the messages themselves; report's, the boxes).
func TestFormula_Japanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case formulaChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		japaneseFormulaCases(t)
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestFormula_Japanese", formulaChild)
	if !strings.Contains(out, "--- PASS: TestFormula_Japanese/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}

func japaneseFormulaCases(t *testing.T) {
	t.Run("should validate a formula in Japanese under the editor", func(t *testing.T) {
		got := inspector.ValidateFormula(uitest.JapaneseTree(), "revenue", `"平均単価" "アクティブ顧客数"`)
		if len(got) != 1 || got[0].Col != 7 || got[0].Msg != "構文エラー: 式の後に余分な「\"」があります。+ や * などの演算子を入れてください。" {
			t.Errorf("ValidateFormula = %+v", got)
		}
	})
}
