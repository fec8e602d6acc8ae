package chart_test

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/assets"
)

// sample holds the columns of assets/data/cs_monthly.csv (36 months from
// April 2023), the data every example draws.
type sample struct {
	revenue, price, active, onboarded, csm, perCSM, rate []float64
}

func loadSample() sample {
	f, err := assets.SampleData.Open("data/cs_monthly.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		panic(err)
	}
	col := func(i int) []float64 {
		out := make([]float64, 0, len(rows)-1)
		for _, r := range rows[1:] {
			v, err := strconv.ParseFloat(r[i], 64)
			if err != nil {
				v = math.NaN()
			}
			out = append(out, v)
		}
		return out
	}
	return sample{revenue: col(1), price: col(2), active: col(3), onboarded: col(4), csm: col(5), perCSM: col(6), rate: col(7)}
}

// fiscalPeriod is April 2023 monthly with an April fiscal year.
func fiscalPeriod(label string) chart.Period {
	return chart.Period{Start: time.Date(2023, time.April, 1, 0, 0, 0, 0, time.UTC), FiscalYearStart: time.April, FiscalLabel: label}
}

// forecastFrom makes a seeded, plausible forecast of h periods continuing
// actual: trend from the last year, widening bands.
func forecastFrom(actual []float64, h int, seed uint64) chart.Band {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	n := len(actual)
	last := actual[n-1]
	growth := (actual[n-1] - actual[n-13]) / 12
	b := chart.Band{Start: n}
	for i := 1; i <= h; i++ {
		seasonal := actual[n-12+(i-1)%12] - actual[n-13+(i-1)%12]
		m := last + growth*float64(i) + 0.3*seasonal + rng.NormFloat64()*0.002*last
		sd := 0.02 * last * math.Sqrt(float64(i))
		b.Median = append(b.Median, m)
		b.Lo80 = append(b.Lo80, m-1.2816*sd)
		b.Hi80 = append(b.Hi80, m+1.2816*sd)
		b.Lo95 = append(b.Lo95, m-1.96*sd)
		b.Hi95 = append(b.Hi95, m+1.96*sd)
	}
	return b
}

func scaled(vals []float64, from int, k float64) []float64 {
	out := make([]float64, len(vals))
	for i, v := range vals {
		out[i] = v
		if i >= from {
			out[i] = v * (1 + k*math.Min(1, float64(i-from+1)/3))
		}
	}
	return out
}

// japanese returns u with 万/億 numbering, as the app passes it when the
// UI or workspace language is Japanese.
func japanese(u chart.Unit) chart.Unit {
	u.Numbering = chart.NumberingJapanese
	return u
}

// revenueFan is the EN or JA fan chart of add-on revenue used by the
// examples, tests and benchmarks.
func revenueFan(ja bool) *chart.FanChart {
	s := loadSample()
	b := forecastFrom(s.revenue, 12, 1)
	// The plan: +5 % a month in FY2023–FY2024, +3.5 % after that.
	target := make([]float64, 48)
	target[0] = 1.5e6
	for i := 1; i < len(target); i++ {
		g := 1.05
		if i >= 24 {
			g = 1.035
		}
		target[i] = target[i-1] * g
	}
	scen := chart.Line{Name: "Active rate +5 pt from April", Start: b.Start, Values: scaled(b.Median, 0, 0.045)}
	fc := &chart.FanChart{
		Title:     "Add-on revenue",
		Subtitle:  "Monthly, actuals FY2023–FY2025 and 12-month forecast against plan",
		Note:      "Source: cs_monthly.csv · forecast: seasonal trend model, bands are prediction intervals",
		Period:    fiscalPeriod(""),
		Unit:      chart.Yen("JPY / month"),
		Actual:    s.revenue,
		Forecast:  b,
		Target:    target,
		Scenarios: []chart.Line{scen},
		Labels:    chart.FanLabels{Target: "Plan"},
	}
	if ja {
		fc.Title = "アドオン売上高"
		fc.Subtitle = "月次・実績（2023年度〜2025年度）と12か月予測、計画との比較"
		fc.Note = "出典: cs_monthly.csv・予測: 季節トレンドモデル、帯は予測区間"
		fc.Period = fiscalPeriod("%d年度")
		fc.Unit = japanese(chart.Yen("円／月"))
		fc.Scenarios[0].Name = "4月からアクティブ率 +5pt"
		fc.Labels = chart.FanLabels{Actual: "実績", Forecast: "予測（中央値）", Band80: "80% 予測区間", Band95: "95% 予測区間", Target: "計画"}
	}
	return fc
}

// revenueCompare compares the base revenue forecast with two scenarios.
func revenueCompare(ja bool) *chart.ScenarioCompare {
	s := loadSample()
	b := forecastFrom(s.revenue, 12, 2)
	sc := &chart.ScenarioCompare{
		Title:    "Add-on revenue: scenarios vs base",
		Subtitle: "Difference from base at the end of FY2026",
		Period:   fiscalPeriod(""),
		Unit:     chart.Yen("JPY / month"),
		Actual:   s.revenue[24:],
		Base:     chart.Line{Name: "Base", Start: b.Start - 24, Values: b.Median},
		Scenarios: []chart.Line{
			{Name: "Active rate +5 pt from April", Start: b.Start - 24, Values: scaled(b.Median, 0, 0.041)},
			{Name: "One CSM fewer from July", Start: b.Start - 24, Values: scaled(b.Median, 3, -0.06)},
		},
	}
	sc.Period.Start = sc.Period.Start.AddDate(2, 0, 0)
	if ja {
		sc.Title = "アドオン売上高：シナリオ比較"
		sc.Subtitle = "2026年度末時点のベースとの差"
		sc.Period.FiscalLabel = "%d年度"
		sc.Unit = japanese(chart.Yen("円／月"))
		sc.ActualLabel = "実績"
		sc.Base.Name = "ベース"
		sc.Scenarios[0].Name = "4月からアクティブ率 +5pt"
		sc.Scenarios[1].Name = "7月からCSM 1名減"
	}
	return sc
}

// revenueWaterfall splits FY2024 → FY2025 revenue growth over drivers.
func revenueWaterfall(ja bool) *chart.Waterfall {
	w := &chart.Waterfall{
		Title:      "Why add-on revenue grew from FY2024 to FY2025",
		Subtitle:   "Change in average monthly revenue, split over drivers (LMDI)",
		Unit:       chart.Yen("JPY / month"),
		StartLabel: "FY2024",
		EndLabel:   "FY2025",
		Start:      4_312_000,
		End:        6_874_500,
		Parts: []chart.Contribution{
			{Label: "CSM headcount", Value: 1_210_000},
			{Label: "Onboardings per CSM", Value: 845_500},
			{Label: "Active rate", Value: 612_000},
			{Label: "Average add-on unit price", Value: -105_000},
		},
	}
	if ja {
		w.Title = "アドオン売上高の増加要因（2024年度→2025年度）"
		w.Subtitle = "月平均売上の変化をドライバーに分解（LMDI）"
		w.Unit = japanese(chart.Yen("円／月"))
		w.StartLabel, w.EndLabel = "2024年度", "2025年度"
		for i, l := range []string{"CSM人数", "CSM1人あたりオンボーディング数", "アクティブ率", "アドオン平均単価"} {
			w.Parts[i].Label = l
		}
		w.UpLabel, w.DownLabel = "増加", "減少"
	}
	return w
}

// revenueTornado ranks drivers by their effect on revenue at ±10 %.
func revenueTornado(ja bool) *chart.Tornado {
	base := 8_650_000.0
	t := &chart.Tornado{
		Title:    "Which driver moves add-on revenue most?",
		Subtitle: "FY2026 average monthly revenue when each controllable driver moves ±10 %",
		Unit:     chart.Yen("JPY / month"),
		Base:     base,
		Bars: []chart.Sensitivity{
			{Label: "Average add-on unit price", Low: base * 0.9, High: base * 1.1},
			{Label: "Active rate", Low: base * 0.9, High: base * 1.1},
			{Label: "CSM headcount", Low: base * 0.935, High: base * 1.06},
			{Label: "Onboardings per CSM", Low: base * 0.95, High: base * 1.045},
			{Label: "Churned accounts", Low: base * 1.02, High: base * 0.978},
		},
		LowLabel:  "Driver −10 %",
		HighLabel: "Driver +10 %",
	}
	if ja {
		t.Title = "売上高への影響が大きいドライバー"
		t.Subtitle = "各ドライバーを ±10% 動かしたときの2026年度月平均売上"
		t.Unit = japanese(chart.Yen("円／月"))
		t.BaseLabel = "ベース"
		for i, l := range []string{"アドオン平均単価", "アクティブ率", "CSM人数", "CSM1人あたりオンボーディング数", "解約アカウント数"} {
			t.Bars[i].Label = l
		}
		t.LowLabel, t.HighLabel = "ドライバー −10%", "ドライバー +10%"
	}
	return t
}

// canonicalTree is the template tree of the domain brief with values for
// March 2026 and the change against base.
func canonicalTree(ja bool) *chart.TreePicture {
	nan := math.NaN()
	nodes := []chart.TreeNode{
		{ID: "revenue", Name: "Add-on revenue", Value: 8_640_750, Unit: chart.Yen(""), Delta: 354_000, DeltaRel: 0.0427, DeltaLabel: "vs base", Status: chart.StatusGreen, Op: "×"},
		{ID: "price", Parent: "revenue", Name: "Average add-on unit price", Value: 12_370, Unit: chart.Yen(""), Delta: -80, DeltaRel: -0.0064, DeltaLabel: "vs base", Status: chart.StatusAmber},
		{ID: "active", Parent: "revenue", Name: "Add-on customers (active)", Value: 698, Unit: chart.Count(""), Delta: 31, DeltaRel: 0.0465, DeltaLabel: "vs base", Status: chart.StatusGreen, Op: "×"},
		{ID: "onboarded", Parent: "active", Name: "Onboarded accounts", Value: 1_112, Unit: chart.Count(""), Delta: 12, DeltaRel: 0.011, DeltaLabel: "vs base", Status: chart.StatusGreen, Op: "×"},
		{ID: "rate", Parent: "active", Name: "Active rate", Value: 0.628, Unit: chart.Percent(""), Delta: 0.021, DeltaRel: nan, DeltaLabel: "vs base", Status: chart.StatusRed},
		{ID: "csm", Parent: "onboarded", Name: "CSM headcount", Value: 14, Unit: chart.Count(""), Delta: 0, DeltaRel: 0, DeltaLabel: "vs base", Status: chart.StatusGreen},
		{ID: "percsm", Parent: "onboarded", Name: "Onboardings per CSM", Value: 79.43, Unit: chart.Number(""), Delta: 0.86, DeltaRel: 0.011, DeltaLabel: "vs base", Status: chart.StatusAmber},
	}
	tp := &chart.TreePicture{
		Title:    "Add-on revenue KPI tree",
		Subtitle: "March 2026, scenario “Active rate +5 pt” vs base",
		Nodes:    nodes,
		Legend:   []string{"On track", "At risk", "Off track"},
	}
	if ja {
		tp.Title = "アドオン売上高 KPIツリー"
		tp.Subtitle = "2026年3月・シナリオ「アクティブ率 +5pt」とベースの比較"
		tp.Legend = []string{"順調", "注意", "未達"}
		for i, l := range []string{"アドオン売上高", "アドオン平均単価", "アドオン利用顧客数（アクティブ）", "オンボーディング済みアカウント数", "アクティブ率", "CSM人数", "CSM1人あたりオンボーディング数"} {
			tp.Nodes[i].Name = l
			tp.Nodes[i].DeltaLabel = "ベース比"
			tp.Nodes[i].Unit = japanese(tp.Nodes[i].Unit)
		}
	}
	return tp
}

// leafMultiples shows every leaf of the canonical tree with a forecast.
func leafMultiples(ja bool) *chart.SmallMultiples {
	s := loadSample()
	per := fiscalPeriod("")
	mk := func(title string, u chart.Unit, vals []float64, seed uint64) chart.FanChart {
		return chart.FanChart{Title: title, Period: per, Unit: u, Actual: vals, Forecast: forecastFrom(vals, 12, seed)}
	}
	rate := mk("Active rate", chart.Percent("%"), s.rate, 3)
	rate.RAG = &chart.RAG{Green: 0.6, Red: 0.5}
	sm := &chart.SmallMultiples{
		Title:    "Leaf KPIs: actuals and 12-month forecast",
		Subtitle: "Every controllable driver of add-on revenue",
		Panels: []chart.FanChart{
			mk("Average add-on unit price", chart.Yen("JPY"), s.price, 4),
			rate,
			mk("CSM headcount", chart.Count("people"), s.csm, 5),
			mk("Onboardings per CSM", chart.Number("accounts / person"), s.perCSM, 6),
			mk("Onboarded accounts", chart.Count("accounts"), s.onboarded, 7),
			{Title: "Logins per seat", Period: per, Unit: chart.Number("")},
		},
	}
	if ja {
		for i := range sm.Panels {
			sm.Panels[i].Period.FiscalLabel = "%d年度"
			sm.Panels[i].Unit = japanese(sm.Panels[i].Unit)
		}
		sm.Title = "リーフKPI：実績と12か月予測"
		sm.Subtitle = "アドオン売上高のコントロール可能なドライバー"
		sm.Labels = chart.FanLabels{Actual: "実績", Forecast: "予測（中央値）", Band80: "80% 予測区間", Band95: "95% 予測区間"}
		sm.NoDataLabel = "データなし"
		for i, l := range []string{"アドオン平均単価", "アクティブ率", "CSM人数", "CSM1人あたりオンボーディング数", "オンボーディング済みアカウント数", "シートあたりログイン数"} {
			sm.Panels[i].Title = l
		}
		sm.Panels[0].Unit.Label = "円"
		sm.Panels[2].Unit.Label = "人"
		sm.Panels[3].Unit.Label = "件／人"
		sm.Panels[4].Unit.Label = "件"
	}
	return sm
}
