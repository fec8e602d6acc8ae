package kpitree

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Limits on what a user can type. They are checked up front, where an edit
// or an import enters the workspace, so a 10 MB name is refused in
// microseconds with a short message instead of reaching the parser, the
// store ("key too large") or a message that echoes it whole.
const (
	// MaxFormulaBytes caps a formula's text: about 20,000 terms, far more
	// than a readable formula and still parsed and checked in well under
	// a second. Longer formulas belong split into intermediate nodes.
	MaxFormulaBytes = 256 << 10
	// MaxIDBytes caps a node id (ids are ASCII, so bytes are characters).
	MaxIDBytes = 100
	// MaxNameRunes caps a node's, a tree's or a scenario's name, in characters.
	MaxNameRunes = 200
	// MaxLabelRunes caps a node's unit, owner and aggregation, in characters.
	MaxLabelRunes = 200
	// MaxDescriptionRunes caps a node's description, in characters.
	MaxDescriptionRunes = 10_000
	// MaxQuoteRunes is how much user input an error message quotes; longer
	// input is cut with "…".
	MaxQuoteRunes = 80
)

// ErrTooLong means a formula, id, name or label is longer than its limit;
// the *LimitError wrapping it says which and how long.
var ErrTooLong = errors.New("input too long")

// The limit message codes (see MsgCode); their arguments are the clipped
// value, its length and the limit.
const (
	MsgLimitFormula     MsgCode = "limit.formula"
	MsgLimitID          MsgCode = "limit.id"
	MsgLimitNodeName    MsgCode = "limit.node_name"
	MsgLimitTreeName    MsgCode = "limit.tree_name"
	MsgLimitScenario    MsgCode = "limit.scenario_name"
	MsgLimitLabel       MsgCode = "limit.label"
	MsgLimitDescription MsgCode = "limit.description"
	MsgLimitEmptyName   MsgCode = "limit.empty_name"
)

// LimitError is an input over its limit. Code and Args translate it like a
// Diagnostic; Error prints the English text, which quotes at most
// MaxQuoteRunes characters of the input.
type LimitError struct {
	Code MsgCode
	// Args are the values of Code's arguments, named by MessageArgs(Code).
	Args []string
}

// Error returns the English message.
func (e *LimitError) Error() string { return messageText(e.Code, e.Args...) }

// Unwrap makes a LimitError about a length match ErrTooLong; an empty
// name wraps nothing (callers add their own "bad name" sentinel).
func (e *LimitError) Unwrap() error {
	if e.Code == MsgLimitEmptyName {
		return nil
	}
	return ErrTooLong
}

// Clip returns s cut to MaxQuoteRunes characters, ending in "…" when it
// was cut, for quoting user input in messages. Invalid UTF-8 is kept as
// it is (a message quotes it with %q).
func Clip(s string) string {
	if len(s) <= MaxQuoteRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxQuoteRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Quote is strconv.Quote of Clip(s): user input quoted in a message.
func Quote(s string) string { return strconv.Quote(Clip(s)) }

// limitErr makes the LimitError for code about value s of length n over max.
func limitErr(code MsgCode, s string, n, max int) error {
	return &LimitError{Code: code, Args: []string{Clip(s), strconv.Itoa(n), strconv.Itoa(max)}}
}

// CheckFormulaLen refuses a formula longer than MaxFormulaBytes.
func CheckFormulaLen(f string) error {
	if len(f) > MaxFormulaBytes {
		return limitErr(MsgLimitFormula, f, len(f), MaxFormulaBytes)
	}
	return nil
}

// CheckScenarioName refuses an empty scenario name or one longer than
// MaxNameRunes (or not UTF-8).
func CheckScenarioName(name string) error {
	return checkName(MsgLimitScenario, name)
}

func checkName(code MsgCode, name string) error {
	if n := runes(name, MaxNameRunes); n > MaxNameRunes {
		return limitErr(code, name, n, MaxNameRunes)
	}
	if !utf8.ValidString(name) || trimmedEmpty(name) {
		return &LimitError{Code: MsgLimitEmptyName}
	}
	return nil
}

// trimmedEmpty reports whether s is only white space.
func trimmedEmpty(s string) bool {
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000':
		default:
			return false
		}
	}
	return true
}

// runes counts s's characters.
func runes(s string, limit int) int {
	if len(s) <= limit { // at most limit characters either way
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// CheckNodeLimits refuses a node whose id, name, formula, unit, owner,
// aggregation or description is over its limit.
func CheckNodeLimits(n Node) error {
	if len(n.ID) > MaxIDBytes {
		return limitErr(MsgLimitID, n.ID, len(n.ID), MaxIDBytes)
	}
	if c := runes(n.Name, MaxNameRunes); c > MaxNameRunes {
		return limitErr(MsgLimitNodeName, n.Name, c, MaxNameRunes)
	}
	if err := CheckFormulaLen(n.Formula); err != nil {
		return err
	}
	for _, s := range []string{n.Unit, n.Owner, n.Aggregation} {
		if c := runes(s, MaxLabelRunes); c > MaxLabelRunes {
			return limitErr(MsgLimitLabel, s, c, MaxLabelRunes)
		}
	}
	if c := runes(n.Description, MaxDescriptionRunes); c > MaxDescriptionRunes {
		return limitErr(MsgLimitDescription, n.Description, c, MaxDescriptionRunes)
	}
	for _, hc := range n.Health {
		for _, id := range []string{hc.Ref, hc.Per} {
			if len(id) > MaxIDBytes {
				return limitErr(MsgLimitID, id, len(id), MaxIDBytes)
			}
		}
	}
	if err := CheckAlerts(n.Alerts); err != nil {
		return fmt.Errorf("node %s: %w", Quote(n.ID), err)
	}
	return nil
}

// CheckTreeLimits refuses a tree whose name, root id or any node is over
// its limit (see CheckNodeLimits).
func CheckTreeLimits(t Tree) error {
	if c := runes(t.Name, MaxNameRunes); c > MaxNameRunes {
		return limitErr(MsgLimitTreeName, t.Name, c, MaxNameRunes)
	}
	if len(t.Root) > MaxIDBytes {
		return limitErr(MsgLimitID, t.Root, len(t.Root), MaxIDBytes)
	}
	for _, n := range t.Nodes {
		if err := CheckNodeLimits(n); err != nil {
			return err
		}
	}
	return nil
}
