package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/store"
)

// flipMarker flips a byte in every stored copy of marker.
func flipMarker(t *testing.T, path, marker string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := strings.Index(string(data), marker); i >= 0; i = strings.Index(string(data), marker) {
		data[i+len(marker)/2] ^= 0x20
		n++
	}
	if n == 0 {
		t.Fatalf("%q not in the file", marker)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSalvageCommand(t *testing.T) {
	ws := sampleWS(t)
	must(t, runScenario, ws, "add", "--name", "Upside", "--node", "active_rate", "--op", "scale", "--value", "5",
		"--from", "2025-04", "--description", "SALVAGE-MARKER-DESCRIPTION")
	must(t, runScenario, ws, "add", "--name", "Keep", "--node", "active_rate", "--op", "scale", "--value", "2", "--from", "2025-04")
	want := must(t, runEval, ws, "--read-only")
	flipMarker(t, ws, "SALVAGE-MARKER-DESCRIPTION")

	t.Run("should name the damaged scenario and point to salvage", func(t *testing.T) {
		_, err := call(t, runEval, ws, "--read-only")
		if !errors.Is(err, store.ErrDamagedRecords) {
			t.Fatalf("eval on a damaged file: %v, want ErrDamagedRecords", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "scenario 'Upside': damaged") || !strings.Contains(msg, "kpitreectl salvage") {
			t.Errorf("message %q should name the record and the salvage command", msg)
		}
	})
	t.Run("should copy the rest, list the lost scenario and exit 1", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "saved.kpitree")
		out, err := call(t, runSalvage, ws, "--out", dst)
		if err == nil {
			t.Fatal("salvage with a loss exited 0")
		}
		if !strings.Contains(out, "lost: scenario 'Upside'") {
			t.Errorf("report does not list the lost scenario:\n%s", out)
		}
		if got := must(t, runEval, dst, "--read-only"); got != want {
			t.Errorf("the salvaged copy evaluates differently")
		}
		if list := must(t, runScenario, dst, "list", "--read-only"); !strings.Contains(list, "Keep") || strings.Contains(list, "Upside") {
			t.Errorf("scenarios of the copy:\n%s", list)
		}
	})
	t.Run("should need --out", func(t *testing.T) {
		if _, err := call(t, runSalvage, ws); !errors.Is(err, errUsage) {
			t.Errorf("err = %v, want a usage error", err)
		}
	})
}
