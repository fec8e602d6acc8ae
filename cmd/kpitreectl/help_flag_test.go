package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpFlagExitsZero proves `kpitreectl CMD --help` behaves the same for
// every command: it prints the command's help on standard output and exits
// 0, like `kpitreectl help CMD`. Before, all but forecast reported
// "flag: help requested: usage error" and exited 2, and forecast printed
// Go's flag defaults on stderr.
func TestHelpFlagExitsZero(t *testing.T) {
	for _, c := range commands() {
		if c.run == nil || c.name == "version" {
			continue
		}
		for _, flag := range []string{"--help", "-h"} {
			t.Run("should print help for "+c.name+" "+flag, func(t *testing.T) {
				var out, errb bytes.Buffer
				s := streams{in: strings.NewReader(""), out: &out, err: &errb}
				args := []string{c.name, flag}
				if c.name == "scenario" {
					args = []string{c.name, "ws.kpitree", "list", flag}
				}
				code := run(context.Background(), s, args)
				if code != 0 {
					t.Errorf("exit code %d, want 0; stderr: %s", code, errb.String())
				}
				if !strings.HasPrefix(out.String(), "kpitreectl "+c.name+" ") {
					t.Errorf("stdout %q does not start with the command's help", out.String())
				}
			})
		}
	}
}
