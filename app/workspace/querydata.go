package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// querySourcePrefix starts Dataset.Source of a dataset defined by a query:
// "db:" and the connection name. No file path starts so, so file refresh
// never mistakes one for the other.
const querySourcePrefix = "db:"

// QueryDef is what a query-defined dataset stores in Dataset.Options: how
// to fetch it again. The fetched values are stored in the dataset like an
// imported file's, so the workspace opens and evaluates offline.
type QueryDef struct {
	// Spec is the query (connection, SQL or table form, period range).
	Spec source.Spec `json:"query"`
	// RefreshOnOpen asks the app to refresh the dataset when the
	// workspace opens.
	RefreshOnOpen bool `json:"refresh_on_open,omitempty"`
	// SQL is the aggregate statement that ran last, for display.
	SQL string `json:"sql,omitempty"`
	// SourceRows is how many database rows the last fetch aggregated.
	SourceRows int64 `json:"source_rows,omitempty"`
}

// queryOf returns d's query definition; ok is false for a file dataset or
// a damaged definition.
func queryOf(d *Dataset) (QueryDef, bool) {
	if d == nil || !strings.HasPrefix(d.Source, querySourcePrefix) || len(d.Options) == 0 {
		return QueryDef{}, false
	}
	var q QueryDef
	if json.Unmarshal(d.Options, &q) != nil || q.Spec.Validate() != nil {
		return QueryDef{}, false
	}
	return q, true
}

// DatasetQuery returns the query definition of dataset id; ok is false
// when it was imported from a file.
func (w *Workspace) DatasetQuery(id string) (QueryDef, bool) {
	s, err := w.snapshot()
	if err != nil {
		return QueryDef{}, false
	}
	return queryOf(s.datasets[id])
}

// QueryPreview is a query import or refresh before anything is written:
// the ImportPreview a file gives (dataset, quality report, suggested
// bindings, diff) and the first rows of the query.
type QueryPreview struct {
	*ImportPreview
	// Rows are the first rows the dataset is computed from; nil for a refresh.
	Rows *source.Table
	// SQL is the aggregate statement that ran in the database.
	SQL string
	// SourceRows is the number of database rows aggregated.
	SourceRows int64
}

// QueryOptions control PreviewQuery.
type QueryOptions struct {
	// Name names the dataset; "" means the table's name or the connection's.
	Name string
	// Secrets finds the password; nil means source.SystemSecrets.
	Secrets source.Secrets
	// Mapping binds node ids to columns; nil suggests bindings by name.
	Mapping map[string]string
	// RefreshOnOpen is stored with the dataset.
	RefreshOnOpen bool
	// PreviewRows is how many source rows to show; 0 means source.PreviewRows.
	PreviewRows int
}

// queryCalendar is the calendar a query aggregates to: the tree's
// frequency and the workspace's fiscal-year start.
func (s *state) queryCalendar() source.Calendar {
	f := s.tree.Calendar.Freq
	if f == "" {
		f = kpitree.Month
	}
	return source.Calendar{Freq: f, FiscalYearStart: s.settings.FiscalYearStart}
}

// PreviewQuery runs the query spec defines against its stored connection,
// aggregating in the database to the workspace calendar, and returns what
// an import would store, without writing. Commit with CommitPreview.
func (w *Workspace) PreviewQuery(ctx context.Context, spec source.Spec, opt QueryOptions) (*QueryPreview, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("preview query: %w", err)
	}
	conn, err := w.Connection(spec.Conn)
	if err != nil {
		return nil, fmt.Errorf("preview query: %w", err)
	}
	name := opt.Name
	if name == "" {
		name = spec.Table
		if name == "" {
			name = conn.Name
		}
	}
	src, err := source.Open(ctx, conn, opt.Secrets)
	if err != nil {
		return nil, fmt.Errorf("preview query: %w", err)
	}
	defer src.Close()
	cal := s.queryCalendar()
	n := opt.PreviewRows
	if n <= 0 {
		n = source.PreviewRows
	}
	rows, err := source.Preview(ctx, src, spec, n, cal.FiscalYearStart)
	if err != nil {
		return nil, fmt.Errorf("preview query: %w", err)
	}
	res, err := source.Fetch(ctx, src, spec, cal, name)
	if err != nil {
		return nil, fmt.Errorf("preview query: %w", err)
	}
	p, err := s.queryPreview(res, QueryDef{Spec: spec, RefreshOnOpen: opt.RefreshOnOpen}, conn, opt.Mapping)
	if err != nil {
		return nil, err
	}
	p.Rows = rows
	return p, nil
}

// queryPreview turns a fetch into a preview with the query stored in the
// dataset.
func (s *state) queryPreview(res *source.Result, q QueryDef, conn source.Conn, mapping map[string]string) (*QueryPreview, error) {
	res.Dataset.Source = querySourcePrefix + conn.Name
	res.Report.Source = conn.String()
	ip, err := s.preview(res.Dataset, res.Report, dataio.Options{Mapping: mapping})
	if err != nil {
		return nil, err
	}
	q.SQL, q.SourceRows = res.SQL, res.SourceRows
	opts, err := json.Marshal(q)
	if err != nil {
		return nil, fmt.Errorf("encode query: %w", err)
	}
	ip.Dataset.Options = opts
	return &QueryPreview{ImportPreview: ip, SQL: res.SQL, SourceRows: res.SourceRows}, nil
}

// PreviewQueryRefresh fetches query dataset id again and reports the
// difference (the same ImportPreview a file refresh gives). Commit with
// CommitPreview.
func (w *Workspace) PreviewQueryRefresh(ctx context.Context, id string, secrets source.Secrets) (*QueryPreview, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	old := s.datasets[id]
	if old == nil {
		return nil, fmt.Errorf("refresh %q: %w", id, ErrUnknownDataset)
	}
	q, ok := queryOf(old)
	if !ok {
		return nil, fmt.Errorf("refresh %q: the dataset was not defined by a query: %w", old.Name, ErrBadDataset)
	}
	conn, err := w.Connection(q.Spec.Conn)
	if err != nil {
		return nil, fmt.Errorf("refresh %q: %w", old.Name, err)
	}
	src, err := source.Open(ctx, conn, secrets)
	if err != nil {
		return nil, fmt.Errorf("refresh %q: %w", old.Name, err)
	}
	defer src.Close()
	res, err := source.Fetch(ctx, src, q.Spec, s.queryCalendar(), old.Name)
	if err != nil {
		return nil, fmt.Errorf("refresh %q: %w", old.Name, err)
	}
	p, err := s.queryPreview(res, q, conn, nil)
	if err != nil {
		return nil, err
	}
	p.Dataset.ID, p.Dataset.Name = old.ID, old.Name
	p.Replaces, p.base, p.Suggested, p.SuggestedActuals = id, old, nil, nil
	p.Diff = diffDatasets(old, &p.Dataset)
	return p, nil
}

// Revisions lists the values a refresh changes, period by period
// (app/dataio's diff), for a report more detailed than Diff's counts.
func (p *QueryPreview) Revisions() dataio.DatasetDiff {
	if p == nil || p.base == nil {
		return dataio.DatasetDiff{}
	}
	return dataio.Diff(toDataio(p.base), toDataio(&p.Dataset))
}

func toDataio(d *Dataset) *dataio.Dataset {
	out := &dataio.Dataset{Name: d.Name, Calendar: d.Calendar}
	for _, c := range d.Columns {
		out.Columns = append(out.Columns, dataio.Column{Name: c.Name, Unit: c.Unit, Values: c.Values})
	}
	return out
}

// SetRefreshOnOpen sets whether query dataset id is refreshed when the
// workspace opens.
func (w *Workspace) SetRefreshOnOpen(id string, on bool) error {
	return w.change(act(LabelChangeSettings), func(s *state) ([]docChange, error) {
		d := s.datasets[id]
		q, ok := queryOf(d)
		if !ok {
			return nil, fmt.Errorf("refresh on open %q: not a query dataset: %w", id, ErrUnknownDataset)
		}
		if q.RefreshOnOpen == on {
			return nil, nil
		}
		q.RefreshOnOpen = on
		nd := *d
		b, err := json.Marshal(q)
		if err != nil {
			return nil, err
		}
		nd.Options = b
		return putOnly(store.BucketDatasets, id, &nd)
	})
}

// QueryDatasets returns the ids of the datasets defined by a query; with
// onOpen, only those marked refresh-on-open.
func (w *Workspace) QueryDatasets(onOpen bool) []string {
	s, err := w.snapshot()
	if err != nil {
		return nil
	}
	var out []string
	for _, id := range sortedKeys(s.datasets) {
		if q, ok := queryOf(s.datasets[id]); ok && (!onOpen || q.RefreshOnOpen) {
			out = append(out, id)
		}
	}
	return out
}

// RefreshResult is the outcome of refreshing one query dataset.
type RefreshResult struct {
	ID, Name string
	// Diff counts the changes; nil when the fetch failed.
	Diff *DatasetDiff
	// Revisions lists the changed values.
	Revisions dataio.DatasetDiff
	// FetchedAt is when the values were fetched; zero when it failed.
	FetchedAt time.Time
	// Err is why the refresh failed; the stored values stay as they were.
	Err error
}

// RefreshQueries refreshes the query datasets (ids, or every one when ids
// is nil) and commits each that changed, one undoable action each. A
// dataset that cannot be fetched (offline, wrong password) keeps its last
// values and reports the error in its result; the error returned is only
// for the workspace itself (closed, read-only) or ctx.
func (w *Workspace) RefreshQueries(ctx context.Context, ids []string, secrets source.Secrets) ([]RefreshResult, error) {
	if ids == nil {
		ids = w.QueryDatasets(false)
	}
	var out []RefreshResult
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r := RefreshResult{ID: id, Name: id}
		p, err := w.PreviewQueryRefresh(ctx, id, secrets)
		if err != nil {
			r.Err = err
			out = append(out, r)
			if errors.Is(err, context.Canceled) {
				return out, err
			}
			continue
		}
		r.Name, r.Diff, r.Revisions, r.FetchedAt = p.Dataset.Name, p.Diff, p.Revisions(), p.Dataset.ImportedAt
		if !p.Diff.Empty() {
			if _, err := w.CommitPreview(p.ImportPreview, nil); err != nil {
				r.Err = err
			}
		}
		out = append(out, r)
	}
	return out, nil
}
