// Package uikit is what every part of the KPI Tree UI shares: the one path
// onto the UI goroutine (Post, DoAndWait, WaitUI), the panes' job runner
// (PaneScope, Jobs, RunJob, Coalescer: context, progress, cancel) and
// store-write queue (Writer: no store write on the UI goroutine), the UI
// language (SetupLanguage) and the number and unit wording in it
// (FormatValue, UnitText), the one table from errors to translated
// sentences (UserMessage), the save form every export uses (ShowSaveForm,
// CheckSavePath, WriteFileAtomic), and the small widgets several panes
// use.
//
// The shell (app/ui) and every pane package (app/ui/forecastpane …)
// import it; it imports no other UI package.
package uikit
