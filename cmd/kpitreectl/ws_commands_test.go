package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// sampleWS creates a workspace with the sample data bound.
func sampleWS(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.kpitree")
	must(t, runNew, "--sample-data", "--lang", "ja", p)
	return p
}

func TestWorkspaceCommandUsage(t *testing.T) {
	cases := []struct {
		name string
		fn   func(t *testing.T) error
	}{
		{"new without a file", func(t *testing.T) error { _, err := call(t, runNew); return err }},
		{"new with a bad language", func(t *testing.T) error { _, err := call(t, runNew, "--lang", "fr", "x"); return err }},
		{"new with an unknown template", func(t *testing.T) error {
			_, err := call(t, runNew, "--template", "nope", filepath.Join(t.TempDir(), "x"))
			return err
		}},
		{"eval with a bad format", func(t *testing.T) error { _, err := call(t, runEval, "--format", "xml", "f"); return err }},
		{"scenario without an action", func(t *testing.T) error { _, err := call(t, runScenario, "f"); return err }},
		{"scenario add without --node", func(t *testing.T) error {
			_, err := call(t, runScenario, sampleWS(t), "add", "--name", "x", "--op", "set", "--from", "2025-04")
			return err
		}},
		{"scenario add with a bad period", func(t *testing.T) error {
			_, err := call(t, runScenario, sampleWS(t), "add", "--name", "x", "--node", "csm_count", "--op", "set", "--from", "April")
			return err
		}},
		{"goalseek without a target", func(t *testing.T) error { _, err := call(t, runGoalSeek, "--driver", "x", "f"); return err }},
		{"impact with nothing to explain", func(t *testing.T) error { _, err := call(t, runImpact, "f"); return err }},
		{"export-json without --out", func(t *testing.T) error { _, err := call(t, runExportJSON, "f"); return err }},
		{"simulate with both --fy and --period", func(t *testing.T) error {
			_, err := call(t, runSimulate, sampleWS(t), "--target", "1", "--fy", "2026", "--period", "2026-04")
			return err
		}},
	}
	for _, c := range cases {
		t.Run("should report "+c.name+" as a usage error", func(t *testing.T) {
			if err := c.fn(t); !errors.Is(err, errUsage) {
				t.Errorf("got %v, want a usage error", err)
			}
		})
	}
}

func TestCheckCommand(t *testing.T) {
	t.Run("should pass the sample", func(t *testing.T) {
		out := must(t, runCheck, sampleWS(t))
		if want := report.For(report.Japanese).L("problems.none") + "\n"; out != want {
			t.Errorf("sample check says %q, want the Problems tab's %q", out, want)
		}
	})
	t.Run("should fail with errCheckFailed on a broken formula", func(t *testing.T) {
		p := sampleWS(t)
		w, err := workspace.Open(p, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Apply(kpitree.SetFormula{ID: "active_customers", Formula: "onboarded_accounts * (active_rate"}); err != nil {
			t.Fatal(err)
		}
		w.Close()
		out, err := call(t, runCheck, p)
		if !errors.Is(err, errCheckFailed) {
			t.Errorf("check of a broken tree: %v, want errCheckFailed", err)
		}
		if !strings.Contains(out, "active_customers") {
			t.Errorf("the report does not name the node:\n%s", out)
		}
	})
}

func TestLockedWorkspaceMessage(t *testing.T) {
	p := sampleWS(t)
	w, err := workspace.Open(p, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = call(t, runUndo, p)
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "--read-only") {
		t.Errorf("undo on a locked file: %v, want ErrLocked advising --read-only", err)
	}
}

func TestScenarioHistoryCommands(t *testing.T) {
	p := sampleWS(t)
	must(t, runScenario, p, "add", "--name", "upside", "--node", "active_rate", "--op", "add", "--value", "0.05", "--from", "2026-04")
	must(t, runScenario, p, "add", "--name", "upside", "--node", "csm_count", "--op", "scale", "--value", "10", "--from", "2026-04", "--to", "2026-09")
	if out := must(t, runScenario, p, "list"); !strings.Contains(out, "upside") || !strings.Contains(out, "2") {
		t.Errorf("list:\n%s", out)
	}
	show := must(t, runScenario, p, "show", "upside", "--read-only")
	if !strings.Contains(show, `"from": 36`) || !strings.Contains(show, `"to": 41`) {
		t.Errorf("show:\n%s", show)
	}
	ja := report.For(report.Japanese) // the sample's language
	hist := must(t, runHistory, p)
	if strings.Count(hist, ja.L("historylist.applied")) != 2 || !strings.Contains(hist, ja.ActionLabel(workspace.LabelEditScenario, []string{"upside"}, workspace.StepDo, nil)) {
		t.Errorf("history after two scenario edits:\n%s", hist)
	}
	if out, want := must(t, runUndo, p), ja.ActionLabel(workspace.LabelEditScenario, []string{"upside"}, workspace.StepUndo, nil); out != want+"\n" {
		t.Errorf("undo says %q, want the status bar's %q", out, want)
	}
	if out, want := must(t, runRedo, p, "--lang", "en"), "Redone: Edit scenario upside"; out != want+"\n" {
		t.Errorf("redo says %q, want %q", out, want)
	}
	must(t, runScenario, p, "rm", "upside")
	if _, err := call(t, runScenario, p, "show", "upside"); !errors.Is(err, workspace.ErrUnknownScenario) {
		t.Errorf("show after rm: %v", err)
	}
	if _, err := call(t, runScenario, p, "rm", "upside"); !errors.Is(err, workspace.ErrUnknownScenario) {
		t.Errorf("rm twice: %v", err)
	}
}

func TestImpactAndGoalSeekCommands(t *testing.T) {
	p := sampleWS(t)
	must(t, runScenario, p, "add", "--name", "upside", "--node", "active_rate", "--op", "add", "--value", "0.05", "--from", "2026-04")
	out := must(t, runImpact, p, "--scenario", "upside", "--sensitivity", "10")
	ja := report.For(report.Japanese)
	if !strings.Contains(out, ja.L("report.col_elasticity")) || !strings.Contains(out, ja.L("report.col_share")) {
		t.Errorf("impact:\n%s", out)
	}
	// The contributions are the app's waterfall bars, as the app writes
	// them, in the workspace's Japanese.
	w, b := openWithBasis(t, p)
	bd, err := report.NewBuilder(w, ja)
	if err != nil {
		t.Fatal(err)
	}
	scen, err := bd.ScenarioWaterfall(context.Background(), "", "upside", chart.Theme(0))
	if err != nil {
		t.Fatal(err)
	}
	from, _ := parsePeriod(b.Cal, "2025-03")
	to, _ := parsePeriod(b.Cal, "2026-03")
	periods, err := bd.PeriodWaterfall(context.Background(), "", from, to, chart.Theme(0))
	if cerr := w.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	unit := b.Node("").Unit
	for _, c := range []struct {
		out    string
		wf     *chart.Waterfall
		format func(float64, string) string
	}{
		{out, scen, ja.FormatAmount},
		{must(t, runImpact, p, "--from", "2025-03", "--to", "2026-03", "--read-only"), periods, ja.FormatValue},
	} {
		if len(c.wf.Parts) == 0 {
			t.Fatalf("no waterfall parts")
		}
		for _, part := range c.wf.Parts {
			v := c.format(part.Value, unit)
			if part.Value > 0 {
				v = "+" + v
			}
			if r := rowCells(c.out, part.Label); !cellIs(r, 2, v) {
				t.Errorf("impact row of %s %q, want the waterfall's %s:\n%s", part.Label, r, v, c.out)
			}
		}
	}
	out = must(t, runGoalSeek, p, "--target", "3e7", "--fy", "2026", "--driver", "active_rate", "--ramp", "3")
	if !strings.Contains(out, "reachable:") {
		t.Errorf("goalseek:\n%s", out)
	}
	if out := must(t, runTemplates); !strings.Contains(out, "addon_revenue") {
		t.Errorf("templates:\n%s", out)
	}
}

func TestImportJSONRejectsWithoutWriting(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format":"kpitree/workspace","version":1,"tree":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.kpitree")
	if _, err := call(t, runImportJSON, bad, "--out", out); !errors.Is(err, workspace.ErrBadInterchange) {
		t.Errorf("import of bad JSON: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a workspace was created from bad JSON")
	}
}

func TestEvalAndSimulateFormats(t *testing.T) {
	p := sampleWS(t)
	t.Run("should print eval as JSON with null for missing values", func(t *testing.T) {
		out := must(t, runEval, p, "--format", "json", "--read-only")
		var got struct {
			Periods []string              `json:"periods"`
			Nodes   map[string][]*float64 `json:"nodes"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("eval json: %v\n%.300s", err, out)
		}
		if len(got.Periods) != 36 || got.Periods[0] != "2023-04" || len(got.Nodes["active_rate"]) != 36 {
			t.Errorf("eval json: %d periods from %v, %d active_rate values", len(got.Periods), got.Periods[:1], len(got.Nodes["active_rate"]))
		}
	})
	t.Run("should print simulate as CSV with actual and forecast rows", func(t *testing.T) {
		out := must(t, runSimulate, p, "--paths", "50", "--seed", "3")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 1+48 {
			t.Fatalf("simulate csv has %d lines, want header + 48", len(lines))
		}
		if !strings.HasPrefix(lines[0], "scenario,period,kind,addon_revenue,p05") || !strings.Contains(lines[48], "forecast") {
			t.Errorf("simulate csv:\n%s\n…\n%s", lines[0], lines[48])
		}
	})
	t.Run("should forecast read-only without caching", func(t *testing.T) {
		must(t, runForecasts, p, "--read-only")
		if out := must(t, runForecasts, p); !strings.Contains(out, forecastCounts(4, 0, 0)) {
			t.Errorf("a read-only run cached its forecasts:\n%s", out)
		}
	})
}

func TestImportIntoWorkspace(t *testing.T) {
	t.Run("should bind the mapped node and leave others alone", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "m.kpitree")
		must(t, runNew, p)
		must(t, runImport, p, "--data", filepath.Join("..", "..", "assets", "data", "cs_monthly.csv"), "--map", "csm_count=csm_count")
		w, err := workspace.Open(p, workspace.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if bs := w.Bindings(); len(bs) != 1 || bs[0].Node != "csm_count" {
			t.Errorf("bindings = %+v, want only csm_count", bs)
		}
	})
	t.Run("should leave the file untouched when the binding is rejected", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "m.kpitree")
		must(t, runNew, p)
		before, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = call(t, runImport, p, "--data", filepath.Join("..", "..", "assets", "data", "cs_monthly.csv"), "--map", "addon_revenue=revenue_jpy")
		if !errors.Is(err, workspace.ErrNotInput) {
			t.Errorf("binding the root: %v, want ErrNotInput", err)
		}
		if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
			t.Error("a rejected import changed the file")
		}
	})
}
