package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/workspace"
)

// holdEnv makes the test binary act as the desktop app: it opens the
// workspace named by the variable for editing and keeps it open, making
// one edit per line read from stdin.
const holdEnv = "KPITREE_TEST_HOLD_WORKSPACE"

// TestHelperHoldWorkspace is the child process of TestReadOnlyBesideWriter;
// it does nothing in a normal run.
func TestHelperHoldWorkspace(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("child process of TestReadOnlyBesideWriter")
	}
	w, err := workspace.Open(path, workspace.Options{AppVersion: "holder"})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	models := []string{"theta", "drift", "naive"}
	for i := 0; in.Scan(); i++ {
		if err := w.SetLeafModel(in.Text(), models[i%len(models)]); err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println("done")
	}
	_ = w.Close()
	os.Exit(0)
}

// TestReadOnlyBesideWriter opens a workspace for editing in another process
// (as the app does) and runs read commands with --read-only beside it: each
// returns within a second and sees the writer's last committed edit.
func TestReadOnlyBesideWriter(t *testing.T) {
	ws := sampleWS(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldWorkspace$", "-test.count=1")
	cmd.Env = append(os.Environ(), holdEnv+"="+ws)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	lines := bufio.NewScanner(stdout)
	expect := func(want string) {
		t.Helper()
		if !lines.Scan() || lines.Text() != want {
			t.Fatalf("writer said %q, want %q", lines.Text(), want)
		}
	}
	expect("ready")

	timed := func(args ...string) (string, time.Duration) {
		t.Helper()
		start := time.Now()
		out, err := call(t, commandRun(args[0]), args[1:]...)
		if err != nil {
			t.Fatalf("%v beside a writer: %v", args, err)
		}
		return out, time.Since(start)
	}

	t.Run("should read while the writer holds the file, within a second", func(t *testing.T) {
		for _, args := range [][]string{
			{"eval", ws, "--read-only"},
			{"check", ws, "--read-only"},
			{"export-json", ws, "--out", "-", "--read-only"},
			{"history", ws, "--read-only"},
		} {
			if _, took := timed(args...); took > time.Second {
				t.Errorf("%v took %v, want ≤ 1 s", args, took)
			}
		}
	})
	t.Run("should see the writer's last committed edit", func(t *testing.T) {
		for i, leaf := range []string{"active_rate", "csm_count"} {
			fmt.Fprintln(stdin, leaf)
			expect("done")
			out, took := timed("history", ws, "--read-only", "--lang", "en")
			if took > time.Second {
				t.Errorf("history took %v", took)
			}
			if n := strings.Count(out, "Set forecast model of"); n != i+1 {
				t.Fatalf("after %d edits the reader sees %d:\n%s", i+1, n, out)
			}
		}
	})
	t.Run("should still refuse a second writer", func(t *testing.T) {
		_, err := call(t, runModel, ws, "active_rate", "theta")
		if err == nil || !strings.Contains(err.Error(), "open for editing in another window") {
			t.Fatalf("second writer: %v", err)
		}
	})
}

// commandRun returns the run function of the named command.
func commandRun(name string) func(context.Context, streams, []string) error {
	for _, c := range commands() {
		if c.name == name {
			return c.run
		}
	}
	panic("no command " + name)
}
