// Package dataio reads the spreadsheets and BI exports that KPI Tree leaves
// are bound to, and writes series back out for planning decks.
//
// Import is a pure function of a file and Options: Read and ReadFrom return
// a Dataset (named, regular series with NaN for missing values) and a Report
// that lists every defect found, and they write nothing anywhere, so the
// workspace layer can show the report first and make the import atomic.
// The importer never guesses silently and never drops or invents a number:
// whatever it had to interpret (a duplicated period, a footer row, a blank
// cell, full-width digits, an outlier) becomes an Issue with a stable Code,
// a location and the raw text. Resolutions let the user choose what happens
// instead of the default.
//
// Supported inputs: CSV/TSV (delimiter sniffed) and XLSX (streamed with
// excelize); UTF-8 with or without BOM, UTF-16 with BOM and Shift_JIS/CP932,
// detected automatically; wide (one column per metric) and long
// (metric, period, value) layouts. Daily or weekly data can be aggregated to
// months, quarters or years with a per-column rule that respects the fiscal
// year start.
//
// Error contract: functions never panic on user input. Read, ReadFrom,
// WriteCSV, WriteXLSX and Watch return errors wrapping the sentinels in
// errors.go (check them with errors.Is); defects inside a file that can be
// read are not errors but Issues in the Report.
package dataio
