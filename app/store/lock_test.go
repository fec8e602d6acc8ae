package store_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/kpitree/kpitree/app/store"
)

// runChild is the body of a re-executed test binary.
func runChild(role, path string) error {
	switch role {
	case "hold", "hold-ro":
		s, err := store.Open(path, store.Options{ReadOnly: role == "hold-ro"})
		if err != nil {
			return err
		}
		defer s.Close()
		fmt.Println("ready")
		// Hold the lock until the parent closes our stdin.
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		return nil
	case "edit":
		return runEditChild(path)
	}
	return fmt.Errorf("unknown child role %q", role)
}

// helperCommand re-executes the test binary in a child role.
func helperCommand(t *testing.T, role, path string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find test binary: %v", err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, childPathEnv+"="+path)
	cmd.Stderr = os.Stderr
	return cmd
}

// startHolder starts a child that opens path and keeps it open until the
// test ends.
func startHolder(t *testing.T, path string, readOnly bool) {
	t.Helper()
	role := "hold"
	if readOnly {
		role = "hold-ro"
	}
	cmd := helperCommand(t, role, path)
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
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child did not open the file: %q, %v", line, err)
	}
}

func TestLockInProcess(t *testing.T) {
	s, path := newStore(t)
	tests := []struct {
		name     string
		readOnly bool
	}{
		{"should refuse a second writable open with ErrLocked", false},
	}
	t.Run("should open read-only beside a writer, reading its last commit", func(t *testing.T) {
		put(t, s, store.BucketTrees, "k", "committed")
		start := time.Now()
		r, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("read-only open beside a writer: %v", err)
		}
		defer r.Close()
		if time.Since(start) >= time.Second {
			t.Errorf("took %v, want within 1 s", time.Since(start))
		}
		if got := get(t, r, store.BucketTrees, "k"); got != "committed" {
			t.Errorf("reader sees %q, want the writer's last commit", got)
		}
		if r.Path() != path {
			t.Errorf("Path() = %q, want %q", r.Path(), path)
		}
		if err := r.Update(func(tx *store.Tx) error { return nil }); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("write through the reader: %v, want ErrReadOnly", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := store.Open(path, store.Options{ReadOnly: tt.readOnly})
			elapsed := time.Since(start)
			if !errors.Is(err, store.ErrLocked) {
				t.Fatalf("err = %v, want ErrLocked", err)
			}
			if elapsed >= time.Second {
				t.Errorf("ErrLocked after %v, want within 1 s", elapsed)
			}
		})
	}
	t.Run("should let the first store keep working", func(t *testing.T) {
		put(t, s, store.BucketTrees, "x", "y")
	})
	t.Run("should honour a shorter timeout", func(t *testing.T) {
		start := time.Now()
		_, err := store.Open(path, store.Options{Timeout: 100 * time.Millisecond})
		if !errors.Is(err, store.ErrLocked) || time.Since(start) > 500*time.Millisecond {
			t.Errorf("err = %v after %v, want ErrLocked quickly", err, time.Since(start))
		}
	})
}

func TestLockReadOnlySharing(t *testing.T) {
	s, path := newStore(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r1 := openStore(t, path, store.Options{ReadOnly: true})
	t.Run("should let two read-only opens coexist", func(t *testing.T) {
		r2, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("second read-only open: %v", err)
		}
		_ = r2.Close()
	})
	t.Run("should refuse a writer while a reader holds the file", func(t *testing.T) {
		if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrLocked) {
			t.Errorf("writable open beside a reader: %v, want ErrLocked", err)
		}
	})
	_ = r1
}

func TestLockAcrossProcesses(t *testing.T) {
	tests := []struct {
		name           string
		childReadOnly  bool
		parentReadOnly bool
		wantErr        error
	}{
		{"should refuse a writer while another process edits", false, false, store.ErrLocked},
		{"should let a reader read while another process edits", false, true, nil},
		{"should refuse a writer while another process reads", true, false, store.ErrLocked},
		{"should share the file between read-only processes", true, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := newStore(t)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			startHolder(t, path, tt.childReadOnly)
			start := time.Now()
			got, err := store.Open(path, store.Options{ReadOnly: tt.parentReadOnly})
			if got != nil {
				_ = got.Close()
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if time.Since(start) >= time.Second {
				t.Errorf("answer took %v, want within 1 s", time.Since(start))
			}
			if err != nil && !errors.Is(err, store.ErrLocked) {
				t.Errorf("message %q lacks the locked advice", err)
			}
		})
	}
}

// parseSeq parses one acknowledged sequence number printed by the child.
func parseSeq(line string) (uint64, bool) {
	n, err := strconv.ParseUint(line, 10, 64)
	return n, err == nil
}
