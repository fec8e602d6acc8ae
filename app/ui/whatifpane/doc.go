// Package whatifpane is the what-if tab of KPI Tree: a draft of driver
// changes (set, add, scale over a window with a ramp) moved with sliders,
// evaluated live by app/workspace's what-if engine and previewed on the
// tree, saved as scenarios, with the root's fiscal-year value and the
// chance of reaching its target.
//
// The pane declares the Workspace it needs; the shell's adapter satisfies
// it. Evaluations run on a coalescer (the latest slider position wins);
// store writes run off the UI goroutine through a uikit.Writer, in order,
// a slider's fast releases stored once.
//
// Error contract: user input (numbers typed in a driver's field or the
// target, scenario names) never panics; failures are shown in a dialog
// through uikit.UserMessage, which says what to do next.
package whatifpane
