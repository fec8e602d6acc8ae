package kpitree

import (
	"math"
	"strings"
	"sync"
)

// AggKind says what a node's value means over time, and so how its periods
// combine into a fiscal-year (or any multi-period) value.
type AggKind string

// The aggregation kinds.
const (
	// AggFlow is an amount that happens during each period (revenue, new
	// MRR, churned customers, logins): the year's value is the sum.
	AggFlow AggKind = "flow"
	// AggStock is a level at the end of each period (customers, MRR, CSM
	// headcount): the year's value is the last period's.
	AggStock AggKind = "stock"
	// AggOpening is a level at the start of each period (MRR at the start
	// of the month, the base of churn and retention): the year's value is
	// the first period's, the level the year started with.
	AggOpening AggKind = "opening"
	// AggAverage is a level or intensity best read as the year's average
	// (DAU, MAU, a typed-in percentage, a score): the mean of the periods.
	AggAverage AggKind = "average"
	// AggRatio is computed from other nodes (churn rate, GRR, NRR, active
	// rate, ARR per CSM): the year's value is the node's formula applied to
	// the year's values of its inputs, recursively, never the mean of
	// the monthly ratios.
	AggRatio AggKind = "ratio"
)

// AggKinds lists the kinds in the order a picker shows them.
func AggKinds() []AggKind {
	return []AggKind{AggFlow, AggStock, AggOpening, AggAverage, AggRatio}
}

// ParseAggKind reads a kind name, also the old settings "sum" (flow),
// "last" (stock) and "mean" (average); ok is false for anything else.
func ParseAggKind(s string) (AggKind, bool) {
	switch s {
	case "flow", "sum":
		return AggFlow, true
	case "stock", "last":
		return AggStock, true
	case "opening", "first":
		return AggOpening, true
	case "average", "mean":
		return AggAverage, true
	case "ratio":
		return AggRatio, true
	}
	return "", false
}

// FYRate says which figure the fiscal-year column shows for a rate (a
// ratio or average node with a percentage or plain-number unit).
type FYRate string

// The rate conventions. The zero value is RateYear.
const (
	// RateYear is the rate over the whole fiscal year: the node's formula
	// over the year's values of its inputs (churn = customers lost in the
	// year ÷ customers at its start; NRR over the 12 months to the year's
	// end). The default.
	RateYear FYRate = "year"
	// RateCompound chains the period rates: a retention factor (a monthly
	// value of 50 % or more on average, such as NRR or GRR) multiplies,
	// Π rₜ; a share lost or gained (churn) compounds as 1 − Π(1 − mₜ),
	// which is 1 − (1 − m)¹² for a constant monthly m.
	RateCompound FYRate = "compound"
	// RatePeriod shows the year's rate as the equivalent rate per period:
	// r^(1/n) for a retention factor, 1 − (1 − r)^(1/n) for a share, n the
	// periods in the year (12 for months).
	RatePeriod FYRate = "period"
	// RateMean is the plain mean of the period values: the figure the app
	// showed before, kept for comparison; it is not a rate over the year.
	RateMean FYRate = "mean"
)

// FYRates lists the conventions in the order a picker shows them.
func FYRates() []FYRate { return []FYRate{RateYear, RateCompound, RatePeriod, RateMean} }

// AggSource says where a node's aggregation kind comes from.
type AggSource string

// The sources, most deliberate first.
const (
	// SourceSet: the node's Aggregation names a kind (set by the user or
	// written by a template, with AggregationNote saying why).
	SourceSet AggSource = "set"
	// SourceTemplate: the node matches a template catalogue entry (id, kind
	// and formula) and has no kind of its own: the template's kind applies.
	SourceTemplate AggSource = "template"
	// SourceLegacy: migrated from the old sum/last/mean setting.
	SourceLegacy AggSource = "legacy"
	// SourceInferred: inferred from the node's unit and formula.
	SourceInferred AggSource = "inferred"
)

// AggReason identifies why a kind was chosen, so a UI can say it in the
// user's language ("fy.reason."+code in assets/translations/fiscal.*.json),
// filling in AggInfo.Args where {0}, {1} stand.
type AggReason string

// The reasons; the English text of each is in aggReasons.
const (
	ReasonSet             AggReason = "set"
	ReasonFallback        AggReason = "fallback"
	ReasonTemplate        AggReason = "template"
	ReasonLegacySum       AggReason = "legacy_sum"
	ReasonLegacyLast      AggReason = "legacy_last"
	ReasonLegacyMean      AggReason = "legacy_mean"
	ReasonLegacyMeanRatio AggReason = "legacy_mean_ratio"
	ReasonHealth          AggReason = "health"
	ReasonDivision        AggReason = "division"
	ReasonSameKind        AggReason = "same_kind"
	ReasonHasFlow         AggReason = "has_flow"
	ReasonCumsum          AggReason = "cumsum"
	ReasonUnitFlow        AggReason = "unit_flow"
	ReasonUnitStock       AggReason = "unit_stock"
	ReasonUnitPlain       AggReason = "unit_plain"
	ReasonNoUnit          AggReason = "no_unit"
	ReasonConstant        AggReason = "constant"
)

// aggReasons holds the English text of every reason; {0}, {1} are Args.
var aggReasons = map[AggReason]string{
	ReasonSet:             "set on the node",
	ReasonFallback:        "set to {0}, which needs a formula without lag or cumsum; {1} is used instead",
	ReasonTemplate:        "the convention of the template node {0}",
	ReasonLegacySum:       "migrated from the old setting \"sum\"",
	ReasonLegacyLast:      "migrated from the old setting \"last\"",
	ReasonLegacyMean:      "migrated from the old setting \"mean\"",
	ReasonLegacyMeanRatio: "migrated from the old setting \"mean\": it is computed by a division, so the year's value is its formula over the year's values of its inputs instead of the mean of the monthly ratios",
	ReasonHealth:          "a health score: averaged over the year",
	ReasonDivision:        "computed by a division: the year's value is its formula over the year's values of its inputs",
	ReasonSameKind:        "combines inputs that are all {0}",
	ReasonHasFlow:         "multiplies a flow, so it is one too: summed over the year",
	ReasonCumsum:          "a running total: read at the end of the year",
	ReasonUnitFlow:        "its unit {0} is per {1}: summed over the year",
	ReasonUnitStock:       "its unit {0} has no time in it: a level, read at the end of the year",
	ReasonUnitPlain:       "a percentage or plain number without a formula: averaged over the year",
	ReasonNoUnit:          "no unit: summed like a flow; give it a unit or set its aggregation if it is a level",
	ReasonConstant:        "a constant: the same value every period",
}

// AggReasons returns every reason code, for translation tests.
func AggReasons() []AggReason {
	out := make([]AggReason, 0, len(aggReasons))
	for r := range aggReasons {
		out = append(out, r)
	}
	return out
}

// AggInfo is a node's resolved fiscal-year aggregation.
type AggInfo struct {
	// Kind is the kind used.
	Kind   AggKind   `json:"kind"`
	Source AggSource `json:"source"`
	Reason AggReason `json:"reason"`
	// Args fill the reason's {0}, {1}; or nil.
	Args []string `json:"args,omitempty"`
	// Note is the node's AggregationNote (why the kind was set); or "".
	Note string `json:"note,omitempty"`
	// Rate is the fiscal-year rate convention used; RateYear unless the
	// node is a rate and chose another. RateOK says whether the node is a
	// rate, so offering the conventions makes sense.
	Rate   FYRate `json:"rate"`
	RateOK bool   `json:"rate_ok"`
}

// Explanation is the reason in English, with the note appended.
func (a AggInfo) Explanation() string {
	s := aggReasons[a.Reason]
	for k, v := range a.Args {
		s = strings.ReplaceAll(s, "{"+string(rune('0'+k))+"}", v)
	}
	if a.Note != "" {
		s += ": " + a.Note
	}
	return s
}

// Aggregator computes window (fiscal-year) values from evaluated columns,
// every node by its resolved kind. It is the one implementation of "the
// fiscal-year value" that targets, RAG, goal seek, impact, Monte Carlo and
// exports use. It is immutable and safe for concurrent use.
type Aggregator struct {
	p       *Program
	info    []AggInfo
	perYear float64
}

// NewAggregator resolves every node's aggregation (see ResolveAggregation).
func NewAggregator(p *Program) *Aggregator {
	return &Aggregator{p: p, info: resolveAggregation(p), perYear: PeriodsPerYear(p.tree.Calendar.Freq)}
}

// Info returns node i's resolved aggregation.
func (a *Aggregator) Info(i int) AggInfo {
	in := a.info[i]
	in.Args = cloneSlice(in.Args)
	return in
}

// ColumnFunc returns node i's evaluated column (at least up to the window's
// end); the Aggregator only reads it.
type ColumnFunc func(i int) []float64

// Value returns node i's value over periods [from, to): flows summed,
// stocks at the end, openings at the start, averages averaged, ratios by
// their formula over their inputs' values over the same window, and then
// the node's rate convention. A window of one period is that period's
// value. Any missing period of a node it reads makes the result missing
// (NaN): a year with a gap is not comparable with its target.
func (a *Aggregator) Value(i int, col ColumnFunc, from, to int) float64 {
	if i < 0 || i >= len(a.info) || from < 0 || to <= from {
		return math.NaN()
	}
	e := fyEval{a: a, col: col, from: from, to: to}
	return e.value(i)
}

// FiscalYear returns node i's value for fiscal year fy of the program's
// calendar, read from columns of n periods; ok is false when the year is
// not wholly inside them (a part year would be silently short).
func (a *Aggregator) FiscalYear(i int, col ColumnFunc, fy, n int) (v float64, ok bool) {
	from, to := a.p.tree.Calendar.FiscalPeriods(fy)
	if from < 0 || to > n || from >= to {
		return math.NaN(), false
	}
	return a.Value(i, col, from, to), true
}

// formulaOver evaluates ratio node i's formula over one-period columns
// holding its inputs' window values.
func (a *Aggregator) formulaOver(i int, col ColumnFunc) float64 {
	if a.p.exprs[i] == nil || a.p.broken[i] {
		return math.NaN()
	}
	e := fyEval{a: a, col: col, from: 0, to: 1}
	return e.scalar(a.p.exprs[i])
}

// Values returns every node's value over [from, to), in node order.
func (a *Aggregator) Values(col ColumnFunc, from, to int) []float64 {
	out := make([]float64, len(a.info))
	if from < 0 || to <= from {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	e := fyEval{a: a, col: col, from: from, to: to, memo: out, done: make([]bool, len(out))}
	for _, i := range a.p.order {
		e.value(int(i))
	}
	return out
}

// fyEval is one window evaluation; memo and done are nil until a ratio
// needs its inputs more than once.
type fyEval struct {
	a        *Aggregator
	col      ColumnFunc
	from, to int
	memo     []float64
	done     []bool
}

func (e *fyEval) value(i int) float64 {
	if e.done != nil && e.done[i] {
		return e.memo[i]
	}
	v := e.compute(i)
	if e.done == nil && e.a.info[i].Kind == AggRatio {
		e.memo, e.done = make([]float64, len(e.a.info)), make([]bool, len(e.a.info))
	}
	if e.done != nil {
		e.memo[i], e.done[i] = v, true
	}
	return v
}

func (e *fyEval) window(i int) []float64 {
	c := e.col(i)
	if e.to > len(c) {
		return nil
	}
	return c[e.from:e.to]
}

func (e *fyEval) compute(i int) float64 {
	w := e.window(i)
	if w == nil {
		return math.NaN()
	}
	in := &e.a.info[i]
	if len(w) == 1 {
		return w[0]
	}
	var v float64
	if in.Kind == AggRatio {
		if e.a.p.broken[i] || e.a.p.exprs[i] == nil {
			return math.NaN()
		}
		v = e.scalar(e.a.p.exprs[i])
	} else {
		v = aggregateKind(w, in.Kind)
	}
	if !in.RateOK || in.Rate == RateYear || in.Rate == "" {
		return v
	}
	return applyRate(w, v, in.Rate)
}

// aggregateKind combines one node's own periods; NaN if any is missing.
func aggregateKind(w []float64, k AggKind) float64 {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if math.IsNaN(sum) {
		return math.NaN()
	}
	switch k {
	case AggFlow:
		return sum
	case AggStock:
		return w[len(w)-1]
	case AggOpening:
		return w[0]
	}
	return sum / float64(len(w))
}

// applyRate turns the year's value v of a rate with period values w into
// the convention's figure.
func applyRate(w []float64, v float64, r FYRate) float64 {
	n := float64(len(w))
	mean := aggregateKind(w, AggAverage)
	switch r {
	case RateMean:
		return mean
	case RateCompound:
		if math.IsNaN(mean) {
			return math.NaN()
		}
		prod := 1.0
		if mean >= 0.5 { // a retention factor: chain it
			for _, x := range w {
				prod *= x
			}
			return prod
		}
		for _, x := range w { // a share lost or gained: compound what is kept
			prod *= 1 - x
		}
		return 1 - prod
	case RatePeriod:
		if math.IsNaN(v) || math.IsNaN(mean) {
			return math.NaN()
		}
		if mean >= 0.5 {
			return math.Pow(v, 1/n)
		}
		return 1 - math.Pow(1-v, 1/n)
	}
	return v
}

// scalar evaluates a ratio's formula over its inputs' window values, with
// the same rules as the period evaluator (division by zero is missing).
func (e *fyEval) scalar(x Expr) float64 {
	switch x := x.(type) {
	case *Num:
		return x.Value
	case *Ref:
		j, ok := e.a.p.refNode(x)
		if !ok {
			return math.NaN()
		}
		return e.value(j)
	case *Unary:
		return -e.scalar(x.X)
	case *Binary:
		a, b := e.scalar(x.X), e.scalar(x.Y)
		switch x.Op {
		case BinAdd:
			return a + b
		case BinSub:
			return a - b
		case BinMul:
			return a * b
		case BinDiv:
			return div(a, b)
		case BinPow:
			v := math.Pow(a, b)
			if math.IsInf(v, 0) {
				return math.NaN()
			}
			return v
		}
		return compare(x.Op, a, b)
	case *Call:
		args := make([]float64, len(x.Args))
		for k, arg := range x.Args {
			args[k] = e.scalar(arg)
		}
		switch x.Func {
		case "sum", "avg":
			s := 0.0
			for _, v := range args {
				s += v
			}
			if x.Func == "avg" {
				s /= float64(len(args))
			}
			return s
		case "min", "max":
			m := args[0]
			for _, v := range args[1:] {
				if x.Func == "min" {
					m = math.Min(m, v)
				} else {
					m = math.Max(m, v)
				}
			}
			return m
		case "abs":
			return math.Abs(args[0])
		case "annualize":
			return args[0] * e.a.perYear
		case "clamp":
			return clampValue(args[0], args[1], args[2])
		case "if":
			return ifValue(args[0], args[1], args[2])
		}
	}
	return math.NaN() // lag and cumsum never reach here: such nodes are not ratios
}

// ResolveAggregation returns every node's fiscal-year aggregation, in node
// order. Resolution, first match wins:
//
//  1. Aggregation names a kind ("flow", "stock", "opening", "average",
//     "ratio"): that kind (a ratio needs a formula without lag or cumsum;
//     otherwise the inferred kind is used and Check says so).
//  2. The node matches a template catalogue entry (same id, kind and
//     formula) and has no kind of its own: the template's kind.
//  3. The old settings: "sum" → flow, "last" → stock, "mean" → ratio when
//     the formula divides by another node, otherwise average.
//  4. Inferred: a health score is an average; a formula that divides by a
//     node is a ratio; cumsum makes a stock; a formula over inputs of one
//     kind has that kind; a product with a flow is a flow; otherwise the
//     unit decides: per time (JPY/month, accounts/month) is a flow, a
//     percentage or plain number is an average, any other unit (accounts,
//     JPY, people) is a stock, no unit is a flow (a constant: a stock).
func ResolveAggregation(p *Program) []AggInfo {
	return resolveAggregation(p)
}

// catalogueKind is what resolution needs of a template catalogue entry.
type catalogueKind struct {
	kind    Kind
	formula string
	agg     AggKind
}

// catalogueKinds is built once and never written after: resolution runs on
// every goal seek and attribution, and building the whole catalogue each
// time would cost more than the rest of the resolution.
var catalogueKinds = sync.OnceValue(func() map[string]catalogueKind {
	cat := catalogue()
	out := make(map[string]catalogueKind, len(cat))
	for id, k := range cat {
		out[id] = catalogueKind{kind: k.kind, formula: k.formula, agg: k.agg}
	}
	return out
})

func resolveAggregation(p *Program) []AggInfo {
	out := make([]AggInfo, len(p.ids))
	units := p.nodeUnits()
	cat := catalogueKinds()
	for _, i32 := range p.order {
		i := int(i32)
		n := &p.tree.Nodes[i]
		c, inCat := cat[n.ID]
		inCat = inCat && c.kind == n.Kind && c.formula == n.Formula && c.agg != ""
		var in AggInfo
		if k, ok := ParseAggKind(n.Aggregation); ok && k == AggKind(n.Aggregation) {
			switch {
			case k == AggRatio && !ratioCapable(p, i):
				inferred := inferKind(p, i, out)
				in = AggInfo{Kind: inferred.Kind, Source: SourceSet, Reason: ReasonFallback, Args: []string{string(AggRatio), string(inferred.Kind)}}
			case inCat && c.agg == k:
				// Written by the template the node came from.
				in = AggInfo{Kind: k, Source: SourceTemplate, Reason: ReasonTemplate, Args: []string{n.ID}}
			default:
				in = AggInfo{Kind: k, Source: SourceSet, Reason: ReasonSet}
			}
			in.Note = n.AggregationNote
		} else if inCat {
			in = AggInfo{Kind: c.agg, Source: SourceTemplate, Reason: ReasonTemplate, Args: []string{n.ID}}
		} else {
			switch n.Aggregation {
			case "sum":
				in = AggInfo{Kind: AggFlow, Source: SourceLegacy, Reason: ReasonLegacySum}
			case "last":
				in = AggInfo{Kind: AggStock, Source: SourceLegacy, Reason: ReasonLegacyLast}
			case "mean":
				if inferKind(p, i, out).Kind == AggRatio {
					in = AggInfo{Kind: AggRatio, Source: SourceLegacy, Reason: ReasonLegacyMeanRatio}
				} else {
					in = AggInfo{Kind: AggAverage, Source: SourceLegacy, Reason: ReasonLegacyMean}
				}
			default:
				in = inferKind(p, i, out)
			}
		}
		in.RateOK = (in.Kind == AggRatio || in.Kind == AggAverage) && units[i].rate()
		in.Rate = RateYear
		if r := FYRate(n.FYRate); in.RateOK && r != "" {
			for _, ok := range FYRates() {
				if r == ok {
					in.Rate = r
				}
			}
		}
		out[i] = in
	}
	return out
}

// rate reports whether u is a rate's unit: a percentage or plain number,
// a share per period (%/month), or no unit.
func (u unit) rate() bool { return !u.known || len(u.dims) == 0 || u.isRatePer() }

// ratioCapable reports whether node i has a formula a ratio can be formed
// from: parsed, not broken, and free of lag and cumsum (which look at other
// periods, so the year's value cannot be formed from the year's inputs).
func ratioCapable(p *Program, i int) bool {
	e := p.exprs[i]
	if e == nil || p.broken[i] || p.tree.Nodes[i].Kind != KindFormula {
		return false
	}
	return !usesFunc(e, "lag") && !usesFunc(e, "cumsum")
}

func usesFunc(e Expr, name string) bool {
	return anyExpr(e, func(x Expr) bool {
		c, ok := x.(*Call)
		return ok && c.Func == name
	})
}

// dividesByNode reports whether e divides by an expression that refers to
// a node (x / 12 is a scaling, not a ratio).
func dividesByNode(e Expr) bool {
	return anyExpr(e, func(x Expr) bool {
		b, ok := x.(*Binary)
		if !ok || b.Op != BinDiv {
			return false
		}
		_, isConst := constValue(b.Y)
		return !isConst
	})
}

// multiplies reports whether e multiplies, divides or raises to a power
// anywhere.
func multiplies(e Expr) bool {
	return anyExpr(e, func(x Expr) bool {
		b, ok := x.(*Binary)
		return ok && (b.Op == BinMul || b.Op == BinDiv || b.Op == BinPow)
	})
}

// inferKind infers node i's kind from its kind, formula, unit and its
// children's already resolved kinds (done holds them).
func inferKind(p *Program, i int, done []AggInfo) AggInfo {
	n := &p.tree.Nodes[i]
	inf := func(k AggKind, r AggReason, args ...string) AggInfo {
		return AggInfo{Kind: k, Source: SourceInferred, Reason: r, Args: args}
	}
	switch n.Kind {
	case KindHealth:
		return inf(AggAverage, ReasonHealth)
	case KindFormula:
		e := p.exprs[i]
		if e == nil || p.broken[i] {
			break
		}
		if usesFunc(e, "cumsum") {
			return inf(AggStock, ReasonCumsum)
		}
		if ratioCapable(p, i) && dividesByNode(e) {
			return inf(AggRatio, ReasonDivision)
		}
		var kinds []AggKind
		for _, c := range p.children[i] {
			k := done[c].Kind
			if k == "" {
				kinds = nil // a child on a cycle: no kind yet
				break
			}
			if len(kinds) == 0 || kinds[0] != k || len(kinds) > 1 {
				kinds = append(kinds, k)
			}
		}
		same := len(kinds) > 0
		for _, k := range kinds {
			same = same && k == kinds[0]
		}
		if same && (kinds[0] != AggRatio || ratioCapable(p, i)) {
			return inf(kinds[0], ReasonSameKind, string(kinds[0]))
		}
		if multiplies(e) {
			for _, k := range kinds {
				if k == AggFlow {
					return inf(AggFlow, ReasonHasFlow)
				}
			}
		}
	case KindConstant:
		if !p.nodeUnits()[i].known {
			return inf(AggStock, ReasonConstant)
		}
	}
	u := p.nodeUnits()[i]
	switch {
	case !u.known:
		return inf(AggFlow, ReasonNoUnit)
	case u.hasTime():
		for d, e := range u.dims {
			if timeUnits[d] && e < 0 {
				return inf(AggFlow, ReasonUnitFlow, n.Unit, d)
			}
		}
		return inf(AggStock, ReasonUnitStock, n.Unit)
	case len(u.dims) == 0:
		return inf(AggAverage, ReasonUnitPlain)
	}
	return inf(AggStock, ReasonUnitStock, n.Unit)
}

// checkAggregation reports ratios set on nodes that cannot be ratios, and
// rates over the year whose divisor is a stock read at the year's end.
func (p *Program) checkAggregation() []Diagnostic {
	info := resolveAggregation(p)
	var out []Diagnostic
	for i, in := range info {
		id := p.ids[i]
		if in.Reason == ReasonFallback {
			out = append(out, diag(id, SevWarning, CodeFYKind, -1, MsgFYKindFallback, string(AggRatio), string(in.Kind)))
			continue
		}
		if in.Kind != AggRatio || p.exprs[i] == nil || !p.nodeUnits()[i].rate() || p.tree.Nodes[i].Unit == "" {
			continue
		}
		hasFlow := false
		for _, c := range p.children[i] {
			hasFlow = hasFlow || info[c].Kind == AggFlow
		}
		if !hasFlow {
			continue
		}
		seen := map[int]bool{}
		for _, j := range p.divisorRefs(p.exprs[i], false, nil) {
			if info[j].Kind == AggStock && !seen[j] {
				seen[j] = true
				out = append(out, diag(id, SevInfo, CodeFYKind, -1, MsgFYEndBase, p.ids[j]))
			}
		}
	}
	return out
}

// divisorRefs lists the nodes referred to inside a divisor of e.
func (p *Program) divisorRefs(e Expr, under bool, acc []int) []int {
	switch e := e.(type) {
	case *Ref:
		if j, ok := p.refNode(e); ok && under {
			acc = append(acc, j)
		}
	case *Unary:
		acc = p.divisorRefs(e.X, under, acc)
	case *Binary:
		acc = p.divisorRefs(e.X, under, acc)
		acc = p.divisorRefs(e.Y, under || e.Op == BinDiv, acc)
	case *Call:
		for _, a := range e.Args {
			acc = p.divisorRefs(a, under, acc)
		}
	}
	return acc
}
