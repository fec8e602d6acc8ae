package dataio

import "errors"

// Sentinel errors. Callers test them with errors.Is; the wrapping error says
// which file, sheet or option is affected and what to do next.
var (
	// ErrNotNumber means a cell's text is not a number, a currency amount, a
	// percentage or a recognised missing-value marker.
	ErrNotNumber = errors.New("not a number")

	// ErrNotPeriod means a text is not a date, month, quarter, year or other
	// period format the importer understands.
	ErrNotPeriod = errors.New("not a period")

	// ErrEncoding means the bytes cannot be decoded with the requested or
	// detected text encoding; pass Options.Encoding explicitly.
	ErrEncoding = errors.New("unsupported or invalid text encoding")

	// ErrNoTable means no header row followed by data rows was found; set
	// Options.HeaderRow, or check that the file is the export you expect.
	ErrNoTable = errors.New("no table found")

	// ErrNoPeriodColumn means no column holds dates or periods; the file
	// cannot be bound to a calendar without one.
	ErrNoPeriodColumn = errors.New("no period column found")

	// ErrSheetNotFound means Options.Sheet names a sheet the workbook does
	// not have.
	ErrSheetNotFound = errors.New("sheet not found")

	// ErrBadOption means an Options or export field has a value the package
	// does not support; the message names the field and the allowed values.
	ErrBadOption = errors.New("invalid option")

	// ErrAmbiguousDate means the period column has dates such as 05/01/2024
	// that read as 5 January or 1 May and none that tells which: set
	// Options.DateOrder (DateDMY or DateMDY). It also covers a column that
	// mixes both orders.
	ErrAmbiguousDate = errors.New("ambiguous date order")

	// ErrFormat means the file is neither CSV/TSV nor a readable XLSX workbook.
	ErrFormat = errors.New("unrecognised file format")
)
