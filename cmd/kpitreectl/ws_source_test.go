package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/internal/dbtest"
)

func loadEvents(t *testing.T, c source.Conn) {
	t.Helper()
	ev, err := dbtest.CSEvents("../../app/dataio/testdata/cs_monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	adm, err := dbtest.Admin(c)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	if err := dbtest.Load(adm, c.Kind, "cs_events", ev); err != nil {
		t.Fatal(err)
	}
}

func newEmptyWS(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "w.kpitree")
	if code, _, errs := runCLI(t, "", "new", "--lang", "ja", p); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	return p
}

func TestSourceCommands_SQLiteRoundTrip(t *testing.T) {
	ws := newEmptyWS(t)
	db := filepath.Join(t.TempDir(), "cs.sqlite")
	loadEvents(t, source.Conn{Kind: source.SQLite, Database: db})

	steps := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"should refuse an unknown kind", []string{"source", "add", ws, "x", "--kind", "oracle", "--database", db}, 2, "use postgres, mysql or sqlite"},
		{"should refuse a missing file", []string{"source", "add", ws, "lite", "--kind", "sqlite", "--database", db + ".nope"}, 1, "database unreachable"},
		{"should add a working connection", []string{"source", "add", ws, "lite", "--kind", "sqlite", "--database", db}, 0, "saved lite"},
		{"should list it", []string{"source", "list", ws}, 0, "sqlite " + db},
		{"should test it", []string{"source", "test", ws, "lite"}, 0, "ok: sqlite"},
		{"should report a bad query with its position", []string{"import", ws, "--source", "lite", "--query", "SELECT at, revenue_jpy\nFROM cs_events WHERE >"}, 1, "line 2, column 22"},
		{"should dry-run the table form", []string{"import", ws, "--source", "lite", "--table", "cs_events", "--date-column", "at",
			"--value", "unit_price_jpy:mean", "--value", "active_rate:mean", "--value", "csm_count:last", "--value", "onboarded_per_csm:mean", "--dry-run"}, 0, "2192 database rows aggregated in the database to 36 month periods"},
		{"should import and bind", []string{"import", ws, "--source", "lite", "--table", "cs_events", "--date-column", "at", "--name", "events",
			"--value", "unit_price_jpy:mean", "--value", "active_rate:mean", "--value", "csm_count:last", "--value", "onboarded_per_csm:mean", "--refresh-on-open"}, 0, "active_rate        ←  active_rate"},
		{"should refresh with nothing changed", []string{"refresh", ws}, 0, "events: unchanged"},
		{"should not remove a connection in use", []string{"source", "rm", ws, "lite"}, 1, "reads from it"},
	}
	for _, st := range steps {
		code, out, errs := runCLI(t, "", st.args...)
		if code != st.code || !strings.Contains(out+errs, st.contains) {
			t.Fatalf("%s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", st.name, code, st.code, out, errs, st.contains)
		}
	}
	t.Run("should evaluate the bound leaves", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "eval", ws, "--format", "json")
		if code != 0 || !strings.Contains(out, "active_rate") {
			t.Fatalf("eval: %d %s %s", code, out, errs)
		}
	})
	t.Run("should report a revised value on refresh", func(t *testing.T) {
		adm, _ := dbtest.Admin(source.Conn{Kind: source.SQLite, Database: db})
		if _, err := adm.Exec("UPDATE cs_events SET active_rate = 0.5 WHERE at LIKE '2026-03-%'"); err != nil {
			t.Fatal(err)
		}
		adm.Close()
		code, out, errs := runCLI(t, "", "refresh", ws, "--format", "json")
		var res []struct {
			Dataset   string `json:"dataset"`
			Changed   bool   `json:"changed"`
			Revisions struct {
				Revised []struct {
					Column, Period string
				} `json:"revised"`
			} `json:"revisions"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res) != 1 || !res[0].Changed ||
			len(res[0].Revisions.Revised) != 1 || res[0].Revisions.Revised[0].Period != "2026-03" {
			t.Fatalf("refresh: %d %s %s", code, out, errs)
		}
	})
	t.Run("should fail the refresh but keep the values when the database is gone", func(t *testing.T) {
		if err := os.Remove(db); err != nil {
			t.Fatal(err)
		}
		code, out, _ := runCLI(t, "", "refresh", ws)
		if code != 1 || !strings.Contains(out, "the stored values stay") {
			t.Fatalf("offline refresh: %d %s", code, out)
		}
		if code, _, errs := runCLI(t, "", "eval", ws); code != 0 {
			t.Fatalf("eval offline: %s", errs)
		}
	})
}

func TestSourceCommands_Postgres(t *testing.T) {
	c := servers.Postgres(t)
	loadEvents(t, c)
	t.Setenv(source.EnvVar("warehouse"), dbtest.Password)
	ws := newEmptyWS(t)
	code, out, errs := runCLI(t, "", "source", "add", ws, "warehouse", "--kind", "postgres", "--host", c.Host, "--port", "54329",
		"--database", c.Database, "--user", c.User, "--timeout", "30")
	if code != 0 {
		t.Fatalf("add: %s %s", out, errs)
	}
	sql := "SELECT at, unit_price_jpy, active_rate, csm_count, onboarded_per_csm FROM cs_events WHERE at >= :from AND at < :to"
	code, out, errs = runCLI(t, "", "import", ws, "--source", "warehouse", "--query", sql, "--from", "2024-04", "--to", "2025-04",
		"--agg", "csm_count=last", "--format", "json")
	if code != 0 {
		t.Fatalf("import: %s %s", out, errs)
	}
	var rep struct {
		SourceRows int64    `json:"source_rows"`
		Periods    []string `json:"periods"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Periods) != 12 || rep.Periods[0] != "2024-04" || rep.SourceRows != 2*365 {
		t.Fatalf("report %+v (%v):\n%s", rep, err, out)
	}
	b, err := os.ReadFile(ws)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), dbtest.Password) {
		t.Error("the workspace file holds the password")
	}
	t.Setenv(source.EnvVar("warehouse"), "wrong")
	code, out, _ = runCLI(t, "", "refresh", ws)
	if code != 1 || !strings.Contains(out, "authentication failed") || !strings.Contains(out, "KPITREE_DB_PASSWORD_WAREHOUSE") {
		t.Errorf("refresh with a wrong password: %d %s", code, out)
	}
}
