package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// decodedDocs are the node and dataset documents of a change list,
// decoded up front (indexed like the changes; nil where a change is not
// such a document).
type decodedDocs struct {
	nodeAt   []*kpitree.Node
	datasets []*Dataset
	nNodes   int // how many node documents there were
}

// decodeDocs decodes the node and dataset documents among changes, in
// parallel when there are many: they are nearly all of a workspace's
// bytes, and opening a 10,000-node tree spends much of its time here.
// Node change k decodes into nodeAt[k] when nodeAt is given (freshTree's
// slots in the final node slice), else into a new slice.
func decodeDocs(changes []docChange, nodeAt []*kpitree.Node) (decodedDocs, error) {
	d := decodedDocs{nodeAt: nodeAt}
	idx := make([]int, 0, len(changes))
	work := 0 // rough cost: a dataset weighs like many nodes
	for k, c := range changes {
		switch {
		case c.After == nil:
		case c.Bucket == store.BucketTrees && strings.HasPrefix(c.Key, nodeKeyPrefix):
			idx = append(idx, k)
			d.nNodes++
			work++
		case c.Bucket == store.BucketDatasets:
			if d.datasets == nil {
				d.datasets = make([]*Dataset, len(changes))
			}
			idx = append(idx, k)
			work += 20
		}
	}
	if d.nodeAt == nil {
		d.nodeAt = make([]*kpitree.Node, len(changes))
		nodes := make([]kpitree.Node, d.nNodes)
		j := 0
		for _, k := range idx {
			if changes[k].Bucket == store.BucketTrees {
				d.nodeAt[k] = &nodes[j]
				j++
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(work/500, 1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Go(func() {
			for j := wk; j < len(idx); j += workers {
				k := idx[j]
				c := changes[k]
				var err error
				if c.Bucket == store.BucketDatasets {
					d.datasets[k], err = decodeDataset(c.After)
				} else {
					*d.nodeAt[k], err = decodeNode(c.After)
				}
				if err != nil {
					errs[wk] = fmt.Errorf("%s/%s: %w", c.Bucket, c.Key, err)
					return
				}
			}
		})
	}
	wg.Wait()
	return d, errors.Join(errs...)
}

// freshTable is the tree of a state built from nothing (opening a file):
// the node slice is laid out from the header's order before decoding, so
// every node document decodes straight into its final place instead of
// being decoded, indexed and copied into order (three copies of a
// 10,000-node slice).
type freshTable struct {
	header treeHeader
	tree   kpitree.Tree
	pos    map[string]int
	nodeAt []*kpitree.Node // per change: where its node document decodes to
	filled []bool          // per position: a document was found for it
	dupAt  int             // position in Order of the first repeated id; or -1
}

// freshTree prepares a freshTable when s is empty and changes hold a tree
// header with nodes and at most one document per node; otherwise it
// returns nil and apply takes its general path (same result, slower).
func (s *state) freshTree(changes []docChange) (*freshTable, error) {
	if len(s.pos) > 0 || len(s.tree.Nodes) > 0 {
		return nil, nil
	}
	var header []byte
	found := false
	for _, c := range changes {
		if c.Bucket == store.BucketTrees && c.Key == keyTree {
			header, found = c.After, true
		}
	}
	if !found || header == nil {
		return nil, nil
	}
	h, err := decodeHeader(header)
	if err != nil {
		return nil, err
	}
	if len(h.Order) == 0 {
		return nil, nil
	}
	f := &freshTable{header: h, pos: make(map[string]int, len(h.Order)), nodeAt: make([]*kpitree.Node, len(changes)),
		filled: make([]bool, len(h.Order)), dupAt: -1}
	f.tree = kpitree.Tree{Name: h.Name, Root: h.Root, Calendar: h.Calendar, Nodes: make([]kpitree.Node, len(h.Order))}
	for i, id := range h.Order {
		if _, dup := f.pos[id]; dup {
			if f.dupAt < 0 {
				f.dupAt = i
			}
			continue
		}
		f.pos[id] = i
	}
	for k, c := range changes {
		if c.Bucket != store.BucketTrees {
			continue
		}
		id, ok := strings.CutPrefix(c.Key, nodeKeyPrefix)
		if !ok {
			continue
		}
		i, listed := f.pos[id]
		switch {
		case c.After == nil:
			if listed {
				return nil, nil // deleted and listed: leave the error to the general path
			}
		case !listed:
			f.nodeAt[k] = new(kpitree.Node) // not in the tree, but still checked
		case f.filled[i]:
			return nil, nil // two documents for one node: the general path keeps the last
		default:
			f.filled[i] = true
			f.nodeAt[k] = &f.tree.Nodes[i]
		}
	}
	return f, nil
}

// check reports the first problem of the tree's order the general path
// (rebuildTree) would report: a listed node without a document, or an id
// listed twice.
func (f *freshTable) check() error {
	for i, id := range f.header.Order {
		if i == f.dupAt {
			return fmt.Errorf("tree lists node %s twice: %w", kpitree.Quote(id), store.ErrCorrupt)
		}
		if !f.filled[f.pos[id]] {
			return fmt.Errorf("tree lists node %s but its document is missing: %w", kpitree.Quote(id), store.ErrCorrupt)
		}
	}
	return nil
}

func decodeHeader(b []byte) (treeHeader, error) {
	var h treeHeader
	if b != nil {
		// Unknown fields are refused: the header is written by this schema
		// only (a newer app bumps the schema), so an unknown field is a
		// damaged name, and ignoring it would silently drop the calendar or
		// the node order.
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&h); err != nil {
			return treeHeader{}, fmt.Errorf("decode tree: %w", err)
		}
		if dec.More() {
			return treeHeader{}, fmt.Errorf("decode tree: data after the document")
		}
	}
	return h, nil
}

func decodeDataset(b []byte) (*Dataset, error) {
	if d, ok := decodeDatasetFast(b); ok {
		return d, nil
	}
	return decodeDatasetJSON(b)
}

// decodeDatasetJSON is decodeDataset through encoding/json: the reference
// for the fast path and its fallback.
func decodeDatasetJSON(b []byte) (*Dataset, error) {
	d := new(Dataset)
	if err := json.Unmarshal(b, d); err != nil {
		return nil, fmt.Errorf("decode dataset: %w", err)
	}
	return d, nil
}
