package workspace

import "fmt"

// NextAction is the action the next Undo or Redo would take back or
// re-apply, so a menu can name it ("Undo Add scenario Upside").
type NextAction struct {
	// OK is false when there is nothing to undo (or redo); the other
	// fields are then zero.
	OK bool
	// Label is the action's English label ("Add scenario Upside").
	Label string
	// Code says what the action was and Args fill its template, as in
	// HistoryEntry; Args is nil for codes without arguments.
	Code LabelCode
	Args []string
}

// NextActions returns the actions the next Undo and Redo would apply. It
// reads only the head of each history record (store.Peek), so it is cheap
// enough to call on every reload even when a record holds a whole dataset.
// A record without a stored code, or whose args do not fit in the head,
// is named from its English label.
func (w *Workspace) NextActions() (undo, redo NextAction, err error) {
	if _, err := w.snapshot(); err != nil {
		return NextAction{}, NextAction{}, err
	}
	u, r, err := w.st.Peek()
	if err != nil {
		return NextAction{}, NextAction{}, fmt.Errorf("next undo and redo: %w", err)
	}
	return nextAction(u.OK, u.Label, u.Head), nextAction(r.OK, r.Label, r.Head), nil
}

func nextAction(ok bool, label string, head []byte) NextAction {
	if !ok {
		return NextAction{}
	}
	a, coded := recordAction(head)
	if !coded {
		a = actionFromLabel(label)
	}
	return NextAction{OK: true, Label: label, Code: a.code, Args: a.args}
}
