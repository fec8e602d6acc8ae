package kpitree

import "errors"

// Sentinel errors of impact analysis, goal seek, Monte Carlo and templates.
// They sit beside the package's other sentinels in spirit (errors.go); they
// live here only because the two halves of the package were written in
// parallel.
var (
	// ErrBadWindow means a period or fiscal year lies outside the evaluated
	// periods, or only partly inside them.
	ErrBadWindow = errors.New("period window outside the evaluated periods")
	// ErrMissingValue means a node has no value (NaN) where a result needs
	// one; bind data for it or choose other periods.
	ErrMissingValue = errors.New("missing value")
	// ErrNotDriver means the chosen node cannot be moved by goal seek or
	// sensitivity (it is computed by a formula, or it does not feed the root).
	ErrNotDriver = errors.New("node is not a driver of the target")
	// ErrBadGoal means a goal seek request cannot be run: the target is not a
	// number or the bounds are reversed.
	ErrBadGoal = errors.New("invalid goal seek")
	// ErrBadSamples means Monte Carlo sample paths have the wrong shape or
	// count for the horizon and number of paths.
	ErrBadSamples = errors.New("sample paths do not match")
	// ErrUnknownTemplate means no template has the requested id; Templates
	// lists the valid ones.
	ErrUnknownTemplate = errors.New("unknown template")
	// ErrUnknownLanguage means a language other than "en" or "ja" was asked for.
	ErrUnknownLanguage = errors.New("unsupported language")
)
