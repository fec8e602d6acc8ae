package kpitree_test

import (
	"context"
	"errors"

	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/kpitree/kpitree/kpitree"
)

// activeRatePaths gives each of n paths its own constant active rate.
func activeRatePaths(n, h int) []float64 {
	s := make([]float64, n*h)
	for p := range n {
		r := 0.3 + 0.5*float64((p*7919)%n)/float64(n)
		for t := range h {
			s[p*h+t] = r
		}
	}
	return s
}

func TestMonteCarlo_QuantilesAndGoal(t *testing.T) {
	const n, h = 1001, 12
	tr := canonical(24)
	samples := activeRatePaths(n, h)
	res, err := kpitree.MonteCarlo(context.Background(), tr, kpitree.MonteCarloInput{
		Paths: n, Horizon: h, Start: 12,
		Samples: map[string][]float64{"active_rate": samples},
		Nodes:   []string{"addon_revenue", "active_rate"},
		Goal:    &kpitree.MonteCarloGoal{Window: kpitree.Window{FiscalYear: 2025}, Value: 1.6e7},
	})
	if err != nil {
		t.Fatal(err)
	}
	base := evaluate(t, tr, nil, 24)
	price, csm, opc := base.Values("unit_price"), base.Values("csm_count"), base.Values("onboarded_per_csm")
	t.Run("should report the exact type-7 quantiles of the root per period", func(t *testing.T) {
		for _, tt := range []int{0, 5, 11} {
			vals := make([]float64, n)
			for p := range n {
				vals[p] = price[12+tt] * csm[12+tt] * opc[12+tt] * samples[p*h+tt]
			}
			slices.Sort(vals)
			// With 1001 values the type-7 quantile q is exactly vals[1000q].
			for k, q := range kpitree.DefaultQuantiles() {
				want := vals[int(math.Round(q*1000))]
				if got := res.Bands["addon_revenue"][tt][k]; relErr(got, want) > 1e-12 {
					t.Errorf("period %d q%.2f = %v, want %v", tt, q, got, want)
				}
			}
			if res.Valid["addon_revenue"][tt] != n {
				t.Errorf("valid = %d, want %d", res.Valid["addon_revenue"][tt], n)
			}
		}
		if _, ok := res.Bands["csm_count"]; ok {
			t.Error("should report only the nodes asked for")
		}
	})
	t.Run("should count the paths whose fiscal-year total reaches the goal", func(t *testing.T) {
		hit := 0
		for p := range n {
			sum := 0.0
			for tt := range h {
				sum += price[12+tt] * csm[12+tt] * opc[12+tt] * samples[p*h+tt]
			}
			if sum >= 1.6e7 {
				hit++
			}
		}
		if want := float64(hit) / n; res.ProbGoal != want || res.GoalPaths != n || hit == 0 || hit == n {
			t.Fatalf("P = %v over %d paths, want %v (hits %d)", res.ProbGoal, res.GoalPaths, want, hit)
		}
	})
}

func TestMonteCarlo_DeterministicAcrossCores(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, h = 3000, 9
	tr := randomTree(rng, 60, h, false)
	samples := map[string][]float64{}
	for _, nd := range tr.Nodes {
		if nd.Kind == kpitree.KindInput {
			s := make([]float64, n*h)
			for i := range s {
				s[i] = 0.5 + rng.Float64()*10
			}
			samples[nd.ID] = s
		}
	}
	in := kpitree.MonteCarloInput{Paths: n, Horizon: h, Samples: samples, Goal: &kpitree.MonteCarloGoal{Window: kpitree.Window{Period: 4}, Value: 10}}
	var results []*kpitree.MonteCarloResult
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		res, err := kpitree.MonteCarlo(context.Background(), tr, in)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	for k, r := range results[1:] {
		if !reflect.DeepEqual(bandsBits(results[0]), bandsBits(r)) || r.ProbGoal != results[0].ProbGoal {
			t.Fatalf("GOMAXPROCS %d gives a different result than 1", k+2)
		}
	}
	// Reversing the path order puts different paths in every chunk; the
	// summaries must not notice.
	rev := map[string][]float64{}
	for id, s := range samples {
		r := make([]float64, len(s))
		for p := range n {
			copy(r[(n-1-p)*h:(n-p)*h], s[p*h:(p+1)*h])
		}
		rev[id] = r
	}
	in.Samples = rev
	res, err := kpitree.MonteCarlo(context.Background(), tr, in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(bandsBits(results[0]), bandsBits(res)) || res.ProbGoal != results[0].ProbGoal {
		t.Fatal("reordering the paths changed the result")
	}
}

// bandsBits makes NaN comparable for DeepEqual.
func bandsBits(r *kpitree.MonteCarloResult) map[string][][]uint64 {
	out := map[string][][]uint64{}
	for id, b := range r.Bands {
		for _, row := range b {
			bits := make([]uint64, len(row))
			for i, v := range row {
				bits[i] = math.Float64bits(v)
			}
			out[id] = append(out[id], bits)
		}
	}
	return out
}

// TestMonteCarlo_MatchesEvaluate checks the batch evaluator against
// Evaluate on random formulas: with one path every quantile is the value.
func TestMonteCarlo_MatchesEvaluate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const h = 8
	formulas := []string{
		"a + b * c", "a / (b - c)", "max(a, b) - min(b, c)", "lag(a, 2) + cumsum(b)", "if(a > b, c, a ^ 2)",
		"clamp(a, b, c)", "abs(a - b) * 2 / 4", "avg(a, b, c) - 3", "a ^ 0.5 * sum(b, c)", "(a >= 5) + (b != c)",
		"-a + 10 * b", "a / 0 + b",
	}
	for _, f := range formulas {
		tr := kpitree.Tree{Root: "y", Nodes: []kpitree.Node{
			{ID: "y", Kind: kpitree.KindFormula, Formula: "x * 2 + score"},
			{ID: "x", Kind: kpitree.KindFormula, Formula: f},
			{ID: "score", Kind: kpitree.KindHealth, Health: []kpitree.HealthComponent{
				{Ref: "a", Per: "b", Weight: 0.6, Min: 0, Max: 2}, {Ref: "c", Weight: 0.4, Min: 1, Max: 9}}},
			{ID: "a", Kind: kpitree.KindInput}, {ID: "b", Kind: kpitree.KindInput}, {ID: "c", Kind: kpitree.KindConstant, Value: 4},
		}}
		in := kpitree.Inputs{}
		for _, id := range []string{"a", "b"} {
			s := make([]float64, h)
			for i := range s {
				s[i] = float64(rng.IntN(12)) - 2
			}
			s[3] = math.NaN()
			in[id] = s
		}
		want, _, err := kpitree.Evaluate(tr, in, nil, h)
		if err != nil {
			t.Fatal(err)
		}
		res, err := kpitree.MonteCarlo(context.Background(), tr, kpitree.MonteCarloInput{Paths: 1, Horizon: h, Samples: in})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, id := range []string{"y", "x", "score"} {
			for tt := range h {
				got, w := res.Bands[id][tt][3], want.Values(id)[tt]
				if !(got == w || math.IsNaN(got) && math.IsNaN(w) || relErr(got, w) < 1e-12) {
					t.Errorf("%s: %s[%d] = %v, Evaluate gives %v", f, id, tt, got, w)
				}
			}
		}
	}
}

func TestMonteCarlo_Errors(t *testing.T) {
	tr := canonical(12)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		in   kpitree.MonteCarloInput
		want error
	}{
		{"should refuse zero paths", context.Background(), kpitree.MonteCarloInput{Horizon: 3}, kpitree.ErrBadSamples},
		{"should refuse samples of the wrong length", context.Background(), kpitree.MonteCarloInput{Paths: 2, Horizon: 3, Samples: map[string][]float64{"active_rate": {1, 2}}}, kpitree.ErrBadSamples},
		{"should refuse samples for a computed node", context.Background(), kpitree.MonteCarloInput{Paths: 1, Horizon: 1, Samples: map[string][]float64{"active_customers": {1}}}, kpitree.ErrBadSamples},
		{"should refuse samples for an unknown node", context.Background(), kpitree.MonteCarloInput{Paths: 1, Horizon: 1, Samples: map[string][]float64{"zz": {1}}}, kpitree.ErrUnknownNode},
		{"should refuse a quantile of 1", context.Background(), kpitree.MonteCarloInput{Paths: 1, Horizon: 1, Quantiles: []float64{1}}, kpitree.ErrBadSamples},
		{"should refuse a goal window outside the horizon", context.Background(), kpitree.MonteCarloInput{Paths: 1, Horizon: 3, Goal: &kpitree.MonteCarloGoal{Window: kpitree.Window{FiscalYear: 2024}}}, kpitree.ErrBadWindow},
		{"should stop when cancelled", cancelled, kpitree.MonteCarloInput{Paths: 10, Horizon: 3}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := kpitree.MonteCarlo(tc.ctx, tr, tc.in); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestMonteCarlo_Progress(t *testing.T) {
	var calls []int
	_, err := kpitree.MonteCarlo(context.Background(), canonical(12), kpitree.MonteCarloInput{
		Paths: 5000, Horizon: 12, OnProgress: func(done, total int) {
			if total != 5000 {
				t.Errorf("total = %d", total)
			}
			calls = append(calls, done)
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 2 || !slices.IsSorted(calls) || calls[len(calls)-1] != 5000 {
		t.Fatalf("progress calls = %v", calls)
	}
}

// bigTree returns a tree of n nodes (sums, products, ratios) and N×H random
// samples for its inputs; inputs share 16 sample arrays to keep the
// benchmark's memory near 30 MB instead of a gigabyte.
func bigTree(n, paths, h int) (kpitree.Tree, map[string][]float64) {
	rng := rand.New(rand.NewPCG(7, 8))
	tr := randomTree(rng, n, h, false)
	pool := make([][]float64, 16)
	for k := range pool {
		pool[k] = make([]float64, paths*h)
		for i := range pool[k] {
			pool[k][i] = 0.5 + rng.Float64()*10
		}
	}
	samples := map[string][]float64{}
	k := 0
	for _, nd := range tr.Nodes {
		if nd.Kind == kpitree.KindInput {
			samples[nd.ID] = pool[k%len(pool)]
			k++
		}
	}
	return tr, samples
}

func BenchmarkMonteCarlo_10kPaths1000Nodes24Periods(b *testing.B) {
	const paths, h = 10000, 24
	tr, samples := bigTree(1000, paths, h)
	in := kpitree.MonteCarloInput{Paths: paths, Horizon: h, Samples: samples, Nodes: []string{"n0", "n1", "n2"},
		Goal: &kpitree.MonteCarloGoal{Window: kpitree.Window{Period: 23}, Value: 100}}
	b.Logf("%d nodes, %d inputs", len(tr.Nodes), len(samples))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kpitree.MonteCarlo(context.Background(), tr, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMonteCarlo_AllNodeQuantiles100Nodes(b *testing.B) {
	const paths, h = 10000, 24
	tr, samples := bigTree(100, paths, h)
	in := kpitree.MonteCarloInput{Paths: paths, Horizon: h, Samples: samples}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kpitree.MonteCarlo(context.Background(), tr, in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMonteCarlo_RefusesQuantilesThatWouldNotFit(t *testing.T) {
	// 7 nodes × 10⁸ values × 8 bytes is 5.6 GB: refuse before allocating.
	_, err := kpitree.MonteCarlo(context.Background(), canonical(12), kpitree.MonteCarloInput{Paths: 1e7, Horizon: 10})
	if !errors.Is(err, kpitree.ErrBadSamples) {
		t.Fatalf("err = %v, want ErrBadSamples", err)
	}
}

func TestMonteCarlo_MissingValuesAreCountedNotRanked(t *testing.T) {
	const n, h = 10, 2
	s := make([]float64, n*h)
	for p := range n {
		s[p*h], s[p*h+1] = float64(p+1)/20, float64(p+1)/20
	}
	s[3*h+1], s[7*h+1] = math.NaN(), math.NaN()
	shared := []float64{100, 100}
	res, err := kpitree.MonteCarlo(context.Background(), canonical(12), kpitree.MonteCarloInput{
		Paths: n, Horizon: h, Quantiles: []float64{0.5},
		Samples: map[string][]float64{"active_rate": s, "unit_price": shared, "csm_count": {1, 1}, "onboarded_per_csm": {1, 1}},
		Nodes:   []string{"addon_revenue"},
		Goal:    &kpitree.MonteCarloGoal{Window: kpitree.Window{Period: 1}, Value: 30},
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Valid["addon_revenue"]; v[0] != n || v[1] != n-2 {
		t.Errorf("valid = %v, want [10 8]", v)
	}
	// Revenue is 5·(p+1); period 1 keeps 5, 10, 15, 25, 30, 35, 45, 50:
	// median (25+30)/2.
	if got := res.Bands["addon_revenue"][1][0]; math.Abs(got-27.5) > 1e-9 {
		t.Errorf("median = %v, want 27.5", got)
	}
	// Revenue ≥ 30 on 4 of the 8 paths with a value.
	if res.GoalPaths != 8 || res.ProbGoal != 0.5 {
		t.Errorf("P = %v over %d paths, want 0.5 over 8", res.ProbGoal, res.GoalPaths)
	}
}

func TestMonteCarlo_StopsWhenCancelledMidway(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	_, err := kpitree.MonteCarlo(ctx, canonical(12), kpitree.MonteCarloInput{
		Paths: 100000, Horizon: 12, Nodes: []string{"addon_revenue"},
		OnProgress: func(done, total int) {
			calls++
			cancel()
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls >= 100000/170 {
		t.Errorf("ran %d chunks after cancel", calls)
	}
}
