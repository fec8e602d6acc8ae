package kpitree_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kpitree/kpitree/kpitree"
)

// readCSMonthly parses assets/data/cs_monthly.csv into columns by header.
func readCSMonthly(t testing.TB) map[string][]float64 {
	t.Helper()
	f, err := os.Open("../assets/data/cs_monthly.csv")
	if err != nil {
		t.Fatalf("open sample data: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read sample data: %v", err)
	}
	cols := map[string][]float64{}
	for _, r := range rows[1:] {
		for j, name := range rows[0][1:] {
			v, err := strconv.ParseFloat(r[j+1], 64)
			if err != nil {
				t.Fatalf("parse %s %q: %v", name, r[j+1], err)
			}
			cols[name] = append(cols[name], v)
		}
	}
	return cols
}

// bindByID binds every input of tr whose id names a column (or the column
// with a "_jpy" suffix, as unit_price ← unit_price_jpy).
func bindByID(tr kpitree.Tree, cols map[string][]float64) kpitree.Inputs {
	in := kpitree.Inputs{}
	for _, nd := range tr.Nodes {
		if nd.Kind != kpitree.KindInput {
			continue
		}
		if c, ok := cols[nd.ID]; ok {
			in[nd.ID] = c
		} else if c, ok := cols[nd.ID+"_jpy"]; ok {
			in[nd.ID] = c
		}
	}
	return in
}

func TestTemplates_Catalogue(t *testing.T) {
	infos := kpitree.Templates()
	seen := map[string]bool{}
	stages := map[string]bool{}
	for _, ti := range infos {
		if seen[ti.ID] {
			t.Errorf("template id %q listed twice", ti.ID)
		}
		seen[ti.ID] = true
		stages[ti.Stage] = true
		for _, l := range kpitree.Languages() {
			if ti.Name[l] == "" || ti.Description[l] == "" {
				t.Errorf("%s: missing %s name or description", ti.ID, l)
			}
		}
	}
	for _, want := range []string{"addon_revenue", "saas_revenue", "retention_churn", "ltv_efficiency", "product_usage", "dear_health", "stage_early", "stage_growth", "stage_scale"} {
		if !seen[want] {
			t.Errorf("template %q is missing", want)
		}
	}
	if !stages["early"] || !stages["growth"] || !stages["scale"] {
		t.Errorf("stage packs missing: %v", stages)
	}
}

func TestTemplates_EveryTemplateChecksAndEvaluates(t *testing.T) {
	for _, ti := range kpitree.Templates() {
		t.Run("should build, check cleanly and evaluate "+ti.ID, func(t *testing.T) {
			en, err := kpitree.NewFromTemplate(ti.ID, "en")
			if err != nil {
				t.Fatal(err)
			}
			ja, err := kpitree.NewFromTemplate(ti.ID, "ja")
			if err != nil {
				t.Fatal(err)
			}
			if len(en.Nodes) != len(ja.Nodes) || en.Root != ja.Root {
				t.Fatal("languages differ in structure")
			}
			for i := range en.Nodes {
				e, j := en.Nodes[i], ja.Nodes[i]
				if e.ID != j.ID || e.Formula != j.Formula || e.Unit != j.Unit || e.Controllable != j.Controllable {
					t.Errorf("node %s differs between languages", e.ID)
				}
				if e.Name == "" || j.Name == "" || e.Description == "" || j.Description == "" || e.Aggregation == "" {
					t.Errorf("node %s lacks a name, description or aggregation", e.ID)
				}
				if utf8.RuneCountInString(j.Name) == len(j.Name) && j.Name == e.Name {
					t.Errorf("node %s has no Japanese name: %q", e.ID, j.Name)
				}
			}
			if en.Calendar.FiscalYearStart != time.April {
				t.Errorf("fiscal year starts in %v, want April", en.Calendar.FiscalYearStart)
			}
			// With typed-in data for every input, nothing but errors-free
			// output should come back, and the root must have values.
			const h = 12
			for i, nd := range en.Nodes {
				if nd.Kind == kpitree.KindInput {
					v := make([]float64, h)
					for k := range v {
						v[k] = 10 + float64((i*7+k)%5)
						if nd.Unit == "%" {
							v[k] /= 100
						}
					}
					en.Nodes[i].Values = v
				}
			}
			en.Calendar.Start = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
			en.Calendar.Periods = h
			for _, d := range kpitree.Check(en, nil) {
				if d.Severity != kpitree.SevInfo {
					t.Errorf("check: %s %s %s: %s", d.Severity, d.Code, d.Node, d.Message)
				}
			}
			s, _, err := kpitree.Evaluate(en, nil, nil, h)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range s.Values(en.Root) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("root %s has no value at period %d", en.Root, k)
				}
			}
		})
	}
}

func TestTemplates_CanonicalTreeOnSampleData(t *testing.T) {
	cols := readCSMonthly(t)
	for _, id := range []string{"addon_revenue", "stage_scale"} {
		t.Run("should reproduce revenue within 3 % every month with "+id, func(t *testing.T) {
			tr, err := kpitree.NewFromTemplate(id, "ja")
			if err != nil {
				t.Fatal(err)
			}
			in := bindByID(tr, cols)
			for _, leaf := range []string{"unit_price", "csm_count", "onboarded_per_csm", "active_rate"} {
				if _, ok := in[leaf]; !ok {
					t.Fatalf("leaf %s did not bind to a column", leaf)
				}
			}
			for _, d := range kpitree.Check(tr, in) {
				if d.Severity == kpitree.SevError {
					t.Errorf("check: %s %s: %s", d.Code, d.Node, d.Message)
				}
			}
			s, _, err := kpitree.Evaluate(tr, in, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			rev, actual := s.Values("addon_revenue"), cols["revenue_jpy"]
			if len(rev) != 36 {
				t.Fatalf("evaluated %d months, want 36", len(rev))
			}
			for m := range rev {
				if math.Abs(rev[m]-actual[m]) > 0.03*actual[m] {
					t.Errorf("month %d: tree revenue %v is more than 3 %% from actual %v", m, rev[m], actual[m])
				}
				if ac := s.Values("active_customers")[m]; math.Abs(ac-cols["active_customers"][m]) > 0.02*cols["active_customers"][m]+1 {
					t.Errorf("month %d: active customers %v, data %v", m, ac, cols["active_customers"][m])
				}
			}
			ctrl := map[string]bool{}
			for _, nd := range tr.Nodes {
				ctrl[nd.ID] = nd.Controllable
			}
			want := map[string]bool{"unit_price": false, "csm_count": true, "onboarded_per_csm": true, "active_rate": true}
			for leaf, c := range want {
				if ctrl[leaf] != c {
					t.Errorf("%s controllable = %v, want %v", leaf, ctrl[leaf], c)
				}
			}
		})
	}
}

func TestTemplates_UsageOnSampleData(t *testing.T) {
	cols := readCSMonthly(t)
	for _, id := range []string{"product_usage", "stage_early", "stage_growth"} {
		tr, err := kpitree.NewFromTemplate(id, "en")
		if err != nil {
			t.Fatal(err)
		}
		in := bindByID(tr, cols)
		s, _, err := kpitree.Evaluate(tr, kpitree.Inputs{"mau": in["mau"], "dau": in["dau"]}, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for m, v := range s.Values("stickiness") {
			if want := cols["dau"][m] / cols["mau"][m]; v != want || v <= 0 || v >= 1 {
				t.Fatalf("%s month %d: stickiness %v, want %v", id, m, v, want)
			}
		}
	}
}

func TestTemplates_KnownValues(t *testing.T) {
	one := func(tr kpitree.Tree, in kpitree.Inputs) *kpitree.State {
		t.Helper()
		s, _, err := kpitree.Evaluate(tr, in, nil, 1)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	v := func(x float64) []float64 { return []float64{x} }
	t.Run("should compute NRR as GRR plus expansion rate", func(t *testing.T) {
		tr, _ := kpitree.NewFromTemplate("retention_churn", "en")
		s := one(tr, kpitree.Inputs{"start_mrr": v(1000), "expansion_mrr": v(80), "contraction_mrr": v(20), "churned_mrr": v(30)})
		if got := s.Values("nrr")[0]; math.Abs(got-1.03) > 1e-12 {
			t.Errorf("NRR = %v, want 1.03", got)
		}
		if got := s.Values("grr")[0]; math.Abs(got-0.95) > 1e-12 {
			t.Errorf("GRR = %v, want 0.95", got)
		}
	})
	t.Run("should compute LTV as ARPA × margin ÷ churn", func(t *testing.T) {
		tr, _ := kpitree.NewFromTemplate("ltv_efficiency", "ja")
		s := one(tr, kpitree.Inputs{"arpa": v(10000), "gross_margin": v(0.8), "churned_mrr": v(20), "start_mrr": v(1000)})
		if got := s.Values("ltv")[0]; math.Abs(got-400000) > 1e-6 {
			t.Errorf("LTV = %v, want 400000", got)
		}
	})
	t.Run("should weight the four DEAR components equally and clamp each", func(t *testing.T) {
		tr, _ := kpitree.NewFromTemplate("dear_health", "en")
		// deployment 80/100 → 80; engagement 400/80 = 5 of 20 → 25;
		// adoption 10 of 5 → clamped 100; ROI 0.6 → 60.
		s := one(tr, kpitree.Inputs{"seats_purchased": v(100), "seats_deployed": v(80), "logins": v(400), "features_used": v(10), "outcome_achievement": v(0.6)})
		if got := s.Values("health_score")[0]; math.Abs(got-(80+25+100+60)/4.0) > 1e-9 {
			t.Errorf("health = %v, want %v", got, (80+25+100+60)/4.0)
		}
	})
	t.Run("should compute MRR as customers × ARPA", func(t *testing.T) {
		tr, _ := kpitree.NewFromTemplate("saas_revenue", "en")
		s := one(tr, kpitree.Inputs{"customers": v(120), "arpa": v(15000)})
		if got := s.Values("mrr")[0]; got != 1.8e6 {
			t.Errorf("MRR = %v", got)
		}
	})
}

func TestNewFromTemplate_Errors(t *testing.T) {
	tests := []struct {
		name, id, lang string
		want           error
	}{
		{"should refuse an unknown template", "nope", "en", kpitree.ErrUnknownTemplate},
		{"should refuse an unsupported language", "addon_revenue", "fr", kpitree.ErrUnknownLanguage},
		{"should refuse an empty language", "addon_revenue", "", kpitree.ErrUnknownLanguage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := kpitree.NewFromTemplate(tc.id, tc.lang); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestNewFromTemplate_ReturnsIndependentCopies(t *testing.T) {
	a, _ := kpitree.NewFromTemplate("dear_health", "en")
	a.Nodes[0].Health[0].Weight = 99
	b, _ := kpitree.NewFromTemplate("dear_health", "en")
	if b.Nodes[0].Health[0].Weight == 99 {
		t.Fatal("editing one tree changed the template")
	}
}

func TestPerPeriodUnit(t *testing.T) {
	for _, tc := range []struct {
		unit string
		f    kpitree.Freq
		want string
	}{
		{"logins/month", kpitree.Week, "logins/week"},
		{"JPY/seat/month", kpitree.Week, "JPY/seat/week"},
		{"sessions/user/mo", kpitree.Day, "sessions/user/day"},
		{"JPY/month", kpitree.Month, "JPY/month"},
		{"JPY/week", kpitree.Quarter, "JPY/quarter"},
		{"accounts/person", kpitree.Week, "accounts/person"},
		{"users", kpitree.Week, "users"},
		{"%", kpitree.Week, "%"},
		{"", kpitree.Week, ""},
	} {
		if got := kpitree.PerPeriodUnit(tc.unit, tc.f); got != tc.want {
			t.Errorf("PerPeriodUnit(%q, %s) = %q, want %q", tc.unit, tc.f, got, tc.want)
		}
	}
}

// TestSetFreq_WeeklyTemplateSaysWeekly: the product-usage template made
// weekly counts logins per week, in both languages' trees.
func TestSetFreq_WeeklyTemplateSaysWeekly(t *testing.T) {
	for _, lang := range kpitree.Languages() {
		tr, err := kpitree.NewFromTemplate("product_usage", lang)
		if err != nil {
			t.Fatal(err)
		}
		tr.SetFreq(kpitree.Week)
		if tr.Calendar.Freq != kpitree.Week {
			t.Errorf("%s: calendar %s", lang, tr.Calendar.Freq)
		}
		for _, n := range tr.Nodes {
			if strings.HasSuffix(n.Unit, "/month") {
				t.Errorf("%s: %s is still %q in a weekly tree", lang, n.ID, n.Unit)
			}
		}
		for _, n := range tr.Nodes {
			if n.ID == "logins" && n.Unit != "logins/week" {
				t.Errorf("%s: logins in %q", lang, n.Unit)
			}
		}
	}
}
