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
	// ErrOverflow means a value is too large to compute (it overflows to
	// ±Inf), usually from an absurd input or scenario value such as 1e308;
	// it is never shown as a result.
	ErrOverflow = errors.New("value too large to compute (overflow)")
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
	// ErrBadAlertRule means an alert rule has an unknown kind or a missing
	// or impossible threshold; the message shows the accepted forms.
	ErrBadAlertRule = errors.New("invalid alert rule")
)

// maxDepth caps formula nesting so a hostile or mistyped formula cannot
// exhaust the stack of the recursive-descent parser or the compiler.
const maxDepth = 100

// Error is a formula error at byte offset Pos of the formula text.
type Error struct {
	Pos int    // byte offset in the formula, 0-based
	Col int    // character (rune) column, 1-based, for messages; 0 if unknown
	Msg string // what is wrong and what to do next, in English
	// Code identifies the message so a UI can show it in the user's
	// language (MessageCodes lists them); or empty for an error added with
	// ErrorList.Add, which has only Msg.
	Code MsgCode
	// Args are the values of Code's arguments, named by MessageArgs(Code),
	// in that order; or nil.
	Args []string
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

// MsgCode identifies one kind of formula error or diagnostic message,
// finer than a Diagnostic's Code (one Code such as CodeUnit covers several
// messages). A UI looks it up in its translations and fills in Args; the
// English text (Error.Msg, Diagnostic.Message) is for the CLI and logs.
// Codes are stable: renaming one breaks every translation of it.
type MsgCode string

// The message codes. Argument names follow conventions a UI relies on:
// "name", "id", "root" and "path" hold node ids or names (any language,
// shown as they are); names starting with "unit" hold a unit as written or
// derived ("1" means a plain number, shown as a word); "tok", "char" and
// "half" hold one formula character; "func" a formula function name; the
// others numbers, period labels or user-typed words.
const (
	MsgParseEmpty          MsgCode = "parse.empty"
	MsgParseUnmatchedClose MsgCode = "parse.unmatched_close"
	MsgParseTrailing       MsgCode = "parse.trailing"
	MsgParseFullWidth      MsgCode = "parse.full_width"
	MsgParseTooDeep        MsgCode = "parse.too_deep"
	MsgParseSingleEq       MsgCode = "parse.single_eq"
	MsgParseSingleBang     MsgCode = "parse.single_bang"
	MsgParseEarlyEnd       MsgCode = "parse.early_end"
	MsgParseMissingClose   MsgCode = "parse.missing_close"
	MsgParseOperandBefore  MsgCode = "parse.operand_before"
	MsgParseQuoteNames     MsgCode = "parse.quote_names"
	MsgParseUnexpected     MsgCode = "parse.unexpected"
	MsgParseThousands      MsgCode = "parse.thousands"
	MsgParseNumberDigits   MsgCode = "parse.number_digits"
	MsgParseExponentDigits MsgCode = "parse.exponent_digits"
	MsgParseNumberTooLarge MsgCode = "parse.number_too_large"
	MsgParseNumberThenName MsgCode = "parse.number_then_name"
	MsgParseUnclosedQuote  MsgCode = "parse.unclosed_quote"
	MsgParseBadEscape      MsgCode = "parse.bad_escape"
	MsgParseEmptyName      MsgCode = "parse.empty_name"
	MsgParseUnknownFunc    MsgCode = "parse.unknown_func"
	MsgParseArgsExpected   MsgCode = "parse.args_expected"
	MsgParseArgsUnclosed   MsgCode = "parse.args_unclosed"
	MsgParseArityMin       MsgCode = "parse.arity_min"
	MsgParseArityExact     MsgCode = "parse.arity_exact"
	MsgParseArityLag       MsgCode = "parse.arity_lag"
	MsgParseArityClamp     MsgCode = "parse.arity_clamp"
	MsgParseArityIf        MsgCode = "parse.arity_if"
	MsgParseLagPeriods     MsgCode = "parse.lag_periods"

	MsgTreeNoRoot      MsgCode = "tree.no_root"
	MsgTreeUnknownRoot MsgCode = "tree.unknown_root"
	MsgTreeDuplicateID MsgCode = "tree.duplicate_id"
	MsgTreeInvalidID   MsgCode = "tree.invalid_id"
	MsgTreeCompile     MsgCode = "tree.compile"
	MsgTreeCycle       MsgCode = "tree.cycle"
	MsgRefAmbiguous    MsgCode = "ref.ambiguous"
	MsgRefUnknown      MsgCode = "ref.unknown"
	MsgNodeUnknownKind MsgCode = "node.unknown_kind"
	MsgNodeUnused      MsgCode = "node.unused"
	MsgHealthEmpty     MsgCode = "health.empty"
	MsgHealthUnknown   MsgCode = "health.unknown_ref"
	MsgHealthBad       MsgCode = "health.bad_component"
	MsgHealthWeights   MsgCode = "health.weights"
	MsgCalendarFreq    MsgCode = "calendar.freq"
	MsgCalendarFiscal  MsgCode = "calendar.fiscal_start"
	MsgCalendarPeriods MsgCode = "calendar.periods"
	MsgDataNotInput    MsgCode = "data.not_input"
	MsgDataUnbound     MsgCode = "data.unbound"
	MsgDataDivZero     MsgCode = "data.div_zero"
	MsgDataMissing     MsgCode = "data.missing"
	MsgDataOverflow    MsgCode = "data.overflow"
	MsgUnitNode        MsgCode = "unit.node"
	MsgUnitAdd         MsgCode = "unit.add"
	MsgUnitSub         MsgCode = "unit.sub"
	MsgUnitCompare     MsgCode = "unit.compare"
	MsgUnitFunc        MsgCode = "unit.func"
	MsgUnitIf          MsgCode = "unit.if"
	MsgUnitPow         MsgCode = "unit.pow"
	MsgUnitTimeMul     MsgCode = "unit.time_mul"
	MsgUnitTimeDiv     MsgCode = "unit.time_div"
	MsgUnitAnnualize   MsgCode = "unit.annualize"
	MsgFYKindFallback  MsgCode = "fy.kind_fallback"
	MsgFYEndBase       MsgCode = "fy.end_base"
	// The reconciliation of a computed node with its reported actual, a
	// check made beside the core (app/workspace) with these messages.
	MsgReconcileAbove MsgCode = "reconcile.above"
	MsgReconcileBelow MsgCode = "reconcile.below"
)

// msgSpec is a message's argument names and its English text, in which
// "{name}" stands for an argument.
type msgSpec struct {
	args []string
	en   string
}

const unitsDiffer = ": their units differ, so the result means nothing; convert one of them first"

// messages holds every message; it is never written after initialisation.
var messages = map[MsgCode]msgSpec{
	MsgParseEmpty:          {nil, "formula is empty: enter an expression such as price * customers"},
	MsgParseUnmatchedClose: {nil, "unexpected ')': there is no '(' to close; remove it"},
	MsgParseTrailing:       {[]string{"tok"}, "unexpected '{tok}' after a complete expression: add an operator such as + or *"},
	MsgParseFullWidth:      {[]string{"char", "half"}, "full-width '{char}': type the half-width (半角) '{half}' instead"},
	MsgParseTooDeep:        {[]string{"max"}, "formula is nested more than {max} levels deep: split it into intermediate nodes"},
	MsgParseSingleEq:       {nil, "use == to compare two values"},
	MsgParseSingleBang:     {nil, "use != for 'not equal'"},
	MsgParseEarlyEnd:       {nil, "formula ends too early: expected a number, a node or '('"},
	MsgParseMissingClose:   {[]string{"col"}, "missing ')' to close the '(' at col {col}"},
	MsgParseOperandBefore:  {[]string{"tok"}, "expected a number, a node or '(' before '{tok}'"},
	MsgParseQuoteNames:     {nil, "put node names in double quotes, e.g. \"アクティブ率\" * 2"},
	MsgParseUnexpected:     {[]string{"tok"}, "unexpected '{tok}': expected a number, a node or '('"},
	MsgParseThousands:      {nil, "thousands separators need groups of three digits, e.g. 1,234,567"},
	MsgParseNumberDigits:   {nil, "a number needs digits, e.g. 0.5"},
	MsgParseExponentDigits: {nil, "an exponent needs digits, e.g. 1e6"},
	MsgParseNumberTooLarge: {nil, "number is too large"},
	MsgParseNumberThenName: {nil, "a number cannot run into a name: add '*' between them, e.g. 2 * x"},
	MsgParseUnclosedQuote:  {nil, "missing closing '\"' after the node name"},
	MsgParseBadEscape:      {nil, "invalid escape in the quoted name: write \\\" for a quote and \\\\ for a backslash"},
	MsgParseEmptyName:      {nil, "empty node name in quotes: write the node's name or id"},
	MsgParseUnknownFunc:    {[]string{"func"}, "unknown function \"{func}\": use sum, avg, min, max, abs, lag, cumsum, clamp, if or annualize"},
	MsgParseArgsExpected:   {[]string{"func", "tok"}, "expected ',' or ')' in the arguments of {func}, found '{tok}'"},
	MsgParseArgsUnclosed:   {[]string{"func"}, "missing ')' after the arguments of {func}"},
	MsgParseArityMin:       {[]string{"func", "n"}, "{func} needs at least {n} argument(s)"},
	MsgParseArityExact:     {[]string{"func", "n"}, "{func} needs exactly {n} argument(s)"},
	MsgParseArityLag:       {nil, "lag needs two arguments: lag(x, periods)"},
	MsgParseArityClamp:     {nil, "clamp needs three arguments: clamp(x, low, high)"},
	MsgParseArityIf:        {nil, "if needs three arguments: if(condition, then, else)"},
	MsgParseLagPeriods:     {nil, "lag needs a whole number of periods (0 to 10000) as its second argument, e.g. lag(x, 1)"},

	MsgTreeNoRoot:      {nil, "the tree has no root: choose the node at the top of the tree"},
	MsgTreeUnknownRoot: {[]string{"root"}, "root \"{root}\" is not a node: choose an existing node as the root"},
	MsgTreeDuplicateID: {[]string{"id"}, "two nodes have the id \"{id}\": give each node its own id"},
	MsgTreeInvalidID:   {[]string{"id"}, "node id \"{id}\" is invalid: use letters, digits and _ and start with a letter"},
	MsgTreeCompile:     {[]string{"err"}, "{err}"},
	MsgTreeCycle:       {[]string{"path"}, "nodes depend on each other in a loop ({path}): remove one of these references"},
	MsgRefAmbiguous:    {[]string{"name"}, "several nodes are named \"{name}\": refer to one by its id"},
	MsgRefUnknown:      {[]string{"name"}, "no node has the id or name \"{name}\": add it or fix the spelling"},
	MsgNodeUnknownKind: {[]string{"kind"}, "unknown kind \"{kind}\": use input, formula, constant or health"},
	MsgNodeUnused:      {[]string{"root"}, "not used by the root \"{root}\": refer to it from a formula or remove it"},
	MsgHealthEmpty:     {nil, "health score has no components: add at least one weighted component"},
	MsgHealthUnknown:   {[]string{"n", "id"}, "health component {n} refers to unknown node \"{id}\": pick an existing node"},
	MsgHealthBad:       {[]string{"n"}, "health component {n} needs a finite weight and max greater than min"},
	MsgHealthWeights:   {[]string{"sum"}, "the component weights add up to {sum}, not 1, so the score is not out of 100: rescale the weights"},
	MsgCalendarFreq:    {[]string{"freq"}, "unknown period frequency \"{freq}\": use day, week, month, quarter or year"},
	MsgCalendarFiscal:  {[]string{"month"}, "fiscal year start month {month} is not a month: use 1 to 12 (4 for April)"},
	MsgCalendarPeriods: {[]string{"n"}, "the calendar has {n} periods: it cannot be negative"},
	MsgDataNotInput:    {[]string{"id"}, "data is bound to \"{id}\", which is not an input node of this tree: rebind it"},
	MsgDataUnbound:     {nil, "input has no data: bind it to a data series or type in its values"},
	MsgDataDivZero:     {[]string{"period"}, "division by zero in {period} (the value is shown as missing): check the divisor's data for that period"},
	MsgDataMissing: {[]string{"missing", "total", "first"},
		"{missing} of {total} periods have no value (first: {first}); nodes computed from it are missing there too: fill the gaps or extend the forecast"},
	MsgDataOverflow: {[]string{"period"},
		"the value is too large to compute in {period} (it overflows) and cannot be shown: look for an absurd input value such as 1e308, or a scenario that multiplies one"},
	MsgUnitNode: {[]string{"unitGot", "unitNode"},
		"the formula gives {unitGot} but the node's unit is \"{unitNode}\": change the unit or the formula (or silence this warning)"},
	MsgUnitAdd:     {[]string{"unitA", "unitB"}, "adds {unitA} and {unitB}" + unitsDiffer},
	MsgUnitSub:     {[]string{"unitA", "unitB"}, "subtracts {unitA} and {unitB}" + unitsDiffer},
	MsgUnitCompare: {[]string{"unitA", "unitB"}, "compares {unitA} and {unitB}" + unitsDiffer},
	MsgUnitFunc:    {[]string{"func", "unitA", "unitB"}, "{func} mixes {unitA} and {unitB}" + unitsDiffer},
	MsgUnitIf:      {[]string{"unitA", "unitB"}, "if chooses between {unitA} and {unitB}" + unitsDiffer},
	MsgUnitPow:     {[]string{"unit"}, "raises {unit} to a non-integer or variable power: divide it by a reference value first"},

	MsgLimitFormula:     {[]string{"text", "n", "max"}, "the formula \"{text}\" is {n} bytes long, over the limit of {max}: split it into intermediate nodes"},
	MsgLimitID:          {[]string{"id", "n", "max"}, "node id \"{id}\" is {n} characters long, over the limit of {max}: use a shorter id"},
	MsgLimitNodeName:    {[]string{"name", "n", "max"}, "node name \"{name}\" is {n} characters long, over the limit of {max}: use a shorter name and put details in the description"},
	MsgLimitTreeName:    {[]string{"name", "n", "max"}, "tree name \"{name}\" is {n} characters long, over the limit of {max}: use a shorter name"},
	MsgLimitScenario:    {[]string{"name", "n", "max"}, "scenario name \"{name}\" is {n} characters long, over the limit of {max}: use a shorter name"},
	MsgLimitLabel:       {[]string{"text", "n", "max"}, "\"{text}\" is {n} characters long, over the limit of {max} for a unit, owner or aggregation: shorten it"},
	MsgLimitDescription: {[]string{"text", "n", "max"}, "the description \"{text}\" is {n} characters long, over the limit of {max}: shorten it"},
	MsgLimitEmptyName:   {nil, "the name is empty or not valid text: type a name"},
	MsgUnitTimeMul: {[]string{"unit", "n"},
		"multiplies {unit} by the bare number {n}: the value changes period but the unit does not; write annualize(x) and state the unit per year (e.g. JPY/year)"},
	MsgUnitTimeDiv: {[]string{"unit", "n"},
		"divides {unit} by the bare number {n}: the value changes period but the unit does not; keep the amount in the tree's period and use annualize() where a yearly figure is needed"},
	MsgUnitAnnualize: {[]string{"unit", "unitPeriod"},
		"annualize expects an amount per {unitPeriod}, but gets {unit}: annualize only amounts per calendar period (JPY/{unitPeriod}, accounts/{unitPeriod})"},
	MsgFYKindFallback: {[]string{"kind", "fallback"},
		"the fiscal-year aggregation is set to {kind}, which needs a formula without lag or cumsum; {fallback} is used: set another aggregation"},
	MsgReconcileAbove: {[]string{"name", "pct", "column", "period", "code"},
		"computed {name} is {pct} % above the reported {column} in {period}: discounts or a missing driver? Check the formula and the bound data, or silence {code} on this node if the gap is expected"},
	MsgReconcileBelow: {[]string{"name", "pct", "column", "period", "code"},
		"computed {name} is {pct} % below the reported {column} in {period}: discounts or a missing driver? Check the formula and the bound data, or silence {code} on this node if the gap is expected"},
	MsgFYEndBase: {[]string{"stock"},
		"this rate over the year divides by \"{stock}\", a stock read at the end of the year; churn and retention are measured against the start: use an opening node (value at the start of the period) or set {stock}'s aggregation to opening"},
}

// MessageCodes returns every message code the package produces, sorted, so
// a UI's tests can check that each has a translation.
func MessageCodes() []MsgCode {
	out := make([]MsgCode, 0, len(messages))
	for c := range messages {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// MessageArgs returns the names of code's arguments, in the order of
// Error.Args and Diagnostic.Args; ok is false for an unknown code.
func MessageArgs(code MsgCode) (names []string, ok bool) {
	m, ok := messages[code]
	return append([]string(nil), m.args...), ok
}

// PlainUnit is the unit argument value that means "a plain number": a
// dimensionless result such as a ratio of two counts.
const PlainUnit = "1"

// messageText renders code in English with args in MessageArgs order. A
// unit argument PlainUnit reads "a plain number". Missing arguments print
// as "?" rather than failing: a message must never hide the error it
// reports.
func messageText(code MsgCode, args ...string) string {
	m, ok := messages[code]
	if !ok {
		return string(code)
	}
	pairs := make([]string, 0, 2*len(m.args))
	for i, name := range m.args {
		v := "?"
		if i < len(args) {
			v = args[i]
		}
		if strings.HasPrefix(name, "unit") && v == PlainUnit {
			v = "a plain number"
		}
		pairs = append(pairs, "{"+name+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(m.en)
}
