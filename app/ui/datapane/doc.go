// Package datapane is the data tab of KPI Tree and its binding wizard:
// the datasets and bindings of the open workspace, importing a CSV, TSV or
// XLSX file in steps (read it without writing, preview what was detected,
// map columns to leaves, read the quality report, then commit it all as
// one undoable action), refreshing a dataset from its source file, and
// removing one.
//
// The pane declares the Workspace it needs; the shell's adapter satisfies
// it. Files are read on the pane's job runner; every store write (an
// import, a refresh, a removal) runs off the UI goroutine through a
// uikit.Writer, in the order the user confirmed it.
//
// Error contract: a file that cannot be read says why in the user's
// language (empty path, not a data file, missing, ambiguous dates, which
// the wizard asks about); failures are shown through uikit.UserMessage,
// which says what to do next; nothing is written before the user confirms.
package datapane
