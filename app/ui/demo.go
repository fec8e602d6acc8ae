package ui

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kpitree/kpitree/assets"
	"github.com/kpitree/kpitree/kpitree"
)

// Demo is an in-memory Workspace holding the canonical add-on revenue tree
// with the sample data's actuals. It lets the app run (and the UI be tested)
// before a workspace file exists; it has undo/redo but no persistence, so
// SaveAs, ImportData and Export return ErrNotSupported. Safe for concurrent use.
type Demo struct {
	mu     sync.Mutex
	tree   kpitree.Tree
	actual map[string][]float64
	undo   []demoStep
	redo   []demoStep
	subs   map[int]func(Change)
	nextID int
}

// demoStep is one undoable edit: the tree before it and its label.
type demoStep struct {
	tree  kpitree.Tree
	label string
}

// NewDemo returns a Demo with the canonical tree; ja picks Japanese names.
func NewDemo(ja bool) (*Demo, error) {
	actual, periods, err := sampleActuals()
	if err != nil {
		return nil, fmt.Errorf("new demo workspace: %w", err)
	}
	t := CanonicalTree(ja)
	t.Calendar.Periods = periods
	return &Demo{tree: t, actual: actual, subs: map[int]func(Change){}}, nil
}

// NewDemoFromTree returns a Demo over any tree and series (tests use it).
func NewDemoFromTree(t kpitree.Tree, actual map[string][]float64) *Demo {
	return &Demo{tree: cloneTree(t), actual: actual, subs: map[int]func(Change){}}
}

// CanonicalTree is the add-on revenue tree of the domain brief, with node
// ids matching the columns of assets/data/cs_monthly.csv.
func CanonicalTree(ja bool) kpitree.Tree {
	name := func(en, jp string) string {
		if ja {
			return jp
		}
		return en
	}
	return kpitree.Tree{
		Name: name("Add-on revenue", "付帯売上"),
		Root: "revenue_jpy",
		Calendar: kpitree.Calendar{
			Freq: kpitree.Month, Start: time.Date(2023, time.April, 1, 0, 0, 0, 0, time.UTC),
			FiscalYearStart: time.April,
		},
		Nodes: []kpitree.Node{
			{ID: "revenue_jpy", Name: name("Add-on revenue", "付帯売上"), Unit: "JPY", Kind: kpitree.KindFormula,
				Formula: "unit_price_jpy * active_customers", Owner: "CS", Aggregation: "sum",
				Targets: []kpitree.Target{{Period: 35, Value: 9_000_000}},
				RAG:     &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}},
			{ID: "unit_price_jpy", Name: name("Average add-on unit price", "平均付帯単価"), Unit: "JPY/customer",
				Kind: kpitree.KindInput, Owner: "Sales", Aggregation: "mean"},
			{ID: "active_customers", Name: name("Add-on customers (active)", "付帯顧客数（アクティブ）"), Unit: "customers",
				Kind: kpitree.KindFormula, Formula: "onboarded_accounts * active_rate", Aggregation: "last",
				Targets: []kpitree.Target{{Period: 35, Value: 700}},
				RAG:     &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}},
			{ID: "onboarded_accounts", Name: name("Onboarded accounts", "導入社数"), Unit: "accounts",
				Kind: kpitree.KindFormula, Formula: "csm_count * onboarded_per_csm", Aggregation: "last"},
			{ID: "active_rate", Name: name("Active rate", "アクティブ率"), Unit: "%", Kind: kpitree.KindInput,
				Owner: "CS", Controllable: true, Aggregation: "mean",
				Targets: []kpitree.Target{{Period: 35, Value: 0.72}},
				RAG:     &kpitree.RAG{Green: 1, Red: 0.95, HigherIsBetter: true}},
			{ID: "csm_count", Name: name("CSM headcount", "CSM人数"), Unit: "people", Kind: kpitree.KindInput,
				Owner: "CS", Controllable: true, Aggregation: "last",
				Targets: []kpitree.Target{{Period: 35, Value: 12}},
				RAG:     &kpitree.RAG{Green: 1, Red: 0.9, HigherIsBetter: true}},
			{ID: "onboarded_per_csm", Name: name("Onboardings per CSM", "CSM1人あたり導入社数"),
				Unit: "accounts/person", Kind: kpitree.KindInput, Owner: "CS", Controllable: true, Aggregation: "last",
				Description: name("Cumulative onboarded accounts per CSM.", "CSM1人あたりの累積導入社数。")},
		},
	}
}

// sampleActuals reads cs_monthly.csv into series keyed by column name.
func sampleActuals() (map[string][]float64, int, error) {
	f, err := assets.SampleData.Open("data/cs_monthly.csv")
	if err != nil {
		return nil, 0, fmt.Errorf("open sample data: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("read sample data header: %w", err)
	}
	out := make(map[string][]float64, len(head))
	rows := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("read sample data: %w", err)
		}
		rows++
		for i, col := range head[1:] {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[i+1]), 64)
			if err != nil {
				v = math.NaN()
			}
			out[col] = append(out[col], v)
		}
	}
	return out, rows, nil
}

func cloneTree(t kpitree.Tree) kpitree.Tree {
	t.Nodes = slices.Clone(t.Nodes)
	return t
}

// Path is always "": a demo has no file until it is saved.
func (d *Demo) Path() string { return "" }

// Snapshot returns the tree and the sample actuals.
func (d *Demo) Snapshot() Snapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return Snapshot{Tree: cloneTree(d.tree), Actual: d.actual, CanUndo: len(d.undo) > 0, CanRedo: len(d.redo) > 0}
}

// edit applies fn to a copy of the tree and records an undo step.
func (d *Demo) edit(label string, fn func(t *kpitree.Tree) error) error {
	d.mu.Lock()
	next := cloneTree(d.tree)
	if err := fn(&next); err != nil {
		d.mu.Unlock()
		return fmt.Errorf("%s: %w", label, err)
	}
	d.undo = append(d.undo, demoStep{tree: d.tree, label: label})
	d.redo = nil
	d.tree = next
	subs := d.subscribers()
	d.mu.Unlock()
	notify(subs, Change{Action: label})
	return nil
}

func (d *Demo) subscribers() []func(Change) {
	out := make([]func(Change), 0, len(d.subs))
	for _, fn := range d.subs {
		out = append(out, fn)
	}
	return out
}

func notify(subs []func(Change), c Change) {
	for _, fn := range subs {
		fn(c)
	}
}

// UpdateNode replaces the node with n.ID.
func (d *Demo) UpdateNode(n kpitree.Node) error {
	return d.edit("edit "+n.ID, func(t *kpitree.Tree) error {
		i := nodeIndex(t, n.ID)
		if i < 0 {
			return fmt.Errorf("node %q: %w", n.ID, kpitree.ErrUnknownNode)
		}
		t.Nodes[i] = n
		return nil
	})
}

// AddNode adds n and, when parent is set, adds n to the parent's formula.
func (d *Demo) AddNode(parent string, n kpitree.Node) error {
	return d.edit("add "+n.ID, func(t *kpitree.Tree) error { return AddDriver(t, parent, n) })
}

// DeleteNodes removes the nodes and drops references to them from formulas.
func (d *Demo) DeleteNodes(ids []string) error {
	return d.edit("delete "+strings.Join(ids, ", "), func(t *kpitree.Tree) error { return RemoveNodes(t, ids) })
}

// Reparent moves node from its display parent to newParent.
func (d *Demo) Reparent(node, newParent string) error {
	return d.edit("move "+node, func(t *kpitree.Tree) error { return MoveNode(t, node, newParent) })
}

// Undo reverts the last edit and returns its label.
func (d *Demo) Undo() (string, error) { return d.step(false) }

// Redo re-applies the last undone edit and returns its label.
func (d *Demo) Redo() (string, error) { return d.step(true) }

func (d *Demo) step(redo bool) (string, error) {
	d.mu.Lock()
	from, to := &d.undo, &d.redo
	if redo {
		from, to = &d.redo, &d.undo
	}
	if len(*from) == 0 {
		d.mu.Unlock()
		if redo {
			return "", errors.New("redo: nothing to redo")
		}
		return "", errors.New("undo: nothing to undo")
	}
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, demoStep{tree: d.tree, label: s.label})
	d.tree = s.tree
	subs := d.subscribers()
	d.mu.Unlock()
	verb := "undo "
	if redo {
		verb = "redo "
	}
	notify(subs, Change{Action: verb + s.label})
	return s.label, nil
}

// SaveAs is not supported by the in-memory demo.
func (d *Demo) SaveAs(context.Context, string) error {
	return fmt.Errorf("save demo workspace: %w", ErrNotSupported)
}

// ImportData is not supported by the in-memory demo.
func (d *Demo) ImportData(context.Context, string, func(float64)) error {
	return fmt.Errorf("import into demo workspace: %w", ErrNotSupported)
}

// Export is not supported by the in-memory demo.
func (d *Demo) Export(context.Context, string) error {
	return fmt.Errorf("export demo workspace: %w", ErrNotSupported)
}

// Subscribe registers fn for change notifications and returns a function
// that unregisters it.
func (d *Demo) Subscribe(fn func(Change)) func() {
	d.mu.Lock()
	defer d.mu.Unlock()
	id := d.nextID
	d.nextID++
	d.subs[id] = fn
	return func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		delete(d.subs, id)
	}
}

// Close does nothing: there is no file to release.
func (d *Demo) Close() error { return nil }

// DemoOpener offers the canonical template as in-memory Demo workspaces
// until a file-backed opener (app/workspace) is wired in; Open reports
// ErrNotSupported.
type DemoOpener struct {
	// Japanese picks Japanese node names for new workspaces.
	Japanese bool
}

// Open is not supported: demo workspaces have no files.
func (o DemoOpener) Open(_ context.Context, path string) (Workspace, error) {
	return nil, fmt.Errorf("open %s: %w", path, ErrNotSupported)
}

// Create returns a new Demo; the path is ignored because nothing is saved.
func (o DemoOpener) Create(_ context.Context, _ string, _ string) (Workspace, error) {
	return NewDemo(o.Japanese)
}

// Templates lists the canonical template.
func (o DemoOpener) Templates() []TemplateInfo {
	name := "Add-on revenue (canonical tree)"
	if o.Japanese {
		name = "付帯売上（標準ツリー）"
	}
	return []TemplateInfo{{ID: "canonical", Name: name}}
}
