package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/kpitree/kpitree/kpitree"
)

// WhatIf evaluates draft scenarios against the base projection (history
// plus forecast means) fast enough to follow a slider on a 100,000-node
// tree: each step re-evaluates only the nodes whose overrides changed since
// the previous step and the nodes above them, instead of the whole tree.
// It is safe for concurrent use; steps are serialised.
type WhatIf struct {
	mu      sync.Mutex
	st      *kpitree.State // the last step's values
	base    []float64      // the root's base column
	cal     kpitree.Calendar
	hist    int
	root    int
	rootAgg string
}

// WhatIfStep is one evaluated draft.
type WhatIfStep struct {
	// Root is the root's series over history plus horizon with the draft
	// applied (a copy).
	Root []float64
	// FY and BaseFY are the root's values for the fiscal year asked for,
	// with the draft and without it; NaN when the year is not wholly
	// inside the projection.
	FY, BaseFY float64
	// Changed lists the ids of the nodes whose values this step
	// recomputed (children first): a view redraws only those.
	Changed []string
}

// WhatIf prepares what-if steps on the current tree and data. Make a new
// one after an edit: it keeps the projection it was made from.
func (w *Workspace) WhatIf(ctx context.Context) (*WhatIf, error) {
	st, err := w.Projection(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	p := st.Program()
	t := p.Tree()
	root := p.Index(t.Root)
	if root < 0 {
		return nil, fmt.Errorf("what-if: root %q: %w", t.Root, kpitree.ErrUnknownNode)
	}
	return &WhatIf{st: st, base: slices.Clone(st.Column(root)), cal: t.Calendar, hist: t.Calendar.Periods,
		root: root, rootAgg: p.Node(root).Aggregation}, nil
}

// Periods is the projection's length (history plus horizon); History the
// number of history periods at its start.
func (e *WhatIf) Periods() int { return e.st.Periods() }

// History is the number of history periods at the start of the projection.
func (e *WhatIf) History() int { return e.hist }

// Step applies draft sc (nil: the base) and returns the root's series and
// its value in fiscal year fy. An invalid draft returns an error and
// leaves the previous step in place.
func (e *WhatIf) Step(sc *kpitree.Scenario, fy int) (*WhatIfStep, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	changed, err := e.st.ApplyScenario(sc)
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	p := e.st.Program()
	out := &WhatIfStep{Root: slices.Clone(e.st.Column(e.root)), FY: math.NaN(), BaseFY: math.NaN(), Changed: make([]string, len(changed))}
	for k, i := range changed {
		out.Changed[k] = p.ID(i)
	}
	if v, ok := kpitree.FiscalValue(e.cal, out.Root, fy, e.rootAgg); ok {
		out.FY = v
	}
	if v, ok := kpitree.FiscalValue(e.cal, e.base, fy, e.rootAgg); ok {
		out.BaseFY = v
	}
	return out, nil
}

// Values returns a copy of node id's series as of the last step; or nil
// for an unknown id.
func (e *WhatIf) Values(id string) []float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	v := e.st.Values(id)
	if v == nil {
		return nil
	}
	return slices.Clone(v)
}
