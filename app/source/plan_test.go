package source_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/internal/dbtest"
	"github.com/kpitree/kpitree/kpitree"
)

// lvEvent is a row of lv_events: a value that changes on every row (so a
// wrong "last" shows), NULLs at the end of some periods (last skips them)
// and irregular times.
type lvEvent struct {
	at   time.Time
	v    float64 // unless null
	w    int64
	x    float64
	null bool
}

func lvEvents() []lvEvent {
	var ev []lvEvent
	base := time.Date(2023, 3, 29, 0, 0, 0, 0, time.UTC)
	for i := range 1500 {
		e := lvEvent{
			at: base.Add(time.Duration(i)*7*time.Hour + time.Duration(i*37%3600)*time.Second),
			v:  float64(i*7919%1000) / 8,
			w:  int64(i % 97),
			x:  float64(i)*0.1 + 1.0/3,
		}
		// Every fifth row has no v, and so do the last rows before some
		// month ends (e.at's day ≥ 28 and i odd): last must skip them.
		e.null = i%5 == 3 || (e.at.Day() >= 28 && i%2 == 1)
		ev = append(ev, e)
	}
	return ev
}

// loadLV creates lv_events in the database of c.
func loadLV(t *testing.T, c source.Conn, ev []lvEvent) {
	t.Helper()
	adm, err := dbtest.Admin(c)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	ts, num := "timestamp", "double precision"
	switch c.Kind {
	case source.MySQL:
		ts, num = "DATETIME", "DOUBLE"
	case source.SQLite:
		ts, num = "TEXT", "REAL"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO lv_events VALUES ")
	for i, e := range ev {
		if i > 0 {
			b.WriteByte(',')
		}
		v := "NULL"
		if !e.null {
			v = fmt.Sprint(e.v)
		}
		fmt.Fprintf(&b, "('%s',%s,%d,%v)", e.at.Format("2006-01-02 15:04:05"), v, e.w, e.x)
	}
	for _, q := range []string{"DROP TABLE IF EXISTS lv_events",
		fmt.Sprintf("CREATE TABLE lv_events (at %s NOT NULL, v %s, w BIGINT, x %s)", ts, num, num), b.String()} {
		if _, err := adm.Exec(q); err != nil {
			t.Fatalf("%.80s: %v", q, err)
		}
	}
}

// periodStart is the start of the period of cal holding t, computed here
// without the database.
func periodStart(t time.Time, cal source.Calendar) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch cal.Freq {
	case kpitree.Week:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case kpitree.Month:
		return d.AddDate(0, 0, 1-d.Day())
	case kpitree.Quarter, kpitree.Year:
		n := 3
		if cal.Freq == kpitree.Year {
			n = 12
		}
		mi := t.Year()*12 + int(t.Month()) - 1 - (int(cal.FiscalYearStart) - 1)
		mi -= mi % n
		mi += int(cal.FiscalYearStart) - 1
		return time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

// The aggregate statement's shape (a UNION ALL for PostgreSQL's planner,
// the bucket as a timestamp, date_part for last) must not change a
// figure: every aggregate per period equals what the rows give here.
func TestFetch_everyAggregateShouldEqualTheRowsOfItsPeriod(t *testing.T) {
	ev := lvEvents()
	spec := func(conn string) source.Spec {
		return source.Spec{Conn: conn, Table: "lv_events", DateColumn: "at", Values: []source.Value{
			{Column: "v", Agg: source.AggLast, Name: "v_last"},
			{Column: "v", Agg: source.AggMax, Name: "v_max"},
			{Column: "v", Agg: source.AggCount, Name: "v_count"},
			{Column: "w", Agg: source.AggSum, Name: "w_sum"},
			{Column: "w", Agg: source.AggCountDistinct, Name: "w_distinct"},
			{Column: "x", Agg: source.AggMean, Name: "x_mean"},
			{Column: "x", Agg: source.AggMin, Name: "x_min"},
		}}
	}
	cals := []source.Calendar{
		{Freq: kpitree.Month, FiscalYearStart: time.April},
		{Freq: kpitree.Week, FiscalYearStart: time.April},
		{Freq: kpitree.Quarter, FiscalYearStart: time.April},
		{Freq: kpitree.Year, FiscalYearStart: time.October},
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			c := db(t, kind) // the server, and for SQLite the scratch file
			loadLV(t, c, ev)
			src := open(t, c)
			for _, cal := range cals {
				t.Run(string(cal.Freq), func(t *testing.T) {
					res, err := source.Fetch(context.Background(), src, spec(c.Name), cal, "lv")
					if err != nil {
						t.Fatal(err)
					}
					type acc struct {
						lastAt            time.Time
						last, max, sumX   float64
						count, sum        float64
						n                 int
						minX              float64
						distinct          map[int64]bool
						hasLast, hasValue bool
					}
					per := map[time.Time]*acc{}
					for _, e := range ev {
						k := periodStart(e.at, cal)
						a := per[k]
						if a == nil {
							a = &acc{distinct: map[int64]bool{}, max: math.Inf(-1), minX: math.Inf(1)}
							per[k] = a
						}
						a.n++
						a.sum += float64(e.w)
						a.distinct[e.w] = true
						a.sumX += e.x
						a.minX = math.Min(a.minX, e.x)
						if !e.null {
							a.count++
							a.max = math.Max(a.max, e.v)
							if !a.hasLast || e.at.After(a.lastAt) {
								a.last, a.lastAt, a.hasLast = e.v, e.at, true
							}
						}
					}
					// The periods the events start and end inside are left
					// out: a period is whole at an end when the day beyond
					// that end falls in another period.
					first, last := ev[0].at, ev[0].at
					for _, e := range ev {
						first, last = minTime(first, e.at), maxTime(last, e.at)
					}
					wantPeriods := len(per)
					if d := day(last); periodStart(d, cal).Equal(periodStart(d.AddDate(0, 0, 1), cal)) {
						wantPeriods--
					}
					if d := day(first); periodStart(d, cal).Equal(periodStart(d.AddDate(0, 0, -1), cal)) {
						wantPeriods--
					}
					if wantPeriods < 1 {
						wantPeriods = len(per) // no whole period: all are kept
					}
					if res.Dataset.Calendar.Periods != wantPeriods || wantPeriods < len(per)-2 {
						t.Fatalf("%d periods, want %d (of %d with events)", res.Dataset.Calendar.Periods, wantPeriods, len(per))
					}
					if got := len(res.Report.Find(dataio.CodeIncompletePeriod)); got != len(per)-wantPeriods {
						t.Errorf("%d periods reported left out, want %d", got, len(per)-wantPeriods)
					}
					if res.SourceRows != int64(len(ev)) {
						t.Errorf("aggregated %d rows, want %d", res.SourceRows, len(ev))
					}
					col := func(name string) []float64 {
						cl, ok := res.Dataset.Column(name)
						if !ok {
							t.Fatalf("no column %s", name)
						}
						return cl.Values
					}
					for i := range res.Dataset.Calendar.Periods {
						p := res.Dataset.PeriodStart(i)
						a := per[p]
						if a == nil {
							t.Fatalf("period %s has no rows here", p.Format("2006-01-02"))
						}
						want := map[string]float64{"v_last": a.last, "v_max": a.max, "v_count": a.count, "w_sum": a.sum,
							"w_distinct": float64(len(a.distinct)), "x_mean": a.sumX / float64(a.n), "x_min": a.minX}
						if !a.hasLast {
							want["v_last"], want["v_max"] = math.NaN(), math.NaN()
						}
						for name, w := range want {
							g := col(name)[i]
							// Means may differ in the last bits (a parallel plan
							// sums in another order); the rest is exact.
							tol := 0.0
							if name == "x_mean" {
								tol = 1e-12 * math.Abs(w)
							}
							if math.IsNaN(g) != math.IsNaN(w) || math.Abs(g-w) > tol {
								t.Errorf("%s %s = %v, want %v", p.Format("2006-01-02"), name, g, w)
							}
						}
					}
				})
			}
		})
	}
}

// PostgreSQL estimates the periods of date_trunc(…, at) as the distinct
// values of at, one per row, and then never aggregates in parallel; the
// statement hides that estimate (groupEstimateHider). With parallelism
// made free the plan must have a partial aggregate per worker, for the
// table form and for the user's SQL.
func TestAggregateStatement_postgresShouldPlanAParallelPartialAggregate(t *testing.T) {
	c := db(t, "postgres")
	loadLV(t, c, lvEvents())
	adm, err := dbtest.Admin(c)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	if _, err := adm.Exec("ANALYZE lv_events"); err != nil {
		t.Fatal(err)
	}
	d := source.DialectOf(source.Postgres)
	cal := source.Calendar{Freq: kpitree.Month, FiscalYearStart: time.April}
	table := source.Spec{Conn: c.Name, Table: "lv_events", DateColumn: "at", Values: []source.Value{
		{Column: "v", Agg: source.AggLast}, {Column: "w", Agg: source.AggSum}, {Column: "x", Agg: source.AggMean}}}
	user := source.Spec{Conn: c.Name, SQL: "SELECT at, w, x FROM lv_events WHERE w > 3"}
	for name, st := range map[string]func() (source.Statement, error){
		"table": func() (source.Statement, error) { return table.AggregateStatement(d, cal, nil) },
		"sql":   func() (source.Statement, error) { return user.AggregateStatement(d, cal, []string{"at", "w", "x"}) },
	} {
		t.Run(name, func(t *testing.T) {
			s, err := st()
			if err != nil {
				t.Fatal(err)
			}
			tx, err := adm.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback() }()
			for _, q := range []string{"SET LOCAL parallel_setup_cost = 0", "SET LOCAL parallel_tuple_cost = 0",
				"SET LOCAL min_parallel_table_scan_size = 0", "SET LOCAL max_parallel_workers_per_gather = 2"} {
				if _, err := tx.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := tx.Query("EXPLAIN "+s.SQL, s.Args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan strings.Builder
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan.WriteString(line + "\n")
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan.String(), "Partial HashAggregate") {
				t.Errorf("no parallel partial aggregate in the plan:\n%s", plan.String())
			}
		})
	}
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
