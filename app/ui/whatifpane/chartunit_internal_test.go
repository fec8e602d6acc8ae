package whatifpane

import (
	"os"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/kpitree"
)

// numberingChild marks the Japanese child process of
// TestChartUnit_NumberingFollowsLanguage.
const numberingChild = "ja|chart-numbering"

// chartUnitCases checks that chart units number values the way the UI
// language writes them: the unit decides the symbol, the language 万/億.
func chartUnitCases(t *testing.T, want chart.Numbering, yen, count, rate string) {
	t.Helper()
	cases := []struct {
		name string
		node kpitree.Node
		v    float64
		want string
	}{
		{"yen", kpitree.Node{Unit: "JPY/month"}, 12_119_471, yen},
		{"counts", kpitree.Node{Unit: "customers"}, 123_456, count},
		{"rates", kpitree.Node{Unit: "%"}, 0.538, rate},
	}
	for _, tc := range cases {
		t.Run("should number "+tc.name+" as the language does", func(t *testing.T) {
			u := chartUnit(tc.node)
			if u.Numbering != want {
				t.Errorf("Numbering = %v, want %v", u.Numbering, want)
			}
			if got := u.Format(tc.v); got != tc.want {
				t.Errorf("Format(%v) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}

func TestChartUnit_NumberingFollowsLanguage(t *testing.T) {
	switch os.Getenv(uitest.LangChildEnv) {
	case numberingChild:
		if err := uikit.SetupLanguage(uikit.LangJapanese); err != nil {
			t.Fatal(err)
		}
		chartUnitCases(t, chart.NumberingJapanese, "¥1,212万", "12.3万", "53.8 %")
		return
	case "":
	default:
		t.Skip("another language child process")
	}
	chartUnitCases(t, chart.NumberingWestern, "¥12,119,471", "123,456", "53.8 %")
	out := uitest.RunLanguageChild(t, "TestChartUnit_NumberingFollowsLanguage", numberingChild)
	if !strings.Contains(out, "--- PASS: TestChartUnit_NumberingFollowsLanguage/") {
		t.Fatalf("the Japanese child ran no cases:\n%s", out)
	}
}
