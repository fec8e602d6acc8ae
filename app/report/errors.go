package report

import "errors"

// ErrBadLang means a language other than en or ja was asked for.
var ErrBadLang = errors.New("unknown language")

// ErrUnknownKind means a figure kind that the builder does not know.
var ErrUnknownKind = errors.New("unknown figure kind")

// ErrBadFormat means a file format the export cannot write.
var ErrBadFormat = errors.New("unsupported file format")
