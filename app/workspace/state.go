package workspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// Document keys. The tree is stored one document per node so an edit of one
// node writes (and records for undo) a few hundred bytes, not the whole tree.
const (
	keyTree       = "main"      // BucketTrees: treeHeader
	nodeKeyPrefix = "node/"     // BucketTrees: one kpitree.Node per key
	keySettings   = "workspace" // BucketSettings: Settings
)

// treeHeader is the tree document without its nodes: Order lists the node
// ids in display order, each stored under nodeKeyPrefix+id.
type treeHeader struct {
	Name     string           `json:"name"`
	Root     string           `json:"root"`
	Calendar kpitree.Calendar `json:"calendar"`
	Order    []string         `json:"order"`
}

// nodeDoc is a node as stored: Values may hold NaN (missing typed values),
// which plain encoding/json refuses.
type nodeDoc struct {
	kpitree.Node
	Values Values `json:"values,omitempty"`
}

func encodeNode(n kpitree.Node) ([]byte, error) {
	b, err := json.Marshal(nodeDoc{Node: n, Values: n.Values})
	if err != nil {
		return nil, fmt.Errorf("encode node %s: %w", n.ID, err)
	}
	return b, nil
}

func decodeNode(b []byte) (kpitree.Node, error) {
	if n, ok := decodeNodeFast(b); ok {
		return n, nil
	}
	return decodeNodeJSON(b)
}

// decodeNodeJSON is decodeNode through encoding/json: the reference the
// fast path is tested against, and the fallback for documents it leaves.
func decodeNodeJSON(b []byte) (kpitree.Node, error) {
	var d nodeDoc
	if err := json.Unmarshal(b, &d); err != nil {
		return kpitree.Node{}, fmt.Errorf("decode node: %w", err)
	}
	n := d.Node
	n.Values = []float64(d.Values)
	return n, nil
}

// Binding binds an input leaf to one column of a dataset.
type Binding struct {
	Node    string `json:"node"`    // input node id
	Dataset string `json:"dataset"` // dataset id
	Column  string `json:"column"`  // column name in the dataset
}

// Column is one named series of a dataset.
type Column struct {
	Name   string `json:"name"`
	Unit   string `json:"unit,omitempty"`
	Values Values `json:"values"` // NaN for missing periods
}

// Dataset is imported data: named regular series on one calendar.
type Dataset struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source,omitempty"` // file it was read from; or "" (embedded sample)
	// Options are the import options (app/dataio.Options as JSON) so a
	// refresh re-reads the source the same way; or nil.
	Options    json.RawMessage  `json:"options,omitempty"`
	Calendar   kpitree.Calendar `json:"calendar"`
	Columns    []Column         `json:"columns"`
	ImportedAt time.Time        `json:"imported_at"`
}

// column returns the named column, or nil.
func (d *Dataset) column(name string) *Column {
	for i := range d.Columns {
		if d.Columns[i].Name == name {
			return &d.Columns[i]
		}
	}
	return nil
}

// state is an immutable snapshot of the workspace documents. Changes build
// a new state (copy-on-write per map), so background jobs can keep reading
// an old one without locks.
type state struct {
	header   treeHeader
	tree     kpitree.Tree   // the header's fields and nodes in Order
	pos      map[string]int // node id → index in tree.Nodes; shared, never modified
	datasets map[string]*Dataset
	bindings map[string]Binding
	// actuals are the reported-actual bindings by node id (any kind of
	// node), stored in BucketBindings under actualKeyPrefix+id.
	actuals   map[string]Binding
	scenarios map[string]kpitree.Scenario
	// plans are the stored plan versions by name, as stored (encodePlan).
	plans map[string][]byte
	// notes are the notes by id; initiatives the initiatives by name.
	notes       map[string]Note
	initiatives map[string]Initiative
	settings    Settings
	// compiled caches the compiled tree of this state; states that differ
	// only in scenarios share it, so switching scenarios does not recompile
	// a 10,000-node tree.
	compiled *compiled
}

// compiled is what a state derives from its tree, data and settings,
// each made once when first asked for: the compiled program (see
// state.program) and the leaves' forecast jobs (state.forecastJobs).
type compiled struct {
	once  sync.Once
	p     *kpitree.Program
	diags []kpitree.Diagnostic
	err   error

	jobsOnce sync.Once
	jobs     []forecastJob
	jobsCal  kpitree.Calendar
}

// program returns the state's tree compiled with its effective calendar.
func (s *state) program() (*kpitree.Program, []kpitree.Diagnostic, error) {
	c := s.compiled
	// A state's tree is never changed in place (apply copies what an edit
	// touches), so the Program may keep it instead of copying 100k nodes.
	if c == nil { // only a state built outside apply; compile uncached
		p, d, err := kpitree.CompileShared(s.evalTree())
		return p, d, err
	}
	c.once.Do(func() { c.p, c.diags, c.err = kpitree.CompileShared(s.evalTree()) })
	return c.p, c.diags, c.err
}

func emptyState() *state {
	return &state{
		pos:         map[string]int{},
		compiled:    &compiled{},
		datasets:    map[string]*Dataset{},
		bindings:    map[string]Binding{},
		actuals:     map[string]Binding{},
		scenarios:   map[string]kpitree.Scenario{},
		plans:       map[string][]byte{},
		notes:       map[string]Note{},
		initiatives: map[string]Initiative{},
		settings:    DefaultSettings("en"),
	}
}

// node returns the node with id.
func (s *state) node(id string) (kpitree.Node, bool) {
	i, ok := s.pos[id]
	if !ok {
		return kpitree.Node{}, false
	}
	return s.tree.Nodes[i], true
}

// apply returns a new state with the document changes applied (each After;
// nil deletes). Only what changes is copied: an edit of one node in a
// 10,000-node tree copies the node slice once and nothing else.
func (s *state) apply(changes []docChange) (*state, error) {
	n := *s
	copied := map[string]bool{}
	var header []byte
	headerChanged := false
	fresh, err := s.freshTree(changes)
	if err != nil {
		return nil, err
	}
	var nodeAt []*kpitree.Node
	if fresh != nil {
		nodeAt = fresh.nodeAt
	}
	decoded, err := decodeDocs(changes, nodeAt)
	if err != nil {
		return nil, err
	}
	nodes := make(map[string]*kpitree.Node, decoded.nNodes) // changed node documents; nil = deleted
	for k, c := range changes {
		if c.Bucket == store.BucketTrees {
			if c.Key == keyTree {
				header, headerChanged = c.After, true
				continue
			}
			id, ok := strings.CutPrefix(c.Key, nodeKeyPrefix)
			if !ok {
				continue // a document of a future version; ignore
			}
			if c.After == nil {
				nodes[id] = nil
				continue
			}
			nd := decoded.nodeAt[k]
			if nd.ID != id {
				return nil, fmt.Errorf("%s/%s holds node %s: %w", c.Bucket, c.Key, kpitree.Quote(nd.ID), store.ErrCorrupt)
			}
			if fresh == nil {
				nodes[id] = nd
			}
			continue
		}
		if !copied[c.Bucket] {
			copied[c.Bucket] = true
			switch c.Bucket {
			case store.BucketDatasets:
				n.datasets = maps.Clone(s.datasets)
			case store.BucketBindings:
				n.bindings = maps.Clone(s.bindings)
				n.actuals = maps.Clone(s.actuals)
			case store.BucketScenarios:
				n.scenarios = maps.Clone(s.scenarios)
			case store.BucketPlans:
				n.plans = maps.Clone(s.plans)
			case store.BucketNotes:
				n.notes = maps.Clone(s.notes)
			case store.BucketInitiatives:
				n.initiatives = maps.Clone(s.initiatives)
			}
		}
		var ds *Dataset
		if decoded.datasets != nil {
			ds = decoded.datasets[k]
		}
		if err := n.set(c.Bucket, c.Key, c.After, ds); err != nil {
			return nil, fmt.Errorf("%s/%.40q: %w", c.Bucket, c.Key, err)
		}
	}
	if fresh != nil {
		n.header, n.tree, n.pos = fresh.header, fresh.tree, fresh.pos
		if err := fresh.check(); err != nil {
			return nil, err
		}
	} else if headerChanged {
		h, err := decodeHeader(header)
		if err != nil {
			return nil, err
		}
		n.header = h
	}
	if fresh == nil && (headerChanged || len(nodes) > 0) {
		if err := n.rebuildTree(s, nodes, headerChanged); err != nil {
			return nil, err
		}
	}
	// The program and the forecast jobs depend on the tree and, through
	// the effective calendar and the inputs, on datasets, bindings and
	// settings; scenarios, plans, notes and initiatives keep them.
	for _, c := range changes {
		if !keepsProgram(c.Bucket) {
			n.compiled = &compiled{}
			break
		}
	}
	return &n, nil
}

// keepsProgram reports whether a change to bucket leaves the compiled
// program valid.
func keepsProgram(bucket string) bool {
	switch bucket {
	case store.BucketScenarios, store.BucketPlans, store.BucketNotes, store.BucketInitiatives:
		return true
	}
	return false
}

// rebuildTree makes n.tree from n.header, the old state's nodes and the
// changed nodes. When the order is unchanged and only existing nodes
// changed, it patches a copy of the old slice and keeps the index.
func (n *state) rebuildTree(old *state, changed map[string]*kpitree.Node, headerChanged bool) error {
	h := n.header
	t := kpitree.Tree{Name: h.Name, Root: h.Root, Calendar: h.Calendar}
	patch := !headerChanged || slices.Equal(h.Order, old.header.Order)
	for id, nd := range changed {
		if _, ok := old.pos[id]; !ok || nd == nil {
			patch = false
		}
	}
	if patch {
		t.Nodes = slices.Clone(old.tree.Nodes)
		for id, nd := range changed {
			t.Nodes[old.pos[id]] = *nd
		}
		n.tree = t
		return nil
	}
	t.Nodes = make([]kpitree.Node, 0, len(h.Order))
	pos := make(map[string]int, len(h.Order))
	for _, id := range h.Order {
		nd, ok := changed[id]
		switch {
		case ok && nd != nil:
			t.Nodes = append(t.Nodes, *nd)
		case !ok && old.pos != nil:
			i, exists := old.pos[id]
			if !exists {
				return fmt.Errorf("tree lists node %s but its document is missing: %w", kpitree.Quote(id), store.ErrCorrupt)
			}
			t.Nodes = append(t.Nodes, old.tree.Nodes[i])
		default:
			return fmt.Errorf("tree lists node %s but its document is missing: %w", kpitree.Quote(id), store.ErrCorrupt)
		}
		if _, dup := pos[id]; dup {
			return fmt.Errorf("tree lists node %s twice: %w", kpitree.Quote(id), store.ErrCorrupt)
		}
		pos[id] = len(t.Nodes) - 1
	}
	n.tree, n.pos = t, pos
	return nil
}

// set decodes one non-tree document into the (already copied) state; nil
// deletes. A dataset already decoded by decodeDocs is passed as ds.
func (s *state) set(bucket, key string, b []byte, ds *Dataset) error {
	switch bucket {
	case store.BucketDatasets:
		if b == nil {
			delete(s.datasets, key)
			return nil
		}
		if ds == nil {
			var err error
			if ds, err = decodeDataset(b); err != nil {
				return err
			}
		}
		if ds.ID != "" && ds.ID != key {
			// Datasets are stored under their id; a mismatch is a damaged key
			// (schema 2 files carry no checksums to say so).
			return fmt.Errorf("holds dataset %.40q", ds.ID)
		}
		s.datasets[key] = ds
	case store.BucketBindings:
		if node, ok := strings.CutPrefix(key, actualKeyPrefix); ok {
			return s.setActual(node, b)
		}
		return setDoc(s.bindings, key, b, "binding", nil)
	case store.BucketScenarios:
		return setDoc(s.scenarios, key, b, "scenario", nil)
	case store.BucketPlans:
		if b == nil {
			delete(s.plans, key)
			return nil
		}
		// Kept as stored: a plan is decoded when asked for, and a damaged
		// one fails then, naming itself, without closing the workspace.
		s.plans[key] = bytes.Clone(b)
	case store.BucketNotes:
		return setDoc(s.notes, key, b, "note", func(n *Note) error {
			n.ID = key // the key is the id; a document cannot move itself
			return nil
		})
	case store.BucketInitiatives:
		return setDoc(s.initiatives, key, b, "initiative", func(in *Initiative) error {
			in.Name = key
			return nil
		})
	case store.BucketSettings:
		if key != keySettings {
			return nil
		}
		st := DefaultSettings("en")
		if b != nil {
			if err := json.Unmarshal(b, &st); err != nil {
				return fmt.Errorf("decode settings: %w", err)
			}
		}
		s.settings = st
	}
	return nil
}

// setDoc decodes the JSON document b into m[key], or deletes key when b is
// nil (the document was removed). check, when given, vets the decoded value
// (and may complete it from the key) before it is stored; what names the
// document in a decode error.
func setDoc[T any](m map[string]T, key string, b []byte, what string, check func(*T) error) error {
	if b == nil {
		delete(m, key)
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("decode %s: %w", what, err)
	}
	if check != nil {
		if err := check(&v); err != nil {
			return err
		}
	}
	m[key] = v
	return nil
}

// treeDocs returns the documents of a whole tree, header first.
func treeDocs(t kpitree.Tree) (map[string][]byte, error) {
	h := treeHeader{Name: t.Name, Root: t.Root, Calendar: t.Calendar, Order: make([]string, len(t.Nodes))}
	docs := make(map[string][]byte, len(t.Nodes)+1)
	for i, n := range t.Nodes {
		h.Order[i] = n.ID
		b, err := encodeNode(n)
		if err != nil {
			return nil, err
		}
		docs[nodeKeyPrefix+n.ID] = b
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("encode tree: %w", err)
	}
	docs[keyTree] = hb
	return docs, nil
}
