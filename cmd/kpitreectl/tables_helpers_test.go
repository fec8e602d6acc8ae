package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/workspace"
)

// Helpers for the tests that read the CLI's tables as a user does and
// compare them with what the app shows.

// rowCells returns the cells of the printed table row whose first cell is
// id (printTable parts cells by two or more spaces), or nil.
func rowCells(out, id string) []string {
	if l := modelLine(out, id); l != "" {
		return regexp.MustCompile(` {2,}`).Split(strings.TrimRight(l, " "), -1)
	}
	return nil
}

// forecastCounts is the last line of `forecasts` on a Japanese workspace.
func forecastCounts(computed, cached, failed int) string {
	return report.For(report.Japanese).L("forecast.counts", map[string]any{"Computed": computed, "Cached": cached, "Failed": failed})
}

// cellIs reports whether row has cell i equal to want.
func cellIs(row []string, i int, want string) bool { return i < len(row) && row[i] == want }

// openWithBasis opens the workspace at p read-only with the basis the
// app's figures start from; the caller closes it.
func openWithBasis(t *testing.T, p string) (*workspace.Workspace, *report.Basis) {
	t.Helper()
	w, err := openWorkspace(p, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.NewBasis(w)
	if err != nil {
		w.Close()
		t.Fatal(err)
	}
	return w, b
}
