package kpitree

import (
	"fmt"
	"sort"
)

// Severity ranks a Diagnostic.
type Severity string

// The severities. Errors stop a node from being evaluated (it becomes
// missing); warnings and infos do not.
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
	SevInfo    Severity = "info"
)

// Diagnostic codes, stable identifiers the UI can translate and users can
// silence per node (Node.Silenced).
const (
	CodeSyntax     = "syntax"        // the formula does not parse
	CodeUnknownRef = "unknown-ref"   // a formula names a node that does not exist
	CodeAmbiguous  = "ambiguous-ref" // a quoted name matches several nodes
	CodeCycle      = "cycle"         // nodes depend on each other in a loop
	CodeNoRoot     = "no-root"       // the tree's root is missing or unknown
	CodeUnbound    = "unbound-input" // an input node has no data
	CodeUnit       = "unit-mismatch" // units do not agree
	CodeDivZero    = "div-zero"      // a division hit zero in the data
	CodeUnused     = "unused"        // a node is not reachable from the root
	CodeMissing    = "missing-data"  // an input has missing periods
	CodeHealth     = "bad-health"    // a health-score component is malformed
	CodeKind       = "bad-kind"      // a node's kind is unknown or inconsistent
	CodeDuplicate  = "duplicate-id"  // two nodes share an id
	CodeInvalidID  = "invalid-id"    // an id is not [A-Za-z_][A-Za-z0-9_]*
	CodeCalendar   = "bad-calendar"  // the calendar's frequency or months are invalid
	CodeOverflow   = "overflow"      // a value is too large to compute (±Inf)
	// CodeTimeScale: an amount per period is scaled by a bare number of
	// periods (mrr * 12), or annualize() gets something that is not per
	// calendar period; the value and its unit disagree about the period.
	CodeTimeScale = "time-scale"
	// CodeFYKind: a node's fiscal-year aggregation is set to something its
	// formula cannot support (a ratio without a formula), or a rate over
	// the year divides by a stock read at the year's end.
	CodeFYKind = "fy-kind"
)

// Diagnostic is one finding about a tree: which node, how bad, a stable
// code, a message that says what to do, and where in the formula.
type Diagnostic struct {
	Node     string   `json:"node"` // node id; or empty for the whole tree
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"` // in English, for the CLI and logs
	// MsgCode identifies Message so a UI can translate it (MessageCodes
	// lists the codes); or empty for a diagnostic made outside this
	// package, which has only Message.
	MsgCode MsgCode `json:"msgCode,omitempty"`
	// Args are the values of MsgCode's arguments, named by
	// MessageArgs(MsgCode), in that order; or nil.
	Args []string `json:"args,omitempty"`
	// Pos is the byte offset in the node's formula; or -1 when the finding
	// is not about a place in the formula.
	Pos int `json:"pos"`
	// Col is the 1-based character column of Pos, for messages; or 0.
	Col int `json:"col,omitempty"`
	// Period is the period index the finding is about; or -1.
	Period int `json:"period"`
}

// String prints "node: severity code: message".
func (d Diagnostic) String() string {
	s := d.Node
	if d.Col > 0 {
		s += fmt.Sprintf(" col %d", d.Col)
	}
	return fmt.Sprintf("%s: %s %s: %s", s, d.Severity, d.Code, d.Message)
}

// HasErrors reports whether any diagnostic has severity SevError.
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == SevError {
			return true
		}
	}
	return false
}

// diag makes a finding whose message is msg with args (see MessageArgs).
// NewDiagnostic is a finding about node (or the whole tree, for "") with
// one of the package's coded messages, so a UI can translate it like the
// core's own findings; checks made beside the core (the workspace's
// reconciliation of reported actuals) use it. Period is the period index
// the finding is about, or -1.
func NewDiagnostic(node string, sev Severity, code string, period int, msg MsgCode, args ...string) Diagnostic {
	d := diag(node, sev, code, -1, msg, args...)
	d.Period = period
	return d
}

func diag(node string, sev Severity, code string, pos int, msg MsgCode, args ...string) Diagnostic {
	if msg != MsgTreeCompile { // its argument is a whole message, already clipped
		args = clipAll(args)
	}
	return Diagnostic{Node: node, Severity: sev, Code: code, Message: messageText(msg, args...),
		MsgCode: msg, Args: args, Pos: pos, Period: -1}
}

var sevRank = map[Severity]int{SevError: 0, SevWarning: 1, SevInfo: 2}

// sortDiagnostics orders by severity, then node order in the tree, then
// position, so the most serious findings come first and output is stable.
func sortDiagnostics(ds []Diagnostic, order map[string]int) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if sevRank[a.Severity] != sevRank[b.Severity] {
			return sevRank[a.Severity] < sevRank[b.Severity]
		}
		if order[a.Node] != order[b.Node] {
			return order[a.Node] < order[b.Node]
		}
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		return a.Code < b.Code
	})
}

// clipAll clips every argument (see Clip) so a message about a 10 MB name
// quotes 80 characters of it, in every language. It copies only when one
// is cut.
func clipAll(args []string) []string {
	for i, a := range args {
		if c := Clip(a); c != a {
			out := append([]string(nil), args...)
			for j := i; j < len(out); j++ {
				out[j] = Clip(out[j])
			}
			return out
		}
	}
	return args
}
