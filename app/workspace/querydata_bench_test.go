package workspace_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/dbtest"
	"github.com/kpitree/kpitree/kpitree"
)

// benchEventsSQL loads n events spread evenly over 60 months
// (2021-04-01 … 2026-03-31; one every 15.77 s for 10M) into bench_events.
func benchEventsSQL(n int) string {
	return fmt.Sprintf(`CREATE UNLOGGED TABLE bench_events AS
SELECT timestamp '2021-04-01' + i * interval '%g seconds' AS at,
       (1000 + i %% 9000)::bigint AS revenue_jpy,
       (10000 + i %% 5000)::double precision AS unit_price_jpy,
       ((i %% 100) / 100.0)::double precision AS active_rate,
       (6 + i %% 7)::bigint AS csm_count,
       (40 + i %% 20)::double precision AS onboarded_per_csm
FROM generate_series(0, %d) AS i`, 157_700_000/float64(n), n-1)
}

// peakRSS is the process's resident-set high-water mark in bytes (Linux).
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkQueryDataset10M aggregates a 10-million-row events table in
// PostgreSQL to 60 months and binds the four leaves; rows=1M does the same
// with a tenth of the rows, for the scaling. Loading the table takes a
// while, so it runs only with KPITREE_BENCH_10M=1.
func BenchmarkQueryDataset10M(b *testing.B) {
	if os.Getenv("KPITREE_BENCH_10M") != "1" {
		b.Skip("set KPITREE_BENCH_10M=1 to load 10M rows into a throwaway PostgreSQL and run it")
	}
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("rows=%dM", n/1_000_000), func(b *testing.B) {
			benchQueryDataset(b, servers.Postgres(b), n, "DROP TABLE IF EXISTS bench_events", benchEventsSQL(n), "ANALYZE bench_events")
		})
	}
}

// BenchmarkQueryDatasetOtherDBs is the same for MariaDB and SQLite, with
// a million rows (their SQL is not tuned; this records where they stand).
func BenchmarkQueryDatasetOtherDBs(b *testing.B) {
	if os.Getenv("KPITREE_BENCH_10M") != "1" {
		b.Skip("set KPITREE_BENCH_10M=1 to load 1M rows into a throwaway MariaDB and SQLite and run it")
	}
	const n = 1_000_000
	step := 157_700_000 / float64(n) // seconds between events: 60 months in all
	b.Run("mariadb/rows=1M", func(b *testing.B) {
		benchQueryDataset(b, servers.MariaDB(b), n, "DROP TABLE IF EXISTS bench_events", fmt.Sprintf(`CREATE TABLE bench_events AS
SELECT TIMESTAMP '2021-04-01 00:00:00' + INTERVAL seq * %d MICROSECOND AS at,
       CAST(1000 + seq %% 9000 AS SIGNED) AS revenue_jpy, CAST(10000 + seq %% 5000 AS DOUBLE) AS unit_price_jpy,
       CAST((seq %% 100) / 100 AS DOUBLE) AS active_rate, CAST(6 + seq %% 7 AS SIGNED) AS csm_count,
       CAST(40 + seq %% 20 AS DOUBLE) AS onboarded_per_csm
FROM seq_0_to_%d`, int64(step*1e6), n-1), "ANALYZE TABLE bench_events")
	})
	b.Run("sqlite/rows=1M", func(b *testing.B) {
		c := source.Conn{Name: "lite", Kind: source.SQLite, Database: filepath.Join(servers.Dir(b), "bench.sqlite")}
		benchQueryDataset(b, c, n, "DROP TABLE IF EXISTS bench_events", fmt.Sprintf(`CREATE TABLE bench_events AS
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < %d)
SELECT strftime('%%Y-%%m-%%d %%H:%%M:%%f', '2021-04-01', '+' || (i * %g) || ' seconds') AS at,
       1000 + i %% 9000 AS revenue_jpy, CAST(10000 + i %% 5000 AS REAL) AS unit_price_jpy,
       (i %% 100) / 100.0 AS active_rate, 6 + i %% 7 AS csm_count, CAST(40 + i %% 20 AS REAL) AS onboarded_per_csm
FROM s`, n-1, step), "ANALYZE")
	})
}

// benchQueryDataset loads n events into bench_events of c with load and
// times the preview, aggregation and binding of the four leaves.
func benchQueryDataset(b *testing.B, c source.Conn, n int, load ...string) {
	adm, err := dbtest.Admin(c)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for _, q := range load {
		if _, err := adm.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	adm.Close()
	b.Logf("loaded %d rows in %v", n, time.Since(start).Round(time.Millisecond))
	spec := source.Spec{Conn: c.Name, Table: "bench_events", DateColumn: "at", Values: []source.Value{
		{Column: "revenue_jpy", Agg: source.AggSum},
		{Column: "unit_price_jpy", Agg: source.AggMean},
		{Column: "active_rate", Agg: source.AggMean},
		{Column: "csm_count", Agg: source.AggLast},
		{Column: "onboarded_per_csm", Agg: source.AggMean},
	}}
	secrets := source.StaticSecrets{c.Name: dbtest.Password}
	// The resident-set peak so far belongs to the test binary's start-up;
	// reset it so the figure is this benchmark's.
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tree := canonicalTree()
		w, err := workspace.Create(filepath.Join(b.TempDir(), "w"+strconv.Itoa(i)+".kpitree"), workspace.CreateParams{Tree: tree, Lang: "ja"})
		if err != nil {
			b.Fatal(err)
		}
		if err := w.SaveConnection(c); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p, err := w.PreviewQuery(context.Background(), spec, workspace.QueryOptions{Secrets: secrets, Name: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.CommitPreview(p.ImportPreview, p.Suggested); err != nil {
			b.Fatal(err)
		}
		ev, err := w.Evaluate("")
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := len(ev.Values("active_rate")); got != 60 || p.SourceRows != int64(n) {
			b.Fatalf("%d periods from %d rows, want 60 from %d", got, p.SourceRows, n)
		}
		if w.Tree().Calendar.Freq != kpitree.Month {
			b.Fatal("not monthly")
		}
		_ = w.Close()
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(peakRSS()/(1<<20), "peak-RSS-MB")
}
