package workspace_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// bigTree has 10,051 nodes: 50 bound leaves, 9,900 formula nodes that
// scale a leaf, 100 group sums and a root.
func bigTree() kpitree.Tree {
	t := kpitree.Tree{Name: "big", Root: "root", Calendar: kpitree.Calendar{Freq: kpitree.Month}}
	for k := range 50 {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: fmt.Sprintf("leaf%d", k), Name: fmt.Sprintf("Leaf %d", k), Kind: kpitree.KindInput, Controllable: true})
	}
	var groups []string
	for j := range 100 {
		var terms []string
		for k := range 99 {
			id := fmt.Sprintf("n%d_%d", j, k)
			t.Nodes = append(t.Nodes, kpitree.Node{ID: id, Name: id, Kind: kpitree.KindFormula,
				Formula: fmt.Sprintf("leaf%d * %d", (j*99+k)%50, k+1)})
			terms = append(terms, id)
		}
		g := fmt.Sprintf("g%d", j)
		t.Nodes = append(t.Nodes, kpitree.Node{ID: g, Name: g, Kind: kpitree.KindFormula, Formula: strings.Join(terms, " + ")})
		groups = append(groups, g)
	}
	t.Nodes = append(t.Nodes, kpitree.Node{ID: "root", Name: "Root", Kind: kpitree.KindFormula, Formula: strings.Join(groups, " + ")})
	return t
}

// bigWorkspace builds the benchmark workspace once per process run and
// returns its path: 10,051 nodes, 50 datasets × 120 months (3 columns
// each), 20 scenarios and cached forecasts for the 50 leaves.
func bigWorkspace(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.kpitree")
	w, err := workspace.Create(path, workspace.CreateParams{Tree: bigTree(), Lang: "ja"})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	start := time.Date(2016, 4, 1, 0, 0, 0, 0, time.UTC)
	for k := range 50 {
		d := workspace.Dataset{Name: fmt.Sprintf("data %d", k), Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: start, Periods: 120}}
		for c := range 3 {
			v := make(workspace.Values, 120)
			for i := range v {
				v[i] = 100 + float64(k+c) + 10*math.Sin(float64(i)*math.Pi/6) + 0.3*float64(i)
			}
			d.Columns = append(d.Columns, workspace.Column{Name: fmt.Sprintf("c%d", c), Values: v})
		}
		if _, err := w.CommitImport(d, []workspace.Binding{{Node: fmt.Sprintf("leaf%d", k), Column: "c0"}}); err != nil {
			b.Fatal(err)
		}
	}
	for s := range 20 {
		sc := kpitree.Scenario{Name: fmt.Sprintf("scenario %d", s), Overrides: []kpitree.Override{
			{Node: fmt.Sprintf("leaf%d", s), Op: kpitree.OpScale, Value: 5, From: 120, To: -1, Ramp: 3}}}
		if err := w.AddScenario(sc); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := w.ForecastAll(context.Background(), workspace.ForecastOptions{}); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkOpen measures opening the big workspace to a usable state: the
// documents loaded, the tree compiled and evaluated, forecasts from cache.
func BenchmarkOpen(b *testing.B) {
	path := bigWorkspace(b)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		w, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Evaluate(""); err != nil {
			b.Fatal(err)
		}
		if n := len(w.Forecasts()); n != 50 {
			b.Fatalf("%d forecasts from cache, want 50", n)
		}
		w.Close()
	}
	reportCPU(b, cpu0)
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}

// BenchmarkEdit measures one durable node edit (fsync included) in the big
// workspace, and reports the median.
func BenchmarkEdit(b *testing.B) {
	path := bigWorkspace(b)
	w, err := workspace.Open(path, workspace.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	n := w.Tree().Nodes[500]
	var times []time.Duration
	b.ReportAllocs()
	i := 0
	cpu0 := cpuTime()
	for b.Loop() {
		i++
		n.Description = fmt.Sprint(i)
		t0 := time.Now()
		if err := w.SetNode(n); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	reportCPU(b, cpu0)
	reportMedian(b, times)
}

// BenchmarkUndo measures undo and redo steps of a node edit in the big
// workspace (each a durable transaction), reporting the median step.
func BenchmarkUndo(b *testing.B) {
	path := bigWorkspace(b)
	w, err := workspace.Open(path, workspace.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	n := w.Tree().Nodes[500]
	n.Description = "edited"
	if err := w.SetNode(n); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ReportAllocs()
	undo := true
	cpu0 := cpuTime()
	for b.Loop() {
		t0 := time.Now()
		var err error
		if undo {
			_, err = w.Undo()
		} else {
			_, err = w.Redo()
		}
		if err != nil {
			b.Fatal(err)
		}
		undo = !undo
		times = append(times, time.Since(t0))
	}
	reportCPU(b, cpu0)
	reportMedian(b, times)
}

func reportMedian(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

// reportCPU reports the process CPU time per op since cpu0 (all
// goroutines, GC included).
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if d := cpuTime() - cpu0; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkOpenReadOnly is BenchmarkOpen without the file lock's meta
// writes (and their fsyncs) of a writable open: the difference is the
// store's durability cost, not the workspace's.
func BenchmarkOpenReadOnly(b *testing.B) {
	path := bigWorkspace(b)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Evaluate(""); err != nil {
			b.Fatal(err)
		}
		if n := len(w.Forecasts()); n != 50 {
			b.Fatalf("%d forecasts from cache, want 50", n)
		}
		w.Close()
	}
	reportCPU(b, cpu0)
}

// BenchmarkSimulateBig pushes 1,000 cached sample paths per leaf through the
// 10,051-node tree for the base and one scenario (root bands and P(goal)).
func BenchmarkSimulateBig(b *testing.B) {
	path := bigWorkspace(b)
	w, err := workspace.Open(path, workspace.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	opt := workspace.SimulateOptions{Scenarios: []string{"scenario 0"},
		Goal: &workspace.Goal{Window: kpitree.Window{FiscalYear: 2026}, Value: 1e9}}
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := w.Simulate(context.Background(), opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkForecastReads measures what selecting a leaf reads of the
// forecasts in the big workspace (50 bound leaves × 120 months): the
// current forecasts and the leaf's remembered accuracy. Each read used to
// hash every leaf's history again.
func BenchmarkForecastReads(b *testing.B) {
	path := bigWorkspace(b)
	w, err := workspace.Open(path, workspace.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	if _, err := w.ForecastAccuracy(context.Background(), "leaf7"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if n := len(w.Forecasts()); n != 50 {
			b.Fatalf("%d forecasts, want 50", n)
		}
		if _, ok := w.CachedForecastAccuracy("leaf7"); !ok {
			b.Fatal("the accuracy was not remembered")
		}
	}
}
