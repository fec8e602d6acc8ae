package workspace

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// A plan version freezes what the workspace expects at one moment: every
// node's projected series (history, then forecast means through the tree),
// the fan chart's Monte Carlo quantiles over the forecast, each node's
// fiscal-year values, targets and the scenarios. Later edits and data
// refreshes leave it as it was, so "actual vs plan" compares with what was
// promised, not with today's forecast.
//
// Stored compactly in store.BucketPlans under the plan's name: a short
// header, a JSON description, then the series (each as byte planes, most
// significant first), the whole DEFLATE-compressed.
// The p50 series stay float64: a bridge against the plan subtracts them
// from the actuals, and float32's 7 digits would show a gap of a yen or so
// on ¥10M where there is none. The bands are float32: 7 significant digits
// are far finer than any forecast interval is good for, and NaN (missing)
// survives the conversion.

// Plan errors callers act on.
var (
	// ErrUnknownPlan: no plan version of that name.
	ErrUnknownPlan = errors.New("no such plan version; list the plans and pick one")
	// ErrPlanExists: a plan version of that name already exists.
	ErrPlanExists = errors.New("a plan version with that name already exists; choose another name or delete it first")
	// ErrBadPlan: a stored plan cannot be read (damaged or from a newer version).
	ErrBadPlan = errors.New("the stored plan version cannot be read; delete it and freeze it again")
)

// planMagic starts every stored plan; its last byte is the format version.
var planMagic = []byte("KTPLAN\x02")

// PlanQuantiles are the Monte Carlo quantiles a plan keeps: the fan
// chart's 95 % and 80 % bands and its median.
func PlanQuantiles() []float64 { return []float64{0.025, 0.1, 0.5, 0.9, 0.975} }

// Plan is a frozen plan version.
type Plan struct {
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Calendar is the effective calendar when frozen; Calendar.Periods is
	// the history length, so the data's last actual period is
	// Calendar.Label(Calendar.Periods-1).
	Calendar kpitree.Calendar `json:"calendar"`
	// Horizon is the number of forecast periods after the history.
	Horizon int    `json:"horizon"`
	Root    string `json:"root"`
	// Quantiles are the probabilities of every node's Bands.
	Quantiles []float64 `json:"quantiles"`
	// Paths is the number of Monte Carlo paths behind the bands; 0 when
	// no leaf had a forecast.
	Paths     int                `json:"paths"`
	Scenarios []kpitree.Scenario `json:"scenarios,omitempty"`
	Nodes     []PlanNode         `json:"nodes"`
}

// PlanNode is one node of a plan.
type PlanNode struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Unit         string           `json:"unit,omitempty"`
	Controllable bool             `json:"controllable,omitempty"`
	Targets      []kpitree.Target `json:"targets,omitempty"`
	// Values are the node's values over history plus horizon: the actuals
	// when frozen, then forecast means through the tree (they satisfy
	// every formula, so a bridge against them has no residual unless the
	// tree changed since).
	Values []float64 `json:"-"`
	// Bands[k][t] is quantile Quantiles[k] at forecast period t (0 = the
	// first period after the history); nil without Monte Carlo paths and
	// for nodes that are neither the root nor have a target or an alert
	// rule (see planBandNodes).
	Bands [][]float64 `json:"-"`
	// FY holds the node's fiscal-year values for every fiscal year wholly
	// inside history plus horizon, aggregated by meaning when frozen.
	FY []PlanFY `json:"fy,omitempty"`
}

// PlanFY is a node's value for one fiscal year.
type PlanFY struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// MarshalJSON writes NaN as null (missing): encoding/json refuses NaN.
func (f PlanFY) MarshalJSON() ([]byte, error) {
	type plain struct {
		Year  int      `json:"year"`
		Value *float64 `json:"value"`
	}
	p := plain{Year: f.Year}
	if !math.IsNaN(f.Value) && !math.IsInf(f.Value, 0) {
		p.Value = &f.Value
	}
	return json.Marshal(p)
}

// UnmarshalJSON reads null as NaN.
func (f *PlanFY) UnmarshalJSON(b []byte) error {
	var p struct {
		Year  int      `json:"year"`
		Value *float64 `json:"value"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	f.Year, f.Value = p.Year, math.NaN()
	if p.Value != nil {
		f.Value = *p.Value
	}
	return nil
}

// LastActual is the index of the data's last actual period when the plan
// was frozen; -1 without history.
func (p *Plan) LastActual() int { return p.Calendar.Periods - 1 }

// Node returns the plan's node with id.
func (p *Plan) Node(id string) (*PlanNode, bool) {
	for i := range p.Nodes {
		if p.Nodes[i].ID == id {
			return &p.Nodes[i], true
		}
	}
	return nil, false
}

// FYValue returns the node's frozen value for fiscal year fy.
func (n *PlanNode) FYValue(fy int) (float64, bool) {
	for _, f := range n.FY {
		if f.Year == fy {
			return f.Value, true
		}
	}
	return math.NaN(), false
}

// PlanInfo describes a stored plan version without its series.
type PlanInfo struct {
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// LastActual is the label of the data's last actual period when
	// frozen ("2026-03"); or "".
	LastActual string `json:"last_actual"`
	Horizon    int    `json:"horizon"`
	Nodes      int    `json:"nodes"`
	Scenarios  int    `json:"scenarios"`
	// Bytes is the stored size.
	Bytes int `json:"bytes"`
}

func (p *Plan) info(size int) PlanInfo {
	in := PlanInfo{Name: p.Name, Created: p.Created, Horizon: p.Horizon, Nodes: len(p.Nodes), Scenarios: len(p.Scenarios), Bytes: size}
	if p.LastActual() >= 0 {
		in.LastActual = p.Calendar.Label(p.LastActual())
	}
	return in
}

// encodePlan writes p in the stored form.
func encodePlan(p *Plan) ([]byte, error) {
	meta, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	var buf bytes.Buffer
	buf.Write(planMagic)
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	var b [binary.MaxVarintLen64]byte
	write := func(x []byte) { _, _ = zw.Write(x) } // a bytes.Buffer never fails
	write(b[:binary.PutUvarint(b[:], uint64(len(meta)))])
	write(meta)
	floats := func(xs []float64, wide bool) {
		write(b[:binary.PutUvarint(b[:], uint64(len(xs)))])
		size := 4
		if wide {
			size = 8
		}
		// Byte planes: every value's first byte, then every second byte …
		// Neighbouring values share sign, exponent and leading mantissa
		// bytes, which DEFLATE then finds as runs.
		out := make([]byte, size*len(xs))
		for i, v := range xs {
			bits := uint64(math.Float32bits(float32(v)))
			if wide {
				bits = math.Float64bits(v)
			}
			for k := range size {
				out[k*len(xs)+i] = byte(bits >> (8 * (size - 1 - k)))
			}
		}
		write(out)
	}
	for _, n := range p.Nodes {
		floats(n.Values, true)
		write(b[:binary.PutUvarint(b[:], uint64(len(n.Bands)))])
		for _, q := range n.Bands {
			floats(q, false)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return buf.Bytes(), nil
}

// maxPlanFloats bounds one stored series, so a damaged length cannot make
// decodePlan allocate without limit.
const maxPlanFloats = 1 << 24

// decodePlan reads a stored plan. Damage yields ErrBadPlan, never a panic.
func decodePlan(raw []byte) (*Plan, error) { return decodePlanPart(raw, false) }

// decodePlanPart reads a stored plan, without its series when headerOnly
// (listing plans need not inflate megabytes of them).
func decodePlanPart(raw []byte, headerOnly bool) (*Plan, error) {
	bad := func(what string) error { return fmt.Errorf("plan %s: %w", what, ErrBadPlan) }
	rest, ok := bytes.CutPrefix(raw, planMagic)
	if !ok {
		return nil, bad("header")
	}
	zr := flate.NewReader(bytes.NewReader(rest))
	defer zr.Close()
	br := &byteReader{r: zr}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > maxPlanFloats {
		return nil, bad("description length")
	}
	meta := make([]byte, n)
	if _, err := io.ReadFull(zr, meta); err != nil {
		return nil, bad("description")
	}
	var p Plan
	if err := json.Unmarshal(meta, &p); err != nil {
		return nil, bad("description")
	}
	if headerOnly {
		return &p, nil
	}
	floats := func(wide bool) ([]float64, error) {
		n, err := binary.ReadUvarint(br)
		if err != nil || n > maxPlanFloats {
			return nil, bad("series length")
		}
		size := 4
		if wide {
			size = 8
		}
		raw := make([]byte, size*int(n))
		if _, err := io.ReadFull(zr, raw); err != nil {
			return nil, bad("series")
		}
		out := make([]float64, n)
		for i := range out {
			var bits uint64
			for k := range size {
				bits = bits<<8 | uint64(raw[k*int(n)+i])
			}
			if wide {
				out[i] = math.Float64frombits(bits)
			} else {
				out[i] = float64(math.Float32frombits(uint32(bits)))
			}
		}
		return out, nil
	}
	for i := range p.Nodes {
		nd := &p.Nodes[i]
		if nd.Values, err = floats(true); err != nil {
			return nil, err
		}
		nb, err := binary.ReadUvarint(br)
		if err != nil || nb > uint64(len(p.Quantiles)) {
			return nil, bad("bands")
		}
		for range nb {
			q, err := floats(false)
			if err != nil {
				return nil, err
			}
			nd.Bands = append(nd.Bands, q)
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, bad("length (data after the last series)")
	}
	return &p, nil
}

// byteReader reads single bytes for binary.ReadUvarint from the same
// stream io.ReadFull reads blocks from.
type byteReader struct{ r io.Reader }

func (b *byteReader) ReadByte() (byte, error) {
	var x [1]byte
	_, err := io.ReadFull(b.r, x[:])
	return x[0], err
}

// CurrentPlan returns what freezing now would store, without storing it:
// the present forecast as a plan, for comparing a stored plan with it.
// Name is "" unless given.
func (w *Workspace) CurrentPlan(ctx context.Context, name string) (*Plan, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	st, err := w.Projection(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	p := st.Program()
	t := p.Tree()
	sim, err := w.Simulate(ctx, SimulateOptions{Scenarios: []string{}, Quantiles: PlanQuantiles(), Nodes: planBandNodes(&t)})
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	cal := sim.Calendar
	plan := &Plan{Name: name, Created: time.Now().UTC(), Calendar: cal, Horizon: sim.Horizon, Root: t.Root,
		Quantiles: PlanQuantiles(), Paths: sim.Paths}
	for _, n := range sortedKeys(s.scenarios) {
		plan.Scenarios = append(plan.Scenarios, cloneScenario(s.scenarios[n]))
	}
	var fys []int
	var fyVals [][]float64
	if st.Periods() > 0 {
		for fy := cal.FiscalYear(0); fy <= cal.FiscalYear(st.Periods()-1); fy++ {
			if v, ok := FiscalYearValues(st, fy); ok {
				fys, fyVals = append(fys, fy), append(fyVals, v)
			}
		}
	}
	base := sim.Runs[0]
	plan.Nodes = make([]PlanNode, p.Len())
	for i := range plan.Nodes {
		n := &t.Nodes[i]
		pn := PlanNode{ID: n.ID, Name: n.Name, Unit: n.Unit, Controllable: n.Controllable,
			Targets: slices.Clone(n.Targets), Values: slices.Clone(st.Column(i))}
		if qs := base.Bands[n.ID]; len(qs) > 0 {
			pn.Bands = make([][]float64, len(plan.Quantiles))
			for k := range pn.Bands {
				pn.Bands[k] = make([]float64, len(qs))
				for t, q := range qs {
					pn.Bands[k][t] = q[k]
				}
			}
		}
		for k, fy := range fys {
			pn.FY = append(pn.FY, PlanFY{Year: fy, Value: fyVals[k][i]})
		}
		plan.Nodes[i] = pn
	}
	return plan, nil
}

// planBandNodes are the nodes a plan keeps forecast bands for: the root
// and the KPIs the team reviews (a target or an alert rule). Every other
// node keeps its values only: Monte Carlo keeps paths × periods values per
// banded node until the end, so banding all 10k nodes of a large tree took
// 1.9 GB and most of a 15 s freeze, for bands nothing reads.
func planBandNodes(t *kpitree.Tree) []string {
	ids := []string{t.Root}
	for _, n := range t.Nodes {
		if n.ID != t.Root && (len(n.Targets) > 0 || len(n.Alerts) > 0) {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// FreezePlan stores the current forecasts, targets and scenarios as plan
// version name, as one undoable action, and returns its description.
func (w *Workspace) FreezePlan(ctx context.Context, name string) (PlanInfo, error) {
	name = strings.TrimSpace(name)
	if err := scenarioName(name); err != nil {
		return PlanInfo{}, fmt.Errorf("freeze plan: %w", err)
	}
	if s, err := w.snapshot(); err != nil {
		return PlanInfo{}, err
	} else if _, ok := s.plans[name]; ok {
		return PlanInfo{}, fmt.Errorf("freeze plan %s: %w", kpitree.Quote(name), ErrPlanExists)
	}
	plan, err := w.CurrentPlan(ctx, name)
	if err != nil {
		return PlanInfo{}, fmt.Errorf("freeze plan %s: %w", kpitree.Quote(name), err)
	}
	raw, err := encodePlan(plan)
	if err != nil {
		return PlanInfo{}, err
	}
	err = w.change(act(LabelFreezePlan, name), func(s *state) ([]docChange, error) {
		if _, ok := s.plans[name]; ok {
			return nil, fmt.Errorf("freeze plan %s: %w", kpitree.Quote(name), ErrPlanExists)
		}
		return []docChange{{Bucket: store.BucketPlans, Key: name, After: raw}}, nil
	})
	if err != nil {
		return PlanInfo{}, err
	}
	return plan.info(len(raw)), nil
}

// Plans lists the stored plan versions, oldest first (then by name).
func (w *Workspace) Plans() ([]PlanInfo, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	out := make([]PlanInfo, 0, len(s.plans))
	for _, name := range sortedKeys(s.plans) {
		p, err := decodePlanPart(s.plans[name], true)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", kpitree.Quote(name), err)
		}
		p.Name = name
		out = append(out, p.info(len(s.plans[name])))
	}
	slices.SortStableFunc(out, func(a, b PlanInfo) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// Plan returns the stored plan version name.
func (w *Workspace) Plan(name string) (*Plan, error) {
	raw, err := w.planBytes(name)
	if err != nil {
		return nil, err
	}
	return decodeNamedPlan(raw, name)
}

// planBytes returns the stored bytes of plan version name.
func (w *Workspace) planBytes(name string) ([]byte, error) {
	return namedDoc(w, name, "plan", func(s *state) map[string][]byte { return s.plans }, ErrUnknownPlan)
}

// decodeNamedPlan decodes the stored plan version name.
func decodeNamedPlan(raw []byte, name string) (*Plan, error) {
	p, err := decodePlan(raw)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", kpitree.Quote(name), err)
	}
	p.Name = name // the key is the name, also after a rename
	return p, nil
}

// cachedPlan is a decoded plan and the stored bytes it was decoded from.
type cachedPlan struct {
	raw  []byte
	plan *Plan
}

// sharedPlan returns plan version name decoded, from the cache when the
// stored bytes are still the ones it was decoded from (a state's plan bytes
// are never changed in place: a new version is a new slice). The result is
// shared: read it, never change it. Decoding a 10,000-node plan costs more
// than the bridge that reads it.
func (w *Workspace) sharedPlan(name string) (*Plan, error) {
	raw, err := w.planBytes(name)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	c, hit := w.plans[name]
	w.mu.Unlock()
	if hit && len(c.raw) == len(raw) && len(raw) > 0 && &c.raw[0] == &raw[0] {
		return c.plan, nil
	}
	p, err := decodeNamedPlan(raw, name)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	if w.plans == nil {
		w.plans = map[string]cachedPlan{}
	}
	w.plans[name] = cachedPlan{raw: raw, plan: p}
	w.mu.Unlock()
	return p, nil
}

// DeletePlan removes plan version name, as one undoable action.
func (w *Workspace) DeletePlan(name string) error {
	return deleteDoc(w, act(LabelDeletePlan, name), store.BucketPlans, name, "plan",
		func(s *state) map[string][]byte { return s.plans }, ErrUnknownPlan)
}

// RenamePlan renames plan version name to newName, as one undoable action.
func (w *Workspace) RenamePlan(name, newName string) error {
	newName = strings.TrimSpace(newName)
	return w.change(act(LabelRenamePlan, name), func(s *state) ([]docChange, error) {
		raw, same, err := checkRename(s.plans, "plan", name, newName, ErrUnknownPlan, ErrPlanExists)
		if err != nil || same {
			return nil, err
		}
		p, err := decodePlan(raw)
		if err != nil {
			return nil, fmt.Errorf("rename plan %s: %w", kpitree.Quote(name), err)
		}
		p.Name = newName
		b, err := encodePlan(p)
		if err != nil {
			return nil, err
		}
		return []docChange{{Bucket: store.BucketPlans, Key: name}, {Bucket: store.BucketPlans, Key: newName, After: b}}, nil
	})
}

// PlanComparison compares two plans (or a plan and the current forecast)
// node by node.
type PlanComparison struct {
	// A and B name the sides; "" is the current forecast.
	A string `json:"a"`
	B string `json:"b"`
	// Calendar labels Periods (A's calendar).
	Calendar kpitree.Calendar `json:"calendar"`
	Rows     []PlanCompareRow `json:"rows"`
}

// PlanCompareRow is one node: its fiscal-year values and its period values
// on both sides, for the periods and years both sides cover.
type PlanCompareRow struct {
	Node string `json:"node"`
	Name string `json:"name"`
	Unit string `json:"unit,omitempty"`
	// OnlyIn is "a" or "b" when the node exists on one side only; or "".
	OnlyIn  string     `json:"only_in,omitempty"`
	FY      []PlanDiff `json:"fy"`
	Periods []PlanDiff `json:"periods"`
	// MaxDiff is the largest |B − A| over FY and Periods.
	MaxDiff float64 `json:"max_abs_diff"`
}

// PlanDiff is one period or fiscal year: A, B and B − A.
type PlanDiff struct {
	Label string `json:"label"`
	// Year is the fiscal year of an FY row; or 0 for a period.
	Year int     `json:"year,omitempty"`
	A    float64 `json:"a"`
	B    float64 `json:"b"`
	Diff float64 `json:"diff"`
}

// MarshalJSON writes missing values as null.
func (d PlanDiff) MarshalJSON() ([]byte, error) {
	num := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		Label string   `json:"label"`
		Year  int      `json:"year,omitempty"`
		A     *float64 `json:"a"`
		B     *float64 `json:"b"`
		Diff  *float64 `json:"diff"`
	}{d.Label, d.Year, num(d.A), num(d.B), num(d.Diff)})
}

// ComparePlans compares plan a with plan b; "" for either is the current
// forecast. Rows follow a's node order, then nodes only b has; periods are
// matched by date, so plans frozen before and after a data refresh compare.
func (w *Workspace) ComparePlans(ctx context.Context, a, b string) (*PlanComparison, error) {
	get := func(name string) (*Plan, error) {
		if name == "" {
			return w.CurrentPlan(ctx, "")
		}
		return w.Plan(name)
	}
	pa, err := get(a)
	if err != nil {
		return nil, fmt.Errorf("compare plans: %w", err)
	}
	pb, err := get(b)
	if err != nil {
		return nil, fmt.Errorf("compare plans: %w", err)
	}
	return comparePlans(pa, pb, a, b), nil
}

func comparePlans(pa, pb *Plan, a, b string) *PlanComparison {
	out := &PlanComparison{A: a, B: b, Calendar: pa.Calendar}
	cal := pa.Calendar
	// Period i of a is period i+shift of b.
	shift := pb.Calendar.PeriodOf(cal.Time(0))
	for i := range pa.Nodes {
		na := &pa.Nodes[i]
		row := PlanCompareRow{Node: na.ID, Name: na.Name, Unit: na.Unit}
		nb, ok := pb.Node(na.ID)
		if !ok {
			row.OnlyIn = "a"
			out.Rows = append(out.Rows, row)
			continue
		}
		for _, f := range na.FY {
			if v, ok := nb.FYValue(f.Year); ok {
				d := diff(kpitree.FiscalLabel(f.Year), f.Value, v, &row.MaxDiff)
				d.Year = f.Year
				row.FY = append(row.FY, d)
			}
		}
		for t, v := range na.Values {
			if j := t + shift; j >= 0 && j < len(nb.Values) {
				row.Periods = append(row.Periods, diff(cal.Label(t), v, nb.Values[j], &row.MaxDiff))
			}
		}
		out.Rows = append(out.Rows, row)
	}
	for i := range pb.Nodes {
		if _, ok := pa.Node(pb.Nodes[i].ID); !ok {
			nb := &pb.Nodes[i]
			out.Rows = append(out.Rows, PlanCompareRow{Node: nb.ID, Name: nb.Name, Unit: nb.Unit, OnlyIn: "b"})
		}
	}
	return out
}

func diff(label string, a, b float64, maxAbs *float64) PlanDiff {
	d := PlanDiff{Label: label, A: a, B: b, Diff: b - a}
	if !math.IsNaN(d.Diff) {
		*maxAbs = max(*maxAbs, math.Abs(d.Diff))
	}
	return d
}
