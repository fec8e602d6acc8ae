package workspace

import "github.com/kpitree/kpitree/app/store"

// EventKind says what changed in a workspace.
type EventKind int

// The event kinds. A single action may raise several.
const (
	// TreeChanged: nodes, formulas or the tree's calendar changed.
	TreeChanged EventKind = iota + 1
	// DataChanged: datasets or bindings changed (evaluated values may differ).
	DataChanged
	// ScenariosChanged: a scenario was added, changed, renamed or removed.
	ScenariosChanged
	// ForecastsChanged: forecasts were recomputed or invalidated.
	ForecastsChanged
	// HistoryChanged: an action was recorded, undone or redone.
	HistoryChanged
	// SettingsChanged: workspace settings changed.
	SettingsChanged
)

// String names the kind for logs.
func (k EventKind) String() string {
	switch k {
	case TreeChanged:
		return "tree"
	case DataChanged:
		return "data"
	case ScenariosChanged:
		return "scenarios"
	case ForecastsChanged:
		return "forecasts"
	case HistoryChanged:
		return "history"
	case SettingsChanged:
		return "settings"
	}
	return "unknown"
}

// Event tells subscribers what changed so the UI can refresh only that.
type Event struct {
	Kind EventKind
	// Label is the action's label ("Rename node", "Undo Rename node"); or "".
	Label string
}

// eventsFor lists the events a set of document changes raises.
func eventsFor(label string, changes []docChange) []Event {
	seen := map[EventKind]bool{}
	var out []Event
	add := func(k EventKind) {
		if !seen[k] {
			seen[k] = true
			out = append(out, Event{Kind: k, Label: label})
		}
	}
	for _, c := range changes {
		switch c.Bucket {
		case store.BucketTrees:
			add(TreeChanged)
		case store.BucketDatasets, store.BucketBindings:
			add(DataChanged)
		case store.BucketScenarios:
			add(ScenariosChanged)
		case store.BucketSettings:
			add(SettingsChanged)
		}
	}
	add(HistoryChanged)
	return out
}

// Subscribe registers fn to be called after every change, outside the
// workspace lock and on the goroutine that made the change (the UI wraps
// fn in fyne.Do). It returns a function that removes the subscription.
func (w *Workspace) Subscribe(fn func(Event)) (unsubscribe func()) {
	w.subMu.Lock()
	defer w.subMu.Unlock()
	id := w.nextSub
	w.nextSub++
	w.subs[id] = fn
	return func() {
		w.subMu.Lock()
		defer w.subMu.Unlock()
		delete(w.subs, id)
	}
}

func (w *Workspace) emit(evs []Event) {
	if len(evs) == 0 {
		return
	}
	w.subMu.Lock()
	fns := make([]func(Event), 0, len(w.subs))
	ids := make([]int, 0, len(w.subs))
	for id := range w.subs {
		ids = append(ids, id)
	}
	sortInts(ids)
	for _, id := range ids {
		fns = append(fns, w.subs[id])
	}
	w.subMu.Unlock()
	for _, e := range evs {
		for _, fn := range fns {
			fn(e)
		}
	}
}
