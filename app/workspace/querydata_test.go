package workspace_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/internal/dbtest"
	"github.com/kpitree/kpitree/kpitree"
)

const eventsFixture = "../dataio/testdata/cs_monthly.csv"

var leaves = []string{"unit_price", "csm_count", "onboarded_per_csm", "active_rate"}

// dbWithEvents returns a connection to a database of the given kind holding
// the CS events in table cs_events.
func dbWithEvents(t *testing.T, kind string, ev []dbtest.Event) source.Conn {
	t.Helper()
	var c source.Conn
	switch kind {
	case "postgres":
		c = servers.Postgres(t)
	case "mariadb":
		c = servers.MariaDB(t)
	default:
		c = source.Conn{Name: "lite", Kind: source.SQLite, Database: filepath.Join(t.TempDir(), "cs.sqlite")}
	}
	adm, err := dbtest.Admin(c)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	if err := dbtest.Load(adm, c.Kind, "cs_events", ev); err != nil {
		t.Fatal(err)
	}
	return c
}

func events(t *testing.T) []dbtest.Event {
	t.Helper()
	ev, err := dbtest.CSEvents(eventsFixture)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

var testSecrets = source.StaticSecrets{"pg": dbtest.Password, "maria": dbtest.Password}

func workspaceOn(t *testing.T, freq kpitree.Freq, fy time.Month) *workspace.Workspace {
	t.Helper()
	tree := canonicalTree()
	tree.Calendar.Freq = freq
	set := workspace.DefaultSettings("ja")
	set.FiscalYearStart = fy
	w, err := workspace.Create(filepath.Join(t.TempDir(), "w.kpitree"), workspace.CreateParams{Tree: tree, Settings: set})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

func importQuery(t *testing.T, w *workspace.Workspace, c source.Conn, secrets source.Secrets) (string, *workspace.QueryPreview) {
	t.Helper()
	if err := w.SaveConnection(c); err != nil {
		t.Fatal(err)
	}
	spec := source.Spec{Conn: c.Name, Table: "cs_events", DateColumn: "at", Values: dbtest.Columns}
	p, err := w.PreviewQuery(context.Background(), spec, workspace.QueryOptions{Secrets: secrets, Name: "cs_events"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := w.CommitPreview(p.ImportPreview, p.Suggested)
	if err != nil {
		t.Fatal(err)
	}
	return id, p
}

func leafSeries(t *testing.T, w *workspace.Workspace) map[string][]float64 {
	t.Helper()
	ev, err := w.Evaluate("")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]float64{}
	for _, id := range leaves {
		out[id] = ev.Values(id)
	}
	return out
}

func TestQueryDataset_boundSeriesShouldEqualTheCSVImportOfTheSameData(t *testing.T) {
	ev := events(t)
	var csvBuf bytes.Buffer
	if err := dbtest.WriteCSV(&csvBuf, ev); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(t.TempDir(), "cs_events.csv")
	if err := os.WriteFile(csvPath, csvBuf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	agg := map[string]string{}
	for _, v := range dbtest.Columns {
		agg[v.Column] = v.Agg
	}
	cals := []struct {
		freq kpitree.Freq
		fy   time.Month
	}{
		{kpitree.Month, time.April}, {kpitree.Week, time.April}, {kpitree.Quarter, time.April},
		{kpitree.Quarter, time.January}, {kpitree.Year, time.April},
	}
	for _, kind := range []string{"postgres", "mariadb", "sqlite"} {
		t.Run(kind, func(t *testing.T) {
			c := dbWithEvents(t, kind, ev)
			for _, cal := range cals {
				t.Run(string(cal.freq)+"/FY"+cal.fy.String()[:3], func(t *testing.T) {
					db := workspaceOn(t, cal.freq, cal.fy)
					_, p := importQuery(t, db, c, testSecrets)
					if len(p.Suggested) != len(leaves) {
						t.Errorf("suggested %+v, want the four leaves", p.Suggested)
					}
					file := workspaceOn(t, cal.freq, cal.fy)
					fp, err := file.PreviewImport(context.Background(), csvPath, dataio.Options{PeriodColumn: "at", TargetFreq: cal.freq, Agg: agg,
						Resolutions: []dataio.Resolution{{Code: dataio.CodeDuplicatePeriod, Action: dataio.ActionAggregate}}})
					if err != nil {
						t.Fatal(err)
					}
					if _, err := file.CommitPreview(fp, fp.Suggested); err != nil {
						t.Fatal(err)
					}
					got, want := leafSeries(t, db), leafSeries(t, file)
					if g, w := db.Tree().Calendar, file.Tree().Calendar; g.Freq != w.Freq {
						t.Fatalf("calendars %+v and %+v", g, w)
					}
					for _, id := range leaves {
						if len(got[id]) == 0 || len(got[id]) != len(want[id]) {
							t.Fatalf("%s: %d periods from the database, %d from the CSV", id, len(got[id]), len(want[id]))
						}
						for i := range got[id] {
							g, w := got[id][i], want[id][i]
							if math.IsNaN(g) != math.IsNaN(w) || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
								t.Fatalf("%s[%d] = %v from the database, %v from the CSV", id, i, g, w)
							}
						}
					}
				})
			}
		})
	}
	t.Run("monthly figures equal the monthly CSV", func(t *testing.T) {
		c := dbWithEvents(t, "sqlite", ev)
		db := workspaceOn(t, kpitree.Month, time.April)
		importQuery(t, db, c, nil)
		sample, _ := newSampleWorkspace(t)
		got, want := leafSeries(t, db), leafSeries(t, sample)
		for _, id := range leaves {
			for i := range want[id] {
				if math.Abs(got[id][i]-want[id][i]) > 1e-9*math.Abs(want[id][i]) {
					t.Fatalf("%s[%d] = %v, want %v", id, i, got[id][i], want[id][i])
				}
			}
		}
	})
}

func TestQueryDataset_refreshShouldDiffAndTheWorkspaceOpenOffline(t *testing.T) {
	ev := events(t)
	c := dbWithEvents(t, "sqlite", ev)
	w := workspaceOn(t, kpitree.Month, time.April)
	id, _ := importQuery(t, w, c, nil)
	before := leafSeries(t, w)

	t.Run("should report no change when the data did not change", func(t *testing.T) {
		res, err := w.RefreshQueries(context.Background(), nil, nil)
		if err != nil || len(res) != 1 || res[0].Err != nil || !res[0].Diff.Empty() {
			t.Fatalf("refresh: %+v, %v", res, err)
		}
	})
	t.Run("should report and store a revised value", func(t *testing.T) {
		adm, _ := dbtest.Admin(c)
		if _, err := adm.Exec("UPDATE cs_events SET unit_price_jpy = unit_price_jpy + 100 WHERE at >= '2025-01-01' AND at < '2025-02-01'"); err != nil {
			t.Fatal(err)
		}
		adm.Close()
		res, err := w.RefreshQueries(context.Background(), nil, nil)
		if err != nil || res[0].Err != nil {
			t.Fatalf("refresh: %+v, %v", res, err)
		}
		if n := res[0].Diff.ChangedValues["unit_price_jpy"]; n != 1 {
			t.Errorf("%d changed unit prices, want 1 (%+v)", n, res[0].Diff)
		}
		if r := res[0].Revisions.Revised; len(r) != 1 || r[0].Period != "2025-01" || math.Abs(r[0].New-r[0].Old-100) > 1e-9 {
			t.Errorf("revisions %+v, want 2025-01 +100", r)
		}
		after := leafSeries(t, w)
		k := 21 // 2025-01 is the 22nd month from 2023-04
		if math.Abs(after["unit_price"][k]-before["unit_price"][k]-100) > 1e-9 {
			t.Errorf("bound unit price %v → %v, want +100", before["unit_price"][k], after["unit_price"][k])
		}
	})
	t.Run("should keep the last values when the database is gone", func(t *testing.T) {
		path := w.Path()
		last := leafSeries(t, w)
		if err := w.SetRefreshOnOpen(id, true); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(c.Database); err != nil {
			t.Fatal(err)
		}
		w2, err := workspace.Open(path, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w2.Close()
		if ids := w2.QueryDatasets(true); len(ids) != 1 || ids[0] != id {
			t.Errorf("refresh-on-open datasets %v, want [%s]", ids, id)
		}
		res, err := w2.RefreshQueries(context.Background(), w2.QueryDatasets(true), nil)
		if err != nil || len(res) != 1 || !errors.Is(res[0].Err, source.ErrUnreachable) {
			t.Fatalf("offline refresh: %+v, %v; want ErrUnreachable in the result", res, err)
		}
		got := leafSeries(t, w2)
		for _, leaf := range leaves {
			for i := range last[leaf] {
				if got[leaf][i] != last[leaf][i] && !(math.IsNaN(got[leaf][i]) && math.IsNaN(last[leaf][i])) {
					t.Fatalf("%s[%d] = %v offline, want the stored %v", leaf, i, got[leaf][i], last[leaf][i])
				}
			}
		}
		if _, err := w2.PreviewRefresh(context.Background(), id); !errors.Is(err, source.ErrUnreachable) {
			t.Errorf("PreviewRefresh of a query dataset: %v, want ErrUnreachable", err)
		}
	})
}

func TestConnections_addListRemove(t *testing.T) {
	w, _ := newWorkspace(t)
	c := source.Conn{Name: "lite", Kind: source.SQLite, Database: "/data/cs.sqlite"}
	if err := w.SaveConnection(source.Conn{Name: "bad name!", Kind: source.SQLite, Database: "x"}); !errors.Is(err, source.ErrBadConn) {
		t.Errorf("bad name: %v", err)
	}
	if err := w.SaveConnection(c); err != nil {
		t.Fatal(err)
	}
	cs, err := w.Connections()
	if err != nil || len(cs) != 1 || cs[0] != c {
		t.Fatalf("connections %+v, %v", cs, err)
	}
	if _, err := w.Undo(); err != nil {
		t.Fatal(err)
	}
	if cs, _ := w.Connections(); len(cs) != 0 {
		t.Errorf("after undo: %+v", cs)
	}
	if _, err := w.Redo(); err != nil {
		t.Fatal(err)
	}
	if err := w.RemoveConnection("nope"); !errors.Is(err, source.ErrUnknownConnection) {
		t.Errorf("remove unknown: %v", err)
	}
	ev := events(t)
	lc := dbWithEvents(t, "sqlite", ev)
	importQuery(t, w, lc, nil)
	if err := w.RemoveConnection("lite"); !errors.Is(err, source.ErrConnectionInUse) {
		t.Errorf("remove a used connection: %v, want ErrConnectionInUse", err)
	}
}

// secretForms are the password as it would appear if it leaked: plain,
// and as JSON, base64 and hex would write it.
func secretForms(pw string) []string {
	out := []string{pw, base64.StdEncoding.EncodeToString([]byte(pw)), hex.EncodeToString([]byte(pw))}
	// Any five-byte piece: a truncated or escaped copy still shows.
	for i := 0; i+5 <= len(pw); i++ {
		out = append(out, pw[i:i+5])
	}
	return out
}

func TestQueryDataset_noPasswordByteShouldReachTheWorkspaceFileOrItsJSON(t *testing.T) {
	ev := events(t)
	for _, kind := range []string{"postgres", "mariadb"} {
		t.Run(kind, func(t *testing.T) {
			c := dbWithEvents(t, kind, ev)
			// The password comes from the environment, as on a server.
			t.Setenv(source.EnvVar(c.Name), dbtest.Password)
			w := workspaceOn(t, kpitree.Month, time.April)
			id, _ := importQuery(t, w, c, source.SystemSecrets{NoKeyring: true})
			if err := w.SetRefreshOnOpen(id, true); err != nil {
				t.Fatal(err)
			}
			if _, err := w.RefreshQueries(context.Background(), nil, source.SystemSecrets{NoKeyring: true}); err != nil {
				t.Fatal(err)
			}
			// A failed attempt with a wrong password must not leave it either.
			wrong := c
			wrong.Name = "wrong"
			if err := w.SaveConnection(wrong); err != nil {
				t.Fatal(err)
			}
			if err := workspace.TestConnection(context.Background(), wrong, source.StaticSecrets{"wrong": dbtest.Password + "x"}); !errors.Is(err, source.ErrAuth) {
				t.Errorf("wrong password: %v", err)
			}
			var js bytes.Buffer
			if err := w.ExportJSON(&js); err != nil {
				t.Fatal(err)
			}
			path := w.Path()
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(file, []byte(`"user":"kt"`)) {
				t.Fatal("the connection is not in the file: the test would prove nothing")
			}
			for _, f := range secretForms(dbtest.Password) {
				if bytes.Contains(file, []byte(f)) {
					t.Errorf("the workspace file contains %q of the password", f)
				}
				if strings.Contains(js.String(), f) {
					t.Errorf("the JSON export contains %q of the password", f)
				}
			}
		})
	}
}
