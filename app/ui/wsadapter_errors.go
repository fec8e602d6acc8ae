package ui

import "errors"

// ErrBadNumber means a typed value is not a number; the user should type
// digits, optionally with separators or a % sign.
var ErrBadNumber = errors.New("not a number")

// ErrNotDataFile means a dropped or chosen file is not a CSV, TSV or XLSX
// file; the user should export the data as CSV or Excel first.
var ErrNotDataFile = errors.New("not a data file")

// ErrIncomplete means a dialog lacks a choice it needs (a chart type, a
// folder, a driver); the message names the field to fill in.
var ErrIncomplete = errors.New("a required choice is missing")
