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
)
