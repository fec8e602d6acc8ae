package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// withData creates a workspace from the canonical template and imports
// the first rows of the sample CSV, with edit applied to each data row.
func withData(t *testing.T, rows int, edit func(i int, fields []string) []string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "assets", "data", "cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	out := []string{lines[0]}
	for i, l := range lines[1 : rows+1] {
		f := strings.Split(strings.TrimSpace(l), ",")
		if edit != nil {
			f = edit(i, f)
		}
		out = append(out, strings.Join(f, ","))
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "data.csv")
	if err := os.WriteFile(csvPath, []byte(strings.Join(out, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "w.kpitree")
	must(t, runNew, "--lang", "en", p)
	must(t, runImport, p, "--data", csvPath)
	return p
}

// TestForecastFailures_AreNotPresentedAsForecasts: with one month of data
// no leaf can be forecast. `forecasts` printed "0 computed" and exited 0,
// and simulate, export-data and export then labelled a flat carry-forward
// as the forecast. Now forecasts fails naming the leaves, and the others
// refuse with ErrNoForecast.
func TestForecastFailures_AreNotPresentedAsForecasts(t *testing.T) {
	p := withData(t, 1, nil)
	out, err := call(t, runForecasts, p)
	if !errors.Is(err, workspace.ErrNoForecast) {
		t.Fatalf("forecasts: err = %v, want ErrNoForecast\n%s", err, out)
	}
	for _, leaf := range []string{"active_rate", "csm_count", "onboarded_per_csm", "unit_price"} {
		if !strings.Contains(err.Error(), leaf) {
			t.Errorf("forecasts error does not name %s: %v", leaf, err)
		}
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T) error
	}{
		{"simulate", func(t *testing.T) error { _, err := call(t, runSimulate, p, "--paths", "10"); return err }},
		{"export-data", func(t *testing.T) error {
			_, err := call(t, runExportData, p, "--out", filepath.Join(dir, "x.csv"))
			return err
		}},
		{"export", func(t *testing.T) error {
			_, err := call(t, runExport, p, "--out", filepath.Join(dir, "charts"), "--charts", "fan")
			return err
		}},
	} {
		t.Run("should refuse "+tc.name+" rather than hold the leaves flat", func(t *testing.T) {
			if err := tc.fn(t); !errors.Is(err, workspace.ErrNoForecast) {
				t.Errorf("err = %v, want ErrNoForecast", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); err == nil {
		t.Error("export-data wrote a file")
	}
}

// TestOverflow_IsReportedNotPrintedBlank: a 1e308 in the data made check
// say "ok: no findings" and eval print a blank root with exit 0; a scenario
// value of 1e308 led to "no value at period 36: bind data".
func TestOverflow_IsReportedNotPrintedBlank(t *testing.T) {
	t.Run("should flag data that overflows in check and fail eval", func(t *testing.T) {
		p := withData(t, 12, func(i int, f []string) []string {
			if i == 4 {
				f[5], f[6] = "1e308", "1e308" // csm_count × onboarded_per_csm overflows
			}
			return f
		})
		out, err := call(t, runCheck, p)
		if !errors.Is(err, errCheckFailed) || !strings.Contains(out, kpitree.CodeOverflow) {
			t.Errorf("check: err = %v\n%s", err, out)
		}
		if _, err := call(t, runEval, p); !errors.Is(err, kpitree.ErrOverflow) {
			t.Errorf("eval: err = %v, want ErrOverflow", err)
		}
	})
	t.Run("should say a scenario value overflows", func(t *testing.T) {
		p := sampleWS(t)
		must(t, runScenario, p, "add", "--name", "huge", "--node", "active_rate", "--op", "set", "--value", "1e308", "--from", "2026-04")
		for name, fn := range map[string]func() error{
			"simulate": func() error { _, err := call(t, runSimulate, p, "--scenario", "huge", "--paths", "10"); return err },
			"impact":   func() error { _, err := call(t, runImpact, p, "--scenario", "huge", "--fy", "2026"); return err },
		} {
			if err := fn(); !errors.Is(err, kpitree.ErrOverflow) || errors.Is(err, kpitree.ErrMissingValue) {
				t.Errorf("%s: err = %v, want ErrOverflow", name, err)
			}
		}
	})
}

// TestGoalSeek_HugeTargetIsUnreachable: a target of 1e30 said "closest is
// 1.6 %, giving ¥0" and exited 0; now it gives the best reachable value
// (100 %) and exits 1.
func TestGoalSeek_HugeTargetIsUnreachable(t *testing.T) {
	p := sampleWS(t)
	out, err := call(t, runGoalSeek, p, "--target", "1e30", "--fy", "2026", "--driver", "active_rate", "--ramp", "3", "--read-only")
	if !errors.Is(err, errUnreachable) {
		t.Errorf("err = %v, want errUnreachable", err)
	}
	if !strings.Contains(out, "reachable: false") || !strings.Contains(out, "value: 1 ") {
		t.Errorf("want the best reachable value, 100 %%:\n%s", out)
	}
	if _, err := call(t, runGoalSeek, p, "--target", "1e8", "--fy", "2026", "--driver", "active_rate", "--ramp", "3", "--read-only"); err != nil {
		t.Errorf("a reachable target: %v", err)
	}
}

// TestImport_TwiceRefreshes: importing the same file again made a second
// dataset "…_2" silently, after which bind needed --dataset; now it
// refreshes the dataset and says what changed.
func TestImport_TwiceRefreshes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "w.kpitree")
	data := filepath.Join("..", "..", "assets", "data", "cs_monthly.csv")
	must(t, runNew, "--lang", "en", p)
	must(t, runImport, p, "--data", data)
	out := must(t, runImport, p, "--data", data)
	if !strings.Contains(out, "refreshed it (no changes)") {
		t.Errorf("second import:\n%s", out)
	}
	w, err := workspace.Open(p, workspace.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n := len(w.Datasets())
	w.Close()
	if n != 1 {
		t.Fatalf("%d datasets after importing one file twice, want 1", n)
	}
	must(t, runBind, p, "--node", "csm_count", "--column", "csm_count")
}

// goalseek says its answer as the app's goal-seek dialog does, in the
// workspace's language or --lang's, before the exact figures.
func TestGoalSeek_SaysTheDialogsAnswer(t *testing.T) {
	p := sampleWS(t) // Japanese
	w, b := openWithBasis(t, p)
	gs := kpitree.GoalSeek{Driver: "active_rate", Target: 1e8, Window: kpitree.Window{FiscalYear: 2026}, From: b.Hist, Ramp: 3}
	r, err := w.GoalSeek(context.Background(), "", gs)
	if cerr := w.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	for _, c := range []struct {
		args []string
		tr   *report.Translator
	}{{nil, report.For(report.Japanese)}, {[]string{"--lang", "en"}, report.For(report.English)}} {
		out := must(t, runGoalSeek, append([]string{p, "--target", "1e8", "--fy", "2026", "--driver", "active_rate", "--ramp", "3", "--read-only"}, c.args...)...)
		if first, want := strings.SplitN(out, "\n", 2)[0], c.tr.GoalSeekAnswer(b, gs, r); first != want {
			t.Errorf("%s: goalseek says %q, want the dialog's %q", c.tr.Lang(), first, want)
		}
	}
}
