package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// call runs one command function with captured streams.
func call(t *testing.T, fn func(context.Context, streams, []string) error, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := fn(context.Background(), streams{in: strings.NewReader(""), out: &out, err: &errb}, args)
	return out.String(), err
}

// must is call that fails the test on error.
func must(t *testing.T, fn func(context.Context, streams, []string) error, args ...string) string {
	t.Helper()
	out, err := call(t, fn, args...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out
}

// TestWorkspaceRoundTrip is the acceptance test: the canonical tree
// goes through new → import → forecast → scenario → simulate → export-json
// → import-json → eval, and the copy gives identical numbers.
func TestWorkspaceRoundTrip(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "plan.kpitree")
	data := filepath.Join("..", "..", "assets", "data", "cs_monthly.csv")

	must(t, runNew, "--template", "addon_revenue", "--lang", "ja", ws)
	must(t, runImport, ws, "--data", data)
	if out := must(t, runCheck, ws); strings.Contains(out, " error ") {
		t.Fatalf("check after import:\n%s", out)
	}
	fc := must(t, runForecasts, ws)
	if !strings.Contains(fc, forecastCounts(4, 0, 0)) {
		t.Errorf("first forecast run:\n%s", fc)
	}
	if fc := must(t, runForecasts, ws); !strings.Contains(fc, forecastCounts(0, 4, 0)) {
		t.Errorf("second forecast run computed again:\n%s", fc)
	}
	must(t, runScenario, ws, "add", "--name", "upside", "--node", "active_rate", "--op", "add",
		"--value", "0.05", "--from", "2026-04", "--ramp", "3")
	sim := must(t, runSimulate, ws, "--format", "json", "--paths", "200", "--seed", "42", "--target", "2e7", "--fy", "2026")
	if !strings.Contains(sim, `"prob_goal"`) || !strings.Contains(sim, `"scenario": "upside"`) {
		t.Errorf("simulate output lacks the goal probability or the scenario:\n%.400s", sim)
	}
	js := filepath.Join(dir, "plan.json")
	must(t, runExportJSON, ws, "--out", js, "--read-only")
	copyWS := filepath.Join(dir, "copy.kpitree")
	must(t, runImportJSON, js, "--out", copyWS)

	for _, sc := range []string{"", "upside"} {
		a := must(t, runEval, ws, "--scenario", sc, "--read-only")
		b := must(t, runEval, copyWS, "--scenario", sc, "--read-only")
		if a != b {
			t.Errorf("eval %q differs after the JSON round trip:\n%s\nvs\n%s", sc, a, b)
		}
		if strings.Count(a, "\n") != 37 {
			t.Errorf("eval %q has %d lines, want a header and 36 months", sc, strings.Count(a, "\n"))
		}
	}
	if sim2 := must(t, runSimulate, copyWS, "--format", "json", "--paths", "200", "--seed", "42", "--target", "2e7", "--fy", "2026"); sim2 != sim {
		t.Error("simulate differs after the JSON round trip")
	}
	js2 := filepath.Join(dir, "copy.json")
	must(t, runExportJSON, copyWS, "--out", js2)
	if a, b := readFile(t, js), readFile(t, js2); a != b {
		t.Error("export-json of the copy differs from the original export")
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
