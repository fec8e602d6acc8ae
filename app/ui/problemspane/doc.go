// Package problemspane is the Problems tab: every finding of the checker
// (Workspace.Check, what `kpitreectl check` prints), errors first, each
// naming its node; choosing one selects the node. The shell runs the
// checker off the UI goroutine and hands the findings to View.Set; the
// boxes' badges come from report.WorstByNode over the same findings.
package problemspane
