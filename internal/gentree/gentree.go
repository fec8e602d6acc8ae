// Package gentree generates large KPI trees for scale benchmarks and
// tests: sum and product layers over a fixed set of bound leaves, the shape
// planning teams reach with per-segment and per-CSM trees. It is test
// support: nothing in the application imports it.
package gentree

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kpitree/kpitree/kpitree"
)

// Start returns the first month of the generated series.
func Start() time.Time { return time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC) }

// LeafID is the id of generated leaf k.
func LeafID(k int) string { return fmt.Sprintf("leaf%03d", k) }

// Tree returns a tree of about n nodes (at least leaves + 2) over the given
// number of input leaves: a bottom layer of nodes that each scale one leaf
// ("leaf017 * 1.3"), then layers that alternately add three nodes and
// multiply two with a ratio ("a * b / c", which keeps magnitudes steady),
// up to one root. Every node has a unit, and the leaves are controllable.
func Tree(n, leaves int) kpitree.Tree {
	t := kpitree.Tree{Name: fmt.Sprintf("generated %d", n), Root: "root",
		Calendar: kpitree.Calendar{Freq: kpitree.Month, Start: Start(), FiscalYearStart: time.April}}
	for k := range leaves {
		t.Nodes = append(t.Nodes, kpitree.Node{ID: LeafID(k), Name: fmt.Sprintf("Leaf %d", k), Kind: kpitree.KindInput,
			Unit: "accounts", Controllable: true})
	}
	// Groups of three: the layers above m bottom nodes add about m/2.
	bottom := max(1, (n-leaves-1)*2/3)
	var layer []string
	for j := range bottom {
		id := fmt.Sprintf("b%d", j)
		t.Nodes = append(t.Nodes, kpitree.Node{ID: id, Name: "Bottom " + fmt.Sprint(j), Kind: kpitree.KindFormula, Unit: "accounts",
			Formula: fmt.Sprintf("%s * %.2f", LeafID(j%leaves), 1+float64(j%7)/10)})
		layer = append(layer, id)
	}
	for level := 0; len(layer) > 1; level++ {
		var next []string
		group := 3
		for i := 0; i < len(layer); i += group {
			g := layer[i:min(i+group, len(layer))]
			id := fmt.Sprintf("l%d_%d", level, len(next))
			f := strings.Join(g, " + ")
			if level%2 == 1 && len(g) == 3 {
				f = fmt.Sprintf("%s * %s / %s", g[0], g[1], g[2])
			}
			t.Nodes = append(t.Nodes, kpitree.Node{ID: id, Name: fmt.Sprintf("Level %d node %d", level, len(next)),
				Kind: kpitree.KindFormula, Unit: "accounts", Formula: f})
			next = append(next, id)
		}
		layer = next
	}
	t.Nodes = append(t.Nodes, kpitree.Node{ID: "root", Name: "Root", Kind: kpitree.KindFormula, Unit: "accounts",
		Formula: layer[0] + " * 1"})
	return t
}

// Series returns leaf k's monthly values over the given number of months:
// a level, a trend, a yearly season and deterministic noise.
func Series(k, months int) []float64 {
	v := make([]float64, months)
	for i := range v {
		noise := math.Sin(float64(i*7919+k*104729)) * 3
		v[i] = 100 + float64(k%50) + 0.4*float64(i) + 8*math.Sin(float64(i)*math.Pi/6+float64(k)) + noise
	}
	return v
}
