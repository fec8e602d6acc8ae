package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/kpitree"
)

// ImportPreview is what an import or refresh would do, shown to the user
// before anything is written.
type ImportPreview struct {
	// Dataset is the data as it would be stored.
	Dataset Dataset
	// Report is the importer's quality report (issues to review).
	Report *dataio.Report
	// Suggested are bindings proposed by matching leaf ids and names to
	// column names; the user may change them before committing.
	Suggested []Binding
	// SuggestedActuals are reported actuals proposed for formula nodes
	// without one (revenue_jpy ↔ addon_revenue); CommitPreview binds them
	// too, so clear or edit the slice first to bind fewer. Nil for a refresh.
	SuggestedActuals []Binding
	// Aggregation maps each column to the rule that combined the file's
	// periods into the dataset's (dataio.AggSum …) when the file was
	// finer than the tree (daily data, a weekly or monthly tree): suggested
	// from the column's name unless dataio.Options.Agg chose it. Nil when
	// nothing was aggregated.
	Aggregation map[string]string
	// Replaces is the id of the dataset a refresh replaces; or "".
	Replaces string
	// Diff summarises the change against the replaced dataset; or nil.
	Diff *DatasetDiff
	// Existing is the id of a dataset already imported from the same file
	// (a new import, Replaces ""); or "". Committing this preview as it is
	// would add a second dataset ("…_2") beside it: ask the user, and
	// commit AsRefresh() to update the existing one instead.
	Existing string
	// ExistingDiff is what AsRefresh would change in Existing; or nil.
	ExistingDiff *DatasetDiff
	// base is the replaced dataset, to detect a stale preview.
	base *Dataset
	// existing is the dataset Existing names.
	existing *Dataset
}

// AsRefresh returns this import as a refresh of the dataset imported
// from the same file (Existing): same id and name, the change summarised in
// Diff, the other bindings to it kept. It returns p itself when there is no
// such dataset. Suggested and SuggestedActuals stay as they are, so the
// leaves are bound as a first import would bind them.
func (p *ImportPreview) AsRefresh() *ImportPreview {
	if p == nil || p.existing == nil {
		return p
	}
	r := *p
	r.Dataset.ID, r.Dataset.Name = p.existing.ID, p.existing.Name
	r.Replaces, r.base, r.Diff = p.existing.ID, p.existing, p.ExistingDiff
	r.Existing, r.ExistingDiff, r.existing = "", nil, nil
	return &r
}

// sameSource reports whether two dataset sources name one file.
func sameSource(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// datasetFrom returns the dataset imported from source, or nil.
func (s *state) datasetFrom(source string) *Dataset {
	for _, id := range sortedKeys(s.datasets) {
		if d := s.datasets[id]; sameSource(d.Source, source) {
			return d
		}
	}
	return nil
}

// DatasetDiff summarises how a refreshed dataset differs from the stored one.
type DatasetDiff struct {
	AddedColumns   []string
	RemovedColumns []string
	// ChangedValues counts, per common column, the periods whose value changed.
	ChangedValues map[string]int
	// OldPeriods and NewPeriods are the lengths before and after.
	OldPeriods, NewPeriods int
	// OldStart and NewStart are the first periods before and after.
	OldStart, NewStart time.Time
	// AddedPeriods counts the periods the new data has and the old had
	// not; DroppedPeriods the reverse. Their values are not counted in
	// ChangedValues.
	AddedPeriods, DroppedPeriods int
}

// Empty reports whether the refresh changes nothing.
func (d *DatasetDiff) Empty() bool {
	if len(d.AddedColumns)+len(d.RemovedColumns) > 0 || d.OldPeriods != d.NewPeriods || !d.OldStart.Equal(d.NewStart) {
		return false
	}
	for _, n := range d.ChangedValues {
		if n > 0 {
			return false
		}
	}
	return true
}

// String summarises the diff in English for the CLI and logs: "no
// changes", or the periods, changed values and columns added or removed.
func (d *DatasetDiff) String() string {
	if d == nil || d.Empty() {
		return "no changes"
	}
	var parts []string
	if d.OldPeriods != d.NewPeriods || !d.OldStart.Equal(d.NewStart) {
		parts = append(parts, fmt.Sprintf("%d → %d periods", d.OldPeriods, d.NewPeriods))
	}
	if d.AddedPeriods > 0 {
		parts = append(parts, fmt.Sprintf("%d new periods", d.AddedPeriods))
	}
	if d.DroppedPeriods > 0 {
		parts = append(parts, fmt.Sprintf("%d periods no longer in the file", d.DroppedPeriods))
	}
	changed, cols := 0, 0
	for _, n := range d.ChangedValues {
		if n > 0 {
			changed += n
			cols++
		}
	}
	if changed > 0 {
		parts = append(parts, fmt.Sprintf("%d values changed in %d columns", changed, cols))
	}
	if len(d.AddedColumns) > 0 {
		parts = append(parts, "columns added: "+strings.Join(d.AddedColumns, ", "))
	}
	if len(d.RemovedColumns) > 0 {
		parts = append(parts, "columns removed: "+strings.Join(d.RemovedColumns, ", "))
	}
	return strings.Join(parts, "; ")
}

// fromDataio converts an imported dataset to the stored form.
func fromDataio(d *dataio.Dataset) (Dataset, error) {
	opts, err := json.Marshal(d.Options)
	if err != nil {
		return Dataset{}, fmt.Errorf("encode import options: %w", err)
	}
	out := Dataset{Name: d.Name, Source: d.Source, Options: opts, Calendar: d.Calendar, ImportedAt: time.Now().UTC().Truncate(time.Second)}
	for _, c := range d.Columns {
		out.Columns = append(out.Columns, Column{Name: c.Name, Unit: c.Unit, Values: Values(append([]float64(nil), c.Values...))})
	}
	return out, nil
}

// PreviewImport reads a data file (CSV, TSV, XLSX) without writing
// anything. Commit the preview with CommitPreview. When opt.Mapping is set
// it becomes the suggested bindings; otherwise leaves are matched by name.
func (w *Workspace) PreviewImport(ctx context.Context, path string, opt dataio.Options) (*ImportPreview, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	if opt.FiscalYearStart == 0 {
		opt.FiscalYearStart = s.settings.FiscalYearStart
	}
	d, rep, err := dataio.Read(ctx, path, opt)
	if err != nil {
		return nil, fmt.Errorf("preview import: %w", err)
	}
	return s.preview(d, rep, opt)
}

// PreviewImportFrom is PreviewImport for data from a reader (an embedded
// file, a paste); name names the dataset.
func (w *Workspace) PreviewImportFrom(ctx context.Context, r io.Reader, name string, opt dataio.Options) (*ImportPreview, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	if opt.FiscalYearStart == 0 {
		opt.FiscalYearStart = s.settings.FiscalYearStart
	}
	d, rep, err := dataio.ReadFrom(ctx, r, name, opt)
	if err != nil {
		return nil, fmt.Errorf("preview import: %w", err)
	}
	return s.preview(d, rep, opt)
}

func (s *state) preview(d *dataio.Dataset, rep *dataio.Report, opt dataio.Options) (*ImportPreview, error) {
	ds, err := fromDataio(d)
	if err != nil {
		return nil, err
	}
	p := &ImportPreview{Dataset: ds, Report: rep}
	if rep != nil && rep.SourceFreq != "" && rep.SourceFreq != rep.Freq {
		p.Aggregation = make(map[string]string, len(d.Columns))
		for _, c := range d.Columns {
			p.Aggregation[c.Name] = c.Agg
		}
	}
	if len(opt.Mapping) > 0 {
		for _, node := range sortedKeys(opt.Mapping) {
			p.Suggested = append(p.Suggested, Binding{Node: node, Column: opt.Mapping[node]})
		}
	} else {
		p.Suggested = s.suggest(&ds)
	}
	p.SuggestedActuals = s.suggestActuals(&ds, p.Suggested)
	if old := s.datasetFrom(ds.Source); old != nil {
		p.Existing, p.existing = old.ID, old
		p.ExistingDiff = diffDatasets(old, &ds)
	}
	return p, nil
}

// suggest proposes a column for every input leaf: app/dataio's matcher
// first (synonyms such as アクティブ率 ↔ active_rate, units), then, for the
// leaves it leaves out, a prefix match of the id or name on the column name
// (unit_price ↔ unit_price_jpy), ignoring case, spaces and punctuation.
func (s *state) suggest(d *Dataset) []Binding {
	var refs []dataio.NodeRef
	for _, n := range s.tree.Nodes {
		if n.Kind == kpitree.KindInput {
			refs = append(refs, dataio.NodeRef{ID: n.ID, Name: n.Name, Unit: n.Unit})
		}
	}
	cols := make([]dataio.ColumnRef, len(d.Columns))
	for i, c := range d.Columns {
		cols[i] = dataio.ColumnRef{Name: c.Name, Unit: c.Unit}
	}
	matched := dataio.Suggest(cols, refs)
	used := map[string]bool{}
	for _, c := range matched {
		used[c] = true
	}
	norm := func(x string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(x) {
			if r == ' ' || r == '_' || r == '-' || r == '　' {
				continue
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	var out []Binding
	for _, n := range refs {
		if c, ok := matched[n.ID]; ok {
			out = append(out, Binding{Node: n.ID, Column: c})
			continue
		}
		best := ""
		for _, c := range d.Columns {
			if used[c.Name] {
				continue
			}
			cn := norm(c.Name)
			for _, key := range []string{norm(n.ID), norm(n.Name)} {
				if key == "" {
					continue
				}
				if cn == key {
					best = c.Name
					break
				}
				if best == "" && strings.HasPrefix(cn, key) {
					best = c.Name
				}
			}
		}
		if best != "" {
			used[best] = true
			out = append(out, Binding{Node: n.ID, Column: best})
		}
	}
	return out
}

// PreviewRefresh re-reads dataset id's source file with its stored options
// and reports the difference. Commit with CommitPreview.
func (w *Workspace) PreviewRefresh(ctx context.Context, id string) (*ImportPreview, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	old := s.datasets[id]
	if old == nil {
		return nil, fmt.Errorf("refresh %s: %w", kpitree.Quote(id), ErrUnknownDataset)
	}
	if _, ok := queryOf(old); ok { // a database query, not a file: see querydata.go
		qp, err := w.PreviewQueryRefresh(ctx, id, nil)
		if err != nil {
			return nil, err
		}
		return qp.ImportPreview, nil
	}
	if old.Source == "" {
		return nil, fmt.Errorf("refresh %s: the dataset has no source file; import the file again instead: %w", kpitree.Quote(old.Name), ErrBadDataset)
	}
	var opt dataio.Options
	if len(old.Options) > 0 {
		if err := json.Unmarshal(old.Options, &opt); err != nil {
			return nil, fmt.Errorf("refresh %s: stored import options: %w", kpitree.Quote(old.Name), ErrBadDataset)
		}
	}
	d, rep, err := dataio.Read(ctx, old.Source, opt)
	if err != nil {
		return nil, fmt.Errorf("refresh %s: %w", kpitree.Quote(old.Name), err)
	}
	p, err := s.preview(d, rep, dataio.Options{})
	if err != nil {
		return nil, err
	}
	p.Dataset.ID, p.Dataset.Name = old.ID, old.Name
	p.Replaces, p.base, p.Suggested, p.SuggestedActuals = id, old, nil, nil
	p.Existing, p.ExistingDiff, p.existing = "", nil, nil
	p.Diff = diffDatasets(old, &p.Dataset)
	return p, nil
}

func diffDatasets(old, new *Dataset) *DatasetDiff {
	d := &DatasetDiff{ChangedValues: map[string]int{}, OldPeriods: old.Calendar.Periods, NewPeriods: new.Calendar.Periods,
		OldStart: old.Calendar.Start, NewStart: new.Calendar.Start}
	// A period the old data did not have is added, not changed: count
	// values only over the periods both have.
	inOld := alignSeries(new.Calendar, old.Calendar, slices.Repeat([]float64{1}, old.Calendar.Periods))
	inNew := alignSeries(old.Calendar, new.Calendar, slices.Repeat([]float64{1}, new.Calendar.Periods))
	for _, v := range inOld {
		if math.IsNaN(v) {
			d.AddedPeriods++
		}
	}
	for _, v := range inNew {
		if math.IsNaN(v) {
			d.DroppedPeriods++
		}
	}
	for _, c := range new.Columns {
		oc := old.column(c.Name)
		if oc == nil {
			d.AddedColumns = append(d.AddedColumns, c.Name)
			continue
		}
		oa := alignSeries(new.Calendar, old.Calendar, oc.Values)
		n := 0
		for i, v := range c.Values {
			if i < len(inOld) && math.IsNaN(inOld[i]) {
				continue
			}
			if !sameFloat(v, oa[i]) && !(math.Abs(v-oa[i]) <= 1e-12*math.Abs(v)) {
				n++
			}
		}
		d.ChangedValues[c.Name] = n
	}
	for _, c := range old.Columns {
		if new.column(c.Name) == nil {
			d.RemovedColumns = append(d.RemovedColumns, c.Name)
		}
	}
	return d
}

// CommitPreview stores a previewed import (or refresh) with the given
// bindings and the preview's SuggestedActuals as one undoable action and
// returns the dataset id. For a
// refresh, binds nil keeps the current bindings; it fails with
// ErrStalePreview when the dataset changed since the preview.
func (w *Workspace) CommitPreview(p *ImportPreview, binds []Binding) (string, error) {
	if p == nil {
		return "", fmt.Errorf("commit import: no preview: %w", ErrStalePreview)
	}
	if p.Replaces != "" {
		s, err := w.snapshot()
		if err != nil {
			return "", err
		}
		if s.datasets[p.Replaces] != p.base {
			return "", fmt.Errorf("commit refresh %s: %w", kpitree.Quote(p.Dataset.Name), ErrStalePreview)
		}
	}
	var id string
	err := w.change(act(LabelImport, p.Dataset.Name), func(s *state) ([]docChange, error) {
		changes, did, err := s.importChanges(p.Dataset, binds, p.SuggestedActuals)
		id = did
		return changes, err
	})
	if err == nil {
		w.evaluateAlerts()
	}
	return id, err
}

// evaluateAlerts runs the alert rules after new data arrived and emits
// an AlertsEvaluated event with those that fired, so the app can show
// them without asking; a workspace without rules does nothing. A failure
// is not the import's: the data is stored, and Alerts on demand says why.
func (w *Workspace) evaluateAlerts() []Alert {
	s, err := w.snapshot()
	if err != nil || !s.hasAlertRules() {
		return nil
	}
	alerts, err := w.alerts(context.Background(), s)
	if err != nil {
		return nil
	}
	w.emit([]Event{{Kind: AlertsEvaluated, Label: "Alerts", Alerts: alerts}})
	return alerts
}

// CheckImport reports whether ImportDataset would accept d and mapping,
// without writing anything; it works on a read-only workspace, so a caller
// can refuse a bad import before opening the file for writing.
func (w *Workspace) CheckImport(d *dataio.Dataset, mapping map[string]string) error {
	s, err := w.snapshot()
	if err != nil {
		return err
	}
	p, err := s.preview(d, &dataio.Report{}, dataio.Options{Mapping: mapping})
	if err != nil {
		return err
	}
	p = p.AsRefresh() // as ImportDataset will commit it
	_, _, err = s.importChanges(p.Dataset, p.Suggested, p.SuggestedActuals)
	return err
}

// ImportDataset stores an already-read dataset (app/dataio) and binds
// mapping's nodes (node id → column name) in one undoable action; with an
// empty mapping the leaves are matched to columns by name. It returns the
// dataset id. A file that is already a dataset refreshes it (see
// ImportOrRefresh) rather than adding a second one.
func (w *Workspace) ImportDataset(d *dataio.Dataset, mapping map[string]string) (string, error) {
	r, err := w.ImportOrRefresh(d, mapping)
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

// ImportResult says what ImportOrRefresh did.
type ImportResult struct {
	// ID is the dataset's id.
	ID string
	// Refreshed is true when the file was already a dataset and it was
	// updated in place; Diff then says what changed (Diff.Empty: nothing).
	Refreshed bool
	Diff      *DatasetDiff
}

// ImportOrRefresh is ImportDataset that reports whether the file was
// already a dataset (same source path): that dataset is then refreshed
// with the new data, keeping its id, name and other bindings, and the
// result carries the diff; re-importing a file used to add a second
// dataset "…_2" silently, after which binding needed --dataset.
func (w *Workspace) ImportOrRefresh(d *dataio.Dataset, mapping map[string]string) (*ImportResult, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	p, err := s.preview(d, &dataio.Report{}, dataio.Options{Mapping: mapping})
	if err != nil {
		return nil, err
	}
	res := &ImportResult{}
	if p.Existing != "" {
		p = p.AsRefresh()
		res.Refreshed, res.Diff = true, p.Diff
	}
	if res.ID, err = w.CommitPreview(p, p.Suggested); err != nil {
		return nil, err
	}
	return res, nil
}

// DateReading is how an ambiguous date reads in one order.
type DateReading struct {
	Order dataio.DateOrder
	Date  time.Time
}

// DateOrderChoices says how the example date of an import that failed with
// a *dataio.AmbiguousDateError reads in each order (dataio.DateOrders:
// day first, then month first), for a wizard that asks which the file
// uses. ok is false for other errors, including a column that mixes both
// orders, where choosing would not help.
func DateOrderChoices(err error) (example string, readings []DateReading, ok bool) {
	var ae *dataio.AmbiguousDateError
	if !errors.As(err, &ae) {
		return "", nil, false
	}
	for _, o := range dataio.DateOrders() {
		p, perr := dataio.ParsePeriodOrder(ae.Example, time.January, o)
		if perr != nil {
			return "", nil, false
		}
		readings = append(readings, DateReading{Order: o, Date: p.Start})
	}
	return ae.Example, readings, true
}
