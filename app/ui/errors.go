package ui

import "errors"

// Sentinel errors of the UI package. Callers test for them with errors.Is.
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
)
