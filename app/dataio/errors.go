package dataio

import (
	"errors"
	"fmt"

	"github.com/kpitree/kpitree/kpitree"
)

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

// AmbiguousDateError is ErrAmbiguousDate for a period column whose dates
// could all be read day first or month first. Example is the first such
// date, as written in the file, for a wizard to show how it would read
// either way. (A column that shows both orders is a plain ErrAmbiguousDate:
// choosing an order would not help.)
type AmbiguousDateError struct {
	Example string
}

func (e *AmbiguousDateError) Error() string {
	return fmt.Sprintf("dates such as %s could be day/month/year or month/day/year, and none shows which; choose the date order (day first or month first; --date-order dmy|mdy on the command line): %v", kpitree.Quote(e.Example), ErrAmbiguousDate)
}

// Unwrap makes errors.Is(err, ErrAmbiguousDate) true.
func (e *AmbiguousDateError) Unwrap() error { return ErrAmbiguousDate }
