package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// helperArgsEnv carries a command line (fields separated by \x1f) to
// TestHelperKpitreectl, which runs it as the kpitreectl process would, so
// exit codes are checked on a real process.
const helperArgsEnv = "KPITREECTL_HELPER_ARGS"

// TestHelperKpitreectl is not a test: run by kpitreectlProcess in a child
// process, it is kpitreectl's main.
func TestHelperKpitreectl(t *testing.T) {
	args, ok := os.LookupEnv(helperArgsEnv)
	if !ok {
		t.Skip("helper process only")
	}
	os.Exit(run(context.Background(), streams{in: os.Stdin, out: os.Stdout, err: os.Stderr}, strings.Split(args, "\x1f")))
}

// kpitreectlProcess runs kpitreectl args in a child process and returns
// its exit code, stdout and stderr.
func kpitreectlProcess(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKpitreectl$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperArgsEnv+"="+strings.Join(args, "\x1f"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errb.String()
	}
	t.Fatal(err)
	return -1, "", ""
}

// monitorWorkspace creates the canonical workspace with cs_monthly.csv,
// its March 2026 active rate replaced by rate when rate is not "".
func monitorWorkspace(t *testing.T, rate string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "assets", "data", "cs_monthly.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	if rate != "" {
		f := strings.Split(lines[len(lines)-1], ",")
		if f[0] != "2026-03" {
			t.Fatalf("last row %q: the sample changed", lines[len(lines)-1])
		}
		f[7] = rate // active_rate
		lines[len(lines)-1] = strings.Join(f, ",")
	}
	data := filepath.Join(dir, "cs_monthly.csv")
	if err := os.WriteFile(data, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(dir, "m.kpitree")
	must(t, runNew, "--lang", "en", ws)
	must(t, runImport, ws, "--data", data)
	must(t, runAlert, "add", ws, "addon_revenue", "--rule", "band95")
	must(t, runAlert, "add", ws, "active_rate", "--rule", "band95")
	return ws
}

// TestMonitor_ExitCodes runs monitor as cron would and checks the exit
// codes: 0 for the clean sample, 3 when the planted month fires, 1 when
// the file cannot be read, 2 for usage errors.
func TestMonitor_ExitCodes(t *testing.T) {
	clean := monitorWorkspace(t, "")
	planted := monitorWorkspace(t, "0.40")
	noRules := filepath.Join(t.TempDir(), "n.kpitree")
	must(t, runNew, "--sample-data", "--lang", "en", noRules)
	damaged := filepath.Join(t.TempDir(), "d.kpitree")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte("not a workspace "), 512), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // a piece the output must contain
		stderr string
	}{
		{"should exit 0 on the clean sample", []string{"monitor", clean}, 0, "no alerts", ""},
		{"should exit 0 and say so without rules", []string{"monitor", noRules}, 0, "no alerts", "no node has an alert rule"},
		{"should exit 3 when the planted month fires", []string{"monitor", planted}, 3, "2 alerts fired", ""},
		{"should exit 3 in Japanese too", []string{"monitor", planted, "--lang", "ja"}, 3, "が予測の95%区間（", ""},
		{"should exit 3 with JSON", []string{"monitor", "--json", planted}, 3, `"rule": "band95"`, ""},
		{"should exit 1 for a missing file", []string{"monitor", filepath.Join(t.TempDir(), "none.kpitree")}, 1, "", "no such file"},
		{"should exit 1 for a damaged file", []string{"monitor", damaged}, 1, "", "kpitreectl monitor"},
		{"should exit 2 without a file", []string{"monitor"}, 2, "", "usage"},
		{"should exit 2 for an unknown language", []string{"monitor", clean, "--lang", "fr"}, 2, "", "use en or ja"},
		{"should exit 2 for an unknown flag", []string{"monitor", clean, "--yaml"}, 2, "", "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := kpitreectlProcess(t, tc.args...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
			}
		})
	}
}

// TestMonitor_JSON: the JSON lists each fired alert with its numbers,
// the observed value outside the band it names.
func TestMonitor_JSON(t *testing.T) {
	planted := monitorWorkspace(t, "0.40")
	var out bytes.Buffer
	err := runMonitor(context.Background(), streams{out: &out, err: &bytes.Buffer{}}, []string{planted, "--json", "--lang", "en"})
	if !errors.Is(err, errAlertsFired) {
		t.Fatalf("want errAlertsFired, got %v", err)
	}
	var doc struct {
		Count  int `json:"count"`
		Alerts []struct {
			Node, Rule, Label, Severity, Message string
			Observed, Lower, Upper, Expected     *float64
			Deviation                            *float64
		} `json:"alerts"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if doc.Count != 2 || len(doc.Alerts) != 2 || doc.Alerts[0].Node != "addon_revenue" || doc.Alerts[1].Node != "active_rate" {
		t.Fatalf("want the root then active_rate, got %s", out.String())
	}
	for _, a := range doc.Alerts {
		if a.Rule != "band95" || a.Label != "2026-03" || a.Severity != "critical" || a.Observed == nil || a.Lower == nil ||
			a.Upper == nil || a.Expected == nil || !(*a.Observed < *a.Lower) || a.Deviation != nil || !strings.Contains(a.Message, "95%") {
			t.Errorf("alert %+v", a)
		}
	}
}

// TestAlertCommand: add, list, replace, remove, and the usage errors.
func TestAlertCommand(t *testing.T) {
	ws := sampleWS(t)
	must(t, runAlert, "add", ws, "addon_revenue", "--rule", "band95", "--rule", "gap:10%")
	must(t, runAlert, "add", ws, "addon_revenue", "--rule", "gap:5%") // replaces the threshold
	out := must(t, runAlert, "list", ws, "--json")
	var list []struct {
		Node  string   `json:"node"`
		Rules []string `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Node != "addon_revenue" || strings.Join(list[0].Rules, ",") != "band95,gap:5%" {
		t.Fatalf("list: %s", out)
	}
	must(t, runAlert, "remove", ws, "addon_revenue", "--rule", "gap")
	if out := must(t, runAlert, "list", ws, "addon_revenue"); !strings.Contains(out, "band95") || strings.Contains(out, "gap") {
		t.Fatalf("after remove: %s", out)
	}
	must(t, runUndo, ws)
	if out := must(t, runAlert, "list", ws, "addon_revenue"); !strings.Contains(out, "gap:5%") {
		t.Fatalf("undo should restore the removed rule: %s", out)
	}
	must(t, runAlert, "remove", ws, "addon_revenue")
	if out := must(t, runAlert, "list", ws); strings.Contains(out, "addon_revenue") {
		t.Fatalf("remove without --rule should clear the node: %s", out)
	}
	for _, tc := range []struct {
		name  string
		args  []string
		usage bool
	}{
		{"no verb", nil, true},
		{"unknown verb", []string{"set", ws, "addon_revenue"}, true},
		{"add without a rule", []string{"add", ws, "addon_revenue"}, true},
		{"add a bad rule", []string{"add", ws, "addon_revenue", "--rule", "gap:ten"}, true},
		{"add without a node", []string{"add", ws, "--rule", "rag"}, true},
		{"add to an unknown node", []string{"add", ws, "nope", "--rule", "rag"}, false},
		{"remove a rule the node lacks", []string{"remove", ws, "addon_revenue", "--rule", "rag"}, false},
	} {
		_, err := call(t, runAlert, tc.args...)
		if err == nil || errors.Is(err, errUsage) != tc.usage {
			t.Errorf("%s: got %v, want an error (usage %v)", tc.name, err, tc.usage)
		}
	}
}
