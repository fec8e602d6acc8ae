package source_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/internal/dbtest"
	"github.com/kpitree/kpitree/kpitree"
)

var secrets = source.StaticSecrets{"pg": dbtest.Password, "maria": dbtest.Password}

const fixtureCSV = "../dataio/testdata/cs_monthly.csv"

// loaded remembers which databases hold the fixture (loading once per
// server keeps the suite fast).
type loaded struct {
	mu   sync.Mutex
	done map[string]source.Conn
	ev   []dbtest.Event
}

var fixtures = &loaded{done: map[string]source.Conn{}}

// db returns a connection holding the fixture table cs_events.
func db(t *testing.T, kind string) source.Conn {
	t.Helper()
	var c source.Conn
	switch kind {
	case "postgres":
		c = servers.Postgres(t)
	case "mariadb":
		c = servers.MariaDB(t)
	case "sqlite":
		c = source.Conn{Name: "lite", Kind: source.SQLite}
	}
	fixtures.mu.Lock()
	defer fixtures.mu.Unlock()
	if got, ok := fixtures.done[kind]; ok {
		return got
	}
	if fixtures.ev == nil {
		ev, err := dbtest.CSEvents(fixtureCSV)
		if err != nil {
			t.Fatal(err)
		}
		fixtures.ev = ev
	}
	if kind == "sqlite" {
		// One file for the whole run, removed by servers.Close.
		dir := servers.Dir(t)
		c.Database = filepath.Join(dir, "cs.sqlite")
	}
	adm, err := dbtest.Admin(c)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	if err := dbtest.Load(adm, c.Kind, "cs_events", fixtures.ev); err != nil {
		t.Fatal(err)
	}
	fixtures.done[kind] = c
	return c
}

func open(t *testing.T, c source.Conn) source.Source {
	t.Helper()
	src, err := source.Open(context.Background(), c, secrets)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = src.Close() })
	return src
}

var kinds = []string{"postgres", "mariadb", "sqlite"}

func tableSpec(conn string) source.Spec {
	return source.Spec{Conn: conn, Table: "cs_events", DateColumn: "at", Values: dbtest.Columns}
}

// csvImport reads the events as a CSV export through app/dataio, combining
// the events of a day and aggregating to cal by the same rules.
func csvImport(t *testing.T, ev []dbtest.Event, cal source.Calendar) *dataio.Dataset {
	t.Helper()
	var buf bytes.Buffer
	if err := dbtest.WriteCSV(&buf, ev); err != nil {
		t.Fatal(err)
	}
	agg := map[string]string{}
	for _, v := range dbtest.Columns {
		agg[v.Column] = v.Agg
	}
	opt := dataio.Options{PeriodColumn: "at", TargetFreq: cal.Freq, FiscalYearStart: cal.FiscalYearStart, Agg: agg,
		Resolutions: []dataio.Resolution{{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionAggregate}}}
	if cal.Freq == kpitree.Day {
		opt.TargetFreq = ""
	}
	d, _, err := dataio.ReadFrom(context.Background(), &buf, "events.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sameSeries(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d periods, want %d", what, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if math.IsNaN(g) != math.IsNaN(w) || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("%s[%d] = %v, want %v", what, i, g, w)
			return
		}
	}
}

func TestFetch_shouldEqualTheCSVImportOfTheSameEvents(t *testing.T) {
	cals := []source.Calendar{
		{Freq: kpitree.Month, FiscalYearStart: time.April},
		{Freq: kpitree.Week, FiscalYearStart: time.April},
		{Freq: kpitree.Quarter, FiscalYearStart: time.April},
		{Freq: kpitree.Quarter, FiscalYearStart: time.January},
		{Freq: kpitree.Year, FiscalYearStart: time.April},
		{Freq: kpitree.Year, FiscalYearStart: time.October},
		{Freq: kpitree.Day, FiscalYearStart: time.January},
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			c := db(t, kind)
			src := open(t, c)
			for _, cal := range cals {
				t.Run(string(cal.Freq)+"/FY"+cal.FiscalYearStart.String()[:3], func(t *testing.T) {
					res, err := source.Fetch(context.Background(), src, tableSpec(c.Name), cal, "cs")
					if err != nil {
						t.Fatal(err)
					}
					want := csvImport(t, fixtures.ev, cal)
					if !res.Dataset.Calendar.Start.Equal(want.Calendar.Start) || res.Dataset.Calendar.Freq != want.Calendar.Freq {
						t.Fatalf("calendar %+v, want %+v", res.Dataset.Calendar, want.Calendar)
					}
					if res.SourceRows != int64(len(fixtures.ev)) {
						t.Errorf("aggregated %d rows, want %d", res.SourceRows, len(fixtures.ev))
					}
					for _, v := range dbtest.Columns {
						g, ok1 := res.Dataset.Column(v.Column)
						w, ok2 := want.Column(v.Column)
						if !ok1 || !ok2 {
							t.Fatalf("column %s missing (db %v, csv %v)", v.Column, ok1, ok2)
						}
						sameSeries(t, v.Column, g.Values, w.Values)
					}
				})
			}
		})
	}
}

func TestFetch_shouldGiveTheMonthlyFiguresBack(t *testing.T) {
	monthly, _, err := dataio.Read(context.Background(), fixtureCSV, dataio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			c := db(t, kind)
			res, err := source.Fetch(context.Background(), open(t, c), tableSpec(c.Name), source.Calendar{Freq: kpitree.Month, FiscalYearStart: time.April}, "cs")
			if err != nil {
				t.Fatal(err)
			}
			if res.Dataset.Calendar.Periods != 36 || res.Report.Periods != 36 {
				t.Errorf("%d periods, want 36", res.Dataset.Calendar.Periods)
			}
			for _, v := range dbtest.Columns {
				g, _ := res.Dataset.Column(v.Column)
				w, _ := monthly.Column(v.Column)
				sameSeries(t, v.Column, g.Values, w.Values)
			}
		})
	}
}

func TestFetch_SQLForm(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			c := db(t, kind)
			src := open(t, c)
			// Two things a table form cannot say: a filter in the user's own
			// SQL and a period range as parameters.
			spec := source.Spec{Conn: c.Name,
				SQL:  "SELECT at AS day, account_id AS accounts, revenue_jpy\nFROM cs_events\nWHERE at >= :from AND at < :to -- the range, as parameters",
				Agg:  map[string]string{"accounts": source.AggCountDistinct},
				From: "2024-04", To: "2024-07"}
			res, err := source.Fetch(context.Background(), src, spec, source.Calendar{Freq: kpitree.Month, FiscalYearStart: time.April}, "q")
			if err != nil {
				t.Fatal(err)
			}
			if res.Dataset.Calendar.Periods != 3 || res.Dataset.PeriodStart(0) != time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC) {
				t.Fatalf("calendar %+v, want 3 months from 2024-04", res.Dataset.Calendar)
			}
			// Expected figures computed here from the events themselves.
			want := map[string][]float64{"accounts": make([]float64, 3), "revenue_jpy": make([]float64, 3)}
			seen := make([]map[int64]bool, 3)
			for i := range seen {
				seen[i] = map[int64]bool{}
			}
			for _, e := range fixtures.ev {
				k := (e.At.Year()-2024)*12 + int(e.At.Month()) - 4
				if k < 0 || k > 2 {
					continue
				}
				want["revenue_jpy"][k] += float64(e.Revenue)
				seen[k][e.Account] = true
			}
			for k := range seen {
				want["accounts"][k] = float64(len(seen[k]))
			}
			for name, w := range want {
				g, ok := res.Dataset.Column(name)
				if !ok {
					t.Fatalf("no column %s in %+v", name, res.Dataset.Columns)
				}
				sameSeries(t, name, g.Values, w)
			}
			if res.SourceRows != int64(2*(30+31+30)) {
				t.Errorf("aggregated %d rows, want %d (only the range)", res.SourceRows, 2*(30+31+30))
			}
		})
	}
}

func TestPreview_shouldShowTheFirstRows(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			c := db(t, kind)
			tb, err := source.Preview(context.Background(), open(t, c), tableSpec(c.Name), 5, time.April)
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Rows) != 5 || len(tb.Columns) != 1+len(dbtest.Columns) || tb.Columns[0] != "at" {
				t.Fatalf("preview %v × %d", tb.Columns, len(tb.Rows))
			}
			if !strings.HasPrefix(tb.Rows[0][0], "2023-04-01") {
				t.Errorf("first row %v, want 2023-04-01 first", tb.Rows[0])
			}
		})
	}
}

func TestQuery_shouldRefuseToWrite(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			c := db(t, kind)
			src := open(t, c)
			err := src.Query(context.Background(), source.Statement{SQL: "DELETE FROM cs_events"}, func([]string, []any) error { return nil })
			if !errors.Is(err, source.ErrQuery) {
				t.Fatalf("DELETE: %v, want a refused query", err)
			}
			t.Logf("%s says: %v", kind, err)
			adm, _ := dbtest.Admin(c)
			defer adm.Close()
			var n int
			if err := adm.QueryRow("SELECT COUNT(*) FROM cs_events").Scan(&n); err != nil || n != len(fixtures.ev) {
				t.Errorf("%d rows after the refused DELETE (%v), want %d", n, err, len(fixtures.ev))
			}
		})
	}
}

func TestFetch_badSQLShouldSayWhereWithTheDatabasesMessage(t *testing.T) {
	tests := []struct {
		kind, sql string
		line, col int // 0: the database gives no position
		contains  string
	}{
		{"postgres", "SELECT at, revenue_jpy\nFROM cs_event", 2, 6, `relation "cs_event" does not exist`},
		{"postgres", "SELECT at, revenue_jpy\nFROM cs_events\nWHERE revenue_jpy > :from + ", 3, 0, "syntax error"},
		{"mariadb", "SELECT at, revenue_jpy\nFROM cs_events WHERE WHERE 1", 2, 22, "You have an error in your SQL syntax"},
		{"mariadb", "SELECT at, revenue\nFROM cs_events", 0, 0, "Unknown column"},
		{"sqlite", "SELECT at, revenue_jpy\nFROM cs_events WHERE >", 2, 22, "syntax error"},
	}
	for _, tc := range tests {
		t.Run(tc.kind+"/"+tc.contains, func(t *testing.T) {
			c := db(t, tc.kind)
			spec := source.Spec{Conn: c.Name, SQL: tc.sql, From: "2024-01"}
			_, err := source.Fetch(context.Background(), open(t, c), spec, source.Calendar{Freq: kpitree.Month}, "q")
			var qe *source.QueryError
			if !errors.As(err, &qe) || !errors.Is(err, source.ErrQuery) {
				t.Fatalf("err = %v, want a QueryError", err)
			}
			if !strings.Contains(qe.Message, tc.contains) {
				t.Errorf("message %q lacks %q", qe.Message, tc.contains)
			}
			if tc.line > 0 && qe.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", qe.Line, tc.line, err)
			}
			if tc.col > 0 && qe.Column != tc.col {
				t.Errorf("column %d, want %d (%v)", qe.Column, tc.col, err)
			}
			t.Log(err)
		})
	}
}

func TestOpen_authAndNetworkFailuresShouldBeNamed(t *testing.T) {
	pg := servers.Postgres(t)
	my := servers.MariaDB(t)
	tests := []struct {
		name    string
		conn    source.Conn
		secrets source.Secrets
		want    error
	}{
		{"postgres wrong password", pg, source.StaticSecrets{"pg": "wrong"}, source.ErrAuth},
		{"postgres no password", pg, source.StaticSecrets{}, source.ErrAuth},
		{"postgres unknown user", withUser(pg, "nobody_here"), secrets, source.ErrAuth},
		{"postgres no server at the socket", withHost(pg, "/nonexistent-dir"), secrets, source.ErrUnreachable},
		{"postgres no server on the port", withHost(withPort(pg, 1), "127.0.0.1"), secrets, source.ErrUnreachable},
		{"mariadb wrong password", my, source.StaticSecrets{"maria": "wrong"}, source.ErrAuth},
		{"mariadb no server at the socket", withHost(my, "/nonexistent-dir/sock"), secrets, source.ErrUnreachable},
		{"sqlite missing file", source.Conn{Name: "lite", Kind: source.SQLite, Database: "/nonexistent/x.sqlite"}, nil, source.ErrUnreachable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			src, err := source.Open(ctx, tc.conn, tc.secrets)
			if err == nil {
				defer src.Close()
				err = src.Ping(ctx)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), dbtest.Password) {
				t.Errorf("the error shows the password: %v", err)
			}
			t.Log(err)
		})
	}
}

func withUser(c source.Conn, u string) source.Conn { c.User = u; return c }
func withHost(c source.Conn, h string) source.Conn { c.Host = h; return c }
func withPort(c source.Conn, p int) source.Conn    { c.Port = p; return c }

func TestQuery_timeoutAndCancel(t *testing.T) {
	slow := map[string]string{
		"postgres": "SELECT now() AS at, 1 AS v FROM pg_sleep(10)",
		"mariadb":  "SELECT NOW() AS at, SLEEP(10) AS v FROM cs_events LIMIT 2",
	}
	for _, kind := range []string{"postgres", "mariadb"} {
		t.Run(kind+"/timeout", func(t *testing.T) {
			c := db(t, kind)
			c.TimeoutSec = 1
			start := time.Now()
			_, err := source.Fetch(context.Background(), open(t, c), source.Spec{Conn: c.Name, SQL: slow[kind]}, source.Calendar{Freq: kpitree.Month}, "q")
			if !errors.Is(err, source.ErrTimeout) {
				t.Fatalf("err = %v, want a timeout", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v for a 1 s timeout", d)
			}
			t.Log(err)
		})
		t.Run(kind+"/cancel", func(t *testing.T) {
			c := db(t, kind)
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			start := time.Now()
			_, err := source.Fetch(ctx, open(t, c), source.Spec{Conn: c.Name, SQL: slow[kind]}, source.Calendar{Freq: kpitree.Month}, "q")
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want cancelled", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("cancel took %v", d)
			}
		})
	}
}
