package kpitree

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Sentinel errors. Callers test for them with errors.Is; every error the
// package returns for bad user input wraps one of these.
var (
	// ErrSyntax means a formula could not be parsed; the wrapping *Error or
	// ErrorList says where and why.
	ErrSyntax = errors.New("formula syntax error")
	// ErrCycle means nodes refer to each other in a loop, so no evaluation
	// order exists; the message names the cycle.
	ErrCycle = errors.New("cycle in the tree")
	// ErrUnknownNode means an id (in a formula, an edit or an override) names
	// no node in the tree.
	ErrUnknownNode = errors.New("unknown node")
	// ErrDuplicateID means two nodes would share one id.
	ErrDuplicateID = errors.New("duplicate node id")
	// ErrInvalidID means an id is not of the form [A-Za-z_][A-Za-z0-9_]*.
	ErrInvalidID = errors.New("invalid node id")
	// ErrBadJSON means a tree or an edit operation could not be decoded.
	ErrBadJSON = errors.New("invalid kpitree JSON")
	// ErrNewerFormat means the JSON was written by a newer version of the
	// app; the user should update the app to open it.
	ErrNewerFormat = errors.New("file written by a newer version of KPI Tree")
	// ErrBadOp means an edit operation cannot be applied to this tree (for
	// example an index out of range or a missing parent reference).
	ErrBadOp = errors.New("edit cannot be applied")
	// ErrBadScenario means a scenario override is malformed (unknown
	// operation, window outside the horizon, negative ramp).
	ErrBadScenario = errors.New("invalid scenario")
	// ErrMismatch means two evaluation states cannot be compared because
	// they come from different trees or horizons.
	ErrMismatch = errors.New("evaluations do not match")

	// Impact analysis, goal seek, Monte Carlo and templates.
	// ErrBadWindow means a period or fiscal year lies outside the evaluated
	// periods, or only partly inside them.
	ErrBadWindow = errors.New("period window outside the evaluated periods")
	// ErrMissingValue means a node has no value (NaN) where a result needs
	// one; bind data for it or choose other periods.
	ErrMissingValue = errors.New("missing value")
	// ErrNotDriver means the chosen node cannot be moved by goal seek or
	// sensitivity (it is computed by a formula, or it does not feed the root).
	ErrNotDriver = errors.New("node is not a driver of the target")
	// ErrBadGoal means a goal seek request cannot be run: the target is not a
	// number or the bounds are reversed.
	ErrBadGoal = errors.New("invalid goal seek")
	// ErrBadSamples means Monte Carlo sample paths have the wrong shape or
	// count for the horizon and number of paths.
	ErrBadSamples = errors.New("sample paths do not match")
	// ErrUnknownTemplate means no template has the requested id; Templates
	// lists the valid ones.
	ErrUnknownTemplate = errors.New("unknown template")
	// ErrUnknownLanguage means a language other than "en" or "ja" was asked for.
	ErrUnknownLanguage = errors.New("unsupported language")
)

// maxDepth caps formula nesting so a hostile or mistyped formula cannot
// exhaust the stack of the recursive-descent parser or the compiler.
const maxDepth = 100

// Error is a formula error at byte offset Pos of the formula text.
type Error struct {
	Pos int    // byte offset in the formula, 0-based
	Col int    // character (rune) column, 1-based, for messages; 0 if unknown
	Msg string // what is wrong and what to do next
}

// Error prints "col N: msg" with the 1-based character column, which is
// what users count in a formula with Japanese names (a byte offset is not).
func (e *Error) Error() string {
	col := e.Col
	if col == 0 {
		col = e.Pos + 1
	}
	return fmt.Sprintf("col %d: %s", col, e.Msg)
}

// Unwrap makes every formula error match ErrSyntax.
func (e *Error) Unwrap() error { return ErrSyntax }

// ErrorList is a list of formula errors, sorted by position by Sort.
type ErrorList []*Error

// Add appends an error at byte offset pos (column unknown).
func (l *ErrorList) Add(pos int, msg string) { *l = append(*l, &Error{Pos: pos, Msg: msg}) }

// colOf returns the 1-based character column of byte offset pos in src.
func colOf(src string, pos int) int {
	if pos < 0 {
		return 0
	}
	pos = min(pos, len(src))
	return utf8.RuneCountInString(src[:pos]) + 1
}

// Sort orders the list by position, then message.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Pos != l[j].Pos {
			return l[i].Pos < l[j].Pos
		}
		return l[i].Msg < l[j].Msg
	})
}

// RemoveMultiples sorts the list and keeps one error per position, because
// a second complaint at the same spot is noise.
func (l *ErrorList) RemoveMultiples() {
	l.Sort()
	out := (*l)[:0]
	for i, e := range *l {
		if i > 0 && e.Pos == out[len(out)-1].Pos {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Error joins the messages; the first error comes first.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	b.WriteString(l[0].Error())
	fmt.Fprintf(&b, " (and %d more errors)", len(l)-1)
	return b.String()
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns nil for an empty list, else the list itself.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
