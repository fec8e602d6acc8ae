package uikit

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/chart"
	"github.com/kpitree/kpitree/app/dataio"
	"github.com/kpitree/kpitree/app/pack"
	"github.com/kpitree/kpitree/app/platform"
	"github.com/kpitree/kpitree/app/report"
	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/forecast"
	"github.com/kpitree/kpitree/kpitree"
)

// Sentinel errors of the UI. Callers test for them with errors.Is;
// UserMessage turns each into a translated sentence.
var (
	// ErrUnknownLanguage means a language flag or preference is not en, ja or
	// system; the app falls back to the system language.
	ErrUnknownLanguage = errors.New("unknown language")
	// ErrMissingDependency means New was called without a required
	// dependency (app, opener); it is a programming error found at start-up.
	ErrMissingDependency = errors.New("missing dependency")
	// ErrNoWorkspace means a command needs an open workspace and none is open;
	// the user should open or create one first.
	ErrNoWorkspace = errors.New("no workspace is open")
	// ErrNotSupported means the workspace implementation cannot do what was
	// asked (for example the in-memory demo cannot import data).
	ErrNotSupported = errors.New("not supported by this workspace")
	// ErrBadNumber means a typed value is not a number; the user should
	// type digits, optionally with separators or a % sign.
	ErrBadNumber = errors.New("not a number")
	// ErrNotDataFile means a dropped or chosen file is not a CSV, TSV or
	// XLSX file; the user should export the data as CSV or Excel first.
	ErrNotDataFile = errors.New("not a data file")
	// ErrIncomplete means a dialog lacks a choice it needs (a chart type, a
	// folder, a driver); the message names the field to fill in.
	ErrIncomplete = errors.New("a required choice is missing")
	// ErrSameFile means Save As, Export or New from template named the
	// workspace file that is open now; writing there would destroy it, so
	// the user must pick another name.
	ErrSameFile = errors.New("that is the workspace file that is open now")
	// ErrBadFileName means the file name typed in the save form is empty,
	// names a folder, or contains a path separator; the user should type a
	// plain file name.
	ErrBadFileName = errors.New("not a usable file name")
	// ErrFileMissing means a workspace chosen from Open recent no longer
	// exists; it has been removed from the list, and the user should open
	// the file from its new place with File ▸ Open.
	ErrFileMissing = errors.New("the file no longer exists")
	// ErrNoImageClipboard means the system clipboard cannot take an image
	// here (no clipboard service, or a build without cgo); the chart is
	// saved as a file instead.
	ErrNoImageClipboard = platform.ErrNoImageClipboard
)

// errorKey pairs a sentinel with the translation key of its message.
type errorKey struct {
	target error
	key    string
}

// errorKeys is the one table from errors to messages, for every sentinel
// of this package and of the packages below it. The first match wins: an
// error may wrap several (ErrFileMissing wraps fs.ErrNotExist), so the more
// specific ones come first. TestUserMessage_EverySentinel fails when a
// package gains a sentinel this table lacks.
func errorKeys() []errorKey {
	return []errorKey{
		// The UI's own: file actions first, they wrap the OS errors.
		{ErrSameFile, "error.same_file"},
		{ErrBadFileName, "error.bad_file_name"},
		{ErrFileMissing, "error.file_missing"},
		{ErrNoImageClipboard, "error.no_image_clipboard"},
		{ErrNoWorkspace, "error.no_workspace"},
		{ErrNotSupported, "error.not_supported"},
		{ErrBadNumber, "error.bad_number"},
		{ErrNotDataFile, "error.not_data_file"},
		{ErrIncomplete, "error.incomplete"},
		{ErrUnknownLanguage, "error.unknown_language"},
		{ErrMissingDependency, "error.missing_dependency"},
		{context.Canceled, "error.canceled"},

		// Over-long input first: a too-long scenario name is also a bad name.
		{kpitree.ErrTooLong, "error.too_long"},

		// Workspace use cases.
		{workspace.ErrNoData, "error.ws.no_data"},
		{workspace.ErrNoForecast, "error.ws.no_forecast"},
		{workspace.ErrScenarioExists, "error.ws.scenario_exists"},
		{workspace.ErrUnknownScenario, "error.ws.unknown_scenario"},
		{workspace.ErrPlanExists, "error.ws.plan_exists"},
		{workspace.ErrUnknownPlan, "error.ws.unknown_plan"},
		{workspace.ErrBadPlan, "error.ws.bad_plan"},
		{workspace.ErrBadBridge, "error.ws.bad_bridge"},
		{workspace.ErrUnknownNote, "error.ws.unknown_note"},
		{workspace.ErrUnknownInitiative, "error.ws.unknown_initiative"},
		{workspace.ErrInitiativeExists, "error.ws.initiative_exists"},
		{workspace.ErrBadNote, "error.ws.bad_note"},
		{pack.ErrFormat, "error.pack.format"},
		{workspace.ErrBadName, "error.ws.bad_name"},
		{workspace.ErrStalePreview, "error.ws.stale_preview"},
		{workspace.ErrCalendarMismatch, "error.ws.calendar"},
		{workspace.ErrNotInput, "error.ws.not_input"},
		{workspace.ErrBadDataset, "error.ws.bad_dataset"},
		{workspace.ErrUnknownDataset, "error.ws.unknown_dataset"},
		{workspace.ErrUnknownColumn, "error.ws.unknown_column"},
		{workspace.ErrBadSettings, "error.ws.bad_settings"},
		{workspace.ErrBadRecord, "error.ws.bad_record"},
		{workspace.ErrBadInterchange, "error.ws.bad_interchange"},
		{workspace.ErrNewerFormat, "error.ws.newer_format"},
		{workspace.ErrClosed, "error.ws.closed"},
		{workspace.ErrSalvageOntoSource, "error.ws.salvage_onto_source"},

		// The workspace file.
		{store.ErrLocked, "error.ws.locked"},
		{store.ErrReadOnly, "error.ws.read_only"},
		{store.ErrExists, "error.ws.exists"},
		{store.ErrNewerSchema, "error.ws.newer"},
		{store.ErrNotWorkspace, "error.ws.not_workspace"},
		{store.ErrReadOnlyFS, "error.ws.read_only_fs"},
		{store.ErrPermission, "error.ws.permission"},
		{store.ErrDamagedRecords, "error.ws.damaged_records"}, // before ErrCorrupt, which it also wraps
		{store.ErrCorrupt, "error.ws.corrupt"},
		{store.ErrNothingToUndo, "error.ws.nothing_to_undo"},
		{store.ErrNothingToRedo, "error.ws.nothing_to_redo"},
		{store.ErrUnknownBucket, "error.ws.unknown_bucket"},
		{store.ErrClosed, "error.ws.closed"},

		// Import.
		{dataio.ErrEncoding, "error.import.encoding"},
		{dataio.ErrNoTable, "error.import.no_table"},
		{dataio.ErrNoPeriodColumn, "error.import.no_period"},
		{dataio.ErrFormat, "error.import.format"},
		{dataio.ErrNotNumber, "error.import.not_number"},
		{dataio.ErrAmbiguousDate, "error.import.ambiguous_date"},
		{dataio.ErrNotPeriod, "error.import.not_period"},
		{dataio.ErrSheetNotFound, "error.import.no_sheet"},
		{dataio.ErrBadOption, "error.import.bad_option"},

		// Charts and forecasts.
		{chart.ErrNoData, "error.chart.no_data"},
		{chart.ErrBadSize, "error.chart.bad_size"},
		{chart.ErrBadInput, "error.chart.bad_input"},
		{chart.ErrBadTree, "error.chart.bad_tree"},
		{chart.ErrUnknownFormat, "error.chart.unknown_format"},
		{forecast.ErrTooShort, "error.forecast.too_short"},
		{forecast.ErrBadSpec, "error.forecast.bad_spec"},
		{forecast.ErrNoModel, "error.forecast.no_model"},

		// The tree.
		{kpitree.ErrCycle, "error.cycle"},
		{kpitree.ErrUnknownNode, "error.unknown_node"},
		{kpitree.ErrDuplicateID, "error.bad_id"},
		{kpitree.ErrInvalidID, "error.bad_id"},
		{kpitree.ErrBadWindow, "error.window"},
		{kpitree.ErrSyntax, "error.tree.syntax"},
		{kpitree.ErrBadJSON, "error.tree.bad_json"},
		{kpitree.ErrNewerFormat, "error.tree.newer_format"},
		{kpitree.ErrBadOp, "error.tree.bad_op"},
		{kpitree.ErrBadScenario, "error.tree.bad_scenario"},
		{kpitree.ErrMismatch, "error.tree.mismatch"},
		{kpitree.ErrOverflow, "error.tree.overflow"},
		{kpitree.ErrMissingValue, "error.tree.missing_value"},
		{kpitree.ErrNotDriver, "error.tree.not_driver"},
		{kpitree.ErrBadGoal, "error.tree.bad_goal"},
		{kpitree.ErrBadSamples, "error.tree.bad_samples"},
		{kpitree.ErrUnknownTemplate, "error.tree.unknown_template"},
		{kpitree.ErrUnknownLanguage, "error.tree.unknown_language"},
		{kpitree.ErrBadAlertRule, "error.tree.bad_alert_rule"},
	}
}

// messageKey is the translation key of err's message: the first sentinel
// err wraps, else "error.generic".
func messageKey(err error) string {
	for _, k := range errorKeys() {
		if errors.Is(err, k.target) {
			return k.key
		}
	}
	return "error.generic"
}

// UserMessage turns any error the UI can meet (tree edits, workspace,
// store, import, chart, forecast and the UI's own sentinels) into one
// translated sentence saying what to do next, with the technical detail at
// the end. Every dialog, pane and the inspector use it, so the Japanese UI
// never shows a raw English error.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	var oe *OpenError
	if errors.As(err, &oe) {
		if msg, ok := openMessage(oe); ok {
			return msg
		}
	}
	key, detail, translated := messageKey(err), err.Error(), false
	if text, ok := formulaErrorDetail(err); ok {
		detail, translated = text, true // the parser's message in the user's language, with its column
	}
	var le *kpitree.LimitError
	if errors.As(err, &le) {
		detail, translated = Translator().DomainMessage(le.Code, le.Args, le.Error()), true
	}
	if !translated && !rawDetailShown(key) {
		// Go's error text is English: the Japanese sentence stands alone,
		// and the error dialog offers the text under Details (ShowError).
		detail = ""
	}
	return lang.L(key, map[string]any{"Err": detail})
}

// rawDetailShown reports whether a message with key shows an error's
// technical text, which is in English, inline: always in the English UI;
// in the Japanese UI only where the text is the point (the generic
// message asks the user to report it; too-long and incomplete input name
// what is wrong).
func rawDetailShown(key string) bool {
	switch key {
	case "error.generic", "error.incomplete", "error.too_long":
		return true
	}
	return Translator().Lang() == report.English
}
