package ui

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// jobs runs a pane's background work: load off the UI goroutine, apply on
// it. Every pane goes through runJob, so error handling cannot drift, and
// tests wait for the work with Wait.
type jobs struct {
	wg sync.WaitGroup
	// ui serialises the pane's UI updates. Fyne already runs them one at a
	// time on its goroutine; the headless test driver runs fyne.Do on the
	// caller's goroutine instead, and two finishing jobs would then update
	// the same widgets at once.
	ui sync.Mutex
}

// onUI runs fn on the UI goroutine, one update at a time, and waits for it.
func (j *jobs) onUI(fn func()) {
	j.ui.Lock()
	defer j.ui.Unlock()
	fyne.DoAndWait(fn)
}

// runJob runs work on a new goroutine and then apply with its result on
// the UI goroutine (fyne.Do).
func runJob[T any](j *jobs, ctx context.Context, work func(ctx context.Context) (T, error), apply func(T, error)) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		v, err := work(ctx)
		j.onUI(func() { apply(v, err) })
	}()
}

// later runs fn on the UI goroutine after the current update, through a
// job, so event handlers never update widgets while another update runs
// (and never wait for one, which could deadlock when the event comes from
// inside an update).
func (j *jobs) later(fn func()) {
	runJob(j, context.Background(), func(context.Context) (struct{}, error) { return struct{}{}, nil },
		func(struct{}, error) { fn() })
}

// Wait blocks until every job started so far has been applied.
func (j *jobs) Wait() { j.wg.Wait() }

// showAnalysisError shows err in the user's language with what to do next.
func showAnalysisError(err error, w fyne.Window) {
	if err == nil || w == nil {
		return
	}
	dialog.ShowError(errors.New(AnalysisErrorMessage(err)), w)
}

// AnalysisErrorMessage turns an error of the analysis panes into a
// translated sentence saying what to do next, with the detail at the end.
// It knows the workspace, chart, import and forecast sentinels and falls
// back to ErrorMessage.
func AnalysisErrorMessage(err error) string {
	detail := map[string]any{"Err": err.Error()}
	for _, c := range []struct {
		target error
		key    string
	}{
		{context.Canceled, "error.canceled"},
		{workspace.ErrNoData, "error.ws.no_data"},
		{workspace.ErrScenarioExists, "error.ws.scenario_exists"},
		{workspace.ErrUnknownScenario, "error.ws.unknown_scenario"},
		{workspace.ErrBadName, "error.ws.bad_name"},
		{workspace.ErrStalePreview, "error.ws.stale_preview"},
		{workspace.ErrCalendarMismatch, "error.ws.calendar"},
		{workspace.ErrNotInput, "error.ws.not_input"},
		{workspace.ErrBadDataset, "error.ws.bad_dataset"},
		{workspace.ErrClosed, "error.ws.closed"},
		{store.ErrReadOnly, "error.ws.read_only"},
		{store.ErrExists, "error.ws.exists"},
		{chart.ErrNoData, "error.chart.no_data"},
		{chart.ErrBadSize, "error.chart.bad_size"},
		{store.ErrLocked, "error.ws.locked"},
		{store.ErrNewerSchema, "error.ws.newer"},
		{store.ErrNotWorkspace, "error.ws.not_workspace"},
		{store.ErrCorrupt, "error.ws.corrupt"},
		{dataio.ErrEncoding, "error.import.encoding"},
		{dataio.ErrNoTable, "error.import.no_table"},
		{dataio.ErrNoPeriodColumn, "error.import.no_period"},
		{dataio.ErrFormat, "error.import.format"},
		{forecast.ErrTooShort, "error.forecast.too_short"},
		{kpitree.ErrBadWindow, "error.window"},
		{ErrBadNumber, "error.bad_number"},
		{ErrNotDataFile, "error.not_data_file"},
		{ErrIncomplete, "error.incomplete"},
	} {
		if errors.Is(err, c.target) {
			return lang.L(c.key, detail)
		}
	}
	return ErrorMessage(err)
}

// cellLabel is a table or list cell: long texts (model descriptions, file
// names) end in an ellipsis instead of running into the next column.
func cellLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}
