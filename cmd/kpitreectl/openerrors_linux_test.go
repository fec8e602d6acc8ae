//go:build linux

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kpitree/kpitree/app/store"
)

// openAsEnv makes the test binary open a workspace and print what the CLI
// would say: "FILE|ro|rw[|remount-ro]".
const openAsEnv = "KPITREE_TEST_OPEN_AS"

// TestHelperOpenAs is the child of TestOpenErrorsSayWhatHappened.
func TestHelperOpenAs(t *testing.T) {
	spec := os.Getenv(openAsEnv)
	if spec == "" {
		t.Skip("child process of TestOpenErrorsSayWhatHappened")
	}
	parts := strings.Split(spec, "|")
	path, readOnly := parts[0], parts[1] == "ro"
	if len(parts) > 2 && parts[2] == "remount-ro" {
		// In our own mount namespace: make the folder a read-only bind
		// mount of itself.
		dir := filepath.Dir(path)
		must := func(err error) {
			if err != nil {
				fmt.Println("setup:", err)
				os.Exit(4)
			}
		}
		must(syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""))
		must(syscall.Mount(dir, dir, "", syscall.MS_BIND, ""))
		must(syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""))
	}
	w, err := openWorkspace(path, readOnly)
	if err != nil {
		kind := "other"
		switch {
		case errors.Is(err, store.ErrReadOnlyFS):
			kind = "readonlyfs"
		case errors.Is(err, store.ErrPermission):
			kind = "permission"
		case errors.Is(err, store.ErrCorrupt):
			kind = "corrupt"
		}
		fmt.Printf("%s\n%s\n", kind, err)
		os.Exit(0)
	}
	_ = w.Close()
	fmt.Println("ok")
	os.Exit(0)
}

// TestOpenErrorsSayWhatHappened opens a sound workspace where the system
// refuses it: on a read-only mount, and as an unprivileged user without
// write (or read) permission. Each gets its own one-sentence message, and
// none calls the file damaged.
func TestOpenErrorsSayWhatHappened(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a mount namespace and to switch users")
	}
	dir, err := os.MkdirTemp("", "kpitree-openerr-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(dir, "plan.kpitree")
	must(t, runNew, "--sample-data", ws)
	// The unprivileged child cannot run the test binary from Go's private
	// build folder: run a copy.
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "kpitreectl.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}

	child := func(t *testing.T, spec string, attr *syscall.SysProcAttr) (kind, msg string) {
		t.Helper()
		cmd := exec.Command(bin, "-test.run=^TestHelperOpenAs$", "-test.count=1")
		cmd.Env = append(os.Environ(), openAsEnv+"="+spec)
		cmd.SysProcAttr = attr
		out, err := cmd.Output()
		if err != nil {
			if attr.Cloneflags != 0 {
				t.Skipf("cannot make a mount namespace here: %v %s", err, out)
			}
			t.Fatalf("child: %v\n%s", err, out)
		}
		lines := strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)
		if strings.HasPrefix(lines[0], "setup:") {
			t.Skipf("cannot make a read-only mount here: %s", out)
		}
		if len(lines) == 2 {
			return lines[0], lines[1]
		}
		return lines[0], ""
	}
	nobody := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	newNS := &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS}

	tests := []struct {
		name     string
		mode     os.FileMode
		spec     string
		attr     *syscall.SysProcAttr
		wantKind string
		wantMsg  string
	}{
		{"should say a read-only disk, not damage, when editing on a read-only mount", 0o644, ws + "|rw|remount-ro", newNS,
			"readonlyfs", "is on a read-only disk; read it with --read-only"},
		{"should read a workspace on a read-only mount with --read-only", 0o644, ws + "|ro|remount-ro", newNS, "ok", ""},
		{"should say permission denied when editing without write permission", 0o644, ws + "|rw", nobody,
			"permission", "you do not have permission to edit"},
		{"should read without write permission with --read-only", 0o644, ws + "|ro", nobody, "ok", ""},
		{"should say permission denied when the file cannot be read", 0o600, ws + "|ro", nobody,
			"permission", "you do not have permission to read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.Chmod(ws, tt.mode); err != nil {
				t.Fatal(err)
			}
			kind, msg := child(t, tt.spec, tt.attr)
			if kind != tt.wantKind || !strings.Contains(msg, tt.wantMsg) {
				t.Fatalf("got %s %q, want %s containing %q", kind, msg, tt.wantKind, tt.wantMsg)
			}
			if strings.Contains(msg, "damaged") || strings.Contains(msg, ".bak") {
				t.Errorf("message %q speaks of damage or a backup", msg)
			}
			if strings.Count(msg, ". ") > 0 {
				t.Errorf("message %q is more than one sentence", msg)
			}
		})
	}
}
