// Package kpitree is the domain core of KPI Tree: the tree of KPI nodes, the
// formula language, units, checking, evaluation, scenarios, impact analysis,
// goal seek, templates and the JSON codec. It uses the standard library only.
//
// Error contract: functions that take user input (formulas, JSON, edits)
// never panic; they return errors that wrap the sentinels in errors.go, or
// Diagnostics that say which node is affected and what to do.
//
// The pieces, in the order data flows through them:
//
//   - Parse turns formula text into a sealed AST (Expr) whose String is the
//     canonical formula. Formulas use numbers ("1,234", "5%"), node ids or
//     quoted names ("アクティブ率"), + - * / ^, comparisons, and sum, avg,
//     min, max, abs, lag, cumsum, clamp, if and annualize (an amount per
//     period made per year). PresetFormula writes the
//     product, sum, difference and ratio presets.
//   - Compile resolves references and compiles every node into columnar
//     instructions (a Program). Check adds units, unused nodes and data
//     findings and returns Diagnostics, most serious first.
//   - Program.NewState allocates a State for a horizon; SetInputs,
//     SetScenario and Run evaluate every node for every period without
//     allocating; Update recomputes one changed node's ancestors; Carry
//     moves an evaluation onto a recompiled tree. Evaluate and Compare are
//     the one-call forms.
//   - MarshalTree/UnmarshalTree store trees in a versioned JSON format;
//     Op values (AddNode, SetFormula, Reparent, RenameID, …) edit trees and
//     return their inverse for undo, and MarshalOp/UnmarshalOp store them.
//   - Calendar labels periods and fiscal years; FormatValue formats values
//     in their unit.
package kpitree

import "time"

// Kind says how a node gets its values.
type Kind string

// The node kinds.
const (
	// KindInput nodes take their values from a bound data series (or typed values).
	KindInput Kind = "input"
	// KindFormula nodes compute their values from a formula over other nodes.
	KindFormula Kind = "formula"
	// KindConstant nodes hold one value for every period.
	KindConstant Kind = "constant"
	// KindHealth nodes are a weighted sum of normalised components, clamped to 0–100.
	KindHealth Kind = "health"
)

// Freq is the spacing of a calendar's periods.
type Freq string

// The supported calendar frequencies.
const (
	Day     Freq = "day"
	Week    Freq = "week"
	Month   Freq = "month"
	Quarter Freq = "quarter"
	Year    Freq = "year"
)

// Calendar is a regular sequence of periods. Period i (0-based) starts at
// Start advanced by i steps of Freq.
type Calendar struct {
	Freq  Freq      `json:"freq"`
	Start time.Time `json:"start"` // first period's start, UTC midnight
	// Periods is the number of periods with actual data (history length).
	Periods int `json:"periods"`
	// FiscalYearStart is the month the fiscal year begins (time.April in Japan);
	// zero means January.
	FiscalYearStart time.Month `json:"fiscal_year_start,omitempty"`
}

// Target is a goal for a node: either for one period (Period ≥ 0) or for a
// whole fiscal year (FiscalYear ≠ 0, meaning the fiscal year that starts in
// that calendar year; compared with the sum for flows or the last value for stocks).
type Target struct {
	Period     int     `json:"period,omitempty"`
	FiscalYear int     `json:"fiscal_year,omitempty"`
	Value      float64 `json:"value"`
}

// RAG holds the red/amber/green thresholds of a node as fractions of its
// target: at or above Green is green, below Red is red, between is amber.
// When HigherIsBetter is false the comparison is reversed (e.g. churn).
type RAG struct {
	Green          float64 `json:"green"`
	Red            float64 `json:"red"`
	HigherIsBetter bool    `json:"higher_is_better"`
}

// HealthComponent is one weighted, normalised input of a health-score node.
// The normalised value is clamp((ref − Min) / (Max − Min), 0, 1) · 100,
// where ref is the referenced node's value (divided by the node Per, if set,
// so companies of different size compare).
type HealthComponent struct {
	Ref    string  `json:"ref"`           // node id
	Per    string  `json:"per,omitempty"` // node id to divide by (seats, employees); or empty
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Node is one KPI in a tree.
type Node struct {
	ID   string `json:"id"`   // stable identifier, [A-Za-z_][A-Za-z0-9_]*
	Name string `json:"name"` // display name in any language
	// Unit is the node's unit, e.g. "JPY", "%", "customers", "accounts/person".
	// Values with unit "%" are stored as fractions (0.538 means 53.8 %).
	Unit    string  `json:"unit,omitempty"`
	Kind    Kind    `json:"kind"`
	Formula string  `json:"formula,omitempty"` // source text, for KindFormula
	Value   float64 `json:"value,omitempty"`   // for KindConstant
	// Values are typed-in values for an unbound KindInput node; or nil.
	Values       []float64         `json:"values,omitempty"`
	Health       []HealthComponent `json:"health,omitempty"` // for KindHealth
	Owner        string            `json:"owner,omitempty"`
	Controllable bool              `json:"controllable,omitempty"`
	Targets      []Target          `json:"targets,omitempty"`
	RAG          *RAG              `json:"rag,omitempty"` // or nil for no colouring
	Description  string            `json:"description,omitempty"`
	// Aggregation says how the node's periods combine into a fiscal year:
	// an AggKind ("flow", "stock", "opening", "average", "ratio"); the old
	// settings "sum", "last" and "mean" are read as ResolveAggregation
	// says; "" infers the kind from the unit and formula.
	Aggregation string `json:"aggregation,omitempty"`
	// AggregationNote says why Aggregation was set (shown with the kind);
	// or "".
	AggregationNote string `json:"aggregation_note,omitempty"`
	// FYRate is the FYRate the fiscal-year column shows for a rate; or ""
	// for RateYear.
	FYRate string `json:"fy_rate,omitempty"`
	// Silenced lists diagnostic codes (CodeUnit, CodeUnused, …) the user
	// chose to hide for this node; Check drops them. Or nil.
	Silenced []string `json:"silenced,omitempty"`
	// Alerts are the node's alert rules (at most one per kind), evaluated
	// by the workspace after each data refresh; or nil for none.
	Alerts []AlertRule `json:"alerts,omitempty"`
}

// Tree is a KPI tree: a root node and the nodes it is computed from. The
// graph is given by formula references; Nodes keeps a stable order for display.
type Tree struct {
	Name     string   `json:"name"`
	Root     string   `json:"root"` // id of the root node
	Calendar Calendar `json:"calendar"`
	Nodes    []Node   `json:"nodes"`
}

// OverrideOp is how a scenario override changes a node.
type OverrideOp string

// The override operations.
const (
	// OpSet replaces the node's value with Value.
	OpSet OverrideOp = "set"
	// OpScale multiplies the node's value by (1 + Value/100).
	OpScale OverrideOp = "scale"
	// OpAdd adds Value (in the node's unit) to the node's value.
	OpAdd OverrideOp = "add"
)

// Override changes one node from period From to period To (inclusive; To < 0
// means to the end), reaching full effect linearly over Ramp periods.
// Overriding a formula node replaces its subtree for that window.
type Override struct {
	Node  string     `json:"node"`
	Op    OverrideOp `json:"op"`
	Value float64    `json:"value"`
	From  int        `json:"from"`
	To    int        `json:"to"`
	Ramp  int        `json:"ramp,omitempty"`
}

// Scenario is a named set of overrides evaluated against the base.
type Scenario struct {
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Overrides   []Override `json:"overrides"`
}

// Clone returns a deep copy of the tree, so edits to the copy never reach
// the original. Nil slices stay nil and empty slices stay empty, which keeps
// JSON output and equality checks exact.
func (t Tree) Clone() Tree {
	out := t
	if t.Nodes != nil {
		out.Nodes = make([]Node, len(t.Nodes))
		for i, n := range t.Nodes {
			out.Nodes[i] = n.Clone()
		}
	}
	return out
}

// Clone returns a deep copy of the node.
func (n Node) Clone() Node {
	out := n
	out.Values = cloneSlice(n.Values)
	out.Health = cloneSlice(n.Health)
	out.Targets = cloneSlice(n.Targets)
	out.Silenced = cloneSlice(n.Silenced)
	out.Alerts = cloneSlice(n.Alerts)
	if n.RAG != nil {
		r := *n.RAG
		out.RAG = &r
	}
	return out
}

// cloneSlice copies s, keeping nil as nil and empty as empty.
func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// NodeByID returns the node with the given id and its index, or false.
func (t Tree) NodeByID(id string) (Node, int, bool) {
	for i, n := range t.Nodes {
		if n.ID == id {
			return n, i, true
		}
	}
	return Node{}, -1, false
}
