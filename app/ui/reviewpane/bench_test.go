package reviewpane_test

import (
	"testing"

	"github.com/kpitree/kpitree/app/ui/internal/uitest"
	"github.com/kpitree/kpitree/app/ui/reviewpane"
	"github.com/kpitree/kpitree/kpitree"
)

// BenchmarkReviewPane_Refresh is one full refresh of the Review pane on
// the sample, as after a workspace change: the window lists, the bridge
// and its waterfall drawn at 900×340, what each KPI is worth and the
// alerts (with the planted sample's three band rules for "alert rules",
// whose hold-out forecasts dominate). Forecasts are cached by the first,
// unmeasured refresh. "bridge" is one picker change (FY2025 vs a year
// before): the bridge and its waterfall only.
func BenchmarkReviewPane_Refresh(b *testing.B) {
	for _, tc := range []struct {
		name  string
		rules bool
	}{{"sample", false}, {"alert rules", true}} {
		b.Run(tc.name, func(b *testing.B) {
			w := uitest.NewWindow(b)
			ws := uitest.Sample(b, "en")
			if tc.rules {
				for id, rules := range map[string][]kpitree.AlertRule{
					"addon_revenue": {{Kind: kpitree.AlertBand95}},
					"active_rate":   {{Kind: kpitree.AlertBand95}, {Kind: kpitree.AlertBand80}},
				} {
					n, _ := ws.Node(id)
					n.Alerts = rules
					if err := ws.SetNode(n); err != nil {
						b.Fatal(err)
					}
				}
			}
			v := reviewpane.New(w, ws, nil, nil)
			w.SetContent(v.Content())
			uitest.Settle(v)
			for b.Loop() {
				v.Refresh()
				uitest.Settle(v)
			}
		})
	}
	b.Run("bridge", func(b *testing.B) {
		w := uitest.NewWindow(b)
		ws := uitest.Sample(b, "en")
		v := reviewpane.New(w, ws, nil, nil)
		w.SetContent(v.Content())
		uitest.Settle(v)
		v.PickRef("yoy")
		periods := []string{"FY2025", "FY2024"}
		i := 0
		for b.Loop() {
			v.PickPeriod(periods[i%2])
			i++
			uitest.Settle(v)
		}
	})
}
