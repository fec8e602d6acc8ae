package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkspaceCommands_FlagChecks pins the usage errors the shared parse
// step (parseFile / parseExactly / parseBetween with required and
// formatFlag checks) gives each command: the words, and exit code 2, before
// any file is opened (the FILE given does not exist).
func TestWorkspaceCommands_FlagChecks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "absent.kpitree")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"should require --node and --column to bind", []string{"bind", file, "--node", "a"}, "--node and --column are required"},
		{"should require --node to unbind", []string{"unbind", file}, "--node is required"},
		{"should require --out to export JSON", []string{"export-json", file}, "--out is required"},
		{"should require --out to import JSON", []string{"import-json", "ws.json"}, "--out is required"},
		{"should require --out to salvage", []string{"salvage", file}, "--out NEW.kpitree is required"},
		{"should require --vs and --period to review", []string{"review", file, "--vs", "prior"}, "--vs and --period are required"},
		{"should require --target and --driver to goal-seek", []string{"goalseek", file, "--target", "1"}, "--target NUMBER and --driver ID are required"},
		{"should refuse a format eval does not write", []string{"eval", file, "--format", "xml"}, `--format "xml": use csv or json`},
		{"should refuse a format fy does not write", []string{"fy", file, "--format", "csv"}, `--format "csv": use text or json`},
		{"should refuse a format refresh does not write", []string{"refresh", file, "--format", "csv"}, `--format "csv": use text or json`},
		{"should refuse a format simulate does not write", []string{"simulate", file, "--format", "text"}, `--format "text": use csv or json`},
		{"should want a FILE for model", []string{"model"}, "want FILE [LEAF [MODEL|default]], got 0 argument(s) []"},
		{"should want at most three arguments for model", []string{"model", file, "a", "b", "c"}, "want FILE [LEAF [MODEL|default]], got 4 argument(s)"},
		{"should want a FILE for aggregation", []string{"aggregation"}, "want FILE [NODE [KIND|infer]], got 0 argument(s) []"},
		{"should want one FILE for history", []string{"history", file, "more"}, "want one workspace FILE, got 2 argument(s)"},
		{"should want one FILE for worth", []string{"worth"}, "want one workspace FILE, got 0 argument(s) []"},
		{"should check the arity before the flags", []string{"bind"}, "want one workspace FILE, got 0 argument(s) []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want 2), stderr %q (want %q)", code, errs, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}
