package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/listeners"
	"github.com/kpitree/kpitree/kpitree"
)

// DefaultMaxHistory caps the undo history so the file cannot grow without
// bound: the oldest entries are dropped beyond it.
const DefaultMaxHistory = 500

// Options configure Open.
type Options struct {
	// ReadOnly opens the file for reading only (several readers may share
	// it); every edit then fails with store.ErrReadOnly.
	ReadOnly bool
	// Timeout bounds the wait for the file lock; ≤ 0 means the store default.
	Timeout time.Duration
	// AppVersion is recorded in the file on a writable open; or "".
	AppVersion string
	// MaxHistory caps the undo history; 0 means DefaultMaxHistory.
	MaxHistory int
}

// Workspace is an open workspace file and its in-memory state. Its methods
// are safe for concurrent use by one UI and background jobs.
type Workspace struct {
	st *store.Store

	mu     sync.Mutex // guards cur, closed and the evaluation cache
	cur    *state
	closed bool
	cache  evalCache
	// forecasts are the cached leaf forecasts (summaries) by node id, and
	// paths their sample paths, loaded on first use.
	forecasts map[string]*LeafForecast
	paths     map[string][][]float64
	// plans caches decoded plan versions by name for the bridge, each
	// with the stored bytes it came from (see sharedPlan).
	plans map[string]cachedPlan
	// holdOuts caches the alerts' one-step hold-out forecasts: the app
	// evaluates alerts after every import and on opening the Review pane,
	// and a refit of every banded leaf costs most of a second.
	holdOuts map[holdOutKey]*forecast.Result
	// accuracy caches ForecastAccuracy by the hash of a leaf's forecast
	// inputs: a backtest refits the model a dozen times.
	accuracy map[string]float64

	subs listeners.List[func(Event)]
}

// Open opens an existing workspace file and loads its documents.
func Open(path string, opts Options) (*Workspace, error) {
	if opts.MaxHistory == 0 {
		opts.MaxHistory = DefaultMaxHistory
	}
	st, err := store.Open(path, store.Options{ReadOnly: opts.ReadOnly, Timeout: opts.Timeout,
		AppVersion: opts.AppVersion, MaxHistory: opts.MaxHistory})
	if err != nil {
		return nil, err
	}
	w, err := load(st)
	if err != nil {
		_ = st.CloseAndUndoMigration()
		return nil, fmt.Errorf("open workspace %s: %w", path, err)
	}
	return w, nil
}

func load(st *store.Store) (*Workspace, error) {
	s := emptyState()
	var changes []docChange
	var fc map[string]*LeafForecast
	err := st.View(func(tx *store.Tx) error {
		fc = loadForecasts(tx)
		// Collect in fixed-size chunks, then copy once: appending 10,000
		// documents to one slice grows it by 1.25× at a time and allocates
		// five times its final size.
		var chunks [][]docChange
		cur := make([]docChange, 0, loadChunk)
		for _, b := range []string{store.BucketTrees, store.BucketDatasets, store.BucketBindings,
			store.BucketScenarios, store.BucketSettings, store.BucketPlans, store.BucketNotes, store.BucketInitiatives} {
			if err := tx.ForEach(b, func(k string, v []byte) error {
				if len(cur) == cap(cur) {
					chunks, cur = append(chunks, cur), make([]docChange, 0, loadChunk)
				}
				cur = append(cur, docChange{Bucket: b, Key: k, After: v})
				return nil
			}); err != nil {
				return err
			}
		}
		changes = slices.Concat(append(chunks, cur)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s, err = s.apply(append(changes, docChange{Bucket: store.BucketTrees, Key: keyTree, After: headerOf(changes)}))
	if err != nil {
		if errors.Is(err, store.ErrCorrupt) {
			return nil, fmt.Errorf("load documents: %w", err)
		}
		return nil, fmt.Errorf("load documents: %w: %w", err, store.ErrCorrupt)
	}
	return &Workspace{st: st, cur: s, forecasts: fc, paths: map[string][][]float64{}}, nil
}

// loadChunk is the chunk size load collects documents in.
const loadChunk = 1024

// headerOf returns the stored tree header among changes (so materialise
// runs even for an empty tree); or an empty header.
func headerOf(changes []docChange) []byte {
	for _, c := range changes {
		if c.Bucket == store.BucketTrees && c.Key == keyTree {
			return c.After
		}
	}
	return []byte(`{"name":"","root":"","calendar":{"freq":"month","start":"0001-01-01T00:00:00Z","periods":0},"order":[]}`)
}

// Close closes the file. Further calls fail with ErrClosed.
func (w *Workspace) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	return w.st.Close()
}

// Path returns the workspace file's path.
func (w *Workspace) Path() string { return w.st.Path() }

// ReadOnly reports whether the workspace was opened read-only.
func (w *Workspace) ReadOnly() bool { return w.st.ReadOnly() }

// snapshot returns the current immutable state.
func (w *Workspace) snapshot() (*state, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, ErrClosed
	}
	return w.cur, nil
}

// change runs build under the lock to compute an action's new documents
// from the current state, commits them with a history record in one
// durable Update, and emits events after unlocking. build returns the
// changes with After set; Before is read from the file inside the Update so
// the record is exact. A build that changes nothing records nothing.
func (w *Workspace) change(a action, build func(s *state) ([]docChange, error)) error {
	w.mu.Lock()
	evs, err := w.changeLocked(a, build)
	w.mu.Unlock()
	w.emit(evs)
	return err
}

func (w *Workspace) changeLocked(a action, build func(s *state) ([]docChange, error)) ([]Event, error) {
	label := a.label()
	if w.closed {
		return nil, ErrClosed
	}
	if w.st.ReadOnly() {
		return nil, fmt.Errorf("%s: %w", lower(label), store.ErrReadOnly)
	}
	changes, err := build(w.cur)
	if err != nil {
		return nil, err
	}
	if len(changes) == 0 {
		return nil, nil
	}
	next, err := w.cur.apply(changes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lower(label), err)
	}
	if touchesCalendar(changes) {
		extra, err := rebaseChanges(w.cur, next)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lower(label), err)
		}
		if len(extra) > 0 {
			changes = mergeChanges(changes, extra)
			if next, err = w.cur.apply(changes); err != nil {
				return nil, fmt.Errorf("%s: %w", lower(label), err)
			}
		}
	}
	var effective []docChange
	err = w.st.Update(func(tx *store.Tx) error {
		effective = effective[:0]
		for _, c := range changes {
			c.Before = tx.Get(c.Bucket, c.Key)
			if bytes.Equal(c.Before, c.After) && (c.Before == nil) == (c.After == nil) {
				continue
			}
			effective = append(effective, c)
		}
		if len(effective) == 0 {
			return nil
		}
		if err := writeChanges(tx, effective); err != nil {
			return err
		}
		fwd, inv, err := encodeRecord(effective, a)
		if err != nil {
			return err
		}
		return tx.Record(label, fwd, inv)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lower(label), err)
	}
	if len(effective) == 0 {
		return nil, nil
	}
	w.cur = next
	if !onlyAnnotations(effective) {
		w.cache.invalidate()
	}
	return eventsForAction(label, a, StepDo, effective), nil
}

// Undo undoes the most recent action and returns its label; it fails with
// store.ErrNothingToUndo when there is none.
func (w *Workspace) Undo() (string, error) { return w.step(false) }

// Redo re-applies the most recently undone action and returns its label;
// it fails with store.ErrNothingToRedo when there is none.
func (w *Workspace) Redo() (string, error) { return w.step(true) }

func (w *Workspace) step(redo bool) (string, error) {
	w.mu.Lock()
	label, evs, err := w.stepLocked(redo)
	w.mu.Unlock()
	w.emit(evs)
	return label, err
}

func (w *Workspace) stepLocked(redo bool) (string, []Event, error) {
	if w.closed {
		return "", nil, ErrClosed
	}
	var next *state
	var applied []docChange
	var act action
	var coded bool
	apply := func(tx *store.Tx, payload []byte) error {
		changes, err := decodeRecord(payload)
		if err != nil {
			return err
		}
		act, coded = recordAction(payload)
		n, err := w.cur.apply(changes)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadRecord, err)
		}
		if err := writeChanges(tx, changes); err != nil {
			return err
		}
		next, applied = n, changes
		return nil
	}
	var label string
	var err error
	verb := "undo"
	if redo {
		verb = "redo"
		label, err = w.st.Redo(apply)
	} else {
		label, err = w.st.Undo(apply)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", verb, err)
	}
	w.cur = next
	if !onlyAnnotations(applied) {
		w.cache.invalidate()
	}
	step := StepUndo
	if redo {
		step = StepRedo
	}
	if !coded { // a record from before label codes: read the label
		act = actionFromLabel(label)
	}
	return label, eventsForAction(verb+" "+label, act, step, applied), nil
}

// HistoryEntry is one action in the undo history.
type HistoryEntry struct {
	// Label is the action's English label ("Add scenario Upside").
	Label string
	// Code says what the action was and Args fill its template, so the UI
	// can translate the label (see LabelCode); Args is nil for codes
	// without arguments.
	Code LabelCode
	Args []string
	Time time.Time
	// Applied is true for actions that Undo can undo, false for undone
	// actions that Redo can re-apply.
	Applied bool
}

// History lists the undo history, oldest first.
func (w *Workspace) History() ([]HistoryEntry, error) {
	if _, err := w.snapshot(); err != nil {
		return nil, err
	}
	es, cursor, err := w.st.History()
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	out := make([]HistoryEntry, len(es))
	for i, e := range es {
		a, ok := recordAction(e.Forward)
		if !ok {
			a = actionFromLabel(e.Label) // history written before codes were stored
		}
		out[i] = HistoryEntry{Label: e.Label, Code: a.code, Args: a.args, Time: e.Time, Applied: i < cursor}
	}
	return out, nil
}

// CanUndo reports whether there is an action to undo.
func (w *Workspace) CanUndo() bool { return w.st.CanUndo() }

// CanRedo reports whether there is an undone action to redo.
func (w *Workspace) CanRedo() bool { return w.st.CanRedo() }

// Tree returns a copy of the current tree.
func (w *Workspace) Tree() kpitree.Tree {
	s, err := w.snapshot()
	if err != nil {
		return kpitree.Tree{}
	}
	return s.tree.Clone()
}

// Calendar returns the calendar evaluations use (the tree's, with the
// history length the bound data gives it): what Evaluate's Calendar
// says, without evaluating or copying the tree.
func (w *Workspace) Calendar() kpitree.Calendar {
	s, err := w.snapshot()
	if err != nil {
		return kpitree.Calendar{}
	}
	return s.calendar()
}

// Root returns a copy of the root node, without copying the whole tree;
// ok is false when the root names no node.
func (w *Workspace) Root() (n kpitree.Node, ok bool) {
	s, err := w.snapshot()
	if err != nil {
		return kpitree.Node{}, false
	}
	n, ok = s.node(s.tree.Root)
	return n.Clone(), ok
}

// Node returns a copy of the node with id, without copying the whole tree
// (Tree does); ok is false for an unknown id.
func (w *Workspace) Node(id string) (n kpitree.Node, ok bool) {
	s, err := w.snapshot()
	if err != nil {
		return kpitree.Node{}, false
	}
	n, ok = s.node(id)
	return n.Clone(), ok
}

// Settings returns the workspace settings.
func (w *Workspace) Settings() Settings {
	s, err := w.snapshot()
	if err != nil {
		return DefaultSettings("en")
	}
	return s.settings
}

// SetSettings validates and stores new settings as one undoable action.
func (w *Workspace) SetSettings(set Settings) error {
	if err := set.Validate(); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return w.change(act(LabelChangeSettings), func(*state) ([]docChange, error) {
		return putOnly(store.BucketSettings, keySettings, set)
	})
}

// Bindings returns the bindings sorted by node id.
func (w *Workspace) Bindings() []Binding {
	s, err := w.snapshot()
	if err != nil {
		return nil
	}
	out := make([]Binding, 0, len(s.bindings))
	for _, b := range s.bindings {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Binding) int { return cmpString(a.Node, b.Node) })
	return out
}

// Datasets returns the datasets sorted by id. The datasets are shared,
// read-only values: do not modify them.
func (w *Workspace) Datasets() []*Dataset {
	s, err := w.snapshot()
	if err != nil {
		return nil
	}
	out := make([]*Dataset, 0, len(s.datasets))
	for _, d := range s.datasets {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *Dataset) int { return cmpString(a.ID, b.ID) })
	return out
}

// SaveAs writes a consistent copy of the workspace file to dst (for
// "Save a copy" and backups); the open workspace stays on its own file.
func (w *Workspace) SaveAs(dst string) error {
	if _, err := w.snapshot(); err != nil {
		return err
	}
	if err := w.st.SaveAs(dst); err != nil {
		return fmt.Errorf("save a copy: %w", err)
	}
	return nil
}

// Compact rewrites the file without free pages (after many edits or a
// large import was undone); ctx cancels it and progress reports buckets
// copied.
func (w *Workspace) Compact(ctx context.Context, progress func(done, total int)) error {
	if _, err := w.snapshot(); err != nil {
		return err
	}
	if err := w.st.Compact(ctx, progress); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	return nil
}
