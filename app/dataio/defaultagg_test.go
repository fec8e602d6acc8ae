package dataio_test

import (
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// TestDefaultAgg_SuggestsByWhatTheColumnCounts: events sum, daily levels
// such as daily active users average, stocks such as seats and balances
// take the last value, ratios average; in English and Japanese.
func TestDefaultAgg_SuggestsByWhatTheColumnCounts(t *testing.T) {
	for _, tc := range []struct {
		name, unit, want string
	}{
		// events: sum
		{"logins", "", dataio.AggSum},
		{"login_count", "", dataio.AggSum},
		{"ログイン数", "", dataio.AggSum},
		{"chats_sent", "", dataio.AggSum},
		{"チャット送信数", "", dataio.AggSum},
		{"tickets", "", dataio.AggSum},
		{"問い合わせ件数", "", dataio.AggSum},
		{"new_users", "", dataio.AggSum},
		{"新規ユーザー数", "", dataio.AggSum},
		{"revenue_jpy", "JPY", dataio.AggSum},
		{"売上（円）", "JPY", dataio.AggSum},
		// daily levels: mean
		{"active_users", "", dataio.AggMean},
		{"DAU", "", dataio.AggMean},
		{"ＤＡＵ", "", dataio.AggMean}, // full-width
		{"日次アクティブユーザー数", "", dataio.AggMean},
		{"日次アクティブ", "", dataio.AggMean},
		{"アクティブユーザー", "", dataio.AggMean},
		{"MAU", "", dataio.AggMean},
		{"player level", "", dataio.AggMean},
		// ratios: mean
		{"active_rate", "%", dataio.AggMean},
		{"アクティブ率", "", dataio.AggMean},
		{"logins per seat", "", dataio.AggMean},
		{"unit_price_jpy", "JPY", dataio.AggMean},
		{"NPS", "", dataio.AggMean},
		// stocks: last
		{"seats", "", dataio.AggLast},
		{"席数", "", dataio.AggLast},
		{"balance", "JPY", dataio.AggLast},
		{"残高", "JPY", dataio.AggLast},
		{"active_customers", "", dataio.AggLast},
		{"付帯総客数", "", dataio.AggLast},
		{"csm_count", "", dataio.AggLast},
		{"CSM人数", "", dataio.AggLast},
		{"MRR", "JPY", dataio.AggLast},
		// unknown: sum
		{"widgets", "", dataio.AggSum},
	} {
		if got := dataio.DefaultAgg(tc.name, tc.unit); got != tc.want {
			t.Errorf("DefaultAgg(%q, %q) = %s, want %s", tc.name, tc.unit, got, tc.want)
		}
	}
}

// TestAggregationRules_Applied checks each rule against hand-computed
// values: 2025-04-28 (Mon) … 2025-05-11 (Sun), two whole ISO weeks and
// April's last three days.
func TestAggregationRules_Applied(t *testing.T) {
	const daily = "date,ログイン数,DAU,席数\n" +
		"2025-04-28,10,100,50\n2025-04-29,20,110,50\n2025-04-30,30,120,52\n" + // April: 3 days
		"2025-05-01,40,130,52\n2025-05-02,50,140,53\n2025-05-03,5,60,53\n2025-05-04,5,70,54\n" + // rest of week 1
		"2025-05-05,10,100,54\n2025-05-06,10,100,55\n2025-05-07,10,100,55\n2025-05-08,10,100,55\n2025-05-09,10,100,56\n2025-05-10,1,40,56\n2025-05-11,1,60,57\n"
	t.Run("should sum logins, average DAU and take the last seat count per week", func(t *testing.T) {
		ds, _ := readString(t, daily, dataio.Options{TargetFreq: kpitree.Week, FiscalYearStart: time.April})
		if ds.Calendar.Freq != kpitree.Week || ds.Calendar.Periods != 2 || !ds.Calendar.Start.Equal(time.Date(2025, 4, 28, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("calendar %+v", ds.Calendar)
		}
		want := map[string][]float64{
			"ログイン数": {10 + 20 + 30 + 40 + 50 + 5 + 5, 10*5 + 1 + 1},
			"DAU":   {(100 + 110 + 120 + 130 + 140 + 60 + 70) / 7.0, (100*5 + 40 + 60) / 7.0},
			"席数":    {54, 57},
		}
		aggs := map[string]string{"ログイン数": dataio.AggSum, "DAU": dataio.AggMean, "席数": dataio.AggLast}
		for name, w := range want {
			c, ok := ds.Column(name)
			if !ok || c.Agg != aggs[name] {
				t.Fatalf("column %s: %+v", name, c)
			}
			for i := range w {
				if math.Abs(c.Values[i]-w[i]) > 1e-9 {
					t.Errorf("%s week %d = %v, want %v", name, i, c.Values[i], w[i])
				}
			}
		}
	})
	t.Run("should aggregate to months and let --agg change a rule", func(t *testing.T) {
		ds, _ := readString(t, daily, dataio.Options{TargetFreq: kpitree.Month, FiscalYearStart: time.April,
			Agg: map[string]string{"DAU": dataio.AggMax, "席数": dataio.AggMean}})
		if ds.Calendar.Periods != 2 {
			t.Fatalf("calendar %+v", ds.Calendar)
		}
		for _, tc := range []struct {
			col  string
			want []float64
		}{
			{"ログイン数", []float64{60, 40 + 50 + 5 + 5 + 10*5 + 1 + 1}},
			{"DAU", []float64{120, 140}},
			{"席数", []float64{152 / 3.0, (52 + 53 + 53 + 54 + 54 + 55 + 55 + 55 + 56 + 56 + 57) / 11.0}},
		} {
			c, _ := ds.Column(tc.col)
			for i := range tc.want {
				if math.Abs(c.Values[i]-tc.want[i]) > 1e-9 {
					t.Errorf("%s month %d = %v, want %v", tc.col, i, c.Values[i], tc.want[i])
				}
			}
		}
	})
}
