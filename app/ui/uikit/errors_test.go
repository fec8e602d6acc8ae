package uikit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

func TestAnalysisErrorMessage(t *testing.T) {
	generic := uikit.UserMessage(fmt.Errorf("x: %w", errUnknown))
	generic = strings.TrimSuffix(generic, "x: unknown")
	tests := []struct {
		err  error
		want string // a phrase saying what to do next
	}{
		{workspace.ErrNoData, "Import a CSV"},
		{workspace.ErrScenarioExists, "Choose another name"},
		{workspace.ErrStalePreview, "Preview the import again"},
		{workspace.ErrCalendarMismatch, "Aggregate"},
		{store.ErrLocked, "Close it there"},
		{store.ErrReadOnly, "Reopen it for editing"},
		{chart.ErrNoData, "Bind data"},
		{dataio.ErrEncoding, "UTF-8 or Shift_JIS"},
		{dataio.ErrNoPeriodColumn, "period column"},
		{forecast.ErrTooShort, "at least a few more periods"},
		{kpitree.ErrBadWindow, "extend the horizon"},
		{uikit.ErrBadNumber, "Type digits"},
		{uikit.ErrNotDataFile, ".xlsx"},
		{context.Canceled, ""},
	}
	for _, tt := range tests {
		t.Run("should tell what to do after "+tt.err.Error(), func(t *testing.T) {
			wrapped := fmt.Errorf("some step: %w", tt.err)
			got := uikit.UserMessage(wrapped)
			if !strings.Contains(got, tt.want) {
				t.Fatalf("message %q lacks %q", got, tt.want)
			}
			if tt.want != "" && strings.HasPrefix(got, generic) && generic != "" {
				t.Fatalf("message %q is the generic one", got)
			}
		})
	}
}

type unknownError struct{}

func (unknownError) Error() string { return "unknown" }

var errUnknown = unknownError{}
