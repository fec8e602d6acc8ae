package ui

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/ui/inspector"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
)

// boxesChild is uitest.LangChildEnv's value for the Japanese box and formula tests.
const boxesChild = "boxes-ja"

// TestBoxesAndFormula_Japanese runs, in a Japanese child process, the
// checks that the boxes and the formula editor show the domain's words in
// Japanese (uikit's tests check the messages themselves).
func TestBoxesAndFormula_Japanese(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case boxesChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		japaneseBoxCases(t)
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	out := uitest.RunLanguageChild(t, "TestBoxesAndFormula_Japanese", boxesChild)
	if !strings.Contains(out, "--- PASS: TestBoxesAndFormula_Japanese/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}

func japaneseBoxCases(t *testing.T) {
	t.Run("should show the Japanese sample tree's values with Japanese units", func(t *testing.T) {
		d := newSampleAdapterLang(t, "ja")
		word := regexp.MustCompile(`[A-Za-z]{2,}`)
		var units []string
		for _, b := range BuildBoxes(d.Snapshot()) {
			if w := word.FindString(b.ValueText); w != "" {
				t.Errorf("box %s shows %q: the English word %q is left", b.ID, b.ValueText, w)
			}
			units = append(units, b.ValueText)
		}
		t.Logf("box values: %q", units)
		if !slices.ContainsFunc(units, func(s string) bool { return strings.HasSuffix(s, "人") }) {
			t.Errorf("no box shows 人 (CSM headcount): %q", units)
		}
	})
	t.Run("should validate a formula in Japanese under the editor", func(t *testing.T) {
		got := inspector.ValidateFormula(uitest.JapaneseTree(), "revenue", `"平均単価" "アクティブ顧客数"`)
		if len(got) != 1 || got[0].Col != 7 || got[0].Msg != "構文エラー: 式の後に余分な「\"」があります。+ や * などの演算子を入れてください。" {
			t.Errorf("ValidateFormula = %+v", got)
		}
	})
}
