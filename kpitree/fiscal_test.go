package kpitree_test

import (
	"math"
	"testing"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// fyBook is two fiscal years (April 2023 – March 2025) of a SaaS business
// kept by hand: an MRR movement with 2 % of the month's opening MRR churned
// every month, customers with their own churn, and the add-on tree's
// drivers. Every figure a test expects is computed from these columns with
// the finance conventions, never through the package.
type fyBook struct {
	n                                                 int
	startMRR, newMRR, expansion, contraction, churned []float64
	cas, churnedCust                                  []float64 // customers at start, churned customers
	customers, arpa                                   []float64
	csm, perCSM, activeRate                           []float64
	renewed, upForRenewal                             []float64
}

func newFYBook() fyBook {
	const n = 24
	b := fyBook{n: n}
	mk := func() []float64 { return make([]float64, n) }
	b.startMRR, b.newMRR, b.expansion, b.contraction, b.churned = mk(), mk(), mk(), mk(), mk()
	b.cas, b.churnedCust, b.customers, b.arpa = mk(), mk(), mk(), mk()
	b.csm, b.perCSM, b.activeRate, b.renewed, b.upForRenewal = mk(), mk(), mk(), mk(), mk()
	mrr, cust := 10_000_000.0, 500.0
	for t := range n {
		b.startMRR[t] = mrr
		b.newMRR[t] = 300_000 + 10_000*float64(t)
		b.expansion[t] = 150_000 + 40_000*float64(t%3)
		b.contraction[t] = 50_000 + 2_000*float64(t)
		b.churned[t] = 0.02 * mrr
		mrr += b.newMRR[t] + b.expansion[t] - b.contraction[t] - b.churned[t]
		b.cas[t] = cust
		b.churnedCust[t] = 0.015*cust + float64(t%4)
		cust += 18 - b.churnedCust[t]
		b.customers[t] = cust
		b.arpa[t] = mrr / cust
		b.csm[t] = 8 + float64(t/6)
		b.perCSM[t] = 40 + 1.5*float64(t)
		b.activeRate[t] = 0.55 + 0.01*float64(t%7)
		b.renewed[t] = 800_000 + 5_000*float64(t)
		b.upForRenewal[t] = 900_000 + 3_000*float64(t)
	}
	return b
}

// inputs binds the book to the template leaves that exist in t; the other
// leaves get a flat 1 so the tree evaluates.
func (b fyBook) inputs(t kpitree.Tree) kpitree.Inputs {
	cols := map[string][]float64{
		"start_mrr": b.startMRR, "new_mrr": b.newMRR, "expansion_mrr": b.expansion, "contraction_mrr": b.contraction,
		"churned_mrr": b.churned, "customers_at_start": b.cas, "churned_customers": b.churnedCust,
		"customers": b.customers, "arpa": b.arpa, "csm_count": b.csm, "onboarded_per_csm": b.perCSM,
		"active_rate": b.activeRate, "renewed_mrr": b.renewed, "mrr_up_for_renewal": b.upForRenewal,
	}
	in := kpitree.Inputs{}
	for _, nd := range t.Nodes {
		if nd.Kind != kpitree.KindInput {
			continue
		}
		if c, ok := cols[nd.ID]; ok {
			in[nd.ID] = c
			continue
		}
		flat := make([]float64, b.n)
		for k := range flat {
			flat[k] = 1
		}
		in[nd.ID] = flat
	}
	return in
}

func sumOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// handFY is the finance figure of each KPI for fiscal year 2023 (periods
// 0–11), from the book alone.
func (b fyBook) handFY() map[string]float64 {
	fy := func(c []float64) []float64 { return c[0:12] }
	s0 := b.startMRR[0]
	grr := (s0 - sumOf(fy(b.contraction)) - sumOf(fy(b.churned))) / s0
	exp := sumOf(fy(b.expansion)) / s0
	custChurn := sumOf(fy(b.churnedCust)) / b.cas[0]
	return map[string]float64{
		"grr":                     grr,
		"expansion_rate":          exp,
		"nrr":                     (s0 + sumOf(fy(b.expansion)) - sumOf(fy(b.contraction)) - sumOf(fy(b.churned))) / s0,
		"revenue_churn_rate":      sumOf(fy(b.churned)) / s0,
		"customer_churn_rate":     custChurn,
		"customer_retention_rate": 1 - custChurn,
		// A share of a stock: the year-end share, which is year-end active
		// customers ÷ year-end onboarded accounts.
		"active_rate":      (b.csm[11] * b.perCSM[11] * b.activeRate[11]) / (b.csm[11] * b.perCSM[11]),
		"active_customers": b.csm[11] * b.perCSM[11] * b.activeRate[11],
		"arr":              12 * b.customers[11] * b.arpa[11],
		"mrr":              b.customers[11] * b.arpa[11],
		"renewal_rate":     sumOf(fy(b.renewed)) / sumOf(fy(b.upForRenewal)),
		"churned_mrr":      sumOf(fy(b.churned)),
		"start_mrr":        s0,
	}
}

func evalTemplate(t *testing.T, id string, b fyBook) (*kpitree.State, *kpitree.Aggregator) {
	t.Helper()
	tree, err := kpitree.NewFromTemplate(id, "en")
	if err != nil {
		t.Fatal(err)
	}
	tree.Calendar.Start = time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	tree.Calendar.Periods = b.n
	p, _, err := kpitree.Compile(tree)
	if err != nil {
		t.Fatal(err)
	}
	s := p.NewState(b.n)
	if err := s.SetInputs(b.inputs(tree)); err != nil {
		t.Fatal(err)
	}
	s.Run()
	return s, kpitree.NewAggregator(p)
}

func TestFiscalYear_EveryTemplateGivesTheFinanceFigures(t *testing.T) {
	b := newFYBook()
	want := b.handFY()
	checked := map[string]bool{}
	for _, ti := range kpitree.Templates() {
		t.Run("should give the hand-computed FY 2023 figures in template "+ti.ID, func(t *testing.T) {
			s, agg := evalTemplate(t, ti.ID, b)
			p := s.Program()
			for id, w := range want {
				i := p.Index(id)
				if i < 0 {
					continue
				}
				got, ok := agg.FiscalYear(i, s.Column, 2023, b.n)
				if !ok || !coreNear(got, w, 1e-12) {
					t.Errorf("%s: FY 2023 = %v, want %v (%s)", id, got, w, agg.Info(i).Explanation())
				}
				checked[id] = true
			}
		})
	}
	for _, id := range []string{"grr", "nrr", "revenue_churn_rate", "customer_churn_rate", "customer_retention_rate", "active_rate", "arr"} {
		if !checked[id] {
			t.Errorf("no template has %s: the finance figures were not checked", id)
		}
	}
}

func TestFiscalYear_RateConventions(t *testing.T) {
	b := newFYBook()
	mean := func(xs []float64) float64 { return sumOf(xs) / float64(len(xs)) }
	monthly := func(f func(t int) float64) []float64 {
		out := make([]float64, 12)
		for t := range out {
			out[t] = f(t)
		}
		return out
	}
	churnM := monthly(func(t int) float64 { return b.churned[t] / b.startMRR[t] })
	nrrM := monthly(func(t int) float64 {
		return (b.startMRR[t] + b.expansion[t] - b.contraction[t] - b.churned[t]) / b.startMRR[t]
	})
	prod := func(xs []float64) float64 {
		p := 1.0
		for _, x := range xs {
			p *= x
		}
		return p
	}
	fyChurn := b.handFY()["revenue_churn_rate"]
	fyNRR := b.handFY()["nrr"]
	tests := []struct {
		name, node string
		rate       kpitree.FYRate
		want       float64
	}{
		{"compounded churn is 1 − (1 − 2 %)¹² for a steady 2 % a month", "revenue_churn_rate", kpitree.RateCompound, 1 - math.Pow(0.98, 12)},
		{"the monthly equivalent of the year's churn is 1 − (1 − r)^(1/12)", "revenue_churn_rate", kpitree.RatePeriod, 1 - math.Pow(1-fyChurn, 1.0/12)},
		{"the old figure is the mean of the monthly churn rates", "revenue_churn_rate", kpitree.RateMean, mean(churnM)},
		{"compounded NRR multiplies the monthly NRRs", "nrr", kpitree.RateCompound, prod(nrrM)},
		{"the monthly equivalent of the year's NRR is its 12th root", "nrr", kpitree.RatePeriod, math.Pow(fyNRR, 1.0/12)},
		{"the year's NRR is the default", "nrr", kpitree.RateYear, fyNRR},
	}
	for _, tt := range tests {
		t.Run("should show "+tt.name, func(t *testing.T) {
			tree, err := kpitree.NewFromTemplate("retention_churn", "en")
			if err != nil {
				t.Fatal(err)
			}
			tree.Calendar.Start = time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
			tree.Calendar.Periods = b.n
			_, i, _ := tree.NodeByID(tt.node)
			tree.Nodes[i].FYRate = string(tt.rate)
			p, _, err := kpitree.Compile(tree)
			if err != nil {
				t.Fatal(err)
			}
			s := p.NewState(b.n)
			if err := s.SetInputs(b.inputs(tree)); err != nil {
				t.Fatal(err)
			}
			s.Run()
			agg := kpitree.NewAggregator(p)
			got, _ := agg.FiscalYear(i, s.Column, 2023, b.n)
			if !coreNear(got, tt.want, 1e-12) {
				t.Errorf("%s (%s) = %v, want %v", tt.node, tt.rate, got, tt.want)
			}
			if info := agg.Info(i); info.Rate != tt.rate || !info.RateOK {
				t.Errorf("Info = %+v, want rate %s", info, tt.rate)
			}
		})
	}
	// The figures: 2 % a month is about 21.5 % a year compounded,
	// while the mean of the months stays at 2 %.
	if got := 1 - math.Pow(0.98, 12); math.Abs(got-0.2153) > 0.0001 {
		t.Errorf("1 − 0.98¹² = %v", got)
	}
}

func TestCheck_WarnsOnARRAsMRRTimes12LabelledPerMonth(t *testing.T) {
	tree, err := kpitree.NewFromTemplate("saas_revenue", "en")
	if err != nil {
		t.Fatal(err)
	}
	// The template as it was before time had a unit.
	_, i, _ := tree.NodeByID("arr")
	tree.Nodes[i].Formula, tree.Nodes[i].Unit = "mrr * 12", "JPY/month"
	found := false
	for _, d := range kpitree.Check(tree, nil) {
		if d.Node == "arr" && d.Code == kpitree.CodeTimeScale {
			found = true
			if d.Severity != kpitree.SevWarning || d.MsgCode != kpitree.MsgUnitTimeMul {
				t.Errorf("finding = %+v, want a %s warning", d, kpitree.MsgUnitTimeMul)
			}
		}
	}
	if !found {
		t.Error("Check does not warn on arr = mrr * 12 labelled JPY/month")
	}

	t.Run("should not warn on the fixed template", func(t *testing.T) {
		for _, id := range []string{"saas_revenue", "ltv_efficiency", "stage_scale"} {
			tree, _ := kpitree.NewFromTemplate(id, "en")
			for _, d := range kpitree.Check(tree, nil) {
				if d.Code == kpitree.CodeTimeScale || d.Code == kpitree.CodeUnit || d.Code == kpitree.CodeFYKind {
					t.Errorf("%s: %v", id, d)
				}
			}
		}
	})
	t.Run("should flag the stated unit when ARR is labelled per year but computed with a bare 12", func(t *testing.T) {
		tree.Nodes[i].Unit = "JPY/year"
		var codes []string
		for _, d := range kpitree.Check(tree, nil) {
			if d.Node == "arr" {
				codes = append(codes, d.Code)
			}
		}
		if len(codes) != 2 {
			t.Errorf("codes on arr = %v, want time-scale and unit-mismatch", codes)
		}
	})
}

func TestEveryTemplate_ChecksWithoutUnitOrTimeFindings(t *testing.T) {
	for _, ti := range kpitree.Templates() {
		tree, err := kpitree.NewFromTemplate(ti.ID, "ja")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range kpitree.Check(tree, nil) {
			switch d.Code {
			case kpitree.CodeTimeScale, kpitree.CodeUnit, kpitree.CodeFYKind:
				t.Errorf("%s: %v", ti.ID, d)
			}
		}
	}
}

func TestResolveAggregation_InfersAndMigrates(t *testing.T) {
	tree := kpitree.Tree{Root: "r", Calendar: kpitree.Calendar{Freq: kpitree.Month}, Nodes: []kpitree.Node{
		{ID: "r", Kind: kpitree.KindFormula, Formula: "price * users", Unit: "JPY/month"},
		{ID: "price", Kind: kpitree.KindInput, Unit: "JPY/user/month"},
		{ID: "users", Kind: kpitree.KindInput, Unit: "users"},
		{ID: "lost", Kind: kpitree.KindInput, Unit: "users/month"},
		{ID: "opening", Kind: kpitree.KindInput, Unit: "users", Aggregation: "opening", AggregationNote: "users at the start of the month"},
		{ID: "churn", Kind: kpitree.KindFormula, Formula: "lost / opening", Unit: "%"},
		{ID: "kept", Kind: kpitree.KindFormula, Formula: "1 - churn", Unit: "%"},
		{ID: "share", Kind: kpitree.KindInput, Unit: "%"},
		{ID: "legacy_sum", Kind: kpitree.KindInput, Unit: "users", Aggregation: "sum"},
		{ID: "legacy_mean_ratio", Kind: kpitree.KindFormula, Formula: "lost / users", Aggregation: "mean"},
		{ID: "legacy_mean", Kind: kpitree.KindInput, Unit: "users", Aggregation: "mean"},
		{ID: "running", Kind: kpitree.KindFormula, Formula: "cumsum(lost)", Unit: "users"},
		{ID: "bare", Kind: kpitree.KindInput},
		{ID: "k", Kind: kpitree.KindConstant, Value: 3},
		{ID: "start_mrr", Kind: kpitree.KindInput, Unit: "JPY/month", Aggregation: "mean"},
		{ID: "score", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{{Ref: "share", Weight: 1, Max: 1}}},
	}}
	want := map[string]struct {
		kind   kpitree.AggKind
		source kpitree.AggSource
		reason kpitree.AggReason
	}{
		"r":                 {kpitree.AggFlow, kpitree.SourceInferred, kpitree.ReasonHasFlow},
		"price":             {kpitree.AggFlow, kpitree.SourceInferred, kpitree.ReasonUnitFlow},
		"users":             {kpitree.AggStock, kpitree.SourceInferred, kpitree.ReasonUnitStock},
		"lost":              {kpitree.AggFlow, kpitree.SourceInferred, kpitree.ReasonUnitFlow},
		"opening":           {kpitree.AggOpening, kpitree.SourceSet, kpitree.ReasonSet},
		"churn":             {kpitree.AggRatio, kpitree.SourceInferred, kpitree.ReasonDivision},
		"kept":              {kpitree.AggRatio, kpitree.SourceInferred, kpitree.ReasonSameKind},
		"share":             {kpitree.AggAverage, kpitree.SourceInferred, kpitree.ReasonUnitPlain},
		"legacy_sum":        {kpitree.AggFlow, kpitree.SourceLegacy, kpitree.ReasonLegacySum},
		"legacy_mean_ratio": {kpitree.AggRatio, kpitree.SourceLegacy, kpitree.ReasonLegacyMeanRatio},
		"legacy_mean":       {kpitree.AggAverage, kpitree.SourceLegacy, kpitree.ReasonLegacyMean},
		"running":           {kpitree.AggStock, kpitree.SourceInferred, kpitree.ReasonCumsum},
		"bare":              {kpitree.AggFlow, kpitree.SourceInferred, kpitree.ReasonNoUnit},
		"k":                 {kpitree.AggStock, kpitree.SourceInferred, kpitree.ReasonConstant},
		"start_mrr":         {kpitree.AggOpening, kpitree.SourceTemplate, kpitree.ReasonTemplate},
		"score":             {kpitree.AggAverage, kpitree.SourceInferred, kpitree.ReasonHealth},
	}
	p, _, err := kpitree.Compile(tree)
	if err != nil {
		t.Fatal(err)
	}
	infos := kpitree.ResolveAggregation(p)
	for i, n := range tree.Nodes {
		w := want[n.ID]
		got := infos[i]
		if got.Kind != w.kind || got.Source != w.source || got.Reason != w.reason {
			t.Errorf("%s: got %s/%s/%s, want %s/%s/%s (%s)", n.ID, got.Kind, got.Source, got.Reason, w.kind, w.source, w.reason, got.Explanation())
		}
		if got.Explanation() == "" {
			t.Errorf("%s: empty explanation", n.ID)
		}
	}
	if e := infos[4].Explanation(); e != "set on the node: users at the start of the month" {
		t.Errorf("explanation with note = %q", e)
	}
}

func TestAnnualize_MultipliesByThePeriodsOfAYear(t *testing.T) {
	for _, tt := range []struct {
		freq kpitree.Freq
		unit string
		want float64
	}{{kpitree.Month, "JPY/month", 12}, {kpitree.Week, "JPY/week", 52}, {kpitree.Day, "JPY/day", 365}, {kpitree.Quarter, "JPY/quarter", 4}} {
		tree := kpitree.Tree{Root: "y", Calendar: kpitree.Calendar{Freq: tt.freq, Periods: 2}, Nodes: []kpitree.Node{
			{ID: "y", Kind: kpitree.KindFormula, Formula: "annualize(x)", Unit: "JPY/year"},
			{ID: "x", Kind: kpitree.KindInput, Unit: tt.unit, Values: []float64{1, 2}},
		}}
		for _, d := range kpitree.Check(tree, nil) {
			t.Errorf("%s: unexpected finding %v", tt.freq, d)
		}
		s, _, err := kpitree.Evaluate(tree, nil, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Values("y"); got[0] != tt.want || got[1] != 2*tt.want {
			t.Errorf("%s: annualize = %v, want ×%v", tt.freq, got, tt.want)
		}
	}
}

// retentionBook evaluates the retention template on the book.
func retentionBook(t *testing.T) (kpitree.Tree, fyBook, *kpitree.State) {
	t.Helper()
	b := newFYBook()
	tree, err := kpitree.NewFromTemplate("retention_churn", "en")
	if err != nil {
		t.Fatal(err)
	}
	tree.Calendar.Start = time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	tree.Calendar.Periods = b.n
	s, _, err := kpitree.Evaluate(tree, b.inputs(tree), nil, b.n)
	if err != nil {
		t.Fatal(err)
	}
	return tree, b, s
}

func TestSeekGoal_FiscalYearGRR(t *testing.T) {
	_, b, s := retentionBook(t)
	s0 := b.startMRR[0]
	target := 0.70
	res, err := kpitree.SeekGoal(s, kpitree.GoalSeek{Driver: "contraction_mrr", Node: "grr", Target: target,
		Window: kpitree.Window{FiscalYear: 2023}})
	if err != nil {
		t.Fatal(err)
	}
	// GRR = (S0 − 12·c − Σchurned) ÷ S0 with a flat contraction c.
	want := (s0*(1-target) - sumOf(b.churned[:12])) / 12
	if !res.Reachable || !coreNear(res.Value, want, 1e-6) || !coreNear(res.Achieved, target, 1e-9) {
		t.Errorf("goal seek = %+v, want contraction %v", res, want)
	}
	if !coreNear(res.Baseline, b.handFY()["grr"], 1e-12) {
		t.Errorf("baseline %v, want the FY GRR %v", res.Baseline, b.handFY()["grr"])
	}
}

func TestAttribute_FiscalYearNRRAddsUp(t *testing.T) {
	tree, b, base := retentionBook(t)
	sc := &kpitree.Scenario{Name: "better", Overrides: []kpitree.Override{
		{Node: "churned_mrr", Op: kpitree.OpScale, Value: -20, From: 0, To: -1},
		{Node: "expansion_mrr", Op: kpitree.OpScale, Value: 10, From: 0, To: -1},
	}}
	next, _, err := kpitree.Evaluate(tree, b.inputs(tree), sc, b.n)
	if err != nil {
		t.Fatal(err)
	}
	for _, drivers := range []kpitree.Drivers{kpitree.DriversLeaves, kpitree.DriversChildren} {
		a, err := kpitree.Attribute(base, next, kpitree.Window{FiscalYear: 2023}, kpitree.AttributionOptions{Node: "nrr", Drivers: drivers})
		if err != nil {
			t.Fatal(err)
		}
		s0 := b.startMRR[0]
		wantChange := (0.1*sumOf(b.expansion[:12]) + 0.2*sumOf(b.churned[:12])) / s0
		if !coreNear(a.Base, b.handFY()["nrr"], 1e-12) || !coreNear(a.Change, wantChange, 1e-9) {
			t.Errorf("drivers %d: base %v change %v, want %v and %v", drivers, a.Base, a.Change, b.handFY()["nrr"], wantChange)
		}
		total := 0.0
		for _, part := range a.Parts {
			total += part.Value
		}
		if !coreNear(total, a.Change, 1e-9) {
			t.Errorf("drivers %d: parts add up to %v, change %v: %+v", drivers, total, a.Change, a.Parts)
		}
		if drivers == kpitree.DriversLeaves {
			for _, part := range a.Parts {
				want := map[string]float64{"churned_mrr": 0.2 * sumOf(b.churned[:12]) / s0, "expansion_mrr": 0.1 * sumOf(b.expansion[:12]) / s0}[part.Node]
				if !coreNear(part.Value, want, 1e-9) {
					t.Errorf("%s: %v, want %v", part.Node, part.Value, want)
				}
			}
		}
	}
}

func TestMonteCarlo_ProbabilityOfAFiscalYearRatioTarget(t *testing.T) {
	tree, b, _ := retentionBook(t)
	for i := range tree.Nodes {
		if tree.Nodes[i].Kind == kpitree.KindInput {
			tree.Nodes[i].Values = b.inputs(tree)[tree.Nodes[i].ID]
		}
	}
	const paths, h = 40, 12
	// Path k churns (1 + k/40) × the book's churn over FY 2024.
	churn := make([]float64, paths*h)
	var want float64
	s := b.startMRR[12]
	grrs := make([]float64, paths)
	for k := range paths {
		lost := 0.0
		for t := range h {
			churn[k*h+t] = b.churned[12+t] * (1 + float64(k)/paths)
			lost += churn[k*h+t]
		}
		grrs[k] = (s - sumOf(b.contraction[12:24]) - lost) / s
	}
	target := (grrs[paths/3] + grrs[paths/3+1]) / 2 // between two paths: no tie
	for _, g := range grrs {
		if g >= target {
			want++
		}
	}
	want /= paths
	res, err := kpitree.MonteCarlo(t.Context(), tree, kpitree.MonteCarloInput{Paths: paths, Horizon: h, Start: 12,
		Samples: map[string][]float64{"churned_mrr": churn}, Nodes: []string{"grr"},
		Goal: &kpitree.MonteCarloGoal{Node: "grr", Window: kpitree.Window{FiscalYear: 2024}, Value: target}})
	if err != nil {
		t.Fatal(err)
	}
	if res.GoalPaths != paths || res.ProbGoal != want || want == 0 || want == 1 {
		t.Errorf("P(FY GRR ≥ %v) = %v over %d paths, want %v", target, res.ProbGoal, res.GoalPaths, want)
	}
}

// TestFiscalYear_WorkedExample recomputes the table of docs/fiscal-year.md.
func TestFiscalYear_WorkedExample(t *testing.T) {
	const n = 12
	flat := func(v float64) []float64 {
		c := make([]float64, n)
		for k := range c {
			c[k] = v
		}
		return c
	}
	opening, cas, customers, arpa := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for k := range n {
		opening[k] = 10_000_000 + 200_000*float64(k)
		cas[k] = 500 - 10*float64(k)
		customers[k] = 1000
		arpa[k] = (opening[k] + 200_000) / 1000 // end-of-month MRR = customers × ARPA
	}
	data := map[string][]float64{
		"start_mrr": opening, "new_mrr": flat(300_000), "expansion_mrr": flat(150_000), "contraction_mrr": flat(50_000),
		"churned_mrr": flat(200_000), "customers_at_start": cas, "churned_customers": flat(10), "customers": customers, "arpa": arpa,
		"csm_count": flat(10), "onboarded_per_csm": flat(100), "active_rate": append(flat(0.6)[:11], 0.69),
	}
	want := []struct {
		tmpl, node string
		rate       kpitree.FYRate
		value      float64
		digits     float64 // compare rounded to this unit, as the table shows
	}{
		{"saas_revenue", "arr", "", 148_800_000, 1},
		{"saas_revenue", "mrr", "", 12_400_000, 1},
		{"retention_churn", "churned_mrr", "", 2_400_000, 1},
		{"retention_churn", "start_mrr", "", 10_000_000, 1},
		{"retention_churn", "grr", "", 0.700, 0.001},
		{"retention_churn", "grr", kpitree.RateMean, 0.977, 0.001},
		{"retention_churn", "expansion_rate", "", 0.180, 0.001},
		{"retention_churn", "nrr", "", 0.880, 0.001},
		{"retention_churn", "nrr", kpitree.RateCompound, 0.897, 0.001},
		{"retention_churn", "nrr", kpitree.RatePeriod, 0.989, 0.001},
		{"retention_churn", "nrr", kpitree.RateMean, 0.991, 0.001},
		{"retention_churn", "revenue_churn_rate", "", 0.240, 0.001},
		{"retention_churn", "revenue_churn_rate", kpitree.RateCompound, 0.197, 0.001},
		{"retention_churn", "revenue_churn_rate", kpitree.RatePeriod, 0.0226, 0.0001},
		{"retention_churn", "revenue_churn_rate", kpitree.RateMean, 0.0181, 0.0001},
		{"retention_churn", "customer_churn_rate", "", 0.240, 0.001},
		{"retention_churn", "customer_retention_rate", "", 0.760, 0.001},
		{"addon_revenue", "active_rate", "", 0.690, 0.001},
	}
	for _, w := range want {
		tree, err := kpitree.NewFromTemplate(w.tmpl, "en")
		if err != nil {
			t.Fatal(err)
		}
		tree.Calendar.Start = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
		tree.Calendar.Periods = n
		_, i, _ := tree.NodeByID(w.node)
		tree.Nodes[i].FYRate = string(w.rate)
		in := kpitree.Inputs{}
		for _, nd := range tree.Nodes {
			if nd.Kind == kpitree.KindInput {
				if c, ok := data[nd.ID]; ok {
					in[nd.ID] = c
				} else {
					in[nd.ID] = flat(1)
				}
			}
		}
		s, _, err := kpitree.Evaluate(tree, in, nil, n)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := kpitree.NewAggregator(s.Program()).FiscalYear(i, s.Column, 2025, n)
		if math.Round(got/w.digits) != math.Round(w.value/w.digits) {
			t.Errorf("%s %s (%s) = %v, the table says %v", w.tmpl, w.node, w.rate, got, w.value)
		}
	}
}
