package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exitOf runs one kpitreectl command line and returns its exit code and
// standard error.
func exitOf(args ...string) (int, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), streams{in: strings.NewReader(""), out: &out, err: &errb}, args)
	return code, errb.String()
}

// TestExitCodes_NoNumberThatCannotBeComputedIsASuccess drives the commands
// as a script would and checks only exit codes and stderr, so it ran
// against the code before issue 15's fixes too: there every case exited 0
// (forecasts with "0 computed", simulate and export-data with flat rows
// labelled forecast, eval with a blank root, goalseek with "closest is
// 1.6 %, giving ¥0").
func TestExitCodes_NoNumberThatCannotBeComputedIsASuccess(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "assets", "data", "cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	write := func(name string, rows []string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(rows, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	newWS := func(name, data string) string {
		p := filepath.Join(dir, name)
		must(t, runNew, "--lang", "en", p)
		must(t, runImport, p, "--data", data)
		return p
	}
	oneMonth := newWS("one.kpitree", write("one.csv", lines[:2]))
	huge := append([]string(nil), lines[:13]...)
	f := strings.Split(huge[5], ",")
	f[5], f[6] = "1e308", "1e308"
	huge[5] = strings.Join(f, ",")
	overflow := newWS("huge.kpitree", write("huge.csv", huge))
	sample := sampleWS(t)

	tests := []struct {
		name   string
		args   []string
		stderr string // a word the message must contain
	}{
		{"forecasts with no leaf forecastable", []string{"forecasts", oneMonth}, "active_rate"},
		{"simulate holding unforecast leaves flat", []string{"simulate", oneMonth, "--paths", "10"}, "no forecast"},
		{"export-data holding unforecast leaves flat", []string{"export-data", oneMonth, "--out", filepath.Join(dir, "x.csv")}, "no forecast"},
		{"check of data that overflows", []string{"check", overflow}, "errors"},
		{"eval of data that overflows", []string{"eval", overflow}, "too large"},
		{"goalseek of an unreachable target", []string{"goalseek", sample, "--read-only", "--target", "1e30", "--fy", "2026", "--driver", "active_rate"}, "cannot be reached"},
	}
	for _, tt := range tests {
		t.Run("should exit 1 for "+tt.name, func(t *testing.T) {
			code, stderr := exitOf(tt.args...)
			if code != 1 || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.stderr)
			}
		})
	}
}
