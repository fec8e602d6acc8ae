package report_test

import (
	"math"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/kpitree"
)

func TestDeriveStructure(t *testing.T) {
	t.Run("should hang every canonical node under the node whose formula uses it", func(t *testing.T) {
		s := report.DeriveStructure(canonicalTree(t))
		want := map[string]string{
			"addon_revenue": "", "unit_price": "addon_revenue", "active_customers": "addon_revenue",
			"onboarded_accounts": "active_customers", "active_rate": "active_customers",
			"csm_count": "onboarded_accounts", "onboarded_per_csm": "onboarded_accounts",
		}
		for id, p := range want {
			if got, ok := s.Parent[id]; !ok || got != p {
				t.Errorf("parent of %s = %q (present %v), want %q", id, got, ok, p)
			}
		}
		if s.Order[0] != "addon_revenue" || len(s.Order) != 7 {
			t.Errorf("order = %v, want the root first and all 7 nodes", s.Order)
		}
		if s.Op["active_rate"] != "×" {
			t.Errorf("op on active_rate's connector = %q, want ×", s.Op["active_rate"])
		}
	})
	t.Run("should resolve quoted Japanese names and keep unreachable or broken nodes", func(t *testing.T) {
		tr := kpitree.Tree{Root: "r", Nodes: []kpitree.Node{
			{ID: "r", Kind: kpitree.KindFormula, Formula: `"売上" / b`},
			{ID: "s", Name: "売上", Kind: kpitree.KindInput},
			{ID: "b", Kind: kpitree.KindInput},
			{ID: "broken", Kind: kpitree.KindFormula, Formula: "(b +"},
			{ID: "orphan", Kind: kpitree.KindInput},
		}}
		s := report.DeriveStructure(tr)
		if s.Parent["s"] != "r" || s.Op["s"] != "÷" {
			t.Errorf("s: parent %q op %q, want r and ÷", s.Parent["s"], s.Op["s"])
		}
		for _, id := range []string{"broken", "orphan"} {
			if p, ok := s.Parent[id]; !ok || p != "" {
				t.Errorf("%s: parent %q present %v, want an extra root", id, p, ok)
			}
		}
	})
}

func TestBuildBoxes(t *testing.T) {
	tr := kpitree.Tree{Root: "rev", Nodes: []kpitree.Node{
		{ID: "rev", Name: "Revenue", Unit: "JPY", Kind: kpitree.KindFormula, Formula: "price * churn",
			Targets: []kpitree.Target{{Period: 2, Value: 1000}}, RAG: &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}},
		{ID: "price", Name: "Price", Unit: "JPY", Kind: kpitree.KindInput},
		{ID: "churn", Name: "Churn", Unit: "%", Kind: kpitree.KindInput,
			RAG: &kpitree.RAG{Green: 1, Red: 1.2}, Targets: []kpitree.Target{{Period: 0, Value: 0.05}}},
	}}
	snap := report.BoxSeries{Tree: tr, Actual: map[string][]float64{
		"rev":   {900, 950, 960, math.NaN()},
		"price": {10, 11, 12, 13},
		"churn": {0.05, 0.04, 0.07},
	}, Base: map[string][]float64{"price": {10, 10, 10, 10}}}
	got := map[string]report.BoxModel{}
	for _, b := range report.BuildBoxes(snap, report.For(report.English)) {
		got[b.ID] = b
	}
	tests := []struct {
		id, value, delta string
		sign             int
		rag              report.RAG
	}{
		// the last non-NaN value (960) vs the period-2 target (1000): −4 %, amber
		{"rev", "¥960", "−4.0%", -1, report.RAGAmber},
		// vs the base scenario: +30 %
		{"price", "¥13", "+30.0%", 1, report.RAGNone},
		// lower is better: 7 % vs 5 % target is 1.4× → red, and the rise is bad
		{"churn", "7.0%", "+2.0pt", -1, report.RAGRed},
	}
	for _, tt := range tests {
		b := got[tt.id]
		if b.ValueText != tt.value || b.DeltaText != tt.delta || b.DeltaSign != tt.sign || b.RAG != tt.rag {
			t.Errorf("%s: value %q delta %q sign %d rag %d; want %q %q %d %d",
				tt.id, b.ValueText, b.DeltaText, b.DeltaSign, b.RAG, tt.value, tt.delta, tt.sign, tt.rag)
		}
	}
	if n := len(got["price"].Spark); n != 4 {
		t.Errorf("price spark has %d points, want 4", n)
	}
	if got["churn"].Parent != "rev" || got["churn"].Op != "×" {
		t.Errorf("churn parent %q op %q", got["churn"].Parent, got["churn"].Op)
	}
}

// TestTranslator_BoxValue: the boxes' values in English, compact with
// their units.
func TestTranslator_BoxValue(t *testing.T) {
	en := report.For(report.English)
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{8662817, "JPY", "¥8.66M"},
		{13315, "JPY/customer", "¥13,315/customer"},
		{0.6901, "%", "69.0%"},
		{663, "customers", "663 customers"},
		{80.08, "accounts/person", "80.08 accounts/person"},
		{-1234.6, "", "-1,235"},
		{250000, "", "250k"},
		{3.2e9, "", "3.2B"},
		{math.NaN(), "JPY", "–"},
		{math.Inf(-1), "", "−∞"},
		{0, "%", "0.0%"},
	}
	for _, tt := range tests {
		if got := en.FormatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("FormatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

// TestTranslator_FormatDelta: the boxes' Δ in English, coloured by
// whether the change is favourable.
func TestTranslator_FormatDelta(t *testing.T) {
	en := report.For(report.English)
	tests := []struct {
		v, ref float64
		unit   string
		higher bool
		want   string
		sign   int
	}{
		{110, 100, "JPY", true, "+10.0%", 1},
		{90, 100, "JPY", true, "−10.0%", -1},
		{0.55, 0.5, "%", true, "+5.0pt", 1},
		{0.06, 0.05, "%", false, "+1.0pt", -1},
		{100, 100, "", true, "±0.0%", 0},
		{5, 0, "", true, "+5", 1},
		{math.NaN(), 1, "", true, "", 0},
	}
	for _, tt := range tests {
		got, sign := en.FormatDelta(tt.v, tt.ref, tt.unit, tt.higher)
		if got != tt.want || sign != tt.sign {
			t.Errorf("FormatDelta(%v, %v, %q, %v) = %q, %d; want %q, %d", tt.v, tt.ref, tt.unit, tt.higher, got, sign, tt.want, tt.sign)
		}
	}
}

func TestRateRAG(t *testing.T) {
	higher := kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}
	lower := kpitree.RAG{Green: 1, Red: 1.2}
	tests := []struct {
		v, target float64
		r         kpitree.RAG
		want      report.RAG
	}{
		{100, 100, higher, report.RAGGreen},
		{95, 100, higher, report.RAGAmber},
		{89, 100, higher, report.RAGRed},
		{0.05, 0.05, lower, report.RAGGreen},
		{0.055, 0.05, lower, report.RAGAmber},
		{0.07, 0.05, lower, report.RAGRed},
		{1, 0, higher, report.RAGNone},
		{math.NaN(), 1, higher, report.RAGNone},
		// A negative target (a loss held to ¥100): a smaller loss is on
		// track, a bigger one is not — as kpitree, the alerts and the pack say.
		{-90, -100, higher, report.RAGGreen},
		{-120, -100, higher, report.RAGRed},
		{1, math.Inf(1), higher, report.RAGNone},
	}
	for _, tt := range tests {
		if got := report.RateRAG(tt.v, tt.target, tt.r); got != tt.want {
			t.Errorf("RateRAG(%v, %v, %+v) = %d, want %d", tt.v, tt.target, tt.r, got, tt.want)
		}
	}
}

// canonicalTree is the canonical add-on revenue template in English.
func canonicalTree(t testing.TB) kpitree.Tree {
	t.Helper()
	tr, err := kpitree.NewFromTemplate("addon_revenue", "en")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
