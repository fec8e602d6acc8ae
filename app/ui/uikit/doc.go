// Package uikit is what every part of the KPI Tree UI shares: the one path
// onto the UI goroutine (Post, DoAndWait, WaitUI), the panes' job runner
// (PaneScope, Jobs, RunJob, Coalescer: context, progress, cancel), the UI
// language (SetupLanguage) and the number and unit wording in it
// (FormatValue, UnitText), the one table from errors to translated
// sentences (UserMessage), and the small widgets several panes use.
//
// The shell (app/ui) and every pane package (app/ui/forecastpane …)
// import it; it imports no other UI package.
package uikit
