package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestOutOfRangeNumberFlagsAreUsageErrors proves number flags reject NaN and
// ±Inf (which strconv and the flag package accept) as usage errors. Before,
// impact --sensitivity NaN printed nothing and exited 0, and simulate
// --target NaN reported "P(target reached) = 0.000" as if it were a result;
// simulate --paths beyond the workspace limit exited 1, not 2.
func TestOutOfRangeNumberFlagsAreUsageErrors(t *testing.T) {
	p := sampleWS(t)
	tests := []struct {
		name string
		args []string
	}{
		{"should reject impact --sensitivity NaN", []string{"impact", p, "--read-only", "--sensitivity", "NaN"}},
		{"should reject simulate --target NaN", []string{"simulate", p, "--read-only", "--paths", "20", "--target", "NaN", "--fy", "2025"}},
		{"should reject simulate --target +Inf", []string{"simulate", p, "--read-only", "--paths", "20", "--target", "+Inf", "--fy", "2025"}},
		{"should reject goalseek --target NaN", []string{"goalseek", p, "--read-only", "--target", "NaN", "--fy", "2025", "--driver", "active_rate"}},
		{"should reject simulate --paths above the workspace limit", []string{"simulate", p, "--read-only", "--paths", "2000000000"}},
		{"should reject scenario add --value NaN", []string{"scenario", p, "add", "--name", "n", "--node", "active_rate", "--op", "set", "--value", "NaN", "--from", "2025-04"}},
		{"should reject goalseek --target -Inf", []string{"goalseek", p, "--read-only", "--target", "-Inf", "--fy", "2025", "--driver", "active_rate"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), streams{in: strings.NewReader(""), out: &out, err: &errb}, tc.args)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (usage); stdout %.100q stderr %.200q", code, out.String(), errb.String())
			}
		})
	}
}
