package ui

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// boxesChild is uitest.LangChildEnv's value for the Japanese box and formula tests.
const boxesChild = "boxes-ja"

// jaFormulaTree is a small tree with Japanese names and ASCII ids.
func jaFormulaTree() kpitree.Tree {
	return kpitree.Tree{
		Root: "revenue",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC),
			Periods: 3, FiscalYearStart: time.April},
		Nodes: []kpitree.Node{
			{ID: "revenue", Name: "アドオン売上", Unit: "JPY/month", Kind: kpitree.KindFormula, Formula: "unit_price * active_customers"},
			{ID: "unit_price", Name: "平均単価", Unit: "JPY/customer/month", Kind: kpitree.KindInput, Values: []float64{1, 1, 1}},
			{ID: "active_customers", Name: "アクティブ顧客数", Unit: "customers", Kind: kpitree.KindInput, Values: []float64{2, 2, 2}},
		},
	}
}

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
		got := ValidateFormula(jaFormulaTree(), "revenue", `"平均単価" "アクティブ顧客数"`)
		if len(got) != 1 || got[0].Col != 7 || got[0].Msg != "構文エラー: 式の後に余分な「\"」があります。+ や * などの演算子を入れてください。" {
			t.Errorf("ValidateFormula = %+v", got)
		}
	})
}
