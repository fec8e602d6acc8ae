package workspace

import (
	"slices"

	"github.com/kpitree/kpitree/app/store"
)

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
	// AlertsEvaluated: the alert rules were evaluated after a data import
	// or refresh; Event.Alerts holds those that fired (none: nil).
	AlertsEvaluated
	// PlansChanged: a plan version was frozen, renamed or deleted.
	PlansChanged
	// NotesChanged: a note was added, edited or removed.
	NotesChanged
	// InitiativesChanged: an initiative was added, edited or removed.
	InitiativesChanged
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
	case AlertsEvaluated:
		return "alerts"
	case PlansChanged:
		return "plans"
	case NotesChanged:
		return "notes"
	case InitiativesChanged:
		return "initiatives"
	}
	return "unknown"
}

// Event tells subscribers what changed so the UI can refresh only that.
type Event struct {
	Kind EventKind
	// Label is the action's English label ("Rename node", "undo Rename
	// node"); or "". Logs and the CLI show it; the UI translates Code.
	Label string
	// Code says which recorded action raised the event and Args fill its
	// template (see LabelCode), so the UI can name the action in the
	// user's language. Code is "" for events no recorded action raised
	// (ForecastsChanged); Args is nil for codes without arguments and
	// belongs to this event (subscribers may keep it).
	Code LabelCode
	Args []string
	// Step says whether the action was done, undone or redone.
	Step Step
	// Alerts are the alerts that fired, for AlertsEvaluated; or nil.
	Alerts []Alert
}

// Step says how an event's action came about: done by the user, or taken
// back or re-applied through the undo history.
type Step int

// The steps. StepDo is the zero value, so events built without a step
// (forecasts) read as plain actions.
const (
	// StepDo: the action was just done.
	StepDo Step = iota
	// StepUndo: Undo took the action back.
	StepUndo
	// StepRedo: Redo re-applied the action.
	StepRedo
)

// String names the step for logs: "do", "undo" or "redo".
func (s Step) String() string {
	switch s {
	case StepUndo:
		return "undo"
	case StepRedo:
		return "redo"
	}
	return "do"
}

// eventsForAction lists the events of action a, done or stepped through
// the history, that applied changes; label is what Event.Label says.
func eventsForAction(label string, a action, step Step, changes []docChange) []Event {
	seen := map[EventKind]bool{}
	var out []Event
	add := func(k EventKind) {
		if !seen[k] {
			seen[k] = true
			out = append(out, Event{Kind: k, Label: label, Code: a.code, Args: slices.Clone(a.args), Step: step})
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
		case store.BucketPlans:
			add(PlansChanged)
		case store.BucketNotes:
			add(NotesChanged)
		case store.BucketInitiatives:
			add(InitiativesChanged)
		}
	}
	add(HistoryChanged)
	return out
}

// Subscribe registers fn to be called after every change, outside the
// workspace lock and on the goroutine that made the change (the UI wraps
// fn in fyne.Do). It returns a function that removes the subscription.
func (w *Workspace) Subscribe(fn func(Event)) (unsubscribe func()) {
	return w.subs.Add(fn)
}

func (w *Workspace) emit(evs []Event) {
	if len(evs) == 0 {
		return
	}
	fns := w.subs.Snapshot()
	for _, e := range evs {
		for _, fn := range fns {
			fn(e)
		}
	}
}
