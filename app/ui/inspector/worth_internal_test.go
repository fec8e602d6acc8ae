package inspector

import (
	"context"
	"os"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/ui/internal/uitest"
)

// worthLang is the language of this run: English, or Japanese in the
// child process TestInspector_WorthJapanese starts.
func worthLang() (report.Lang, string) {
	if os.Getenv(uitest.LangChildEnv) == japaneseChild {
		return report.Japanese, "ja"
	}
	return report.English, "en"
}

func TestInspector_Worth(t *testing.T) { worthCases(t) }
func TestInspector_WorthJapanese(t *testing.T) {
	if inJapanese(t, "TestInspector_WorthJapanese") {
		worthCases(t)
	}
}

// worthCases: the fiscal-year section shows beside a node with a target
// what its reaching the target is worth, the sentence report.WorthLine
// makes of workspace.Worth (the Review tab's and `kpitreectl worth`'s
// figure and rank); nothing for a node without a target, nor while the
// forecasts are out of date.
func worthCases(t *testing.T) {
	l, code := worthLang()
	uitest.NewWindow(t)
	a := sample(t, code)
	in := New(nil)
	in.SetSource(a, nil)
	show := func(id string) {
		in.SetNode(shownTree(t, a), id)
		settle(in)
	}
	t.Run("should not forecast to show it", func(t *testing.T) {
		show("addon_revenue")
		if a.Workspace.ForecastsCurrent() || !in.fy.worth.Label.Hidden {
			t.Errorf("forecasts current %v, worth shown %q", a.Workspace.ForecastsCurrent(), in.fy.worth.Label.Text)
		}
	})
	forecastSample(t, a)
	settle(in)
	w, err := a.Workspace.Worth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range w.Rows {
		t.Run("should show the worth of "+r.Node, func(t *testing.T) {
			show(r.Node)
			want, ok := report.For(l).WorthLine(w, r.Node)
			if !ok || in.fy.worth.Label.Hidden || in.fy.worth.Label.Text != want {
				t.Errorf("shown %v %q, want %q", !in.fy.worth.Label.Hidden, in.fy.worth.Label.Text, want)
			}
		})
	}
	t.Run("should show nothing for a node without a target", func(t *testing.T) {
		var id string
		for _, n := range shownTree(t, a).Nodes {
			if len(n.Targets) == 0 {
				id = n.ID
				break
			}
		}
		show(id)
		if !in.fy.worth.Label.Hidden {
			t.Errorf("%s has no target but the inspector says %q", id, in.fy.worth.Label.Text)
		}
	})
}
