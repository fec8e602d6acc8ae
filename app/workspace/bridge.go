package workspace

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/internal/parallel"
	"github.com/kpitree/kpitree/kpitree"
)

// The variance bridge answers "why did the number move": a node's actual
// over a month, a quarter or the fiscal year to date against a reference,
// split exactly over its drivers (kpitree.AttributeColumns, the attribution
// of the scenario waterfall). The CLI's review command and the Review pane
// both show Bridge's result as it is.

// ErrBadBridge: the comparison or the period cannot be used.
var ErrBadBridge = errors.New("cannot build this bridge")

// BridgeRef is what the actual is compared with.
type BridgeRef string

// The references.
const (
	// RefPlan is a frozen plan version (BridgeOptions.Plan).
	RefPlan BridgeRef = "plan"
	// RefForecast is the forecast made just before the window: every
	// bound leaf refitted on its data up to the period before the window
	// (a hold-out forecast, seeded as the workspace's forecasts are).
	RefForecast BridgeRef = "forecast"
	// RefPrior is the window just before, of the same length.
	RefPrior BridgeRef = "prior"
	// RefYoY is the same window a year earlier.
	RefYoY BridgeRef = "yoy"
)

// ParseBridgeRef reads "plan:NAME", "forecast", "prior" or "yoy" (as the
// CLI's --vs takes it) into a reference and, for a plan, its name.
func ParseBridgeRef(s string) (BridgeRef, string, error) {
	s = strings.TrimSpace(s)
	if name, ok := strings.CutPrefix(s, "plan:"); ok {
		if strings.TrimSpace(name) == "" {
			return "", "", fmt.Errorf("%q: name the plan, as plan:NAME: %w", s, ErrBadBridge)
		}
		return RefPlan, strings.TrimSpace(name), nil
	}
	switch r := BridgeRef(strings.ToLower(s)); r {
	case RefForecast, RefPrior, RefYoY:
		return r, "", nil
	}
	return "", "", fmt.Errorf("%q: compare with plan:NAME, forecast, prior or yoy: %w", s, ErrBadBridge)
}

// PeriodKind says what a bridge window is.
type PeriodKind string

// The window kinds.
const (
	PeriodMonth   PeriodKind = "period"  // one period of the calendar
	PeriodQuarter PeriodKind = "quarter" // a calendar or fiscal quarter
	PeriodFYTD    PeriodKind = "fytd"    // the fiscal year to date
	PeriodFY      PeriodKind = "fy"      // a whole fiscal year
)

// BridgePeriod is a window of the history.
type BridgePeriod struct {
	Kind PeriodKind `json:"kind"`
	// Label is the window as asked for ("2026-04", "2026-Q2",
	// "FY2026-YTD"); From and Through its first and last period labels.
	Label        string `json:"label"`
	From         int    `json:"from"`
	Through      int    `json:"through"`
	FromLabel    string `json:"from_label"`
	ThroughLabel string `json:"through_label"`
	// FiscalYear is the fiscal year of an FY, FY-to-date or fiscal-quarter
	// window; or 0.
	FiscalYear int `json:"fiscal_year,omitempty"`
}

// Len is the number of periods in the window.
func (p BridgePeriod) Len() int { return p.Through - p.From + 1 }

// Window is the window as kpitree counts periods.
func (p BridgePeriod) Window() kpitree.Window { return kpitree.Span(p.From, p.Through) }

var (
	reMonth    = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
	reQuarter  = regexp.MustCompile(`^(FY)?(\d{4})-Q([1-4])$`)
	reFY       = regexp.MustCompile(`^FY(\d{4})(-YTD)?$`)
	reYearOnly = regexp.MustCompile(`^\d{4}$`)
)

// ParsePeriod reads a bridge window over cal's history: "2026-04" (a
// month), "2026-Q2" (a calendar quarter, April–June 2026), "FY2026-Q1" (the
// first quarter of fiscal 2026), "FY2026-YTD" (fiscal 2026 from its first
// period to the last actual one in it) or "FY2026" (the whole fiscal year).
// The window must lie within the history: a bridge explains actuals.
func ParsePeriod(cal kpitree.Calendar, s string) (BridgePeriod, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	hist := cal.Periods
	bad := func(why string) (BridgePeriod, error) {
		return BridgePeriod{}, fmt.Errorf("period %q: %s: %w", s, why, ErrBadBridge)
	}
	if hist <= 0 {
		return bad("there is no data yet; import data first")
	}
	p := BridgePeriod{Label: s}
	monthsOf := func(y, m, n int) (int, int) {
		start := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, n, 0)
		from, to := cal.PeriodOf(start), cal.PeriodOf(end)
		if cal.Time(to).Before(end) {
			to++
		}
		if cal.Time(from).Before(start) {
			from++
		}
		return from, to - 1
	}
	switch {
	case reMonth.MatchString(s):
		m := reMonth.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return bad("months run 1 to 12")
		}
		p.Kind = PeriodMonth
		p.From, p.Through = monthsOf(y, mo, 1)
		if cal.Freq != kpitree.Month && cal.Freq != "" {
			p.Kind = PeriodQuarter // a month of a weekly tree spans several periods
		}
	case reQuarter.MatchString(s):
		m := reQuarter.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[2])
		q, _ := strconv.Atoi(m[3])
		p.Kind = PeriodQuarter
		if m[1] == "FY" {
			start := cal.FiscalYearStart
			if start < time.January || start > time.December {
				start = time.January
			}
			first := time.Date(y, start, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3*(q-1), 0)
			p.From, p.Through = monthsOf(first.Year(), int(first.Month()), 3)
			p.FiscalYear = y
		} else {
			p.From, p.Through = monthsOf(y, 3*(q-1)+1, 3)
		}
	case reFY.MatchString(s):
		m := reFY.FindStringSubmatch(s)
		fy, _ := strconv.Atoi(m[1])
		from, to := cal.FiscalPeriods(fy)
		p.From, p.Through, p.FiscalYear = from, to-1, fy
		p.Kind = PeriodFY
		if m[2] != "" {
			p.Kind = PeriodFYTD
			p.Through = min(p.Through, hist-1)
		}
	case reYearOnly.MatchString(s):
		return bad("write FY" + s + " for the fiscal year, FY" + s + "-YTD for its year to date")
	default:
		return bad("write a month (2026-04), a quarter (2026-Q2, FY2026-Q1), FY2026-YTD or FY2026")
	}
	if p.Through < p.From {
		return bad("it holds no period of the calendar")
	}
	if p.From < 0 || p.Through >= hist {
		return bad(fmt.Sprintf("the actuals run from %s to %s; choose a window inside them", cal.Label(0), cal.Label(hist-1)))
	}
	p.FromLabel, p.ThroughLabel = cal.Label(p.From), cal.Label(p.Through)
	return p, nil
}

// BridgeOptions choose a bridge.
type BridgeOptions struct {
	Ref BridgeRef
	// Plan is the plan version's name for RefPlan.
	Plan string
	// Period is the window (ParsePeriod).
	Period string
	// Node is the node whose gap is explained; "" for the root. Drilling
	// into a driver is a bridge with Node set to it.
	Node string
	// Leaves splits the gap over every input under the node instead of
	// its direct drivers.
	Leaves bool
}

// Bridge is a node's actual against a reference over a window, with the
// gap split over its drivers so that the parts add up to it exactly.
type Bridge struct {
	Node     string           `json:"node"`
	Name     string           `json:"name"`
	Unit     string           `json:"unit,omitempty"`
	Ref      BridgeRef        `json:"vs"`
	Plan     string           `json:"plan,omitempty"`
	Period   BridgePeriod     `json:"period"`
	Calendar kpitree.Calendar `json:"-"`
	// Agg says how the window value is formed (a flow summed, a stock at
	// the window's end, a ratio over the window's inputs …).
	Agg NodeAggregation `json:"aggregation"`
	// Actual and Reference are the node's window values; Gap = Actual −
	// Reference.
	Actual    float64 `json:"actual"`
	Reference float64 `json:"reference"`
	Gap       float64 `json:"gap"`
	// NoChange is true when the gap shows as zero; shares are then 0.
	NoChange bool `json:"no_change,omitempty"`
	// Parts add up to Gap, largest |Value| first.
	Parts []BridgePart `json:"parts"`
	// RefFrom is, for RefForecast, the last period the refitted forecast
	// saw; for RefPrior and RefYoY the first period of the reference
	// window. Or "".
	RefFrom string `json:"ref_from,omitempty"`
	// Leaves is true when Parts are the inputs under the node.
	Leaves bool `json:"leaves,omitempty"`
}

// BridgePart is one driver's share of the gap.
type BridgePart struct {
	kpitree.AttributionPart
	Unit string `json:"unit,omitempty"`
	// Drill is true when the driver has drivers of its own, so a bridge of
	// its gap (BridgeOptions.Node) can go one level down.
	Drill bool `json:"drill"`
}

// Bridge explains a node's actual over a window against a plan version,
// the forecast made before the window, the prior period or the prior year.
func (w *Workspace) Bridge(ctx context.Context, opt BridgeOptions) (*Bridge, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	e, err := w.Evaluate("")
	if err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	cal := e.Calendar
	per, err := ParsePeriod(cal, opt.Period)
	if err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	p := e.st.Program()
	actual := e.st.Columns()
	var base [][]float64
	b := &Bridge{Ref: opt.Ref, Period: per, Calendar: cal, Leaves: opt.Leaves}
	switch opt.Ref {
	case RefPlan:
		plan, err := w.sharedPlan(opt.Plan)
		if err != nil {
			return nil, fmt.Errorf("bridge: %w", err)
		}
		b.Plan = plan.Name
		base = planColumns(p, plan, cal)
	case RefForecast:
		if base, err = holdOut(ctx, s, p, per.From); err != nil {
			return nil, fmt.Errorf("bridge against the forecast made before %s: %w", per.FromLabel, err)
		}
		b.RefFrom = cal.Label(per.From - 1)
	case RefPrior:
		if per.From-per.Len() < 0 {
			return nil, fmt.Errorf("bridge: the data starts at %s, too late for the period before %s: %w", cal.Label(0), per.Label, ErrBadBridge)
		}
		base = kpitree.ShiftColumns(actual, per.Len())
		b.RefFrom = cal.Label(per.From - per.Len())
	case RefYoY:
		k := cal.Freq.YearAgo()
		if per.From-k < 0 {
			return nil, fmt.Errorf("bridge: the data starts at %s, too late for a year before %s: %w", cal.Label(0), per.Label, ErrBadBridge)
		}
		base = kpitree.ShiftColumns(actual, k)
		b.RefFrom = cal.Label(per.From - k)
	default:
		return nil, fmt.Errorf("bridge: reference %q: compare with plan, forecast, prior or yoy: %w", opt.Ref, ErrBadBridge)
	}
	drivers := kpitree.DriversChildren
	if opt.Leaves {
		drivers = kpitree.DriversLeaves
	}
	a, err := kpitree.AttributeColumns(p, base, actual, per.Window(), kpitree.AttributionOptions{Node: opt.Node, Drivers: drivers})
	if err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	i := p.Index(a.Node)
	n := p.Node(i)
	b.Node, b.Name, b.Unit = n.ID, n.Name, n.Unit
	b.Agg = nodeAggregation(n.ID, kpitree.NewAggregator(p).Info(i))
	b.Actual, b.Reference, b.Gap, b.NoChange = a.Next, a.Base, a.Change, a.NoChange
	for _, part := range a.Parts {
		j := p.Index(part.Node)
		bp := BridgePart{AttributionPart: part}
		if j >= 0 {
			bp.Unit = p.Node(j).Unit
			bp.Drill = len(p.ChildIndexes(j)) > 0 && !part.Residual
		}
		b.Parts = append(b.Parts, bp)
	}
	return b, nil
}

// planColumns returns a plan's series in p's node order over cal's
// history, matched by date; nil for a node the plan does not have.
func planColumns(p *kpitree.Program, plan *Plan, cal kpitree.Calendar) [][]float64 {
	shift := plan.Calendar.PeriodOf(cal.Time(0))
	out := make([][]float64, p.Len())
	byID := make(map[string]*PlanNode, len(plan.Nodes))
	for k := range plan.Nodes {
		byID[plan.Nodes[k].ID] = &plan.Nodes[k]
	}
	for i := range out {
		pn := byID[p.ID(i)]
		if pn == nil {
			continue
		}
		col := make([]float64, max(cal.Periods, 1))
		for t := range col {
			col[t] = math.NaN()
			if j := t + shift; j >= 0 && j < len(pn.Values) {
				col[t] = pn.Values[j]
			}
		}
		out[i] = col
	}
	return out
}

// holdOut evaluates the tree over the history with every bound leaf
// refitted on its data before period from and forecast from there on: the
// forecast the workspace would have made then. Deterministic: the models
// and seeds are the workspace's, and only the means are used.
func holdOut(ctx context.Context, s *state, p *kpitree.Program, from int) ([][]float64, error) {
	runs, err := holdOutRuns(ctx, s, p, from, nil)
	if err != nil {
		return nil, err
	}
	return runs[0], nil
}

// holdOutRuns is holdOut for the base and then each scenario in scs,
// which applies on top of the same refitted forecast (the plan an
// initiative was decided on: the forecast then, plus its expected effect).
// The leaves are refitted once for all runs.
func holdOutRuns(ctx context.Context, s *state, p *kpitree.Program, from int, scs []*kpitree.Scenario) ([][][]float64, error) {
	jobs, cal := s.forecastJobs()
	hist := cal.Periods
	if from < 1 || from >= hist {
		return nil, fmt.Errorf("no data before the window: %w", ErrBadBridge)
	}
	res := make([]*forecast.Result, len(jobs))
	errs := make([]error, len(jobs))
	if err := parallel.Each(ctx, len(jobs), func(k int) {
		j := jobs[k]
		spec := j.spec
		spec.Horizon, spec.Paths = hist-from, 0
		res[k], errs[k] = forecast.Forecast(ctx, j.y[:from], spec)
	}); err != nil {
		return nil, err
	}
	in := kpitree.Inputs{}
	failed := map[string]error{}
	for k, j := range jobs {
		if errs[k] != nil {
			failed[j.node] = errs[k]
			continue
		}
		col := make([]float64, hist)
		copy(col, j.y[:from])
		for t := from; t < hist; t++ {
			col[t] = math.NaN()
			if m := res[k].Mean; t-from < len(m) {
				col[t] = m[t-from]
			}
		}
		in[j.node] = col
	}
	if len(failed) > 0 {
		return nil, noForecastErr(failed)
	}
	out := make([][][]float64, 0, 1+len(scs))
	for _, sc := range append([]*kpitree.Scenario{nil}, scs...) {
		st := p.NewState(hist)
		if err := st.SetInputs(in); err != nil {
			return nil, err
		}
		if err := st.SetScenario(sc); err != nil {
			return nil, err
		}
		st.Run()
		out = append(out, st.Columns())
	}
	return out, nil
}
