package workspace

import "errors"

// Sentinel errors. Callers test for them with errors.Is; messages say what
// to do next.
var (
	// ErrSalvageOntoSource means a salvage was asked to write into the
	// damaged file itself, which salvage never changes; choose another name.
	ErrSalvageOntoSource = errors.New("the salvaged copy cannot replace the damaged file; choose another name")
	// ErrUnknownDataset means a dataset id names no imported dataset.
	ErrUnknownDataset = errors.New("no such dataset; import the data first or pick one from the list")
	// ErrUnknownColumn means a column name is not in the dataset.
	ErrUnknownColumn = errors.New("no such column in the dataset; pick one of its columns")
	// ErrNotInput means a binding targets a node that does not take data
	// (a formula, constant or health node); only input leaves can be bound.
	ErrNotInput = errors.New("only input nodes can be bound to data; change the node's kind to input first")
	// ErrUnknownScenario means a scenario name names no scenario.
	ErrUnknownScenario = errors.New("no such scenario; list the scenarios and pick one")
	// ErrScenarioExists means a scenario with that name already exists.
	ErrScenarioExists = errors.New("a scenario with that name already exists; choose another name")
	// ErrBadName means a name (scenario, dataset) is empty or too long.
	ErrBadName = errors.New("invalid name; use 1–200 characters")
	// ErrBadSettings means a settings value is out of range.
	ErrBadSettings = errors.New("invalid settings")
	// ErrBadRecord means a history record could not be decoded; the file's
	// history is damaged or from a newer version.
	ErrBadRecord = errors.New("invalid history record; the undo history may be from a newer version of KPI Tree")
	// ErrBadInterchange means a workspace JSON file is malformed or
	// inconsistent (unknown format, bad tree, bindings to missing nodes).
	ErrBadInterchange = errors.New("invalid workspace JSON; fix the file or export it again")
	// ErrNewerFormat means a workspace JSON file was written by a newer
	// version of KPI Tree; update the app to read it.
	ErrNewerFormat = errors.New("workspace JSON written by a newer version of KPI Tree; update the app")
	// ErrNoData means an operation needs data (history) but no leaf is bound
	// to a dataset yet.
	ErrNoData = errors.New("no data bound yet; import a dataset and bind the leaves first")
	// ErrStalePreview means an import or refresh preview no longer matches
	// the workspace (the dataset changed since); preview again.
	ErrStalePreview = errors.New("the preview is out of date; preview the import again")
	// ErrNoForecast means some bound leaves could not be forecast (too
	// short or empty a series); results beyond the history would hold their
	// last value flat, which is not a forecast, so they are refused. The
	// message names the leaves; fix their data or unbind them, then
	// forecast again.
	ErrNoForecast = errors.New("some bound leaves have no forecast, and holding their last value flat is not a forecast; give them at least 3 observed values or unbind them, then forecast again")
	// ErrClosed means the workspace was closed.
	ErrClosed = errors.New("the workspace is closed; open it again")
)

// ErrCalendarMismatch means a dataset's frequency (monthly, weekly…)
// differs from the tree's; aggregate the data to the tree's frequency when
// importing.
var ErrCalendarMismatch = errors.New("the dataset's frequency differs from the tree's; aggregate the data to the tree's frequency on import")

// ErrBadDataset means a dataset is malformed: no columns, duplicate column
// names, or a column whose length differs from the calendar's periods.
var ErrBadDataset = errors.New("invalid dataset; import the file again")
