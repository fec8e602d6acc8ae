package workspace_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// TestAnalysesOnProjection checks the contract the projection analyses
// share: an unknown scenario fails before the analysis runs, an analysis
// error is named by the analysis (with kpitree's own sentinel kept)
// and no result comes back with it.
func TestAnalysesOnProjection(t *testing.T) {
	w, _ := newSampleWorkspace(t)
	ctx := context.Background()
	bad := kpitree.SensitivityOptions{Node: "no_such_node", Window: kpitree.Window{FiscalYear: 2026}, Delta: 0.1, From: 36}
	cases := []struct {
		name   string
		run    func() (any, error)
		sentry error
		prefix string
	}{
		{"should refuse an unknown scenario for sensitivity", func() (any, error) {
			return w.Sensitivity(ctx, "no such scenario", bad)
		}, workspace.ErrUnknownScenario, ""},
		{"should name sensitivity on its own error", func() (any, error) {
			return w.Sensitivity(ctx, "", bad)
		}, kpitree.ErrUnknownNode, "sensitivity: "},
		{"should leave rank drivers' own name alone", func() (any, error) {
			return w.RankDrivers(ctx, "", bad)
		}, kpitree.ErrUnknownNode, "rank drivers: "},
		{"should name attribute periods on its own error", func() (any, error) {
			return w.AttributePeriods(ctx, "", 35, 23000, kpitree.AttributionOptions{})
		}, nil, "attribute periods: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := tc.run()
			if err == nil {
				t.Fatalf("no error, result %v", v)
			}
			if tc.sentry != nil && !errors.Is(err, tc.sentry) {
				t.Errorf("err = %v, want %v", err, tc.sentry)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.prefix) {
				t.Errorf("err = %q, want it to start with %q", msg, tc.prefix)
			}
			switch r := v.(type) {
			case []kpitree.SensitivityRow:
				if r != nil {
					t.Errorf("result %v beside the error", r)
				}
			case []kpitree.DriverRank:
				if r != nil {
					t.Errorf("result %v beside the error", r)
				}
			case *kpitree.Attribution:
				if r != nil {
					t.Errorf("result %v beside the error", r)
				}
			}
		})
	}
}
